# PINT on qemu's RISC-V virt machine (rv32imac): MicroPython's own VIRT_RV32
# board of its qemu port, with PINT (USER_C_MODULES) and ports/qemu/common.
include $(TOP)/ports/qemu/boards/VIRT_RV32/mpconfigboard.mk
# Debian's gcc 12 picks the rv64 multilib for rv32imac_zicsr.
RV32_ARCH = rv32imac
AFLAGS += -misa-spec=2.2
include $(BOARD_DIR)/../common/board.mk
