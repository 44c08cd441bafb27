# pint-simcom: drivers for SIMCom's cellular modems: SIM7600 and A7600/A7670 (pint.simcom), SIM7000 (pint.sim7000).
metadata(
    description="PINT: drivers for SIMCom SIM7600/A7670 and SIM7000 cellular modems on a UART",
    version="0.10.0",
)
add_library("pint", "..")
require("pint-at", library="pint")
package("pint", opt=3)
