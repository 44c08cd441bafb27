# pint-at: an AT command engine for drivers of modems on a serial line.
metadata(description="PINT: an AT command engine for modem drivers", version="0.10.0")
add_library("pint", "..")
require("pint", library="pint")
package("pint", opt=3)
