# Every package of this directory (the host firmware freezes them all). A
# board takes only what it uses (docs/boards.md):
#     add_library("pint", "/path/to/pint-repo/python")
#     require("pint-espat", library="pint")
add_library("pint", ".")
require("pint-host", library="pint")
