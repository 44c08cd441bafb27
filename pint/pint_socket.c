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
// NIC) before PINT's caller makes its next call, so every entry point checks
// the handle first (pint_handle).
static inline pint_obj_t *pint_of(mod_network_socket_obj_t *s) {
    return MP_OBJ_TO_PTR(s->nic);
}

// The driver handle of socket s, or MP_OBJ_NULL with *_errno set.
static mp_obj_t pint_handle(mod_network_socket_obj_t *s, int *_errno) {
    mp_obj_t h = PINT_HANDLE(s);
    if (h == MP_OBJ_NULL) {
        *_errno = MP_EBADF;
    }
    return h;
}

// When an operation that waits began waiting.
typedef struct _pint_wait_t {
    mp_uint_t start;
    bool started;
} pint_wait_t;

// An operation on s, with driver handle h, would block. Returns 0 to try
// again (after a short wait), or the errno to fail with: EAGAIN for a
// non-blocking socket, ETIMEDOUT once the socket's timeout has passed, EBADF
// when s was closed meanwhile (by a re-entrant call). A driver with
// socket_settimeout keeps its own time, so it has already waited.
static int pint_would_block(pint_obj_t *self, mod_network_socket_obj_t *s, mp_obj_t h, pint_wait_t *wait) {
    if (s->timeout == 0) {
        return MP_EAGAIN;
    }
    if (self->fun[PINT_M_SETTIMEOUT] != MP_OBJ_NULL) {
        return MP_ETIMEDOUT;
    }
    if (s->timeout > 0) {
        // The clock is read only once the operation has to wait: most never do.
        mp_uint_t now = mp_hal_ticks_ms();
        if (!wait->started) {
            wait->started = true;
            wait->start = now;
        } else if (now - wait->start >= (mp_uint_t)s->timeout) {
            return MP_ETIMEDOUT;
        }
    }
    mp_event_wait_ms(1);
    return PINT_HANDLE(s) == h ? 0 : MP_EBADF;
}

// A new driver handle, from socket_socket(), or socket_socket(domain, type,
// proto) when the driver's method takes them.
static mp_obj_t pint_new_handle(pint_obj_t *self, mod_network_socket_obj_t *s, int *_errno) {
    mp_obj_t args[4] = {
        MP_OBJ_NULL, MP_OBJ_NEW_SMALL_INT(s->domain), MP_OBJ_NEW_SMALL_INT(s->type), MP_OBJ_NEW_SMALL_INT(s->proto)
    };
    size_t n = (self->flags & PINT_FLAG_SOCKET_TAKES_TYPE) ? 3 : 0;
    mp_obj_t h = pint_call(self, PINT_M_SOCKET, n, args, MP_OBJ_NULL, _errno);
    if (h == mp_const_none || h == mp_const_false) {
        *_errno = MP_EMFILE;
        return MP_OBJ_NULL;
    }
    return h;
}

// Make room for n more handles, before the driver makes them (so that a
// handle, once made, can be adopted without allocating). Threads may race
// for the room: pint_adopt checks again.
static void pint_reserve(pint_obj_t *self, size_t n) {
    for (;;) {
        size_t need = self->n_open + self->n_graves + n;
        if (need <= self->handles_alloc) {
            return;
        }
        // Allocate outside the atomic section (allocating may collect, and
        // finalisers take the section), then swap in only if still needed
        // and still big enough.
        size_t alloc = need + 4;
        mp_obj_t *handles = m_new0(mp_obj_t, alloc);
        mp_obj_t *unused = handles;
        size_t unused_alloc = alloc;
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        if (self->handles_alloc < alloc && self->n_open + self->n_graves + n <= alloc) {
            if (self->handles != NULL) {
                memcpy(handles, self->handles, self->n_open * sizeof(mp_obj_t));
                memcpy(handles + alloc - self->n_graves, self->handles + self->handles_alloc - self->n_graves,
                    self->n_graves * sizeof(mp_obj_t));
            }
            unused = self->handles;
            unused_alloc = self->handles_alloc;
            self->handles = handles;
            self->handles_alloc = alloc;
        }
        PINT_ATOMIC_END(atomic_state);
        m_del(mp_obj_t, unused, unused_alloc);
    }
}

// A handle PINT now holds. The room pint_reserve made may have been taken by
// another thread meanwhile: then make more and try again.
static void pint_adopt(pint_obj_t *self, mp_obj_t h) {
    for (;;) {
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        bool done = self->n_open + self->n_graves < self->handles_alloc;
        if (done) {
            self->handles[self->n_open++] = h;
        }
        PINT_ATOMIC_END(atomic_state);
        if (done) {
            return;
        }
        pint_reserve(self, 1);
    }
}

// Close the handles of finalised sockets. Their sockets are gone, so there
// is no one to report an error to: what the driver raises is dropped.
void pint_drain_graves(pint_obj_t *self) {
    for (;;) {
        mp_obj_t h = MP_OBJ_NULL;
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        if (self->n_graves > 0) {
            mp_obj_t *slot = &self->handles[self->handles_alloc - self->n_graves];
            h = *slot;
            *slot = MP_OBJ_NULL;
            self->n_graves -= 1;
        }
        PINT_ATOMIC_END(atomic_state);
        if (h == MP_OBJ_NULL) {
            return;
        }
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            int err;
            mp_obj_t args[2] = { MP_OBJ_NULL, h };
            pint_call(self, PINT_M_CLOSE, 1, args, MP_OBJ_NULL, &err);
            nlr_pop();
        }
    }
}

#if MICROPY_ENABLE_SCHEDULER
static mp_obj_t pint_drain(mp_obj_t self_in) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    self->drain_scheduled = 0;
    PINT_ATOMIC_END(atomic_state);
    pint_drain_graves(self);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_drain_obj, pint_drain);
#endif

// Hand a handle back to the driver; called once per handle. Inside the GC
// (a socket finalised without close) the driver's close cannot run: it
// could allocate or collect. The handle, still reachable from the NIC, is
// parked and closed soon after, from the scheduler or at the NIC's next
// socket(); the NIC is reachable from network.route() while registered. A
// NIC already deinit'd may be garbage in this same collection: its
// driver has been told to shut down, and the handle is dropped.
static void pint_close_handle(pint_obj_t *self, mp_obj_t h) {
    bool in_gc = gc_is_locked();
    bool schedule = false;
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool park = in_gc && self->registered && self->fun[PINT_M_CLOSE] != MP_OBJ_NULL;
    for (size_t i = 0; i < self->n_open; ++i) {
        if (self->handles[i] == h) {
            self->n_open -= 1;
            self->handles[i] = self->handles[self->n_open];
            self->handles[self->n_open] = MP_OBJ_NULL;
            if (park) {
                // The open part shrank by one slot, so there is room.
                self->n_graves += 1;
                self->handles[self->handles_alloc - self->n_graves] = h;
                schedule = !self->drain_scheduled;
                self->drain_scheduled = 1;
            }
            break;
        }
    }
    PINT_ATOMIC_END(atomic_state);
    if (in_gc) {
        #if MICROPY_ENABLE_SCHEDULER
        if (schedule && !mp_sched_schedule(MP_OBJ_FROM_PTR(&pint_drain_obj), MP_OBJ_FROM_PTR(self))) {
            // The queue is full: the NIC's next socket() drains instead.
            self->drain_scheduled = 0;
        }
        #else
        (void)schedule;
        #endif
        return;
    }
    if (self->fun[PINT_M_CLOSE] == MP_OBJ_NULL) {
        return;
    }
    int err;
    mp_obj_t args[2] = { MP_OBJ_NULL, h };
    if (pint_call(self, PINT_M_CLOSE, 1, args, MP_OBJ_NULL, &err) == MP_OBJ_NULL) {
        mp_raise_OSError(err);
    }
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
        pint_drain_graves(self);
    }
    pint_reserve(self, 1);
    mp_obj_t h = pint_new_handle(self, s, _errno);
    if (h == MP_OBJ_NULL) {
        return -1;
    }
    pint_adopt(self, h);
    if (s->nic != MP_OBJ_FROM_PTR(self) || s->state == MOD_NETWORK_SS_CLOSED) {
        // Driver code run above (the drain, or socket_socket itself) closed
        // this socket again: give the new handle back.
        pint_close_handle(self, h);
        *_errno = MP_EBADF;
        return -1;
    }
    PINT_HANDLE(s) = h;
    return 0;
}

static void pint_socket_close(mod_network_socket_obj_t *s) {
    mp_obj_t h = PINT_HANDLE(s);
    if (h != MP_OBJ_NULL) {
        // Forget the handle first, so that a close that raises is not
        // repeated and the handle can be collected.
        PINT_HANDLE(s) = MP_OBJ_NULL;
        pint_close_handle(pint_of(s), h);
    }
}

// Call a method that answers with a status (True, False/None); a False/None
// status fails with fail_errno. args[1] is filled in with the handle.
static int pint_status_call(mod_network_socket_obj_t *s, pint_method_t m, size_t n_args, mp_obj_t *args,
    int fail_errno, int *_errno) {
    pint_obj_t *self = pint_of(s);
    args[1] = pint_handle(s, _errno);
    if (args[1] == MP_OBJ_NULL) {
        return -1;
    }
    mp_obj_t ret = pint_call(self, m, n_args, args, MP_OBJ_NULL, _errno);
    if (ret == MP_OBJ_NULL) {
        return -1;
    }
    if (!pint_value_status(pint_method_name(m), ret)) {
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

static int pint_socket_bind(mod_network_socket_obj_t *s, byte *ip, mp_uint_t port, int *_errno) {
    pint_check_port(port);
    mp_obj_t args[4] = { MP_OBJ_NULL, MP_OBJ_NULL, pint_value_ip_tuple(pint_of(s), ip), mp_obj_new_int_from_uint(port) };
    return pint_status_call(s, PINT_M_BIND, 3, args, MP_EADDRINUSE, _errno);
}

static int pint_socket_listen(mod_network_socket_obj_t *s, mp_int_t backlog, int *_errno) {
    mp_obj_t args[3] = { MP_OBJ_NULL, MP_OBJ_NULL, mp_obj_new_int(backlog) };
    return pint_status_call(s, PINT_M_LISTEN, 2, args, MP_EADDRINUSE, _errno);
}

static int pint_socket_connect(mod_network_socket_obj_t *s, byte *ip, mp_uint_t port, int *_errno) {
    pint_check_port(port);
    mp_obj_t args[4] = { MP_OBJ_NULL, MP_OBJ_NULL, pint_value_ip_tuple(pint_of(s), ip), mp_obj_new_int_from_uint(port) };
    return pint_status_call(s, PINT_M_CONNECT, 3, args, MP_ECONNREFUSED, _errno);
}

static MP_NORETURN void pint_raise_accept_form(void) {
    mp_raise_msg(&mp_type_TypeError,
        MP_ERROR_TEXT("socket_accept must return (handle, address), an address, True or None"));
}

// accept has two forms. Seed form: socket_accept(sock, sock2, ip, port),
// where sock2 is a new handle made with socket_socket for the connection;
// it returns True or the peer address (ip, port), or (handle, address) to use
// its own handle instead of sock2. New form, a method of one parameter:
// socket_accept(sock) -> (handle, address). None or False: nothing to accept
// yet.
static int pint_socket_accept(mod_network_socket_obj_t *s, mod_network_socket_obj_t *s2, byte *ip,
    mp_uint_t *port, int *_errno) {
    PINT_HANDLE(s2) = MP_OBJ_NULL;
    memset(ip, 0, MOD_NETWORK_IPADDR_BUF_SIZE);
    *port = 0;
    mp_obj_t args[5];
    args[1] = pint_handle(s, _errno);
    if (args[1] == MP_OBJ_NULL) {
        return -1;
    }
    pint_obj_t *self = pint_of(s);
    bool new_form = self->flags & PINT_FLAG_ACCEPT_NEW_FORM;
    if (self->fun[PINT_M_ACCEPT] == MP_OBJ_NULL) {
        *_errno = MP_EOPNOTSUPP;
        return -1;
    }
    mp_obj_t made = MP_OBJ_NULL; // the handle made for sock2 (seed form)
    pint_reserve(self, 2);
    if (!new_form) {
        made = pint_new_handle(self, s2, _errno);
        if (made == MP_OBJ_NULL) {
            return -1;
        }
        pint_adopt(self, made);
        args[2] = made;
        args[3] = MP_OBJ_FROM_PTR(&pint_zero_ip);
        args[4] = MP_OBJ_NEW_SMALL_INT(0);
    }
    pint_wait_t wait = { 0, false };
    mp_obj_t ret;
    for (;;) {
        ret = pint_call(self, PINT_M_ACCEPT, new_form ? 1 : 4, args, MP_OBJ_NULL, _errno);
        if (ret == MP_OBJ_NULL) {
            goto fail;
        }
        if (ret != mp_const_none && ret != mp_const_false) {
            break;
        }
        *_errno = pint_would_block(self, s, args[1], &wait);
        if (*_errno != 0) {
            goto fail;
        }
    }
    mp_obj_t handle = made;
    if (ret == mp_const_true && !new_form) {
        // accepted into sock2, peer unknown
    } else if (mp_obj_is_type(ret, &mp_type_tuple) || mp_obj_is_type(ret, &mp_type_list)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(ret, &n, &items);
        if (n != 2) {
            pint_raise_accept_form();
        }
        if (mp_obj_is_int(items[1])) {
            // (ip, port): accepted into sock2
            if (new_form) {
                pint_raise_accept_form();
            }
            pint_value_address(MP_QSTR_socket_accept, ret, ip, port);
        } else {
            // (handle, address)
            pint_value_address(MP_QSTR_socket_accept, items[1], ip, port);
            handle = items[0];
            if (made != MP_OBJ_NULL && handle != made) {
                pint_close_handle(self, made);
            }
        }
    } else {
        pint_raise_accept_form();
    }
    if (handle != made) {
        pint_adopt(self, handle);
    }
    PINT_HANDLE(s2) = handle;
    return 0;

fail:
    if (made != MP_OBJ_NULL) {
        pint_close_handle(self, made);
    }
    return -1;
}

// send, recv, sendto and recvfrom: lend the driver a view of buf, check the
// count it returns, wait while it would block. For sendto, ip/port is the
// destination; for recvfrom they receive the source (0.0.0.0:0 if the driver
// does not say).
static mp_uint_t pint_transfer(mod_network_socket_obj_t *s, pint_method_t m, byte *buf, mp_uint_t len,
    byte *ip, mp_uint_t *port, int *_errno) {
    pint_obj_t *self = pint_of(s);
    bool writable = m == PINT_M_RECV || m == PINT_M_RECVFROM;
    if ((mp_int_t)len < 0) {
        // recv(-1): MicroPython's socket layer allocates a 1-byte buffer and
        // passes the size unchecked; a driver must never see such a view.
        mp_raise_ValueError(MP_ERROR_TEXT("negative buffer size"));
    }
    size_t n_args = 2;
    mp_obj_t args[5];
    args[1] = pint_handle(s, _errno);
    if (args[1] == MP_OBJ_NULL) {
        return -1;
    }
    if (m == PINT_M_SENDTO) {
        pint_check_port(*port);
        args[3] = pint_value_ip_tuple(pint_of(s), ip);
        args[4] = mp_obj_new_int_from_uint(*port);
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
        mp_obj_t ret = pint_call(self, m, n_args, args, args[2], _errno);
        if (ret == MP_OBJ_NULL) {
            return -1;
        }
        mp_obj_t count = ret;
        if (m == PINT_M_RECVFROM && (mp_obj_is_type(ret, &mp_type_tuple) || mp_obj_is_type(ret, &mp_type_list))) {
            // (count, address)
            size_t n;
            mp_obj_t *items;
            mp_obj_get_array(ret, &n, &items);
            if (n != 2) {
                mp_raise_msg(&mp_type_TypeError,
                    MP_ERROR_TEXT("socket_recvfrom must return a count, (count, address) or None"));
            }
            count = items[0];
            pint_value_address(name, items[1], ip, port);
        }
        mp_int_t got = pint_value_count(name, count, len);
        if (got == 0 && len > 0 && !writable) {
            mp_raise_msg_varg(&mp_type_ValueError,
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
// stack_top): modsocket passes an int option as a pointer to a local.
static bool pint_on_c_stack(const void *p) {
    volatile char here = 0;
    const char *top = MP_STATE_THREAD(stack_top);
    return top != NULL && (const char *)p > (const char *)&here && (const char *)p < top;
}

#define PINT_SO_CALLBACK (20) // the option modsocket passes callables for

static int pint_socket_setsockopt(mod_network_socket_obj_t *s, mp_uint_t level, mp_uint_t opt, const void *optval,
    mp_uint_t optlen, int *_errno) {
    mp_obj_t args[5] = { MP_OBJ_NULL, pint_handle(s, _errno), mp_obj_new_int_from_uint(level),
                         mp_obj_new_int_from_uint(opt), MP_OBJ_NULL };
    if (args[1] == MP_OBJ_NULL) {
        return -1;
    }
    pint_obj_t *self = pint_of(s);
    mp_obj_t lent = MP_OBJ_NULL;
    if (opt == PINT_SO_CALLBACK && (optval == NULL || optlen == sizeof(mp_obj_t))) {
        args[4] = optval == NULL ? mp_const_none : (mp_obj_t)optval;
    } else if (optlen == sizeof(mp_int_t) && pint_on_c_stack(optval)) {
        args[4] = mp_obj_new_int(*(const mp_int_t *)optval);
    } else {
        args[4] = lent = pint_view_lend(self, optval, optlen, false);
    }
    mp_obj_t ret = pint_call(self, PINT_M_SETSOCKOPT, 4, args, lent, _errno);
    if (ret == MP_OBJ_NULL) {
        return -1;
    }
    if (!pint_value_status(MP_QSTR_socket_setsockopt, ret)) {
        *_errno = MP_EINVAL;
        return -1;
    }
    return 0;
}

// timeout_ms: -1 (as unsigned) blocking, 0 non-blocking. PINT keeps the
// timeout itself and waits for drivers without socket_settimeout.
static int pint_socket_settimeout(mod_network_socket_obj_t *s, mp_uint_t timeout_ms, int *_errno) {
    mp_int_t t = (mp_int_t)timeout_ms;
    if (t < -1) {
        *_errno = MP_EINVAL;
        return -1;
    }
    if (t > INT32_MAX) {
        t = INT32_MAX;
    }
    if (pint_handle(s, _errno) == MP_OBJ_NULL) {
        return -1;
    }
    s->timeout = (int32_t)t;
    if (pint_of(s)->fun[PINT_M_SETTIMEOUT] == MP_OBJ_NULL) {
        return 0;
    }
    mp_obj_t args[3] = { MP_OBJ_NULL, MP_OBJ_NULL, mp_obj_new_int(t) };
    return pint_status_call(s, PINT_M_SETTIMEOUT, 2, args, MP_EINVAL, _errno);
}

static int pint_socket_ioctl(mod_network_socket_obj_t *s, mp_uint_t request, mp_uint_t arg, int *_errno) {
    pint_obj_t *self = pint_of(s);
    mp_obj_t args[4] = { MP_OBJ_NULL, pint_handle(s, _errno), mp_obj_new_int_from_uint(request),
                         mp_obj_new_int_from_uint(arg) };
    if (args[1] == MP_OBJ_NULL) {
        return -1;
    }
    mp_obj_t ret = pint_call(self, PINT_M_IOCTL, 3, args, MP_OBJ_NULL, _errno);
    if (ret == MP_OBJ_NULL) {
        return -1;
    }
    if (request == MP_STREAM_POLL) {
        return (int)pint_value_poll(MP_QSTR_socket_ioctl, ret, arg);
    }
    if (ret == mp_const_true) {
        return 0;
    }
    if (ret == mp_const_false || ret == mp_const_none) {
        *_errno = MP_EINVAL;
        return -1;
    }
    mp_int_t v = pint_value_count(MP_QSTR_socket_ioctl, ret, INT32_MAX);
    return (int)v;
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
