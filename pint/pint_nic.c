/*
 * PINT: the network.PINT(driver) type. Making one looks up the driver's
 * methods once and registers the NIC with MicroPython's network module; its
 * network-interface methods (active, ifconfig, connect, ...) are the
 * driver's.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/objlist.h"
#include "py/mperrno.h"
#include "py/stream.h"
#include "py/mphal.h"

#include "pint.h"

#if PINT_ENABLED

// How many parameters driver method m takes (not counting self or cls):
// read from fun, the function found on the driver (with takes_self when it
// is called with the driver or its class first), when it is a Python
// function, else from the driver's declaration pint_params = {"name":
// count} (a *args wrapper, a native function, a bound method or a callable
// object cannot tell). Without either, a TypeError: PINT never guesses a
// form.
static mp_int_t pint_method_params(pint_obj_t *self, pint_method_t m, mp_obj_t fun, bool takes_self) {
    int n = pint_fun_n_pos_args(fun);
    if (n >= 0) {
        return n - takes_self;
    }
    mp_obj_t dest[2];
    mp_load_method_protected(self->driver, MP_QSTR_pint_params, dest, false);
    if (dest[0] != MP_OBJ_NULL && dest[1] == MP_OBJ_NULL && mp_obj_is_type(dest[0], &mp_type_dict)) {
        mp_map_elem_t *elem = mp_map_lookup(mp_obj_dict_get_map(dest[0]), MP_OBJ_NEW_QSTR(pint_method_name(m)),
            MP_MAP_LOOKUP);
        if (elem != NULL && mp_obj_is_small_int(elem->value)) {
            return MP_OBJ_SMALL_INT_VALUE(elem->value);
        }
    }
    PINT_RAISE_FORM(pint_method_name(m),
        MP_ERROR_TEXT("can't tell how many parameters %q takes; declare pint_params = {'%q': n}"),
        pint_method_name(m), pint_method_name(m));
}

// The methods with two forms, told apart by how many parameters the method
// takes (pint_method_params): the counts of the two forms, and the flag set
// for the form with flag_params.
static const struct {
    uint8_t m, params, other_params, flag_params, flag;
} pint_forms[] = {
    { PINT_M_SOCKET, 0, 3, 3, PINT_FLAG_SOCKET_THREE_PARAMS },
    { PINT_M_ACCEPT, 1, 4, 1, PINT_FLAG_ACCEPT_ONE_PARAM },
};

// The form of method m (one of pint_forms), found as fun (takes_self: called
// with the driver or its class first). A count that fits neither form is an
// error now rather than a TypeError at the first socket.
static void pint_read_form(pint_obj_t *self, size_t i, mp_obj_t fun, bool takes_self) {
    pint_method_t m = pint_forms[i].m;
    mp_int_t n = pint_method_params(self, m, fun, takes_self);
    if (n != pint_forms[i].params && n != pint_forms[i].other_params) {
        PINT_RAISE_FORM(pint_method_name(m), MP_ERROR_TEXT("%q must take %d or %d parameters, not %d"),
            pint_method_name(m), pint_forms[i].params, pint_forms[i].other_params, (int)n);
    }
    if (n == pint_forms[i].flag_params) {
        self->flags |= pint_forms[i].flag;
    }
}

static void pint_lookup_methods(pint_obj_t *self) {
    for (size_t m = 0; m < PINT_M_COUNT; ++m) {
        mp_obj_t dest[2];
        // Protected: a driver with __getattr__ may raise AttributeError.
        mp_load_method_protected(self->driver, pint_method_name(m), dest, false);
        mp_obj_t fun = dest[0];
        if (fun != MP_OBJ_NULL && dest[1] == self->driver) {
            // A method of the driver's class: call the function with the
            // driver as self, without making a bound method each time.
            self->bound |= 1u << m;
        } else if (fun != MP_OBJ_NULL && dest[1] != MP_OBJ_NULL) {
            // Bound to something else (a classmethod: its class): bound
            // once, here.
            fun = mp_obj_new_bound_meth(dest[0], dest[1]);
        }
        self->fun[m] = fun;
        for (size_t i = 0; i < MP_ARRAY_SIZE(pint_forms); ++i) {
            if (pint_forms[i].m == m && fun != MP_OBJ_NULL) {
                pint_read_form(self, i, dest[0], dest[1] != MP_OBJ_NULL);
            }
        }
    }
}

// Whether obj is one of the NICs registered with the network module.
static bool pint_is_registered_nic(mp_obj_t obj) {
    mp_obj_list_t *nics = &MP_STATE_PORT(mod_network_nic_list);
    for (size_t i = 0; i < nics->len; ++i) {
        if (nics->items[i] == obj) {
            return true;
        }
    }
    return false;
}

// network.PINT(driver)
static mp_obj_t pint_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    // With a finaliser (pint_del): a soft reset frees every object at once.
    pint_obj_t *self = mp_obj_malloc_with_finaliser(pint_obj_t, type);
    memset((byte *)self + sizeof(mp_obj_base_t), 0, sizeof(*self) - sizeof(mp_obj_base_t));
    self->driver = args[0];
    pint_lookup_methods(self);
    // driver.wake: where news for the driver arrives (pint_wait.c).
    mp_obj_t dest[2];
    mp_load_method_protected(self->driver, MP_QSTR_wake, dest, false);
    if (dest[0] != MP_OBJ_NULL && dest[1] == MP_OBJ_NULL && dest[0] != mp_const_none) {
        const mp_obj_type_t *wake_type = mp_obj_get_type(dest[0]);
        const void *protocol = MP_OBJ_TYPE_GET_SLOT_OR_NULL(wake_type, protocol);
        const mp_stream_p_t *stream = protocol;
        // A NIC's protocol slot holds the NIC protocol, not a stream's: a
        // network.PINT (or a subclass), or any NIC the network module lists,
        // is no wake object.
        if (stream == NULL || protocol == (const void *)&pint_nic_protocol || pint_is_registered_nic(dest[0])
            || stream->ioctl == NULL) {
            PINT_RAISE(&mp_type_TypeError, MP_QSTR_wake,
                MP_ERROR_TEXT("driver.wake must be an object select.poll accepts"));
        }
        self->wake = dest[0];
        self->quiet = m_new0(pint_quiet_t, PINT_QUIET_SLOTS);
    }
    // driver.pint_callbacks: it takes callables for PINT_SO_CALLBACK.
    mp_load_method_protected(self->driver, MP_QSTR_pint_callbacks, dest, false);
    if (dest[0] != MP_OBJ_NULL && dest[1] == MP_OBJ_NULL && mp_obj_is_true(dest[0])) {
        self->flags |= PINT_FLAG_CALLBACKS;
    }
    mod_network_register_nic(MP_OBJ_FROM_PTR(self));
    return MP_OBJ_FROM_PTR(self);
}

static void pint_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_print_str(print, "<PINT ");
    mp_obj_print_helper(print, self->driver, PRINT_REPR);
    mp_print_str(print, self->deinited ? " deinit>" : ">");
}

// deinit(): unregister the NIC (network.route() no longer lists it, new
// sockets no longer use it), run the closes still due, forget the handles
// of sockets still open (PINT no longer closes them when the GC finalises
// them), and call the driver's deinit, or its __del__. Sockets already open
// on it keep working until closed.
static mp_obj_t pint_deinit(mp_obj_t self_in) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    // (A NIC already deinit'd holds no graves: nothing to drain.)
    pint_handles_drain(self);
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool first = !self->deinited;
    self->deinited = 1;
    PINT_ATOMIC_END(atomic_state);
    if (!first) {
        return mp_const_none;
    }
    pint_handles_forget(self);
    // The program may have taken the NIC out of the (mutable) list itself.
    if (pint_is_registered_nic(self_in)) {
        mp_obj_list_remove(MP_OBJ_FROM_PTR(&MP_STATE_PORT(mod_network_nic_list)), self_in);
    }
    pint_method_t m = self->fun[PINT_M_DEINIT] != MP_OBJ_NULL ? PINT_M_DEINIT : PINT_M_DEL;
    int err;
    mp_obj_t slot[1];
    if (self->fun[m] != MP_OBJ_NULL && pint_call(self, m, 0, slot, MP_OBJ_NULL, &err) == MP_OBJ_NULL) {
        mp_raise_OSError(err);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_deinit_obj, pint_deinit);

// The GC frees the NIC: it holds no handles (then it would be reachable),
// unless this is a soft reset, which frees every object. PINT forgets it,
// so that nothing of PINT's refers to freed memory afterwards. The driver
// is not called: it may be freed in the same sweep.
static mp_obj_t pint_del(mp_obj_t self_in) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    self->deinited = 1;
    pint_handles_forget(self);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_del_obj, pint_del);

// nic.held(): the handles PINT holds for the driver, as a tuple of the
// handles of open sockets and a tuple of those whose socket_close is still
// due. For finding leaks in a driver or a program.
static mp_obj_t pint_held(mp_obj_t self_in) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    for (;;) {
        // Making the tuples may collect garbage, which may close handles:
        // copy only if the counts are still those the tuples were made for.
        size_t n_open = self->n_open, n_graves = self->n_graves;
        mp_obj_tuple_t *open = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_open, NULL));
        mp_obj_tuple_t *graves = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_graves, NULL));
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        bool same = n_open == self->n_open && n_graves == self->n_graves;
        if (same) {
            memcpy(open->items, self->handles, n_open * sizeof(mp_obj_t));
            memcpy(graves->items, self->handles + self->handles_alloc - n_graves, n_graves * sizeof(mp_obj_t));
        }
        PINT_ATOMIC_END(atomic_state);
        if (same) {
            mp_obj_t pair[2] = { MP_OBJ_FROM_PTR(open), MP_OBJ_FROM_PTR(graves) };
            return mp_obj_new_tuple(2, pair);
        }
    }
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_held_obj, pint_held);

// A method of the driver reached through the NIC (nic.active(...),
// nic.connect(...), nic.scan()...): called as a driver call of the NIC, so
// that deferred closes wait for it (a modem's join command is a transaction
// too).
typedef struct _pint_method_obj_t {
    mp_obj_base_t base;
    pint_obj_t *nic;
    mp_obj_t fun; // MP_OBJ_NULL: a network-interface method the driver lacks
    mp_obj_t self; // the driver, when fun takes it; else MP_OBJ_NULL
} pint_method_obj_t;

static mp_obj_t pint_method_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    pint_method_obj_t *m = MP_OBJ_TO_PTR(self_in);
    if (m->fun == MP_OBJ_NULL) {
        mp_raise_OSError(MP_EOPNOTSUPP);
    }
    return pint_call_fun(m->nic, m->fun, m->self, n_args, n_kw, args);
}

// Whether q is one of the n qstrs of table.
static bool pint_qstr_in(const uint16_t *table, size_t n, qstr q) {
    for (size_t i = 0; i < n; ++i) {
        if (table[i] == q) {
            return true;
        }
    }
    return false;
}

// The methods every network interface has (MicroPython's network module
// documents them): a NIC has them even when its driver does not, and they
// fail with EOPNOTSUPP then.
static const uint16_t pint_interface_names[] = {
    MP_QSTR_active, MP_QSTR_isconnected, MP_QSTR_ifconfig, MP_QSTR_ipconfig, MP_QSTR_config, MP_QSTR_status,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    pint_method_type,
    MP_QSTR_bound_method,
    MP_TYPE_FLAG_NONE,
    call, pint_method_call
    );

static const mp_obj_dict_t pint_locals_dict;

// Whether a driver attribute is one of the NIC protocol's, which the
// program reaches through sockets, not through the NIC.
static bool pint_is_protocol_name(qstr attr) {
    if (pint_qstr_in(pint_method_names, PINT_M_COUNT, attr)) {
        return true;
    }
    size_t len;
    const char *name = (const char *)qstr_data(attr, &len);
    return name[0] == '_' || (len > 7 && memcmp(name, "socket_", 7) == 0);
}

// nic.driver: the driver object. Any other method of the driver (the
// network-interface API: active, ifconfig, connect, disconnect, scan...) is
// reached through the NIC too.
static void pint_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    pint_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return; // no attributes to store or delete
    }
    if (attr == MP_QSTR_driver) {
        dest[0] = self->driver;
        return;
    }
    if (mp_map_lookup((mp_map_t *)&pint_locals_dict.map, MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP) != NULL
        || pint_is_protocol_name(attr)) {
        dest[1] = MP_OBJ_SENTINEL; // look in locals_dict
        return;
    }
    mp_obj_t found[2];
    mp_load_method_maybe(self->driver, attr, found);
    if (found[0] == MP_OBJ_NULL ? !pint_qstr_in(pint_interface_names, MP_ARRAY_SIZE(pint_interface_names), attr)
        : !mp_obj_is_callable(found[0])) {
        return; // AttributeError
    }
    pint_method_obj_t *m = mp_obj_malloc(pint_method_obj_t, &pint_method_type);
    m->nic = self;
    m->fun = found[0];
    m->self = found[1];
    dest[0] = MP_OBJ_FROM_PTR(m);
}

// EMSGSIZE, which py/mperrno.h does not number: Linux's with MicroPython's
// own errno numbers (Linux's), else the C library's.
#if MICROPY_USE_INTERNAL_ERRNO
#define PINT_EMSGSIZE (90)
#else
#define PINT_EMSGSIZE EMSGSIZE
#endif

static const mp_rom_map_elem_t pint_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_deinit), MP_ROM_PTR(&pint_deinit_obj) },
    { MP_ROM_QSTR(MP_QSTR_held), MP_ROM_PTR(&pint_held_obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&pint_del_obj) },

    // What a driver's socket_ioctl is asked and answers.
    { MP_ROM_QSTR(MP_QSTR_IOCTL_POLL), MP_ROM_INT(MP_STREAM_POLL) },
    { MP_ROM_QSTR(MP_QSTR_POLL_RD), MP_ROM_INT(MP_STREAM_POLL_RD) },
    { MP_ROM_QSTR(MP_QSTR_POLL_WR), MP_ROM_INT(MP_STREAM_POLL_WR) },
    { MP_ROM_QSTR(MP_QSTR_POLL_ERR), MP_ROM_INT(MP_STREAM_POLL_ERR) },
    { MP_ROM_QSTR(MP_QSTR_POLL_HUP), MP_ROM_INT(MP_STREAM_POLL_HUP) },
    { MP_ROM_QSTR(MP_QSTR_POLL_NVAL), MP_ROM_INT(MP_STREAM_POLL_NVAL) },
    // The setsockopt option that carries a callable.
    { MP_ROM_QSTR(MP_QSTR_SO_CALLBACK), MP_ROM_INT(PINT_SO_CALLBACK) },
    // Errnos drivers raise that MicroPython's errno module does not name,
    // with this port's numbers (a newlib port's differ from Linux's).
    { MP_ROM_QSTR(MP_QSTR_EISCONN), MP_ROM_INT(MP_EISCONN) },
    { MP_ROM_QSTR(MP_QSTR_EMSGSIZE), MP_ROM_INT(PINT_EMSGSIZE) },
};
static MP_DEFINE_CONST_DICT(pint_locals_dict, pint_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    mod_network_nic_type_pint,
    MP_QSTR_PINT,
    MP_TYPE_FLAG_NONE,
    make_new, pint_make_new,
    print, pint_print,
    attr, pint_attr,
    locals_dict, &pint_locals_dict,
    protocol, &pint_nic_protocol
    );

#endif // PINT_ENABLED
