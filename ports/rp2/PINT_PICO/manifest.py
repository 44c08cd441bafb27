# Frozen into the PINT Pico firmware: what the standard Pico firmware
# freezes, requests, and the pint package's device drivers (not the host
# driver, which needs an operating system).
include("$(PORT_DIR)/boards/manifest.py")
require("requests")
add_library("pint", "../../../python")
require("pint-espat", library="pint")
require("pint-simcom", library="pint")
require("pint-loopback", library="pint")
