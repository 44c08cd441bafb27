# The PINT host firmware (see mpconfigvariant.h).

# The unix port's POSIX socket module is replaced by extmod/modsocket.c,
# compiled from pint_host.c in this directory.
MICROPY_PY_SOCKET = 0

# Not in Debian's source tree (a git submodule upstream).
MICROPY_PY_BTREE = 0

SHARED_SRC_C_EXTRA += netutils/netutils.c

FROZEN_MANIFEST ?= $(VARIANT_DIR)/manifest.py

