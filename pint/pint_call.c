/*
 * PINT: calling driver methods, lending buffers to them, and turning the
 * OSError a driver raises into the errno MicroPython's socket layer expects.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/bc.h"
#include "py/objfun.h"
#include "py/objexcept.h"
#include "py/objtype.h"
#include "py/mperrno.h"
#include "py/mphal.h"

#include "pint.h"

#if PINT_ENABLED

const uint16_t pint_method_names[PINT_M_COUNT] = {
    [PINT_M_GETHOSTBYNAME] = MP_QSTR_gethostbyname,
    [PINT_M_SOCKET] = MP_QSTR_socket_socket,
    [PINT_M_CLOSE] = MP_QSTR_socket_close,
    [PINT_M_BIND] = MP_QSTR_socket_bind,
    [PINT_M_LISTEN] = MP_QSTR_socket_listen,
    [PINT_M_ACCEPT] = MP_QSTR_socket_accept,
    [PINT_M_CONNECT] = MP_QSTR_socket_connect,
    [PINT_M_SEND] = MP_QSTR_socket_send,
    [PINT_M_RECV] = MP_QSTR_socket_recv,
    [PINT_M_SENDTO] = MP_QSTR_socket_sendto,
    [PINT_M_RECVFROM] = MP_QSTR_socket_recvfrom,
    [PINT_M_SETSOCKOPT] = MP_QSTR_socket_setsockopt,
    [PINT_M_SETTIMEOUT] = MP_QSTR_socket_settimeout,
    [PINT_M_TIMEOUT] = MP_QSTR_socket_timeout,
    [PINT_M_IOCTL] = MP_QSTR_socket_ioctl,
    [PINT_M_DEINIT] = MP_QSTR_deinit,
    [PINT_M_DEL] = MP_QSTR___del__,
};

// The errno carried by an OSError (or an instance of a subclass), or 0 when
// exc is not an OSError with an int errno (those propagate unchanged).
int pint_exception_errno(mp_obj_t exc) {
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_OSError))) {
        return 0;
    }
    if (!mp_obj_is_native_exception_instance(exc)) {
        // An instance of a Python subclass: its OSError part is its native
        // base object.
        exc = ((mp_obj_instance_t *)MP_OBJ_TO_PTR(exc))->subobj[0];
        if (!mp_obj_is_native_exception_instance(exc)) {
            return 0;
        }
    }
    mp_obj_exception_t *e = MP_OBJ_TO_PTR(exc);
    if (e->args == NULL || e->args->len == 0 || !mp_obj_is_small_int(e->args->items[0])) {
        return 0;
    }
    mp_int_t errno_ = MP_OBJ_SMALL_INT_VALUE(e->args->items[0]);
    // Errno 0 or negative would read as success or as a byte count.
    return errno_ > 0 && errno_ <= 0xffff ? (int)errno_ : 0;
}

// Every driver call is counted in the NIC's depth while it runs: deferred
// closes wait until no driver call of the NIC is running (pint_handle.c).
static inline void pint_depth_enter(pint_obj_t *self) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    self->depth += 1;
    PINT_ATOMIC_END(atomic_state);
}

static inline void pint_depth_leave(pint_obj_t *self) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool outermost = --self->depth == 0;
    PINT_ATOMIC_END(atomic_state);
    if (outermost && self->n_graves > 0) {
        pint_handles_call_ended(self);
    }
}

// Call driver method m with the n_args arguments args[1 .. n_args] (at most
// 4); args[0] is a free slot, for the driver when the method is a plain
// function (so the arguments are never copied). Returns what it returned;
// or MP_OBJ_NULL with *err set when the method is missing (EOPNOTSUPP) or
// raised OSError(errno). Any other exception propagates.
// A view lent for the call (or MP_OBJ_NULL) is revoked whatever happens.
mp_obj_t pint_call(pint_obj_t *self, pint_method_t m, size_t n_args, mp_obj_t *args, mp_obj_t lent, int *err) {
    mp_obj_t fun = self->fun[m];
    if (fun == MP_OBJ_NULL) {
        if (lent != MP_OBJ_NULL) {
            pint_view_revoke(self, lent);
        }
        *err = MP_EOPNOTSUPP;
        return MP_OBJ_NULL;
    }
    mp_obj_t *call_args = args + 1;
    size_t n = n_args;
    if (self->bound & (1u << m)) {
        args[0] = self->driver;
        call_args = args;
        n += 1;
    }
    if (m != PINT_M_IOCTL) {
        self->gen += 1;
    }
    pint_depth_enter(self);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret = mp_call_function_n_kw(fun, n, 0, call_args);
        nlr_pop();
        if (lent != MP_OBJ_NULL) {
            pint_view_revoke(self, lent);
        }
        pint_depth_leave(self);
        return ret;
    }
    if (lent != MP_OBJ_NULL) {
        pint_view_revoke(self, lent);
    }
    pint_depth_leave(self);
    int errno_ = pint_exception_errno(MP_OBJ_FROM_PTR(nlr.ret_val));
    if (errno_ == 0) {
        nlr_jump(nlr.ret_val);
    }
    *err = errno_;
    return MP_OBJ_NULL;
}

// Call fun, a method of the driver reached through the NIC (driver: the
// object to pass as self, or MP_OBJ_NULL), with the n_args arguments and
// n_kw keyword pairs in args, as a driver call of the NIC. What it raises
// propagates unchanged.
mp_obj_t pint_call_fun(pint_obj_t *self, mp_obj_t fun, mp_obj_t driver, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    self->gen += 1;
    pint_depth_enter(self);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret = driver == MP_OBJ_NULL ? mp_call_function_n_kw(fun, n_args, n_kw, args)
            : mp_call_method_self_n_kw(fun, driver, n_args, n_kw, args);
        nlr_pop();
        pint_depth_leave(self);
        return ret;
    }
    pint_depth_leave(self);
    nlr_jump(nlr.ret_val);
}

// Lend the driver a memoryview over buf for the duration of one call: a new
// one each call (one small object, whatever the length). A driver that keeps
// a view (a bug) keeps a revoked one: PINT cannot tell whether it did, so it
// never lends a view object twice, which would show the kept view the
// buffers of later calls. Every lent view must be handed back to
// pint_view_revoke.
mp_obj_t pint_view_lend(pint_obj_t *self, const void *buf, size_t len, bool writable) {
    (void)self;
    return mp_obj_new_memoryview('B' | (writable ? MP_OBJ_ARRAY_TYPECODE_FLAG_RW : 0), len, (void *)buf);
}

// Something for a revoked view to point at: it has length 0, so nothing is
// ever read or written through it.
static byte pint_revoked;

void pint_view_revoke(pint_obj_t *self, mp_obj_t view_in) {
    (void)self;
    mp_obj_array_t *view = MP_OBJ_TO_PTR(view_in);
    view->typecode = 'B';
    view->free = 0;
    view->len = 0;
    view->items = &pint_revoked;
}

// A closure: a function with the cells it closes over, which are passed to
// it before the arguments. py/objclosure.c keeps its layout to itself; it is
// this one in every MicroPython PINT supports (1.23 on).
typedef struct _pint_closure_t {
    mp_obj_base_t base;
    mp_obj_t fun;
    size_t n_closed;
} pint_closure_t;

// The number of positional parameters of a Python function (counting self),
// or -1 when it cannot be told (builtins, native code, *args). A method that
// uses super() without arguments is a closure (over its class): its own
// parameters count, not the cells.
int pint_fun_n_pos_args(mp_obj_t fun) {
    size_t n_closed = 0;
    if (mp_obj_is_type(fun, &mp_type_closure)) {
        const pint_closure_t *c = MP_OBJ_TO_PTR(fun);
        n_closed = c->n_closed;
        fun = c->fun;
    }
    if (!mp_obj_is_type(fun, &mp_type_fun_bc)) {
        return -1;
    }
    const mp_obj_fun_bc_t *f = MP_OBJ_TO_PTR(fun);
    const byte *ip = f->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    if ((scope_flags & MP_SCOPE_FLAG_VARARGS) || n_pos_args < n_closed) {
        return -1;
    }
    return (int)(n_pos_args - n_closed);
}

#endif // PINT_ENABLED
