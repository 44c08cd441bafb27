# pint-simcom: a driver for SIMCom's SIM7600 and A7600/A7670 cellular modems.
metadata(
    description="PINT: a driver for SIMCom SIM7600/A7670 cellular modems on a UART",
    version="0.10.0",
)
add_library("pint", "..")
require("pint-at", library="pint")
package("pint", opt=3)
