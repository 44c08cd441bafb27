# pint-loopback: a driver without a device (sockets that talk to each
# other), for trying PINT out and for tests.
metadata(description="PINT: a loopback driver", version="0.10.0")
add_library("pint", "..")
require("pint", library="pint")
package("pint", opt=3)
