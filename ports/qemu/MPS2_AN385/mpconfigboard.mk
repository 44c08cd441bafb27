# PINT on qemu's mps2-an385 (Cortex-M3): MicroPython's own MPS2_AN385 board
# of its qemu port, with PINT (USER_C_MODULES) and ports/qemu/common.
include $(TOP)/ports/qemu/boards/MPS2_AN385/mpconfigboard.mk
include $(BOARD_DIR)/../common/board.mk
