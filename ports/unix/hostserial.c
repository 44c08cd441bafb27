/*
 * _pintserial: a serial line of the host (a tty: /dev/ttyUSB0 with a real
 * module on a USB-serial adapter, or a pty) as a MicroPython stream, for
 * drivers of devices on a UART (pint.espat) on the host firmware, where a
 * board would give them a machine.UART.
 *
 *   Serial(path, baudrate=115200, exclusive=False)
 *       raw mode, 8N1, no flow control; exclusive: fail with EBUSY when
 *       another process holds the line (flock), to pick a free one of many
 *   read(n) / readinto(buf[, n]) / readline()   what has arrived, None if
 *       nothing (never waits: wait with select.poll)
 *   write(buf)        all of buf (waits while the line is busy)
 *   any()             bytes waiting to be read
 *   close()
 * select.poll accepts it (POLLIN/POLLOUT), and so does PINT as a driver's
 * wake object. The GIL is released while it waits.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "py/runtime.h"
#include "py/stream.h"
#include "py/mphal.h"

#include "hostpoll.h"

typedef struct _pintserial_obj_t {
    mp_obj_base_t base;
    int fd;
} pintserial_obj_t;

static const struct {
    mp_int_t baud;
    speed_t speed;
} pintserial_speeds[] = {
    { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
    { 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 }, { 1000000, B1000000 },
    { 2000000, B2000000 }, { 3000000, B3000000 },
};

static pintserial_obj_t *pintserial_open_obj(mp_obj_t self_in) {
    pintserial_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("I/O operation on closed serial line"));
    }
    return self;
}

static mp_obj_t pintserial_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all) {
    enum { ARG_path, ARG_baudrate, ARG_exclusive };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_path, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_baudrate, MP_ARG_INT, {.u_int = 115200} },
        { MP_QSTR_exclusive, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all, MP_ARRAY_SIZE(allowed), allowed, args);
    speed_t speed = 0;
    for (size_t i = 0; i < MP_ARRAY_SIZE(pintserial_speeds); ++i) {
        if (pintserial_speeds[i].baud == args[ARG_baudrate].u_int) {
            speed = pintserial_speeds[i].speed;
        }
    }
    if (speed == 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("unsupported baudrate"));
    }
    const char *path = mp_obj_str_get_str(args[ARG_path].u_obj);
    int fd;
    MP_HAL_RETRY_SYSCALL(fd, open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC), mp_raise_OSError(err));
    if (args[ARG_exclusive].u_bool && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno == EWOULDBLOCK ? MP_EBUSY : errno;
        close(fd);
        mp_raise_OSError(err);
    }
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        int err = errno;
        close(fd);
        mp_raise_OSError(err);
    }
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(CSTOPB | CRTSCTS);
    cfsetispeed(&t, speed);
    cfsetospeed(&t, speed);
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        int err = errno;
        close(fd);
        mp_raise_OSError(err);
    }
    pintserial_obj_t *self = mp_obj_malloc_with_finaliser(pintserial_obj_t, type);
    self->fd = fd;
    return MP_OBJ_FROM_PTR(self);
}

static mp_uint_t pintserial_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    pintserial_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd < 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    for (;;) {
        ssize_t n = read(self->fd, buf, size);
        if (n >= 0) {
            return n;
        }
        if (errno != EINTR) {
            // EAGAIN: nothing has arrived (the stream layer returns None).
            *errcode = errno;
            return MP_STREAM_ERROR;
        }
        mp_handle_pending(true);
    }
}

static mp_uint_t pintserial_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    pintserial_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd < 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    mp_uint_t done = 0;
    while (done < size) {
        ssize_t n = write(self->fd, (const char *)buf + done, size - done);
        if (n >= 0) {
            done += n;
        } else if (errno == EAGAIN) {
            pinthost_poll(self->fd, POLLOUT, -1, 0);
        } else if (errno == EINTR) {
            mp_handle_pending(true);
        } else {
            *errcode = errno;
            return MP_STREAM_ERROR;
        }
    }
    return done;
}

static mp_uint_t pintserial_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    pintserial_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (request == MP_STREAM_CLOSE) {
        if (self->fd >= 0) {
            close(self->fd);
            self->fd = -1;
        }
        return 0;
    }
    if (self->fd < 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    if (request == MP_STREAM_POLL) {
        struct pollfd p = { .fd = self->fd, .events = 0 };
        if (arg & MP_STREAM_POLL_RD) {
            p.events |= POLLIN;
        }
        if (arg & MP_STREAM_POLL_WR) {
            p.events |= POLLOUT;
        }
        if (poll(&p, 1, 0) < 0) {
            *errcode = errno;
            return MP_STREAM_ERROR;
        }
        mp_uint_t ret = 0;
        if (p.revents & POLLIN) {
            ret |= MP_STREAM_POLL_RD;
        }
        if (p.revents & POLLOUT) {
            ret |= MP_STREAM_POLL_WR;
        }
        if (p.revents & POLLERR) {
            ret |= MP_STREAM_POLL_ERR;
        }
        if (p.revents & POLLHUP) {
            ret |= MP_STREAM_POLL_HUP;
        }
        return ret & (arg | MP_STREAM_POLL_ERR | MP_STREAM_POLL_HUP);
    }
    if (request == MP_STREAM_GET_FILENO) {
        return self->fd;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static mp_obj_t pintserial_any(mp_obj_t self_in) {
    pintserial_obj_t *self = pintserial_open_obj(self_in);
    int n = 0;
    if (ioctl(self->fd, FIONREAD, &n) != 0) {
        mp_raise_OSError(errno);
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_1(pintserial_any_obj, pintserial_any);

static mp_obj_t pintserial_fileno(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(pintserial_open_obj(self_in)->fd);
}
static MP_DEFINE_CONST_FUN_OBJ_1(pintserial_fileno_obj, pintserial_fileno);

static void pintserial_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    pintserial_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<Serial fd=%d>", self->fd);
}

static const mp_rom_map_elem_t pintserial_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR_any), MP_ROM_PTR(&pintserial_any_obj) },
    { MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&pintserial_fileno_obj) },
};
static MP_DEFINE_CONST_DICT(pintserial_locals, pintserial_locals_table);

static const mp_stream_p_t pintserial_stream = {
    .read = pintserial_read,
    .write = pintserial_write,
    .ioctl = pintserial_ioctl,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    pintserial_type,
    MP_QSTR_Serial,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    make_new, pintserial_make_new,
    print, pintserial_print,
    protocol, &pintserial_stream,
    locals_dict, &pintserial_locals
    );

static const mp_rom_map_elem_t pintserial_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__pintserial) },
    { MP_ROM_QSTR(MP_QSTR_Serial), MP_ROM_PTR(&pintserial_type) },
};
static MP_DEFINE_CONST_DICT(pintserial_globals, pintserial_globals_table);

const mp_obj_module_t mp_module_pintserial = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&pintserial_globals,
};

MP_REGISTER_MODULE(MP_QSTR__pintserial, mp_module_pintserial);
