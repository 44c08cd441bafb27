/*
 * Waiting on a host file descriptor, shared by _pinthost (hostsocket.c) and
 * _pintserial (hostserial.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PINT_UNIX_HOSTPOLL_H
#define PINT_UNIX_HOSTPOLL_H

#include "py/obj.h"

// poll(2) on fd until events, or until timeout ms (-1: no limit) have passed
// since start (mp_hal_ticks_ms), the GIL released; a signal runs pending
// callbacks (a KeyboardInterrupt is raised there), any other error raises.
// The revents, 0 when the time ran out.
mp_uint_t pinthost_poll(int fd, short events, mp_int_t timeout, mp_uint_t start);

#endif // PINT_UNIX_HOSTPOLL_H
