# pint: what every PINT driver shares (constants, the driver base class, the
# byte FIFO). The drivers are packages of their own beside this one, each
# requiring what it uses. In a board's manifest:
#     add_library("pint", "/path/to/pint-repo/python")
#     require("pint-espat", library="pint")
# Each package freezes with opt=3, as micropython-lib's do: no line numbers
# in tracebacks, a twelfth less flash.
metadata(
    description="PINT: network drivers written in Python for MicroPython's socket module",
    version="0.10.0",
)
package("pint", opt=3)
