/*
 * PINT: waiting. When an operation would block, PINT waits and asks the
 * driver again; select.poll (and so asyncio) keeps asking whether a socket
 * is ready.
 *
 * A driver may name its wake object (driver.wake, looked up once): an object
 * select.poll accepts (a machine.UART, a socket, an io.IOBase with ioctl)
 * on which everything new for the driver arrives. While it has no input and
 * no other call of the driver ran, nothing has changed: PINT then asks the
 * driver again only every PINT_WAKE_MS, instead of on every turn of a wait
 * (about a thousand times a second). A serial-modem driver then costs a
 * handful of calls a second while a program waits, and PINT polls the UART
 * in C meanwhile.
 *
 * SPDX-License-Identifier: MIT
 */
#include "py/runtime.h"
#include "py/mphal.h"
#include "py/stream.h"

#include "pint.h"

#if PINT_ENABLED

#if PINT_POLL_WAKEUP
#include "shared/runtime/softtimer.h"

// select.poll (and asyncio, through it) on ports such as rp2 waits for an
// interrupt, or for its whole timeout: nothing in a Python driver makes one,
// so a socket that becomes ready while it waits would not be seen until
// then. A poll that found a socket not ready sets this one-shot soft timer
// (MicroPython's, shared/runtime/softtimer.c) to end the wait when PINT
// would ask the driver again; its interrupt is all it does.
static soft_timer_entry_t pint_wakeup;
static volatile bool pint_wakeup_set;

static void pint_wakeup_fired(soft_timer_entry_t *entry) {
    (void)entry;
    pint_wakeup_set = false;
}

void pint_poll_wakeup(mp_uint_t ms) {
    uint32_t expiry = mp_hal_ticks_ms() + ms;
    if (pint_wakeup_set && (int32_t)(pint_wakeup.expiry_ms - expiry) <= 0) {
        return; // an earlier one is set
    }
    if (!pint_wakeup_set) {
        soft_timer_static_init(&pint_wakeup, SOFT_TIMER_MODE_ONE_SHOT, 0, pint_wakeup_fired);
    }
    pint_wakeup_set = true;
    soft_timer_reinsert(&pint_wakeup, ms);
}
#endif

// Whether the wake object has input waiting (or cannot say: then the driver
// is asked). Its poll may run Python code (an io.IOBase's ioctl), which may
// close sockets: callers check their socket's handle again afterwards. A
// wake object whose poll leads back here (one of the NIC's own sockets, or a
// socket of a NIC whose wake is one of this NIC's) is not asked again while
// it is being asked: the inner call cannot say.
bool pint_wake_input(pint_obj_t *self) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool asking = self->waking;
    self->waking = 1;
    PINT_ATOMIC_END(atomic_state);
    if (asking) {
        return true;
    }
    const mp_stream_p_t *stream = mp_get_stream(self->wake);
    mp_uint_t ret = MP_STREAM_ERROR;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        int err;
        ret = stream->ioctl(self->wake, MP_STREAM_POLL, MP_STREAM_POLL_RD, &err);
        nlr_pop();
    }
    self->waking = 0;
    return ret == MP_STREAM_ERROR || (ret & (MP_STREAM_POLL_RD | MP_STREAM_POLL_ERR | MP_STREAM_POLL_HUP)) != 0;
}

// A quiet slot names its socket by address, hidden from the GC (the slots
// are in the heap, and a socket address found there would keep a socket the
// program dropped alive, never finalised, its handle never closed). A slot
// that outlived its socket never matches again: a new socket's first driver
// call changes gen.
static inline uintptr_t pint_quiet_key(const void *s) {
    return ~(uintptr_t)s;
}

// The sockets whose last poll found nothing: slots reused in turn. Whether
// s is still one (nothing has changed since, and PINT_WAKE_MS has not
// passed): the ms left until the driver is to be asked again, else 0.
mp_uint_t pint_poll_quiet(pint_obj_t *self, const void *s, mp_uint_t flags) {
    mp_uint_t now = mp_hal_ticks_ms();
    uintptr_t key = pint_quiet_key(s);
    for (size_t i = 0; i < PINT_QUIET_SLOTS; ++i) {
        pint_quiet_t *q = &self->quiet[i];
        if (q->key == key) {
            mp_uint_t since = now - q->at;
            return q->gen == self->gen && q->flags == flags && since < PINT_WAKE_MS ? PINT_WAKE_MS - since : 0;
        }
    }
    return 0;
}

void pint_poll_remember(pint_obj_t *self, const void *s, mp_uint_t flags) {
    pint_quiet_t *q = NULL;
    uintptr_t key = pint_quiet_key(s);
    for (size_t i = 0; i < PINT_QUIET_SLOTS && q == NULL; ++i) {
        if (self->quiet[i].key == key) {
            q = &self->quiet[i];
        }
    }
    if (q == NULL) {
        q = &self->quiet[self->quiet_next];
        self->quiet_next = (self->quiet_next + 1) % PINT_QUIET_SLOTS;
    }
    q->key = key;
    q->gen = self->gen;
    q->flags = flags;
    q->at = mp_hal_ticks_ms();
}

// An operation on s, with driver handle h, would block. Returns 0 to try
// again, or the errno to fail with: EAGAIN for a non-blocking socket,
// ETIMEDOUT once the socket's timeout has passed, EBADF when s was closed
// meanwhile (by Python code run while waiting: a callback, another thread,
// the wake object's poll). A driver with socket_settimeout keeps
// its own time, so it has already waited. Otherwise PINT waits (events,
// Ctrl-C and other threads run meanwhile): a millisecond, or with a wake
// object until it has input, another driver call ran, or PINT_WAKE_MS
// passed.
int pint_would_block(pint_obj_t *self, mod_network_socket_obj_t *s, mp_obj_t h, pint_wait_t *wait) {
    if (PINT_HANDLE(s) != h) {
        return MP_EBADF;
    }
    if (s->timeout == 0) {
        return MP_EAGAIN;
    }
    if (self->fun[PINT_M_SETTIMEOUT] != MP_OBJ_NULL) {
        return MP_ETIMEDOUT;
    }
    // The clock is read only once the operation has to wait: most never do.
    mp_uint_t since = mp_hal_ticks_ms();
    if (!wait->started) {
        wait->started = true;
        wait->start = since;
    }
    uint32_t gen = self->gen;
    for (;;) {
        if (s->timeout > 0 && mp_hal_ticks_ms() - wait->start >= (mp_uint_t)s->timeout) {
            return MP_ETIMEDOUT;
        }
        mp_event_wait_ms(1);
        if (PINT_HANDLE(s) != h) {
            return MP_EBADF;
        }
        if (self->wake == MP_OBJ_NULL || self->gen != gen || mp_hal_ticks_ms() - since >= PINT_WAKE_MS) {
            return 0;
        }
        bool input = pint_wake_input(self);
        if (PINT_HANDLE(s) != h) {
            return MP_EBADF;
        }
        if (input) {
            return 0;
        }
    }
}

#endif // PINT_ENABLED
