/*
 * PINT: the lifetime of driver handles.
 *
 * A handle is what the driver's socket_socket (or socket_accept) returned
 * for one socket. The rules, which the rest of PINT relies on:
 *
 * 1. PINT holds every handle the driver gives it, in its NIC's handle array
 *    (reachable by the GC), from the moment it is given until the driver's
 *    socket_close(handle) has been called for it; socket_close is called
 *    exactly once per handle. Only nic.deinit() ends this early: the driver
 *    has been told to shut down, and PINT forgets what it holds.
 * 2. An explicit close (socket.close(), or PINT giving back a handle it
 *    cannot use) calls socket_close at once, and its errors reach the caller.
 * 3. A close that cannot be called at once is deferred: the handle becomes a
 *    "grave". That happens when the GC finalises a socket dropped without
 *    close() (no driver code may run inside the GC), when the C stack is too
 *    close to its limit for a driver call, on the error paths of accept, and
 *    when socket_close raised MemoryError (it is called again later; whatever
 *    else it raises, it has been called). Errors of deferred closes have no
 *    caller to reach and are dropped.
 * 4. Deferred closes run only while no driver method of their NIC is running
 *    (pint_obj_t.depth, counted by pint_call): never in the middle of a
 *    driver's own transaction. They run from MicroPython's scheduler (asked
 *    when a handle is deferred, and again when the NIC's outermost driver
 *    call returns) and at PINT's entry points.
 * 5. A NIC that holds handles is in a list that is a GC root (pint_holders),
 *    so a NIC the program dropped, even one it took out of network.route()
 *    by hand, lives until its deferred closes have run. Only a soft reset
 *    frees it anyway: its finaliser takes it out of the list.
 *
 * Layout of the array: handles[0 .. n_open) are open, the last n_graves
 * slots are graves, and room for reserved more handles is free between
 * them. Room is set aside before the driver makes a handle, so adopting one
 * never allocates, and an open handle becomes a grave in the slot it frees.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/gc.h"
#include "py/stackctrl.h"

#include "pint.h"

#if PINT_ENABLED

MP_REGISTER_ROOT_POINTER(struct _pint_obj_t *pint_holders);

static volatile uint8_t pint_drain_scheduled;
static uint16_t pint_drain_pass;

// Keep the NIC in pint_holders exactly while it holds handles. In an atomic
// section.
static void pint_holders_update(pint_obj_t *self) {
    bool hold = self->n_open + self->n_graves > 0;
    if (hold == (bool)self->holding) {
        return;
    }
    if (hold) {
        self->next_holder = MP_STATE_VM(pint_holders);
        MP_STATE_VM(pint_holders) = self;
    } else {
        pint_obj_t **p = &MP_STATE_VM(pint_holders);
        while (*p != NULL && *p != self) {
            p = &(*p)->next_holder;
        }
        if (*p == self) {
            *p = self->next_holder;
        }
        self->next_holder = NULL;
        if (MP_STATE_VM(pint_holders) == NULL) {
            // Nothing left to drain: a drain still queued finds nothing, and
            // one lost to a soft reset (which empties the scheduler) no longer
            // stops the next from being asked for.
            pint_drain_scheduled = 0;
        }
    }
    self->holding = hold;
}

// Remove h from handles[lo .. hi), moving handles[fill] (the end of the
// range that shrinks) into its slot (in an atomic section); whether it was
// there. The caller updates the count.
static bool pint_remove(pint_obj_t *self, mp_obj_t h, size_t lo, size_t hi, size_t fill) {
    mp_obj_t *handles = self->handles;
    for (size_t i = lo; i < hi; ++i) {
        if (handles[i] == h) {
            handles[i] = handles[fill];
            handles[fill] = MP_OBJ_NULL;
            return true;
        }
    }
    return false;
}

// Remove h from the open handles (in an atomic section); whether it was one.
static bool pint_remove_open(pint_obj_t *self, mp_obj_t h) {
    bool found = pint_remove(self, h, 0, self->n_open, self->n_open - 1);
    self->n_open -= found;
    return found;
}

// Remove h from the graves (in an atomic section); whether it was one.
static bool pint_remove_grave(pint_obj_t *self, mp_obj_t h) {
    size_t top = self->handles_alloc - self->n_graves;
    bool found = pint_remove(self, h, top, self->handles_alloc, top);
    self->n_graves -= found;
    return found;
}

// Stop holding h, an open handle or a grave, without a driver call. (A
// driver may give the same object for several sockets: which one is
// released matters.)
static void pint_release(pint_obj_t *self, mp_obj_t h, bool grave) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    if (grave) {
        pint_remove_grave(self, h);
    } else {
        pint_remove_open(self, h);
    }
    pint_holders_update(self);
    PINT_ATOMIC_END(atomic_state);
}

// Set aside room for n handles the driver is about to make: counted in
// reserved until each is adopted, or given back with pint_handles_unreserve.
// What the driver does meanwhile (sockets it opens from inside the call, or
// another thread's) sets aside room of its own and cannot take this, so
// adopting never allocates: a MemoryError comes here, before the driver has
// made anything that could be lost.
void pint_handles_reserve(pint_obj_t *self, size_t n) {
    for (;;) {
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        size_t need = self->n_open + self->n_graves + self->reserved + n;
        bool room = need <= self->handles_alloc;
        if (room) {
            self->reserved += n;
        }
        PINT_ATOMIC_END(atomic_state);
        if (room) {
            return;
        }
        // Allocate outside the atomic section (allocating may collect, and
        // finalisers take the section), then swap in only if still needed
        // and still big enough.
        size_t alloc = need + 4;
        mp_obj_t *handles = m_new0(mp_obj_t, alloc);
        mp_obj_t *unused = handles;
        size_t unused_alloc = alloc;
        atomic_state = PINT_ATOMIC_BEGIN();
        if (self->handles_alloc < alloc && self->n_open + self->n_graves + self->reserved + n <= alloc) {
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

// Give back room set aside for n handles the driver did not make.
void pint_handles_unreserve(pint_obj_t *self, size_t n) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    self->reserved -= n;
    PINT_ATOMIC_END(atomic_state);
}

// Hold h, a handle the driver just gave, in the room set aside for it.
void pint_handles_adopt(pint_obj_t *self, mp_obj_t h) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    self->reserved -= 1;
    self->handles[self->n_open++] = h;
    pint_holders_update(self);
    PINT_ATOMIC_END(atomic_state);
}

#if MICROPY_ENABLE_SCHEDULER
static mp_obj_t pint_drain_all(mp_obj_t unused);
static MP_DEFINE_CONST_FUN_OBJ_1(pint_drain_all_obj, pint_drain_all);
#endif

// Ask the scheduler to run the deferred closes soon. Safe inside the GC.
static void pint_schedule_drain(void) {
    #if MICROPY_ENABLE_SCHEDULER
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool schedule = !pint_drain_scheduled;
    pint_drain_scheduled = 1;
    PINT_ATOMIC_END(atomic_state);
    if (schedule && !mp_sched_schedule(MP_OBJ_FROM_PTR(&pint_drain_all_obj), mp_const_none)) {
        // The queue is full: an entry point, or the end of a driver call,
        // tries again.
        pint_drain_scheduled = 0;
    }
    #endif
}

// Close h later (rule 3). Inside the GC h is always an open handle, whose
// slot the grave takes; elsewhere room is made if needed.
void pint_handles_defer(pint_obj_t *self, mp_obj_t h) {
    if (self->deinited || self->fun[PINT_M_CLOSE] == MP_OBJ_NULL) {
        pint_release(self, h, false);
        return;
    }
    for (;;) {
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        pint_remove_open(self, h);
        bool room = self->n_open + self->n_graves + self->reserved < self->handles_alloc;
        if (room) {
            self->n_graves += 1;
            self->handles[self->handles_alloc - self->n_graves] = h;
            pint_holders_update(self);
        }
        PINT_ATOMIC_END(atomic_state);
        if (room) {
            break;
        }
        // (Only for a handle PINT no longer held: an open one frees its
        // slot.) Make room; the next turn takes it.
        pint_handles_reserve(self, 1);
        pint_handles_unreserve(self, 1);
    }
    pint_schedule_drain();
}

// Whether a driver call has room on the C stack. Closes wait for room
// rather than fail before the driver runs.
static bool pint_stack_room(void) {
    #if MICROPY_STACK_CHECK
    return mp_stack_usage() < MP_STATE_THREAD(stack_limit) - MP_STATE_THREAD(stack_limit) / 4;
    #else
    return true;
    #endif
}

static bool pint_is_memory_error(mp_obj_t exc) {
    return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_MemoryError));
}

// Close h now (rule 2): the driver's socket_close, whose OSError and other
// exceptions reach the caller. Deferred when it cannot be called now.
void pint_handles_close(pint_obj_t *self, mp_obj_t h) {
    if (self->fun[PINT_M_CLOSE] == MP_OBJ_NULL) {
        pint_release(self, h, false);
        return;
    }
    if (gc_is_locked() || !pint_stack_room()) {
        pint_handles_defer(self, h);
        return;
    }
    // h stays held during the call, so that a MemoryError can turn it into
    // a grave without needing room.
    int err = 0;
    mp_obj_t args[2] = { MP_OBJ_NULL, h };
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (pint_call(self, PINT_M_CLOSE, 1, args, MP_OBJ_NULL, &err) != MP_OBJ_NULL) {
            err = 0;
        }
        nlr_pop();
    } else {
        if (pint_is_memory_error(MP_OBJ_FROM_PTR(nlr.ret_val))) {
            pint_handles_defer(self, h);
        } else {
            pint_release(self, h, false);
        }
        nlr_jump(nlr.ret_val);
    }
    pint_release(self, h, false);
    if (err != 0) {
        mp_raise_OSError(err);
    }
}

// Give back a and b, handles PINT cannot use, raising nothing of the
// driver's: closed now when no driver call of the NIC is running, else
// deferred. Either may be MP_OBJ_NULL (nothing to give back). Both are
// graves before the driver is called, so that a close that raises
// KeyboardInterrupt leaves the other one due, not lost.
void pint_handles_discard(pint_obj_t *self, mp_obj_t a, mp_obj_t b) {
    if (a != MP_OBJ_NULL) {
        pint_handles_defer(self, a);
    }
    if (b != MP_OBJ_NULL) {
        pint_handles_defer(self, b);
    }
    pint_handles_drain(self);
}

// Run the NIC's deferred closes (rule 4), unless a driver call of the NIC
// is running, the GC is, or it is already draining.
void pint_handles_drain(pint_obj_t *self) {
    if (gc_is_locked()) {
        return;
    }
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    bool go = self->n_graves > 0 && self->depth == 0 && !self->draining;
    if (go) {
        self->draining = 1;
    }
    PINT_ATOMIC_END(atomic_state);
    if (!go) {
        return;
    }
    // Each grave is tried once per drain: one whose close keeps failing
    // does not hold up the others.
    for (size_t tries = self->n_graves; tries > 0; --tries) {
        atomic_state = PINT_ATOMIC_BEGIN();
        mp_obj_t h = self->n_graves > 0 ? self->handles[self->handles_alloc - self->n_graves] : MP_OBJ_NULL;
        PINT_ATOMIC_END(atomic_state);
        if (h == MP_OBJ_NULL || !pint_stack_room()) {
            break;
        }
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            int err;
            mp_obj_t args[2] = { MP_OBJ_NULL, h };
            pint_call(self, PINT_M_CLOSE, 1, args, MP_OBJ_NULL, &err);
            nlr_pop();
        } else {
            mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
            if (pint_is_memory_error(exc)) {
                // Still a grave, tried again later: moved to the far end
                // (unless the driver's close forgot it meanwhile: deinit).
                atomic_state = PINT_ATOMIC_BEGIN();
                if (pint_remove_grave(self, h)) {
                    self->n_graves += 1;
                    memmove(&self->handles[self->handles_alloc - self->n_graves],
                        &self->handles[self->handles_alloc - self->n_graves + 1],
                        (self->n_graves - 1) * sizeof(mp_obj_t));
                    self->handles[self->handles_alloc - 1] = h;
                }
                PINT_ATOMIC_END(atomic_state);
                continue;
            }
            if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_Exception))) {
                // KeyboardInterrupt, SystemExit: h is closed, the program
                // is told; the other graves are closed later.
                pint_release(self, h, true);
                self->draining = 0;
                if (self->n_graves > 0) {
                    pint_schedule_drain();
                }
                nlr_jump(nlr.ret_val);
            }
        }
        pint_release(self, h, true);
    }
    self->draining = 0;
}

// A driver call of the NIC has returned and none is running: run the
// deferred closes it held up (pint_call).
void pint_handles_call_ended(pint_obj_t *self) {
    if (self->n_graves > 0 && !self->draining) {
        pint_schedule_drain();
    }
}

#if MICROPY_ENABLE_SCHEDULER
// Scheduled: the deferred closes of every NIC, each visited once.
static mp_obj_t pint_drain_all(mp_obj_t unused) {
    (void)unused;
    pint_drain_scheduled = 0;
    uint16_t pass = ++pint_drain_pass;
    for (;;) {
        // Driver code run by a drain may change the list: start from its head
        // each time, skipping the NICs this pass has seen.
        mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
        pint_obj_t *nic = MP_STATE_VM(pint_holders);
        while (nic != NULL && nic->drain_pass == pass) {
            nic = nic->next_holder;
        }
        if (nic != NULL) {
            nic->drain_pass = pass;
        }
        PINT_ATOMIC_END(atomic_state);
        if (nic == NULL) {
            return mp_const_none;
        }
        pint_handles_drain(nic);
    }
}
#endif

// nic.deinit(): PINT holds nothing more for this NIC (rule 1).
void pint_handles_forget(pint_obj_t *self) {
    mp_uint_t atomic_state = PINT_ATOMIC_BEGIN();
    if (self->handles != NULL) {
        memset(self->handles, 0, self->handles_alloc * sizeof(mp_obj_t));
    }
    self->n_open = 0;
    self->n_graves = 0;
    pint_holders_update(self);
    PINT_ATOMIC_END(atomic_state);
}

#endif // PINT_ENABLED
