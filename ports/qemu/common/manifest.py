# Frozen into PINT's qemu board firmware.
include("$(MPY_DIR)/extmod/asyncio")
require("requests")
# The pint package, but for the host driver (it needs an OS).
package(
    "pint",
    files=("__init__.py", "at.py", "driver.py", "espat.py", "fifo.py", "loopback.py"),
    base_path="../../../python",
)
