# pint-espat: the driver for Espressif's ESP-AT Wi-Fi modems.
metadata(description="PINT: a driver for ESP-AT Wi-Fi modems on a UART", version="0.10.0")
add_library("pint", "..")
require("pint-at", library="pint")
package("pint", opt=3)
