/*
 * PINT on MicroPython's bare-metal qemu port: the port's own configuration
 * (mpconfigport.h, which includes no board header) with what PINT and the
 * programs it serves need turned on. The board's mpconfigboard.mk passes
 * this file as MP_CONFIGFILE, which py/mpconfig.h includes instead.
 *
 * SPDX-License-Identifier: MIT
 */
#include "mpconfigport.h"

// select, time and asyncio, which the port leaves out.
#undef MICROPY_PY_SELECT
#define MICROPY_PY_SELECT (1)
#undef MICROPY_PY_TIME
#define MICROPY_PY_TIME (1)
#define MICROPY_PY_TIME_GMTIME_LOCALTIME_MKTIME (0)
#define MICROPY_PY_TIME_TIME_TIME_NS (0)
#undef MICROPY_PY_ASYNCIO
#define MICROPY_PY_ASYNCIO (1)

// The network module with NICs (no lwIP) and MicroPython's NIC-based
// socket module; network.PINT is the NIC.
#define MICROPY_PY_NETWORK (1)
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT "pint-qemu"
#define MICROPY_PY_SOCKET (1)
#define MICROPY_PY_SOCKET_EXTENDED_STATE (1)
#if PINT_QEMU_NO_PINT
#define MICROPY_PORT_NETWORK_INTERFACES
#else
extern const struct _mp_obj_type_t mod_network_nic_type_pint;
#define MICROPY_PORT_NETWORK_INTERFACES \
    { MP_ROM_QSTR(MP_QSTR_PINT), MP_ROM_PTR(&mod_network_nic_type_pint) },
#endif

// The board's start-up (board.c): the network module's NIC list.
void pint_board_init(void);
#define MICROPY_PORT_INIT_FUNC pint_board_init()

// MicroPython 1.29's native emitter uses RISC-V's Zcmp instructions, which
// Debian 12's qemu (7.2) cannot run: the board's native code does without.
#undef MICROPY_EMIT_RV32_ZCMP
#define MICROPY_EMIT_RV32_ZCMP (0)

// Waiting: on the Cortex-M3 the SysTick interrupt (1 kHz) wakes the core;
// the RISC-V board has no timer interrupt set up, so it polls.
#if defined(__ARM_ARCH)
#define MICROPY_INTERNAL_WFE(TIMEOUT_MS) __asm volatile ("wfi")
#endif
