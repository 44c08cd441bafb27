/*
 * PINT on the Raspberry Pi Pico (see mpconfigboard.cmake).
 *
 * SPDX-License-Identifier: MIT
 */
#define MICROPY_HW_BOARD_NAME                   "Raspberry Pi Pico with PINT"
#define MICROPY_HW_FLASH_STORAGE_BYTES          (1408 * 1024)

// The network module with NICs (no lwIP): MicroPython's NIC-based socket
// module, select, asyncio and ssl come with it on this port. The port lists
// a board's NICs from MICROPY_BOARD_NETWORK_INTERFACES (it defines
// MICROPY_PORT_NETWORK_INTERFACES itself). A socket's driver handle lives in
// the socket's extended state.
#define MICROPY_PY_NETWORK                      (1)
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT     "pint-pico"
#define MICROPY_PY_SOCKET_EXTENDED_STATE        (1)
#if !PINT_RP2_NO_PINT
extern const struct _mp_obj_type_t mod_network_nic_type_pint;
#define MICROPY_BOARD_NETWORK_INTERFACES \
    { MP_ROM_QSTR(MP_QSTR_PINT), MP_ROM_PTR(&mod_network_nic_type_pint) },
#endif

// The REPL on UART0 (GP0/GP1) as well as on USB.
#define MICROPY_HW_ENABLE_UART_REPL             (1)
