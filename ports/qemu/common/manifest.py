# Frozen into PINT's qemu board firmware.
include("$(MPY_DIR)/extmod/asyncio")
require("requests")
# The pint packages a board uses (not the host's: it needs an OS).
add_library("pint", "../../../python")
require("pint-espat", library="pint")
require("pint-simcom", library="pint")
require("pint-loopback", library="pint")
