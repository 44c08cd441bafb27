/*
 * PINT: the NIC protocol of MicroPython's socket module (extmod/modsocket.c),
 * each operation carried out by a method of the driver.
 *
 * What each driver return value means, and the errno for a failed status, is
 * the table in docs/driver-guide.md; keep the two in step.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/stream.h"

#include "pint.h"

#if PINT_ENABLED

static const mp_rom_obj_tuple_t pint_zero_ip = {
    {&mp_type_tuple}, 4, {MP_ROM_INT(0), MP_ROM_INT(0), MP_ROM_INT(0), MP_ROM_INT(0)}
};

// The NIC of socket s. Only valid while s has a handle: a driver method may
// re-enter the socket layer and close s (which clears its handle, then its
// NIC), so every entry point goes through pint_enter, and checks the handle
// again after each driver call before it uses s.
static inline pint_obj_t *pint_of(mod_network_socket_obj_t *s) {
    return MP_OBJ_TO_PTR(s->nic);
}

// Enter the NIC protocol for socket s: its NIC, with its driver handle in
// *h; or NULL with *_errno EBADF when s has no handle. Closes deferred
// until now run first (they may close s itself). Inlined where each call
// counts: send, recv, connect and poll.
static inline MP_ALWAYSINLINE pint_obj_t *pint_enter_inline(mod_network_socket_obj_t *s, mp_obj_t *h, int *_errno) {
    if (PINT_HANDLE(s) != MP_OBJ_NULL && pint_of(s)->n_graves > 0) {
        pint_handles_drain(pint_of(s));
    }
    *h = PINT_HANDLE(s);
    if (*h == MP_OBJ_NULL) {
        *_errno = MP_EBADF;
        return NULL;
    }
    return pint_of(s);
}

// The same, not inlined: for the operations a program does once per socket.
static pint_obj_t *pint_enter(mod_network_socket_obj_t *s, mp_obj_t *h, int *_errno) {
    return pint_enter_inline(s, h, _errno);
}

// A new driver handle, from socket_socket(), or socket_socket(domain, type,
// proto) when the driver's method takes them; held by PINT from now on, in
// room set aside before the call.
static mp_obj_t pint_new_handle(pint_obj_t *self, mod_network_socket_obj_t *s, int *_errno) {
    mp_obj_t args[4] = {
        MP_OBJ_NULL, MP_OBJ_NEW_SMALL_INT(s->domain), MP_OBJ_NEW_SMALL_INT(s->type), MP_OBJ_NEW_SMALL_INT(s->proto)
    };
    size_t n = (self->flags & PINT_FLAG_SOCKET_THREE_PARAMS) ? 3 : 0;
    pint_handles_reserve(self, 1);
    mp_obj_t h;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        h = pint_call(self, PINT_M_SOCKET, n, args, MP_OBJ_NULL, _errno);
        nlr_pop();
    } else {
        pint_handles_unreserve(self, 1);
        nlr_jump(nlr.ret_val);
    }
    if (h == MP_OBJ_NULL || h == mp_const_none || h == mp_const_false) {
        pint_handles_unreserve(self, 1);
        if (h != MP_OBJ_NULL) {
            *_errno = MP_EMFILE;
        }
        return MP_OBJ_NULL;
    }
    pint_handles_adopt(self, h);
    return h;
}

static int pint_socket_socket(mod_network_socket_obj_t *s, int *_errno) {
    pint_obj_t *self = pint_of(s);
    PINT_HANDLE(s) = MP_OBJ_NULL;
    if (s->state == MOD_NETWORK_SS_CLOSED) {
        // MicroPython's socket layer would open a closed socket again on
        // bind/connect/sendto; a closed socket stays closed, as in CPython.
        *_errno = MP_EBADF;
        return -1;
    }
    if (self->n_graves > 0) {
        pint_handles_drain(self);
    }
    mp_obj_t h = pint_new_handle(self, s, _errno);
    if (h == MP_OBJ_NULL) {
        return -1;
    }
    if (s->nic != MP_OBJ_FROM_PTR(self) || s->state == MOD_NETWORK_SS_CLOSED) {
        // Driver code run above (a deferred close, or socket_socket itself)
        // closed this socket again: give the new handle back.
        pint_handles_discard(self, h, MP_OBJ_NULL);
        *_errno = MP_EBADF;
        return -1;
    }
    PINT_HANDLE(s) = h;
    return 0;
}

// Called once per socket that has a NIC: by close(), or by the GC's
// finaliser, where the driver's close is deferred (pint_handle.c).
static void pint_socket_close(mod_network_socket_obj_t *s) {
    mp_obj_t h = PINT_HANDLE(s);
    if (h != MP_OBJ_NULL) {
        // Forget the handle first, so that a close that raises is not
        // repeated.
        PINT_HANDLE(s) = MP_OBJ_NULL;
        pint_handles_close(pint_of(s), h);
    }
}

// Call a method of s that answers with a status (True, False/None); a
// False/None status fails with fail_errno, and so does a socket closed
// during the call (EBADF: MicroPython's socket layer would otherwise mark a
// closed socket connected or listening). args[1] is the handle,
// args[2 .. n_args] the method's other arguments; lent a view lent for the
// call, or MP_OBJ_NULL.
static int pint_status_call(pint_obj_t *self, mod_network_socket_obj_t *s, pint_method_t m, size_t n_args,
    mp_obj_t *args, mp_obj_t lent, int fail_errno, int *_errno) {
    mp_obj_t h = args[1];
    if (PINT_HANDLE(s) != h) {
        // Closed while the arguments were made (a finaliser run by the GC).
        if (lent != MP_OBJ_NULL) {
            pint_view_revoke(self, lent);
        }
        *_errno = MP_EBADF;
        return -1;
    }
    mp_obj_t ret = pint_call(self, m, n_args, args, lent, _errno);
    if (ret == MP_OBJ_NULL) {
        return -1;
    }
    if (PINT_HANDLE(s) != h) {
        *_errno = MP_EBADF;
        return -1;
    }
    if (ret != mp_const_true && !pint_value_status(pint_method_name(m), ret)) {
        *_errno = fail_errno;
        return -1;
    }
    return 0;
}

// MicroPython's socket layer passes the port of an address unchecked.
static void pint_check_port(mp_uint_t port) {
    if (port > 0xffff) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("port must be 0-65535"));
    }
}

// bind and connect: socket_bind/socket_connect(h, ip, port).
static int pint_address_call(mod_network_socket_obj_t *s, pint_method_t m, const byte *ip, mp_uint_t port,
    int fail_errno, int *_errno) {
    pint_check_port(port);
    mp_obj_t args[4];
    pint_obj_t *self = pint_enter_inline(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    args[2] = pint_value_ip_tuple(self, ip);
    args[3] = MP_OBJ_NEW_SMALL_INT(port); // 0..65535 (pint_check_port)
    return pint_status_call(self, s, m, 3, args, MP_OBJ_NULL, fail_errno, _errno);
}

static int pint_socket_bind(mod_network_socket_obj_t *s, byte *ip, mp_uint_t port, int *_errno) {
    return pint_address_call(s, PINT_M_BIND, ip, port, MP_EADDRINUSE, _errno);
}

static int pint_socket_listen(mod_network_socket_obj_t *s, mp_int_t backlog, int *_errno) {
    mp_obj_t args[3];
    pint_obj_t *self = pint_enter(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    args[2] = mp_obj_new_int(backlog);
    return pint_status_call(self, s, PINT_M_LISTEN, 2, args, MP_OBJ_NULL, MP_EADDRINUSE, _errno);
}

static int pint_socket_connect(mod_network_socket_obj_t *s, byte *ip, mp_uint_t port, int *_errno) {
    return pint_address_call(s, PINT_M_CONNECT, ip, port, MP_ECONNREFUSED, _errno);
}

static MP_NORETURN void pint_raise_accept_form(void) {
    PINT_RAISE(&mp_type_TypeError, MP_QSTR_socket_accept,
        MP_ERROR_TEXT("socket_accept must return (handle, address), an address, True or None"));
}

// What socket_accept answered: the connection's handle, with the peer's
// address in ip/port. made is the handle made for the connection (skeleton
// form), or MP_OBJ_NULL. A handle of the driver's own is held by PINT, and
// stored in *got, before anything else of the answer is checked.
static mp_obj_t pint_accepted(pint_obj_t *self, mp_obj_t ret, mp_obj_t made, byte *ip, mp_uint_t *port,
    mp_obj_t *got) {
    if (ret == mp_const_true && made != MP_OBJ_NULL) {
        return made; // accepted into sock2, peer unknown
    }
    mp_obj_t *items = pint_value_pair(ret);
    if (items == NULL) {
        pint_raise_accept_form();
    }
    if (mp_obj_is_int(items[1])) {
        // (ip, port): accepted into sock2
        if (made == MP_OBJ_NULL) {
            pint_raise_accept_form();
        }
        pint_value_address(MP_QSTR_socket_accept, ret, ip, port);
        return made;
    }
    // (handle, address)
    mp_obj_t handle = items[0];
    if (handle == mp_const_none || handle == mp_const_false) {
        PINT_RAISE(&mp_type_TypeError, MP_QSTR_socket_accept,
            MP_ERROR_TEXT("socket_accept returned None or False as a handle"));
    }
    if (handle != made) {
        pint_handles_adopt(self, handle);
        *got = handle;
    }
    pint_value_address(MP_QSTR_socket_accept, items[1], ip, port);
    return handle;
}

// accept has two forms. The skeleton form: socket_accept(sock, sock2, ip,
// port), where sock2 is a new handle made with socket_socket for the
// connection; it returns True or the peer address (ip, port), or (handle,
// address) to use its own handle instead of sock2. The one-parameter form:
// socket_accept(sock) -> (handle, address). None or False: nothing to
// accept yet. Every handle made or returned here and not given to s2 goes back to
// the driver, whatever ends the accept (an error, an exception, Ctrl-C while
// waiting).
static int pint_socket_accept(mod_network_socket_obj_t *s, mod_network_socket_obj_t *s2, byte *ip,
    mp_uint_t *port, int *_errno) {
    PINT_HANDLE(s2) = MP_OBJ_NULL;
    memset(ip, 0, MOD_NETWORK_IPADDR_BUF_SIZE);
    *port = 0;
    mp_obj_t args[5];
    pint_obj_t *self = pint_enter(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    if (self->fun[PINT_M_ACCEPT] == MP_OBJ_NULL) {
        *_errno = MP_EOPNOTSUPP;
        return -1;
    }
    mp_obj_t listener = args[1];
    bool one_param = self->flags & PINT_FLAG_ACCEPT_ONE_PARAM;
    mp_obj_t made = MP_OBJ_NULL; // the handle made for sock2 (skeleton form)
    if (!one_param) {
        made = pint_new_handle(self, s2, _errno);
        if (made == MP_OBJ_NULL) {
            return -1;
        }
        args[2] = made;
        args[3] = MP_OBJ_FROM_PTR(&pint_zero_ip);
        args[4] = MP_OBJ_NEW_SMALL_INT(0);
    }
    mp_obj_t handle = MP_OBJ_NULL;
    volatile mp_obj_t got = MP_OBJ_NULL; // a handle of the driver's own
    // Room for a handle of the driver's own: taken when it gives one, given
    // back otherwise.
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        pint_handles_reserve(self, 1);
        nlr_pop();
    } else {
        pint_handles_discard(self, made, MP_OBJ_NULL);
        nlr_jump(nlr.ret_val);
    }
    if (nlr_push(&nlr) == 0) {
        pint_wait_t wait = { 0, false };
        for (;;) {
            mp_obj_t ret = pint_call(self, PINT_M_ACCEPT, one_param ? 1 : 4, args, MP_OBJ_NULL, _errno);
            if (ret == MP_OBJ_NULL) {
                break;
            }
            if (ret != mp_const_none && ret != mp_const_false) {
                handle = pint_accepted(self, ret, made, ip, port, (mp_obj_t *)&got);
                break;
            }
            *_errno = pint_would_block(self, s, listener, &wait);
            if (*_errno != 0) {
                break;
            }
        }
        nlr_pop();
    } else {
        if (got == MP_OBJ_NULL) {
            pint_handles_unreserve(self, 1);
        }
        pint_handles_discard(self, got, made);
        nlr_jump(nlr.ret_val);
    }
    if (got == MP_OBJ_NULL) {
        pint_handles_unreserve(self, 1);
    }
    if (handle != MP_OBJ_NULL && PINT_HANDLE(s) != listener) {
        // The driver closed the listening socket meanwhile.
        handle = MP_OBJ_NULL;
        *_errno = MP_EBADF;
    }
    if (handle == MP_OBJ_NULL) {
        pint_handles_discard(self, got, made);
        return -1;
    }
    if (made != handle && made != MP_OBJ_NULL) {
        pint_handles_discard(self, made, MP_OBJ_NULL);
    }
    PINT_HANDLE(s2) = handle;
    return 0;
}

// send, recv, sendto and recvfrom: lend the driver a view of buf, check the
// count it returns, wait while it would block. For sendto, ip/port is the
// destination; for recvfrom they receive the source (0.0.0.0:0 if the driver
// does not say).
static mp_uint_t pint_transfer(mod_network_socket_obj_t *s, pint_method_t m, byte *buf, mp_uint_t len,
    byte *ip, mp_uint_t *port, int *_errno) {
    bool writable = m == PINT_M_RECV || m == PINT_M_RECVFROM;
    if ((mp_int_t)len < 0) {
        // recv(-1): MicroPython's socket layer allocates a 1-byte buffer and
        // passes the size unchecked; a driver must never see such a view.
        mp_raise_ValueError(MP_ERROR_TEXT("negative buffer size"));
    }
    if (m == PINT_M_SENDTO) {
        pint_check_port(*port);
    }
    size_t n_args = 2;
    mp_obj_t args[5];
    pint_obj_t *self = pint_enter_inline(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    if (m == PINT_M_SENDTO) {
        args[3] = pint_value_ip_tuple(self, ip);
        args[4] = MP_OBJ_NEW_SMALL_INT(*port); // 0..65535 (pint_check_port)
        n_args = 4;
    } else if (m == PINT_M_RECVFROM) {
        args[3] = MP_OBJ_FROM_PTR(&pint_zero_ip);
        args[4] = MP_OBJ_NEW_SMALL_INT(0);
        n_args = 4;
        memset(ip, 0, MOD_NETWORK_IPADDR_BUF_SIZE);
        *port = 0;
    }
    qstr name = pint_method_name(m);
    pint_wait_t wait = { 0, false };
    for (;;) {
        args[2] = pint_view_lend(self, buf, len, writable);
        if (PINT_HANDLE(s) != args[1]) {
            // Closed while the view was made (a finaliser run by the GC).
            pint_view_revoke(self, args[2]);
            *_errno = MP_EBADF;
            return -1;
        }
        mp_obj_t ret = pint_call(self, m, n_args, args, args[2], _errno);
        if (ret == MP_OBJ_NULL) {
            return -1;
        }
        mp_obj_t count = ret;
        if (m == PINT_M_RECVFROM && (mp_obj_is_type(ret, &mp_type_tuple) || mp_obj_is_type(ret, &mp_type_list))) {
            // (count, address)
            mp_obj_t *items = pint_value_pair(ret);
            if (items == NULL) {
                PINT_RAISE(&mp_type_TypeError, name,
                    MP_ERROR_TEXT("socket_recvfrom must return a count, (count, address) or None"));
            }
            count = items[0];
            pint_value_address(name, items[1], ip, port);
        }
        mp_int_t got = pint_value_count(name, count, len);
        if (got == 0 && len > 0 && !writable) {
            PINT_RAISE(&mp_type_ValueError, name,
                MP_ERROR_TEXT("%q returned 0 for a " UINT_FMT "-byte buffer; return None when it would block"),
                name, len);
        }
        if (got != PINT_WOULD_BLOCK) {
            return (mp_uint_t)got;
        }
        *_errno = pint_would_block(self, s, args[1], &wait);
        if (*_errno != 0) {
            return -1;
        }
    }
}

static mp_uint_t pint_socket_send(mod_network_socket_obj_t *s, const byte *buf, mp_uint_t len, int *_errno) {
    return pint_transfer(s, PINT_M_SEND, (byte *)buf, len, NULL, NULL, _errno);
}

static mp_uint_t pint_socket_recv(mod_network_socket_obj_t *s, byte *buf, mp_uint_t len, int *_errno) {
    return pint_transfer(s, PINT_M_RECV, buf, len, NULL, NULL, _errno);
}

static mp_uint_t pint_socket_sendto(mod_network_socket_obj_t *s, const byte *buf, mp_uint_t len, byte *ip,
    mp_uint_t port, int *_errno) {
    return pint_transfer(s, PINT_M_SENDTO, (byte *)buf, len, ip, &port, _errno);
}

static mp_uint_t pint_socket_recvfrom(mod_network_socket_obj_t *s, byte *buf, mp_uint_t len, byte *ip,
    mp_uint_t *port, int *_errno) {
    return pint_transfer(s, PINT_M_RECVFROM, buf, len, ip, port, _errno);
}

// Whether p points into this thread's C stack (it grows down from
// stack_top): MicroPython's socket layer passes an int option as a pointer
// to a local variable, and a buffer's data never lives there.
static bool pint_on_c_stack(const void *p) {
    volatile char here = 0;
    const char *top = MP_STATE_THREAD(stack_top);
    return top != NULL && (const char *)p > (const char *)&here && (const char *)p < top;
}

// The value of a setsockopt as MicroPython's socket layer passes it: an int
// (a pointer to it), a buffer (its data), or for PINT_SO_CALLBACK a callable
// (the object itself, the length of a pointer) or None (NULL); MP_OBJ_NULL
// with *_errno set when it cannot be passed. A buffer of a pointer's length
// and a callable look alike: what looks like a callable (its first word the
// address of a callable type) is passed as one only to a driver that takes
// callables (driver.pint_callbacks), which docs/driver-guide.md warns of;
// other drivers get EOPNOTSUPP for it. Anything else is a buffer.
static mp_obj_t pint_option_value(pint_obj_t *self, mp_uint_t opt, const void *optval, mp_uint_t optlen,
    mp_obj_t *lent, int *_errno) {
    *lent = MP_OBJ_NULL;
    if (opt == PINT_SO_CALLBACK && optval == NULL) {
        return mp_const_none;
    }
    if (optlen == sizeof(mp_int_t) && pint_on_c_stack(optval)) {
        return mp_obj_new_int(*(const mp_int_t *)optval);
    }
    if (opt == PINT_SO_CALLBACK && optlen == sizeof(mp_obj_t) && pint_value_is_callable_object(optval)) {
        if (!(self->flags & PINT_FLAG_CALLBACKS)) {
            *_errno = MP_EOPNOTSUPP;
            return MP_OBJ_NULL;
        }
        return (mp_obj_t)optval;
    }
    return *lent = pint_view_lend(self, optval, optlen, false);
}

static int pint_socket_setsockopt(mod_network_socket_obj_t *s, mp_uint_t level, mp_uint_t opt, const void *optval,
    mp_uint_t optlen, int *_errno) {
    mp_obj_t args[5];
    pint_obj_t *self = pint_enter(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    if (self->fun[PINT_M_SETSOCKOPT] == MP_OBJ_NULL && level == MOD_NETWORK_SOL_SOCKET
        && opt == MOD_NETWORK_SO_REUSEADDR) {
        // Only tunes a host's own TCP/IP stack: accepted for drivers that
        // take no options, so that ordinary server code runs.
        return 0;
    }
    // Signed, as the program gave them (MicroPython's socket layer passes
    // them as unsigned words).
    args[2] = mp_obj_new_int((mp_int_t)level);
    args[3] = mp_obj_new_int((mp_int_t)opt);
    mp_obj_t lent;
    args[4] = pint_option_value(self, opt, optval, optlen, &lent, _errno);
    if (args[4] == MP_OBJ_NULL) {
        return -1;
    }
    return pint_status_call(self, s, PINT_M_SETSOCKOPT, 4, args, lent, MP_EINVAL, _errno);
}

// timeout_ms: -1 (as unsigned) blocking, 0 non-blocking. PINT keeps the
// timeout itself and waits for drivers without socket_settimeout; such a
// driver is told the timeout by its socket_timeout, if it has one.
static int pint_socket_settimeout(mod_network_socket_obj_t *s, mp_uint_t timeout_ms, int *_errno) {
    mp_int_t t = -1;
    if (timeout_ms != (mp_uint_t)-1) {
        if (timeout_ms <= INT32_MAX) {
            t = (mp_int_t)timeout_ms;
        } else if (sizeof(mp_uint_t) > 4 && (mp_int_t)timeout_ms < 0) {
            // A negative timeout, as MicroPython's socket layer converts it
            // on a 64-bit port (on a 32-bit one it arrives as 0).
            *_errno = MP_EINVAL;
            return -1;
        } else {
            t = INT32_MAX; // more than 24 days: as good as blocking
        }
    }
    mp_obj_t args[3];
    pint_obj_t *self = pint_enter(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    s->timeout = (int32_t)t;
    args[2] = mp_obj_new_int(t);
    if (self->fun[PINT_M_SETTIMEOUT] == MP_OBJ_NULL) {
        if (self->fun[PINT_M_TIMEOUT] != MP_OBJ_NULL
            && pint_call(self, PINT_M_TIMEOUT, 2, args, MP_OBJ_NULL, _errno) == MP_OBJ_NULL) {
            return -1;
        }
        return 0;
    }
    return pint_status_call(self, s, PINT_M_SETTIMEOUT, 2, args, MP_OBJ_NULL, MP_EINVAL, _errno);
}

static int pint_socket_ioctl(mod_network_socket_obj_t *s, mp_uint_t request, mp_uint_t arg, int *_errno) {
    mp_obj_t args[4];
    pint_obj_t *self = pint_enter_inline(s, &args[1], _errno);
    if (self == NULL) {
        return -1;
    }
    bool poll = request == MP_STREAM_POLL;
    bool news = !poll || self->wake == MP_OBJ_NULL;
    if (!news) {
        news = pint_wake_input(self);
        if (PINT_HANDLE(s) != args[1]) {
            // The wake object's poll closed s.
            *_errno = MP_EBADF;
            return -1;
        }
    }
    if (news) {
        // The driver may learn something new in this call.
        self->gen += 1;
    } else {
        mp_uint_t left = pint_poll_quiet(self, s, arg);
        if (left > 0) {
            // Nothing new since this socket was last found idle.
            pint_poll_wakeup(left);
            return 0;
        }
    }
    args[2] = mp_obj_new_int_from_uint(request);
    args[3] = mp_obj_new_int_from_uint(arg);
    mp_obj_t ret = pint_call(self, PINT_M_IOCTL, 3, args, MP_OBJ_NULL, _errno);
    if (ret == MP_OBJ_NULL) {
        return -1;
    }
    if (poll) {
        mp_uint_t ready = pint_value_poll(MP_QSTR_socket_ioctl, ret, arg);
        if (ready == 0) {
            if (self->wake != MP_OBJ_NULL) {
                pint_poll_remember(self, s, arg);
            }
            // Wake a port's wait when the driver is to be asked again.
            pint_poll_wakeup(self->wake != MP_OBJ_NULL ? PINT_WAKE_MS : 1);
        }
        return (int)ready;
    }
    if (ret == mp_const_true) {
        return 0;
    }
    if (ret == mp_const_false || ret == mp_const_none) {
        *_errno = MP_EINVAL;
        return -1;
    }
    return (int)pint_value_int(MP_QSTR_socket_ioctl, ret);
}

static int pint_gethostbyname(mp_obj_t nic, const char *name, mp_uint_t len, uint8_t *ip_out) {
    pint_obj_t *self = MP_OBJ_TO_PTR(nic);
    mp_obj_t args[2] = { MP_OBJ_NULL, mp_obj_new_str(name, len) };
    int err;
    mp_obj_t ret = pint_call(self, PINT_M_GETHOSTBYNAME, 1, args, MP_OBJ_NULL, &err);
    if (ret == MP_OBJ_NULL) {
        return err;
    }
    if (ret == mp_const_none || ret == mp_const_false) {
        // What MicroPython's other NICs answer for a name not found.
        return -2;
    }
    pint_value_ip(MP_QSTR_gethostbyname, ret, ip_out);
    return 0;
}

const mod_network_nic_protocol_t pint_nic_protocol = {
    .gethostbyname = pint_gethostbyname,
    .deinit = NULL,
    .socket = pint_socket_socket,
    .close = pint_socket_close,
    .bind = pint_socket_bind,
    .listen = pint_socket_listen,
    .accept = pint_socket_accept,
    .connect = pint_socket_connect,
    .send = pint_socket_send,
    .recv = pint_socket_recv,
    .sendto = pint_socket_sendto,
    .recvfrom = pint_socket_recvfrom,
    .setsockopt = pint_socket_setsockopt,
    .settimeout = pint_socket_settimeout,
    .ioctl = pint_socket_ioctl,
};

#endif // PINT_ENABLED
