/*
 * The PINT host firmware: MicroPython's unix port whose socket module is the
 * NIC-based extmod/modsocket.c that boards use, with network.PINT as its NIC.
 *
 * SPDX-License-Identifier: MIT
 */

// Start from the unix port's standard feature set.
#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)
#include "ports/unix/variants/mpconfigvariant_common.h"

// build/micropython-terse: another error-reporting level than the unix
// port's (PINT_ERROR_REPORTING in mpconfigvariant.mk).
#ifdef PINT_ERROR_REPORTING
#undef MICROPY_ERROR_REPORTING
#define MICROPY_ERROR_REPORTING (PINT_ERROR_REPORTING)
#endif

// Threads with MicroPython's GIL (mpconfigvariant.mk), which needs Ctrl-C
// raised through the scheduler, and the recursive mutex the unix port's
// atomic sections use (which the port asks for itself since 1.26).
#if MICROPY_PY_THREAD_GIL
#undef MICROPY_ASYNC_KBD_INTR
#define MICROPY_ASYNC_KBD_INTR (0)
#if MICROPY_VERSION < MICROPY_MAKE_VERSION(1, 26, 0)
#define MICROPY_PY_THREAD_RECURSIVE_MUTEX (1)
#endif
#endif

// select.select() as well as select.poll(); the POSIX shortcut for file
// descriptors excludes select.select(), and PINT sockets have none anyway.
#undef MICROPY_PY_SELECT_POSIX_OPTIMISATIONS
#define MICROPY_PY_SELECT_POSIX_OPTIMISATIONS (0)
#undef MICROPY_PY_SELECT_SELECT
#define MICROPY_PY_SELECT_SELECT (1)

// The network module with NICs (no lwIP), and modsocket's extended state,
// which holds each socket's driver handle.
#define MICROPY_PY_NETWORK (1)
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT "pint-host"
#define MICROPY_PY_SOCKET_EXTENDED_STATE (1)
extern const struct _mp_obj_type_t mod_network_nic_type_pint;
#define MICROPY_PORT_NETWORK_INTERFACES \
    { MP_ROM_QSTR(MP_QSTR_PINT), MP_ROM_PTR(&mod_network_nic_type_pint) },

// The unix port does not call mod_network_init() itself.
void pint_host_init(void);
#define MICROPY_PORT_INIT_FUNC pint_host_init()

// PINT_NIC=name in the environment registers pint.<name>'s driver at start-up
// (pint_host.c), so unmodified programs and test suites run over PINT.
