# pint-host: what only the host firmware (MicroPython's unix port) runs: the
# driver over the operating system's sockets, and the start-up that
# registers a driver named by PINT_NIC (any of this package's drivers, on a
# serial line for the modems).
metadata(description="PINT: the host firmware's driver and start-up", version="0.10.0")
add_library("pint", "..")
require("pint-espat", library="pint")
require("pint-simcom", library="pint")
require("pint-loopback", library="pint")
package("pint", opt=3)
