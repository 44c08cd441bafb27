/*
 * Glue of the PINT host firmware: MicroPython's NIC-based socket module,
 * which the unix port does not build itself, and the start-up hook.
 *
 * SPDX-License-Identifier: MIT
 */

// extmod/modsocket.c only compiles with MICROPY_PY_SOCKET, which this
// variant turns off to drop the unix port's POSIX socket module.
// The unix port's listen backlog default uses SOMAXCONN, and modsocket.c
// compares unsigned counts with -1, which the unix port's -Werror rejects.
#define MICROPY_PY_SOCKET (1)
#include <sys/socket.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#include "extmod/modsocket.c"
#pragma GCC diagnostic pop

#include <stdlib.h>
#include <string.h>
#include "py/mphal.h"

// Run at start-up (MICROPY_PORT_INIT_FUNC, the end of mp_init): set up the
// NIC list, and with PINT_NIC in the environment register that driver
// (pint.unix.start: a driver of the pint packages, or any module:factory), so that
// programs run unchanged over PINT sockets.
void pint_host_init(void) {
    mod_network_init();
    const char *spec = getenv("PINT_NIC");
    if (spec == NULL || *spec == '\0') {
        return;
    }
    // mp_init takes the GIL only after this hook: hold it while Python code
    // runs (a driver may sleep, which releases it).
    MP_THREAD_GIL_ENTER();
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        // The unix port makes sys.path after mp_init; until then the frozen
        // modules are all there is to import (pint.unix.start adds a driver's
        // directory).
        if (mp_sys_path == MP_OBJ_NULL) {
            mp_sys_path = mp_obj_new_list(0, NULL);
            mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__dot_frozen));
        }
        mp_obj_t pint = mp_import_name(qstr_from_str("pint.unix"), mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        mp_obj_t start = mp_load_attr(mp_load_attr(pint, MP_QSTR_unix), MP_QSTR_start);
        mp_call_function_1(start, mp_obj_new_str(spec, strlen(spec)));
        nlr_pop();
    } else {
        mp_printf(&mp_plat_print, "PINT_NIC=%s: ", spec);
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
        exit(1);
    }
    MP_THREAD_GIL_EXIT();
}

#if MICROPY_PY_THREAD_GIL
#include <unistd.h>
// The unix port sleeps with usleep(): mp_hal_delay_us, and through it
// time.sleep_ms/sleep_us and the idle wait of mp_event_wait_ms (where PINT
// waits while an operation would block). Before 1.26 it kept the GIL while
// asleep, so no other thread could run meanwhile; the variant links with
// -Wl,--wrap=usleep to release it there (every caller holds the GIL). Since
// 1.26 the port's idle wait releases the GIL itself, and releasing it again
// here would deadlock: the wrapper only passes the call on.
int __real_usleep(useconds_t usec);
int __wrap_usleep(useconds_t usec) {
    #if MICROPY_VERSION < MICROPY_MAKE_VERSION(1, 26, 0)
    MP_THREAD_GIL_EXIT();
    int ret = __real_usleep(usec);
    MP_THREAD_GIL_ENTER();
    return ret;
    #else
    return __real_usleep(usec);
    #endif
}
#endif
