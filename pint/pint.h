/*
 * PINT: Python Implementation of Network Transports.
 *
 * A MicroPython NIC (extmod/modnetwork.h) whose operations are methods of a
 * Python object, the "driver". This header is shared by the C files of the
 * module; see docs/driver-guide.md for the contract drivers follow.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PINT_PINT_H
#define PINT_PINT_H

#include "py/obj.h"
#include "py/mphal.h" // MICROPY_BEGIN_ATOMIC_SECTION, on some ports

// mp_obj_malloc_with_finaliser and the native function types PINT reads
// arrived in MicroPython 1.23.
#if !defined(MICROPY_MAKE_VERSION)
#error "PINT needs MicroPython 1.23 or later"
#elif MICROPY_VERSION < MICROPY_MAKE_VERSION(1, 23, 0)
#error "PINT needs MicroPython 1.23 or later"
#endif

// PINT is a NIC of MicroPython's NIC-based socket module, which exists when a
// port has network interfaces and no lwIP.
#if MICROPY_PY_NETWORK && !MICROPY_PY_LWIP && defined(MICROPY_PORT_NETWORK_INTERFACES)
#define PINT_ENABLED (1)
#else
#define PINT_ENABLED (0)
#endif

#if PINT_ENABLED

// MicroPython 1.26 renamed NORETURN.
#ifndef MP_NORETURN
#define MP_NORETURN NORETURN
#endif
#include "py/objarray.h"
#include "extmod/modnetwork.h"

// PINT's shared state (the flags below, the handle array) changes inside
// these sections. They guard against other threads only: the GC's
// finalisers and scheduled callbacks run at points PINT knows, never in the
// middle of C code. With a GIL, one thread at a time runs MicroPython code
// and PINT never releases it inside a section, so it needs none (on the unix
// port an atomic section is a mutex, a real cost on every send and recv).
#if MICROPY_PY_THREAD && !MICROPY_PY_THREAD_GIL
#define PINT_ATOMIC_BEGIN() MICROPY_BEGIN_ATOMIC_SECTION()
#define PINT_ATOMIC_END(state) MICROPY_END_ATOMIC_SECTION(state)
#else
#define PINT_ATOMIC_BEGIN() ((mp_uint_t)0)
#define PINT_ATOMIC_END(state) ((void)(state))
#endif

// The driver methods PINT knows about. Each is looked up once, when the
// network.PINT object is made (pint_nic.c); their names are the table
// pint_method_names in pint_call.c.
typedef enum {
    PINT_M_GETHOSTBYNAME,
    PINT_M_SOCKET,
    PINT_M_CLOSE,
    PINT_M_BIND,
    PINT_M_LISTEN,
    PINT_M_ACCEPT,
    PINT_M_CONNECT,
    PINT_M_SEND,
    PINT_M_RECV,
    PINT_M_SENDTO,
    PINT_M_RECVFROM,
    PINT_M_SETSOCKOPT,
    PINT_M_SETTIMEOUT,
    PINT_M_TIMEOUT,
    PINT_M_IOCTL,
    PINT_M_DEINIT,
    PINT_M_DEL,
    PINT_M_COUNT
} pint_method_t;

// Flags in pint_obj_t.flags, fixed when the NIC is made: which form of two
// methods the driver has (the skeleton's form otherwise).
#define PINT_FLAG_SOCKET_THREE_PARAMS (1) // socket_socket(domain, type, proto)
#define PINT_FLAG_ACCEPT_ONE_PARAM (2) // socket_accept(sock) -> (handle, address)
// The driver takes callables for PINT_SO_CALLBACK (driver.pint_callbacks).
#define PINT_FLAG_CALLBACKS (4)

// The setsockopt option for which MicroPython's socket layer passes a
// callable (or None) instead of an int or a buffer.
#define PINT_SO_CALLBACK (20)

// What PINT remembers of a socket whose last poll found nothing ready
// (pint_wait.c).
typedef struct _pint_quiet_t {
    uintptr_t key; // the socket (pint_wait.c: hidden from the GC)
    mp_uint_t at; // when (ms ticks)
    uint32_t gen; // pint_obj_t.gen then
    uint16_t flags; // the events asked about
} pint_quiet_t;
#define PINT_QUIET_SLOTS (8)
// With a wake object that has no input, the driver is asked again after
// this long (ms).
#define PINT_WAKE_MS (100)

// Ports whose idle wait sleeps until an interrupt or its whole timeout have
// MicroPython's soft timer (rp2, stm32, ...): PINT sets it to end a
// select.poll wait when it would ask the driver again (pint_wait.c).
#ifndef PINT_POLL_WAKEUP
#if defined(MICROPY_SOFT_TIMER_TICKS_MS) || defined(MICROPY_HW_SOFT_TIMER_ALARM_NUM)
#define PINT_POLL_WAKEUP (1)
#else
#define PINT_POLL_WAKEUP (0)
#endif
#endif

typedef struct _pint_obj_t {
    mp_obj_base_t base;
    mp_obj_t driver;
    // Bit m set: fun[m] is a plain function to call with the driver as self.
    uint32_t bound;
    uint8_t flags;
    // State that changes, each in its own field, changed only inside
    // PINT_ATOMIC sections (threads may share a NIC; ports such as rp2 have
    // no GIL).
    volatile uint8_t deinited; // nic.deinit() was called
    volatile uint8_t draining; // deferred closes are running (pint_handle.c)
    volatile uint16_t drain_pass; // the last pass of the drain that visited it
    volatile uint16_t depth; // driver calls in progress on this NIC
    volatile uint8_t waking; // the wake object is being asked (pint_wait.c)
    uint8_t quiet_next; // the quiet slot to reuse next
    // Counts the driver calls that may have changed what is ready (all but
    // polls while the wake object had no input).
    volatile uint32_t gen;
    // driver.wake, or MP_OBJ_NULL; with it, the sockets last found idle.
    mp_obj_t wake;
    pint_quiet_t *quiet;
    // The last IPv4 address PINT made a tuple of, passed again while the
    // address repeats (tuples are immutable, so sharing one is safe): a
    // connect or sendto to the same peer then allocates nothing.
    mp_obj_t last_ip;
    uint32_t last_ip_raw; // the 4 bytes of last_ip's address
    // The handles PINT holds for the driver (pint_handle.c):
    // handles[0 .. n_open) are open; the last n_graves slots hold handles
    // whose socket_close is still due.
    mp_obj_t *handles;
    size_t handles_alloc;
    size_t n_open;
    size_t n_graves;
    size_t reserved; // free slots set aside for handles being made
    // The next NIC in the list of NICs that hold handles (a GC root).
    struct _pint_obj_t *next_holder;
    volatile uint8_t holding; // in that list
    // The callable for each method, or MP_OBJ_NULL when the driver lacks it.
    // Last: the fields above are then in reach of the short loads and
    // stores of small microcontrollers (Thumb: 124 bytes).
    mp_obj_t fun[PINT_M_COUNT];
} pint_obj_t;

extern const mp_obj_type_t mod_network_nic_type_pint;
extern const mod_network_nic_protocol_t pint_nic_protocol;

// The driver handle of a socket: MP_OBJ_NULL when it has none (never opened,
// or closed). It lives in the socket's extended state.
#if !MICROPY_PY_SOCKET_EXTENDED_STATE
#error "PINT needs MICROPY_PY_SOCKET_EXTENDED_STATE (a socket's driver handle lives there)"
#endif
#define PINT_HANDLE(s) (*(mp_obj_t *)&(s)->_private)

// Calling the driver (pint_call.c).
extern const uint16_t pint_method_names[PINT_M_COUNT];
static inline qstr pint_method_name(pint_method_t m) {
    return pint_method_names[m];
}
mp_obj_t pint_call(pint_obj_t *self, pint_method_t m, size_t n_args, mp_obj_t *args, mp_obj_t lent, int *err);
mp_obj_t pint_call_fun(pint_obj_t *self, mp_obj_t fun, mp_obj_t driver, size_t n_args, size_t n_kw, const mp_obj_t *args);
mp_obj_t pint_view_lend(pint_obj_t *self, const void *buf, size_t len, bool writable);
void pint_view_revoke(pint_obj_t *self, mp_obj_t view);
int pint_fun_n_pos_args(mp_obj_t fun);
extern const mp_obj_type_t mp_type_closure; // py/objclosure.c, in no header
int pint_exception_errno(mp_obj_t exc);

// Waiting (pint_wait.c).
typedef struct _pint_wait_t {
    mp_uint_t start; // when the operation began waiting
    bool started;
} pint_wait_t;
int pint_would_block(pint_obj_t *self, mod_network_socket_obj_t *s, mp_obj_t h, pint_wait_t *wait);
bool pint_wake_input(pint_obj_t *self);
mp_uint_t pint_poll_quiet(pint_obj_t *self, const void *s, mp_uint_t flags);
#if PINT_POLL_WAKEUP
void pint_poll_wakeup(mp_uint_t ms);
#else
static inline void pint_poll_wakeup(mp_uint_t ms) {
    (void)ms;
}
#endif
void pint_poll_remember(pint_obj_t *self, const void *s, mp_uint_t flags);

// Handle lifetime (pint_handle.c; its rules are stated at its top).
void pint_handles_reserve(pint_obj_t *self, size_t n);
void pint_handles_unreserve(pint_obj_t *self, size_t n);
void pint_handles_adopt(pint_obj_t *self, mp_obj_t h);
void pint_handles_close(pint_obj_t *self, mp_obj_t h);
void pint_handles_defer(pint_obj_t *self, mp_obj_t h);
void pint_handles_discard(pint_obj_t *self, mp_obj_t a, mp_obj_t b);
void pint_handles_drain(pint_obj_t *self);
void pint_handles_call_ended(pint_obj_t *self);
void pint_handles_forget(pint_obj_t *self);

// Checking what the driver returned (pint_value.c). Each raises an exception
// that names the method when the value is malformed.
//
// PINT_RAISE(type, method, text, args...): such an exception. At terse error
// reporting or below one short text serves them all ("bad value from
// socket_recv"), as MicroPython's own modules shorten theirs there.
// PINT_RAISE_FORM(method, text, args...): the TypeError for a driver whose
// method has neither of its forms ("bad form of socket_accept" at terse).
#if MICROPY_ERROR_REPORTING <= MICROPY_ERROR_REPORTING_TERSE
MP_NORETURN void pint_raise_bad_value(const mp_obj_type_t *type, qstr method);
#define PINT_RAISE(type, method, ...) pint_raise_bad_value(type, method)
#define PINT_RAISE_FORM(method, ...) mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("bad form of %q"), method)
#else
#define PINT_RAISE(type, method, ...) mp_raise_msg_varg(type, __VA_ARGS__)
#define PINT_RAISE_FORM(method, ...) mp_raise_msg_varg(&mp_type_TypeError, __VA_ARGS__)
#endif
#define PINT_WOULD_BLOCK (-2)
mp_int_t pint_value_count(qstr method, mp_obj_t ret, size_t len);
mp_int_t pint_value_int(qstr method, mp_obj_t ret);
bool pint_value_status(qstr method, mp_obj_t ret);
mp_uint_t pint_value_poll(qstr method, mp_obj_t ret, mp_uint_t requested);
mp_obj_t *pint_value_pair(mp_obj_t obj);
void pint_value_ip(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]);
void pint_value_address(qstr method, mp_obj_t obj, uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE], mp_uint_t *port);
mp_obj_t pint_value_ip_tuple(pint_obj_t *self, const uint8_t ip[MOD_NETWORK_IPADDR_BUF_SIZE]);
bool pint_value_is_callable_object(const void *p);

#include "pint_parse.h"

#endif // PINT_ENABLED

#endif // PINT_PINT_H
