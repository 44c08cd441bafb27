# The pint package, for MicroPython's manifests (freezing into firmware):
#     include("/path/to/pint-repo/python/manifest.py")
# A board that needs only some drivers freezes those files instead (see
# docs/boards.md).
metadata(
    description="PINT: network drivers written in Python for MicroPython's socket module",
    version="0.9.0",
)
package("pint")
