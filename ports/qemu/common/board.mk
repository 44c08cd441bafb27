# What PINT's qemu boards add to MicroPython's (included by each board's
# mpconfigboard.mk).
PINT_QEMU_COMMON := $(abspath $(BOARD_DIR)/../common)
CFLAGS += -DMP_CONFIGFILE='"$(PINT_QEMU_COMMON)/board_config.h"'
SRC_C += $(PINT_QEMU_COMMON)/board.c shared/netutils/netutils.c
FROZEN_MANIFEST = $(PINT_QEMU_COMMON)/manifest.py
# A small board's heap.
MICROPY_HEAP_SIZE = 131072
