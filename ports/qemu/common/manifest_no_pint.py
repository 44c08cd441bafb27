# The board firmware without PINT (bench/boards.py compares the two).
include("$(MPY_DIR)/extmod/asyncio")
require("requests")
