/*
 * PINT: checking the values a driver returns. Nothing a driver returns is
 * trusted: a malformed value raises an exception naming the method, before
 * MicroPython's socket layer can act on it.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/stream.h"
#include "py/gc.h"

#include "pint.h"

#if PINT_ENABLED

#if MICROPY_ERROR_REPORTING <= MICROPY_ERROR_REPORTING_TERSE
MP_NORETURN void pint_raise_bad_value(const mp_obj_type_t *type, qstr method) {
    mp_raise_msg_varg(type, MP_ERROR_TEXT("bad value from %q"), method);
}
#endif

// A byte count for a len-byte buffer: an int (or bool) in 0..len, or None
// ("would block", PINT_WOULD_BLOCK).
mp_int_t pint_value_count(qstr method, mp_obj_t ret, size_t len) {
    if (ret == mp_const_none) {
        return PINT_WOULD_BLOCK;
    }
    if (mp_obj_is_small_int(ret) || mp_obj_is_bool(ret)) {
        mp_int_t n = mp_obj_is_small_int(ret) ? MP_OBJ_SMALL_INT_VALUE(ret) : ret == mp_const_true;
        if (n < 0 || (mp_uint_t)n > len) {
            PINT_RAISE(&mp_type_ValueError, method,
                MP_ERROR_TEXT("%q returned " INT_FMT " for a " UINT_FMT "-byte buffer"), method, n, (mp_uint_t)len);
        }
        return n;
    }
    if (mp_obj_is_int(ret)) {
        PINT_RAISE(&mp_type_ValueError, method,
            MP_ERROR_TEXT("%q returned an int out of range for a " UINT_FMT "-byte buffer"), method, (mp_uint_t)len);
    }
    PINT_RAISE(&mp_type_TypeError, method,
        MP_ERROR_TEXT("%q must return an int or None, not '%s'"), method, mp_obj_get_type_str(ret));
}

// An int result (of socket_ioctl): 0..INT32_MAX (a negative one would read
// as an error with no errno).
mp_int_t pint_value_int(qstr method, mp_obj_t ret) {
    if (mp_obj_is_small_int(ret) && MP_OBJ_SMALL_INT_VALUE(ret) >= 0 && MP_OBJ_SMALL_INT_VALUE(ret) <= INT32_MAX) {
        return MP_OBJ_SMALL_INT_VALUE(ret);
    }
    if (mp_obj_is_int(ret)) {
        PINT_RAISE(&mp_type_ValueError, method, MP_ERROR_TEXT("%q returned an int out of range"), method);
    }
    PINT_RAISE(&mp_type_TypeError, method,
        MP_ERROR_TEXT("%q must return an int, True, False or None, not '%s'"), method, mp_obj_get_type_str(ret));
}

// A status: True (done), False or None (failed).
bool pint_value_status(qstr method, mp_obj_t ret) {
    if (ret == mp_const_true) {
        return true;
    }
    if (ret == mp_const_false || ret == mp_const_none) {
        return false;
    }
    PINT_RAISE(&mp_type_TypeError, method,
        MP_ERROR_TEXT("%q must return True, False or None, not '%s'"), method, mp_obj_get_type_str(ret));
}

// The answer to MP_STREAM_POLL: an int mask of ready events (True: all that
// were asked for; False/None: none). Only the events asked for, and the
// error/hang-up events that are always reported, are passed on; a mask is
// 16 bits at most.
mp_uint_t pint_value_poll(qstr method, mp_obj_t ret, mp_uint_t requested) {
    mp_uint_t always = MP_STREAM_POLL_ERR | MP_STREAM_POLL_HUP | MP_STREAM_POLL_NVAL;
    if (ret == mp_const_true) {
        return requested;
    }
    if (ret == mp_const_false || ret == mp_const_none) {
        return 0;
    }
    if (mp_obj_is_small_int(ret) && MP_OBJ_SMALL_INT_VALUE(ret) >= 0 && MP_OBJ_SMALL_INT_VALUE(ret) <= 0xffff) {
        return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(ret) & (requested | always);
    }
    if (mp_obj_is_int(ret)) {
        PINT_RAISE(&mp_type_ValueError, method,
            MP_ERROR_TEXT("%q returned an event mask out of range"), method);
    }
    PINT_RAISE(&mp_type_TypeError, method,
        MP_ERROR_TEXT("%q must return an int event mask, not '%s'"), method, mp_obj_get_type_str(ret));
}

static MP_NORETURN void pint_raise_bad_address(qstr method) {
    PINT_RAISE(&mp_type_ValueError, method,
        MP_ERROR_TEXT("%q returned a malformed IPv4 address"), method);
}

// The n items of obj when it is a tuple or a list of n items, else NULL.
static mp_obj_t *pint_value_items(mp_obj_t obj, size_t n) {
    size_t len = 0;
    mp_obj_t *items = NULL;
    if (mp_obj_is_type(obj, &mp_type_tuple) || mp_obj_is_type(obj, &mp_type_list)) {
        mp_obj_get_array(obj, &len, &items);
    }
    return len == n ? items : NULL;
}

// An IPv4 address: a tuple or list of 4 ints 0..255, a dotted-quad str, or
// 4 bytes.
void pint_value_ip(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]) {
    mp_obj_t *items = pint_value_items(obj, 4);
    if (items != NULL) {
        for (size_t i = 0; i < 4; ++i) {
            if (!mp_obj_is_small_int(items[i]) || (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(items[i]) > 255) {
                pint_raise_bad_address(method);
            }
            ip[i] = (uint8_t)MP_OBJ_SMALL_INT_VALUE(items[i]);
        }
        return;
    }
    if (mp_obj_is_str(obj)) {
        size_t len;
        const char *s = mp_obj_str_get_data(obj, &len);
        if (!pint_parse_dotted_quad(s, len, ip)) {
            pint_raise_bad_address(method);
        }
        return;
    }
    mp_buffer_info_t bufinfo;
    if ((mp_obj_is_type(obj, &mp_type_bytes) || mp_obj_is_type(obj, &mp_type_bytearray))
        && mp_get_buffer(obj, &bufinfo, MP_BUFFER_READ) && bufinfo.len == 4) {
        memcpy(ip, bufinfo.buf, 4);
        return;
    }
    pint_raise_bad_address(method);
}

// The two items of a 2-tuple or 2-list, such as (count, address), or NULL
// when obj is no such pair.
mp_obj_t *pint_value_pair(mp_obj_t obj) {
    return pint_value_items(obj, 2);
}

// An address: a 2-tuple or list (ip, port) with port an int 0..65535.
void pint_value_address(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE], mp_uint_t *port) {
    mp_obj_t *items = pint_value_pair(obj);
    if (items == NULL) {
        PINT_RAISE(&mp_type_TypeError, method,
            MP_ERROR_TEXT("%q returned an address that is not an (ip, port) tuple"), method);
    }
    pint_value_ip(method, items[0], ip);
    if (!mp_obj_is_small_int(items[1]) || MP_OBJ_SMALL_INT_VALUE(items[1]) < 0
        || MP_OBJ_SMALL_INT_VALUE(items[1]) > 0xffff) {
        PINT_RAISE(&mp_type_ValueError, method,
            MP_ERROR_TEXT("%q returned a port that is not an int 0..65535"), method);
    }
    *port = (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(items[1]);
}

// The 4-int tuple of an IPv4 address, for the driver.
mp_obj_t pint_value_ip_tuple(pint_obj_t *self, const uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]) {
    uint32_t raw;
    memcpy(&raw, ip, 4);
    if (self->last_ip != MP_OBJ_NULL && self->last_ip_raw == raw) {
        return self->last_ip;
    }
    mp_obj_t items[4] = {
        MP_OBJ_NEW_SMALL_INT(ip[0]), MP_OBJ_NEW_SMALL_INT(ip[1]),
        MP_OBJ_NEW_SMALL_INT(ip[2]), MP_OBJ_NEW_SMALL_INT(ip[3]),
    };
    self->last_ip = mp_obj_new_tuple(4, items);
    self->last_ip_raw = raw;
    return self->last_ip;
}

// Whether p, which points at sizeof(mp_obj_t) readable bytes, is a callable
// object rather than the data of a buffer: its first word must be the type
// of one of MicroPython's callables, or a class made at run time (whose own
// type is `type`) with a __call__. Only these bytes, and the heap block a
// run-time class lives in, are read. Bytes that spell out the address of
// one of those types still pass: see docs/robustness.md.

bool pint_value_is_callable_object(const void *p) {
    static const mp_obj_type_t *const callable_types[] = {
        &mp_type_fun_builtin_0, &mp_type_fun_builtin_1, &mp_type_fun_builtin_2, &mp_type_fun_builtin_3,
        &mp_type_fun_builtin_var, &mp_type_fun_bc, &mp_type_bound_meth, &mp_type_type,
        &mp_type_closure, &mp_type_gen_wrap,
        #if MICROPY_EMIT_NATIVE
        &mp_type_fun_native, &mp_type_fun_viper, &mp_type_native_gen_wrap,
        #endif
        #if MICROPY_EMIT_INLINE_ASM
        &mp_type_fun_asm,
        #endif
    };
    if ((uintptr_t)p % sizeof(mp_obj_t) != 0) {
        return false; // objects are aligned; buffer data need not be
    }
    const mp_obj_type_t *type = *(const mp_obj_type_t *const *)p;
    for (size_t i = 0; i < MP_ARRAY_SIZE(callable_types); ++i) {
        if (type == callable_types[i]) {
            return true;
        }
    }
    // A class made at run time lives at the start of a heap block.
    if (gc_nbytes(type) >= sizeof(mp_obj_type_t) && ((const mp_obj_base_t *)type)->type == &mp_type_type) {
        return mp_obj_is_callable((mp_obj_t)p);
    }
    return false;
}

#endif // PINT_ENABLED
