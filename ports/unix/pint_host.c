/*
 * Glue of the PINT host firmware: MicroPython's NIC-based socket module,
 * which the unix port does not build itself, and the start-up hook.
 *
 * SPDX-License-Identifier: MIT
 */

// extmod/modsocket.c only compiles with MICROPY_PY_SOCKET, which this
// variant turns off to drop the unix port's POSIX socket module.
// The unix port's listen backlog default uses SOMAXCONN, and modsocket.c
// compares unsigned counts with -1, which the unix port's -Werror rejects.
#define MICROPY_PY_SOCKET (1)
#include <sys/socket.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#include "extmod/modsocket.c"
#pragma GCC diagnostic pop

void pint_host_init(void) {
    mod_network_init();
}
