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

// _pinthost: transfers on a host socket's file descriptor, for pint.host,
// each as system calls straight between the kernel and the buffer given
// (the memoryview PINT lends: no copy). The socket is non-blocking; when it
// would block, one poll(2) waits, for at most timeout_ms in all (-1: no
// limit, 0: do not wait). The GIL is released around every system call; a
// signal runs pending callbacks (a KeyboardInterrupt is raised there) and
// the call is made again. (MicroPython's select.poll on this port sleeps in
// fixed steps between looks, and stream readinto()/write() lose data read
// before an error.)
//   recv_into(fd, buf, timeout_ms) -> count, None if the time ran out
//   send(fd, buf, timeout_ms) -> count (all of buf unless the time ran out
//       or an error came after some was sent), None if none was sent
//   recvfrom_into(fd, buf, timeout_ms) -> (count, (ip bytes, port)), None
//   sendto(fd, buf, ip, port, timeout_ms) -> count, None; ip: 4 ints or
//       4 bytes (IPv4)
//   wait(fd, events, timeout_ms) -> poll(2) revents, 0 if the time ran out
#include <poll.h>
#include "py/mphal.h"
#include "hostpoll.h"

typedef enum {
    PINTHOST_RECV,
    PINTHOST_SEND,
    PINTHOST_RECVFROM,
    PINTHOST_SENDTO,
} pinthost_op_t;

// After a failed system call: raises unless a signal interrupted it (then
// pending callbacks run, a KeyboardInterrupt is raised, and the caller
// makes the call again).
static void pinthost_check(int err) {
    if (err != EINTR) {
        mp_raise_OSError(err);
    }
    mp_handle_pending(true);
}

mp_uint_t pinthost_poll(int fd, short events, mp_int_t timeout, mp_uint_t start) {
    struct pollfd p = { .fd = fd, .events = events };
    for (;;) {
        int left = timeout < 0 ? -1 : 0;
        mp_uint_t elapsed = mp_hal_ticks_ms() - start;
        if (timeout > 0 && elapsed < (mp_uint_t)timeout) {
            left = (int)MIN((mp_uint_t)timeout - elapsed, (mp_uint_t)INT_MAX);
        }
        MP_THREAD_GIL_EXIT();
        int r = poll(&p, 1, left);
        int err = errno;
        MP_THREAD_GIL_ENTER();
        if (r >= 0) {
            return r ? p.revents : 0;
        }
        pinthost_check(err);
    }
}

// An IPv4 address (4 ints, or 4 bytes) and port into a sockaddr_in.
static void pinthost_ipv4(mp_obj_t ip_in, mp_obj_t port_in, struct sockaddr_in *sa) {
    mp_buffer_info_t bytes;
    uint8_t *ip = (uint8_t *)&sa->sin_addr;
    if (mp_get_buffer(ip_in, &bytes, MP_BUFFER_READ) && bytes.len == 4) {
        memcpy(ip, bytes.buf, 4);
    } else {
        mp_obj_t *items;
        mp_obj_get_array_fixed_n(ip_in, 4, &items);
        for (int i = 0; i < 4; ++i) {
            ip[i] = mp_obj_get_int(items[i]);
        }
    }
    sa->sin_port = htons(mp_obj_get_int(port_in));
}

// args: fd, buf, [ip, port,] timeout_ms
static mp_obj_t pinthost_io(size_t n_args, const mp_obj_t *args, pinthost_op_t op) {
    int fd = mp_obj_get_int(args[0]);
    bool in = op == PINTHOST_RECV || op == PINTHOST_RECVFROM;
    mp_buffer_info_t buf;
    mp_get_buffer_raise(args[1], &buf, in ? MP_BUFFER_WRITE : MP_BUFFER_READ);
    mp_int_t timeout = mp_obj_get_int(args[n_args - 1]);
    // The destination, built here so that a sendto allocates nothing.
    struct sockaddr_in to = { .sin_family = AF_INET };
    if (op == PINTHOST_SENDTO) {
        pinthost_ipv4(args[2], args[3], &to);
    }
    struct sockaddr_in from;
    socklen_t from_len;
    size_t done = 0; // sent so far (a stream send goes on until all is)
    mp_uint_t start = mp_hal_ticks_ms();
    for (;;) {
        byte *p = (byte *)buf.buf + done;
        size_t len = buf.len - done;
        from_len = sizeof(from);
        MP_THREAD_GIL_EXIT();
        ssize_t r;
        switch (op) {
            case PINTHOST_RECV:
                r = recv(fd, p, len, 0);
                break;
            case PINTHOST_SEND:
                r = send(fd, p, len, MSG_NOSIGNAL);
                break;
            case PINTHOST_RECVFROM:
                r = recvfrom(fd, p, len, 0, (struct sockaddr *)&from, &from_len);
                break;
            default:
                r = sendto(fd, p, len, MSG_NOSIGNAL, (const struct sockaddr *)&to, sizeof(to));
                break;
        }
        int err = errno;
        MP_THREAD_GIL_ENTER();
        if (r >= 0) {
            done += r;
            if (op == PINTHOST_SEND && done < buf.len) {
                continue;
            }
            if (op != PINTHOST_RECVFROM) {
                return MP_OBJ_NEW_SMALL_INT(done);
            }
            mp_obj_t addr[2] = {
                mp_obj_new_bytes((const byte *)&from.sin_addr, 4),
                MP_OBJ_NEW_SMALL_INT(ntohs(from.sin_port)),
            };
            mp_obj_t ret[2] = { MP_OBJ_NEW_SMALL_INT(r), mp_obj_new_tuple(2, addr) };
            return mp_obj_new_tuple(2, ret);
        }
        if (err == EAGAIN || err == EWOULDBLOCK) {
            if (timeout != 0 && pinthost_poll(fd, in ? POLLIN : POLLOUT, timeout, start)) {
                continue;
            }
            return done ? MP_OBJ_NEW_SMALL_INT(done) : mp_const_none;
        }
        if (done && err != EINTR) {
            return MP_OBJ_NEW_SMALL_INT(done); // the error comes with the next call
        }
        pinthost_check(err);
    }
}

static mp_obj_t pinthost_recv_into(size_t n_args, const mp_obj_t *args) {
    return pinthost_io(n_args, args, PINTHOST_RECV);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pinthost_recv_into_obj, 3, 3, pinthost_recv_into);

static mp_obj_t pinthost_send(size_t n_args, const mp_obj_t *args) {
    return pinthost_io(n_args, args, PINTHOST_SEND);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pinthost_send_obj, 3, 3, pinthost_send);

static mp_obj_t pinthost_recvfrom_into(size_t n_args, const mp_obj_t *args) {
    return pinthost_io(n_args, args, PINTHOST_RECVFROM);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pinthost_recvfrom_into_obj, 3, 3, pinthost_recvfrom_into);

static mp_obj_t pinthost_sendto(size_t n_args, const mp_obj_t *args) {
    return pinthost_io(n_args, args, PINTHOST_SENDTO);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pinthost_sendto_obj, 5, 5, pinthost_sendto);

static mp_obj_t pinthost_wait(mp_obj_t fd_in, mp_obj_t events_in, mp_obj_t timeout_in) {
    mp_uint_t revents = pinthost_poll(mp_obj_get_int(fd_in), mp_obj_get_int(events_in),
        mp_obj_get_int(timeout_in), mp_hal_ticks_ms());
    return MP_OBJ_NEW_SMALL_INT(revents);
}
static MP_DEFINE_CONST_FUN_OBJ_3(pinthost_wait_obj, pinthost_wait);

static const mp_rom_map_elem_t pinthost_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__pinthost) },
    { MP_ROM_QSTR(MP_QSTR_recv_into), MP_ROM_PTR(&pinthost_recv_into_obj) },
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pinthost_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_recvfrom_into), MP_ROM_PTR(&pinthost_recvfrom_into_obj) },
    { MP_ROM_QSTR(MP_QSTR_sendto), MP_ROM_PTR(&pinthost_sendto_obj) },
    { MP_ROM_QSTR(MP_QSTR_wait), MP_ROM_PTR(&pinthost_wait_obj) },
};
static MP_DEFINE_CONST_DICT(pinthost_globals, pinthost_globals_table);

const mp_obj_module_t mp_module_pinthost = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&pinthost_globals,
};

MP_REGISTER_MODULE(MP_QSTR__pinthost, mp_module_pinthost);
