# Frozen into the PINT host firmware.
include("$(MPY_DIR)/extmod/asyncio")

# micropython-lib's requests (Debian's tree carries it; an upstream checkout
# has it once its lib/micropython-lib submodule is fetched).
require("requests")
# mip, to install packages (the pint package itself, over PINT: tests/packaging).
require("mip")

# This repo's Python packages, all of them.
include("../../python/manifest.py")

# MicroPython's documented ssl module, over tls (not in Debian's tree).
module("ssl.py", base_path="../../python")
