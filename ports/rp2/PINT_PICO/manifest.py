# Frozen into the PINT Pico firmware: what the standard Pico firmware
# freezes, requests, and the pint package's device drivers (not the host
# driver, which needs an operating system).
include("$(PORT_DIR)/boards/manifest.py")
require("requests")
package(
    "pint",
    files=("__init__.py", "at.py", "driver.py", "espat.py", "fifo.py", "loopback.py"),
    base_path="../../../python",
)
