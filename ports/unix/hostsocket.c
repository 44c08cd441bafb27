/*
 * The unix port's own POSIX socket module, compiled into the PINT host
 * firmware as `_hostsocket` (its `socket` name belongs to the NIC-based
 * socket module). pint.host, the host driver, performs each PINT operation
 * with it; benchmarks compare PINT against it.
 *
 * SPDX-License-Identifier: MIT
 */

// ports/unix/modsocket.c only compiles with MICROPY_PY_SOCKET, which this
// variant turns off for the port as a whole. Its module, type and qstr are
// renamed so that they do not meet extmod/modsocket.c's (pint_host.c).
#define MICROPY_PY_SOCKET (1)
// The qstr enum must be declared before MP_QSTR_socket is renamed.
#include "py/runtime.h"
#define mp_module_socket mp_module_hostsocket
#define mp_type_socket mp_type_hostsocket
#define MP_QSTR_socket MP_QSTR__hostsocket
#include "ports/unix/modsocket.c"

// _pinthost: single-syscall transfers on a host socket's file descriptor,
// for pint.host. Stream readinto()/write() loop until the whole buffer is
// done, and data read before an error (a reset after data, say) would be
// lost; these make one recv()/send() each and keep short counts.
//   recv_into(fd, buf) -> count, or None when it would block
//   send(fd, buf) -> count, or None when it would block

// One recv() (receive) or send() of buf on fd, retried after a signal.
static mp_obj_t pinthost_transfer(mp_obj_t fd_in, mp_obj_t buf_in, bool receive) {
    int fd = mp_obj_get_int(fd_in);
    mp_buffer_info_t bufinfo;
    mp_get_buffer_raise(buf_in, &bufinfo, receive ? MP_BUFFER_WRITE : MP_BUFFER_READ);
    for (;;) {
        MP_THREAD_GIL_EXIT();
        ssize_t r = receive ? recv(fd, bufinfo.buf, bufinfo.len, 0)
            : send(fd, bufinfo.buf, bufinfo.len, MSG_NOSIGNAL);
        int err = errno;
        MP_THREAD_GIL_ENTER();
        if (r >= 0) {
            return MP_OBJ_NEW_SMALL_INT(r);
        }
        if (err == EAGAIN || err == EWOULDBLOCK) {
            return mp_const_none;
        }
        if (err != EINTR) {
            mp_raise_OSError(err);
        }
        mp_handle_pending(true); // a KeyboardInterrupt, say, is raised here
    }
}

static mp_obj_t pinthost_recv_into(mp_obj_t fd_in, mp_obj_t buf_in) {
    return pinthost_transfer(fd_in, buf_in, true);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pinthost_recv_into_obj, pinthost_recv_into);

static mp_obj_t pinthost_send(mp_obj_t fd_in, mp_obj_t buf_in) {
    return pinthost_transfer(fd_in, buf_in, false);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pinthost_send_obj, pinthost_send);

static const mp_rom_map_elem_t pinthost_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__pinthost) },
    { MP_ROM_QSTR(MP_QSTR_recv_into), MP_ROM_PTR(&pinthost_recv_into_obj) },
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pinthost_send_obj) },
};
static MP_DEFINE_CONST_DICT(pinthost_globals, pinthost_globals_table);

const mp_obj_module_t mp_module_pinthost = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&pinthost_globals,
};

MP_REGISTER_MODULE(MP_QSTR__pinthost, mp_module_pinthost);
