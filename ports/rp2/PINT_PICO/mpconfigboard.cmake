# PINT on the Raspberry Pi Pico (RP2040, no radio): MicroPython's rp2 port
# with the network module's NIC-based socket module, network.PINT its NIC
# (pint/micropython.cmake, given as USER_C_MODULES), and the pint package's
# device drivers frozen: a Pico networked through a modem on a UART.
set(PICO_BOARD "pico")
set(PICO_PLATFORM "rp2040")

# Sockets are MicroPython's NIC-based socket module (extmod/modsocket.c), not
# lwIP's.
set(MICROPY_PY_LWIP OFF)

set(MICROPY_FROZEN_MANIFEST ${MICROPY_BOARD_DIR}/manifest.py)

# -DPINT_RP2_NO_PINT=1 (and no USER_C_MODULES): the same board without
# network.PINT, for bench/pico.py's comparison of flash.
if(PINT_RP2_NO_PINT)
    list(APPEND MICROPY_DEF_BOARD PINT_RP2_NO_PINT=1)
endif()
