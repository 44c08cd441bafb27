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

#include "pint.h"

#if PINT_ENABLED

// A byte count for a len-byte buffer: an int (or bool) in 0..len, or None
// ("would block", PINT_WOULD_BLOCK).
mp_int_t pint_value_count(qstr method, mp_obj_t ret, size_t len) {
    if (ret == mp_const_none) {
        return PINT_WOULD_BLOCK;
    }
    if (mp_obj_is_small_int(ret) || mp_obj_is_bool(ret)) {
        mp_int_t n = mp_obj_is_small_int(ret) ? MP_OBJ_SMALL_INT_VALUE(ret) : ret == mp_const_true;
        if (n < 0 || (mp_uint_t)n > len) {
            mp_raise_msg_varg(&mp_type_ValueError,
                MP_ERROR_TEXT("%q returned " INT_FMT " for a " UINT_FMT "-byte buffer"), method, n, (mp_uint_t)len);
        }
        return n;
    }
    if (mp_obj_is_int(ret)) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("%q returned an int out of range for a " UINT_FMT "-byte buffer"), method, (mp_uint_t)len);
    }
    mp_raise_msg_varg(&mp_type_TypeError,
        MP_ERROR_TEXT("%q must return an int or None, not '%s'"), method, mp_obj_get_type_str(ret));
}

// A status: True (done), False or None (failed).
bool pint_value_status(qstr method, mp_obj_t ret) {
    if (ret == mp_const_true) {
        return true;
    }
    if (ret == mp_const_false || ret == mp_const_none) {
        return false;
    }
    mp_raise_msg_varg(&mp_type_TypeError,
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
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("%q returned an event mask out of range"), method);
    }
    mp_raise_msg_varg(&mp_type_TypeError,
        MP_ERROR_TEXT("%q must return an int event mask, not '%s'"), method, mp_obj_get_type_str(ret));
}

static MP_NORETURN void pint_raise_bad_address(qstr method) {
    mp_raise_msg_varg(&mp_type_ValueError,
        MP_ERROR_TEXT("%q returned a malformed IPv4 address"), method);
}

// An IPv4 address: a tuple or list of 4 ints 0..255, a dotted-quad str, or
// 4 bytes.
void pint_value_ip(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]) {
    if (mp_obj_is_type(obj, &mp_type_tuple) || mp_obj_is_type(obj, &mp_type_list)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(obj, &n, &items);
        if (n != 4) {
            pint_raise_bad_address(method);
        }
        for (size_t i = 0; i < 4; ++i) {
            if (!mp_obj_is_small_int(items[i])) {
                pint_raise_bad_address(method);
            }
            mp_int_t v = MP_OBJ_SMALL_INT_VALUE(items[i]);
            if (v < 0 || v > 255) {
                pint_raise_bad_address(method);
            }
            ip[i] = (uint8_t)v;
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

// An address: a 2-tuple or list (ip, port) with port an int 0..65535.
void pint_value_address(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE], mp_uint_t *port) {
    if (!mp_obj_is_type(obj, &mp_type_tuple) && !mp_obj_is_type(obj, &mp_type_list)) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("%q returned an address that is not an (ip, port) tuple"), method);
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(obj, &n, &items);
    if (n != 2) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("%q returned an address that is not an (ip, port) tuple"), method);
    }
    pint_value_ip(method, items[0], ip);
    if (!mp_obj_is_small_int(items[1]) || MP_OBJ_SMALL_INT_VALUE(items[1]) < 0
        || MP_OBJ_SMALL_INT_VALUE(items[1]) > 0xffff) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("%q returned a port that is not an int 0..65535"), method);
    }
    *port = (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(items[1]);
}

// The 4-int tuple of an IPv4 address, for the driver.
mp_obj_t pint_value_ip_tuple(pint_obj_t *self, const uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]) {
    mp_obj_t items[4] = {
        MP_OBJ_NEW_SMALL_INT(ip[0]), MP_OBJ_NEW_SMALL_INT(ip[1]),
        MP_OBJ_NEW_SMALL_INT(ip[2]), MP_OBJ_NEW_SMALL_INT(ip[3]),
    };
    mp_obj_t last = self->last_ip;
    if (last != MP_OBJ_NULL && memcmp(((mp_obj_tuple_t *)MP_OBJ_TO_PTR(last))->items, items, sizeof(items)) == 0) {
        return last;
    }
    last = mp_obj_new_tuple(4, items);
    self->last_ip = last;
    return last;
}

#endif // PINT_ENABLED
