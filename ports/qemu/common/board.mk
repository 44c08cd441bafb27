# What PINT's qemu boards add to MicroPython's (included by each board's
# mpconfigboard.mk).
PINT_QEMU_COMMON := $(abspath $(BOARD_DIR)/../common)
CFLAGS += -DMP_CONFIGFILE='"$(PINT_QEMU_COMMON)/board_config.h"'
SRC_C += $(PINT_QEMU_COMMON)/board.c shared/netutils/netutils.c
FROZEN_MANIFEST = $(PINT_QEMU_COMMON)/manifest.py
# PINT_QEMU_NO_PINT=1 (and no USER_C_MODULES): the same firmware without
# PINT, its C or its package, for measuring what PINT costs (bench/boards.py).
ifeq ($(PINT_QEMU_NO_PINT),1)
CFLAGS += -DPINT_QEMU_NO_PINT=1
FROZEN_MANIFEST = $(PINT_QEMU_COMMON)/manifest_no_pint.py
endif
# A small board's heap.
MICROPY_HEAP_SIZE = 131072
