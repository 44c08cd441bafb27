/*
 * PINT: the module _pint, byte handling for device drivers written in
 * Python (pint.fifo, pint.at): a bounded FIFO of bytes, and reads, writes
 * and formatting at an offset of a buffer. In Python each of these makes a
 * memoryview or a slice object on the heap at every call; a driver that
 * moves every byte of a modem's traffic through them would churn the heap
 * at every packet. These allocate nothing.
 *
 *   f = _pint.Fifo(512)                  storage allocated once
 *   f.fill(uart, limit)                  what the stream has, into the room
 *   f.readinto(buf_or_fifo, n)           the oldest bytes out
 *   _pint.readinto(uart, buf, off, n)    a stream read into buf[off:off + n]
 *   _pint.write(uart, buf, off, n)       a stream write of buf[off:off + n]
 *   off = _pint.put(buf, off, x, ...)    each x (bytes, str, an int in decimal)
 *
 * A stream read or write answers as MicroPython's streams do: the count,
 * None when nothing could move without waiting, 0 (read) at the end of the
 * stream. A stream is anything with MicroPython's stream protocol
 * (machine.UART, io.IOBase subclasses); an object with only readinto or
 * write methods works too, through a memoryview.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "py/runtime.h"
#include "py/stream.h"
#include "py/objarray.h"
#include "py/binary.h"

#include "pint.h"

#if PINT_ENABLED

typedef struct _pint_fifo_obj_t {
    mp_obj_base_t base;
    byte *buf;
    size_t size;
    size_t start; // the oldest byte
    size_t end; // one past the newest
} pint_fifo_obj_t;

static const mp_obj_type_t pint_fifo_type;

// An offset argument, from the front: negative counts from the end, as in
// a slice, and the result is clipped to 0..len.
static size_t pint_fifo_offset(mp_obj_t arg, size_t len) {
    mp_int_t i = mp_obj_get_int(arg);
    if (i < 0) {
        i += len;
        if (i < 0) {
            i = 0;
        }
    }
    return (size_t)i > len ? len : (size_t)i;
}

// A count argument: None (all) or an int >= 0.
static size_t pint_count_arg(mp_obj_t arg, size_t all) {
    if (arg == mp_const_none) {
        return all;
    }
    mp_int_t n = mp_obj_get_int(arg);
    if (n < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("negative count"));
    }
    return (size_t)n < all ? (size_t)n : all;
}

// Move the content to the front when the back has less than n free.
static void pint_fifo_make_room(pint_fifo_obj_t *f, size_t n) {
    if (f->size - f->end < n && f->start) {
        memmove(f->buf, f->buf + f->start, f->end - f->start);
        f->end -= f->start;
        f->start = 0;
    }
}

static void pint_fifo_consume_n(pint_fifo_obj_t *f, size_t n) {
    f->start += n < f->end - f->start ? n : f->end - f->start;
    if (f->start == f->end) {
        f->start = f->end = 0;
    }
}

// --- streams

// The stream protocol of obj, or NULL when its type has no protocol. As
// MicroPython's own stream functions do, a type's protocol is taken to be
// the stream protocol when something asks an object to act as a stream.
static const mp_stream_p_t *pint_stream_p(mp_obj_t obj) {
    const mp_obj_type_t *type = mp_obj_get_type(obj);
    return MP_OBJ_TYPE_HAS_SLOT(type, protocol) ? MP_OBJ_TYPE_GET_SLOT(type, protocol) : NULL;
}

// stream.<method>(view) for an object without the stream protocol (readinto,
// or write): the view of n bytes at data is revoked when the call ends,
// however it ends (it points into storage the caller owns).
static mp_obj_t pint_stream_call(mp_obj_t stream, bool write, byte *data, size_t n) {
    mp_obj_t view = mp_obj_new_memoryview(BYTEARRAY_TYPECODE | (write ? 0 : MP_OBJ_ARRAY_TYPECODE_FLAG_RW), n, data);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret = mp_call_function_1(mp_load_attr(stream, write ? MP_QSTR_write : MP_QSTR_readinto), view);
        nlr_pop();
        ((mp_obj_array_t *)MP_OBJ_TO_PTR(view))->len = 0;
        return ret;
    }
    ((mp_obj_array_t *)MP_OBJ_TO_PTR(view))->len = 0;
    nlr_jump(nlr.ret_val);
}

// Move up to n bytes between stream and data: read into data, or (write)
// write data out. The count, or -1 when nothing could move without waiting
// (and for a read of no bytes); 0 from a read is the end of the stream.
// Other errors raise.
static mp_int_t pint_stream_move(mp_obj_t stream, byte *data, size_t n, bool write) {
    if (n == 0 && !write) {
        return -1;
    }
    const mp_stream_p_t *p = pint_stream_p(stream);
    if (p != NULL && (write ? p->write != NULL : p->read != NULL)) {
        int err;
        mp_uint_t moved = write ? p->write(stream, data, n, &err) : p->read(stream, data, n, &err);
        if (moved == MP_STREAM_ERROR) {
            if (mp_is_nonblocking_error(err)) {
                return -1;
            }
            mp_raise_OSError(err);
        }
        return moved > n ? (mp_int_t)n : (mp_int_t)moved;
    }
    // A plain object with a readinto or write method: lent a view.
    mp_obj_t ret = pint_stream_call(stream, write, data, n);
    if (ret == mp_const_none) {
        return -1;
    }
    mp_int_t moved = mp_obj_get_int(ret);
    if (moved < 0 || (size_t)moved > n) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%q returned " INT_FMT " for %u bytes"),
            write ? MP_QSTR_write : MP_QSTR_readinto, moved, (unsigned)n);
    }
    return moved;
}

static mp_obj_t pint_stream_result(mp_int_t n) {
    return n < 0 ? mp_const_none : MP_OBJ_NEW_SMALL_INT(n);
}

// The part buf[off:off + n] of a buffer (clipped to it).
static byte *pint_buffer_part(mp_obj_t buf_in, mp_obj_t off_in, mp_obj_t n_in, size_t *n, mp_uint_t flags) {
    mp_buffer_info_t b;
    mp_get_buffer_raise(buf_in, &b, flags);
    size_t off = pint_fifo_offset(off_in, b.len);
    *n = pint_count_arg(n_in, b.len - off);
    return (byte *)b.buf + off;
}

// _pint.readinto(stream, buf, off, n)
static mp_obj_t pint_mod_readinto(size_t n_args, const mp_obj_t *args) {
    size_t n;
    byte *dest = pint_buffer_part(args[1], args[2], args[3], &n, MP_BUFFER_WRITE);
    return pint_stream_result(pint_stream_move(args[0], dest, n, false));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_mod_readinto_obj, 4, 4, pint_mod_readinto);

// _pint.write(stream, buf, off, n)
static mp_obj_t pint_mod_write(size_t n_args, const mp_obj_t *args) {
    size_t n;
    byte *src = pint_buffer_part(args[1], args[2], args[3], &n, MP_BUFFER_READ);
    return pint_stream_result(n ? pint_stream_move(args[0], src, n, true) : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_mod_write_obj, 4, 4, pint_mod_write);

// _pint.put(buf, off, x, ...): each x's bytes (bytes, bytearray, str) or a
// non-negative int in decimal, one after the other from buf[off]; returns
// the offset after them.
static mp_obj_t pint_mod_put(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t b;
    mp_get_buffer_raise(args[0], &b, MP_BUFFER_WRITE);
    mp_int_t off = mp_obj_get_int(args[1]);
    if (off < 0 || (size_t)off > b.len) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("buffer too small"));
    }
    for (size_t i = 2; i < n_args; i++) {
        mp_obj_t x = args[i];
        char digits[24];
        const byte *src;
        size_t len;
        if (mp_obj_is_int(x)) {
            mp_int_t v = mp_obj_get_int(x);
            if (v < 0) {
                mp_raise_ValueError(MP_ERROR_TEXT("negative number"));
            }
            char *d = digits + sizeof(digits);
            do {
                *--d = '0' + v % 10;
                v /= 10;
            } while (v);
            src = (const byte *)d;
            len = digits + sizeof(digits) - d;
        } else {
            mp_buffer_info_t s;
            mp_get_buffer_raise(x, &s, MP_BUFFER_READ);
            src = s.buf;
            len = s.len;
        }
        if (len > b.len - off) {
            mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("buffer too small"));
        }
        memmove((byte *)b.buf + off, src, len);
        off += len;
    }
    return MP_OBJ_NEW_SMALL_INT(off);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(pint_mod_put_obj, 2, pint_mod_put);

// --- the Fifo type

static mp_obj_t pint_fifo_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, false);
    mp_int_t size = mp_obj_get_int(args[0]);
    if (size <= 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("size must be positive"));
    }
    pint_fifo_obj_t *f = mp_obj_malloc(pint_fifo_obj_t, type);
    f->buf = m_new(byte, size);
    f->size = size;
    f->start = f->end = 0;
    return MP_OBJ_FROM_PTR(f);
}

static mp_obj_t pint_fifo_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    switch (op) {
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(f->end - f->start);
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(f->end != f->start);
        default:
            return MP_OBJ_NULL;
    }
}

// f[i]: the byte at offset i from the front (an int).
static mp_obj_t pint_fifo_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL; // no store or delete
    }
    size_t i = mp_get_index(&pint_fifo_type, f->end - f->start, index, false);
    return MP_OBJ_NEW_SMALL_INT(f->buf[f->start + i]);
}

// room(): how many more bytes fit.
static mp_obj_t pint_fifo_room(mp_obj_t self_in) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    return MP_OBJ_NEW_SMALL_INT(f->size - (f->end - f->start));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_fifo_room_obj, pint_fifo_room);

static mp_obj_t pint_fifo_clear(mp_obj_t self_in) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    f->start = f->end = 0;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pint_fifo_clear_obj, pint_fifo_clear);

// write(data): append what fits of data; the count taken.
static mp_obj_t pint_fifo_write(mp_obj_t self_in, mp_obj_t data) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    mp_buffer_info_t b;
    mp_get_buffer_raise(data, &b, MP_BUFFER_READ);
    size_t room = f->size - (f->end - f->start);
    size_t n = b.len < room ? b.len : room;
    if (n) {
        pint_fifo_make_room(f, n);
        memmove(f->buf + f->end, b.buf, n);
        f->end += n;
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pint_fifo_write_obj, pint_fifo_write);

// fill(stream[, limit]): read what stream has, without waiting, into the
// room (at most limit bytes): the count, None when nothing came or there is
// no room, 0 at the end of the stream.
static mp_obj_t pint_fifo_fill(size_t n_args, const mp_obj_t *args) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(args[0]);
    size_t n = f->size - (f->end - f->start);
    if (n_args > 2) {
        n = pint_count_arg(args[2], n);
    }
    if (!n) {
        return mp_const_none;
    }
    pint_fifo_make_room(f, n);
    mp_int_t got = pint_stream_move(args[1], f->buf + f->end, n, false);
    if (got > 0) {
        f->end += got;
    }
    return pint_stream_result(got);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_fifo_fill_obj, 2, 3, pint_fifo_fill);

// readinto(dest[, n]): move up to n (default: all that fits) of the oldest
// bytes into dest, a buffer (from its start) or another Fifo (its room);
// the count moved.
static mp_obj_t pint_fifo_readinto(size_t n_args, const mp_obj_t *args) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(args[0]);
    size_t have = f->end - f->start;
    byte *dest = NULL;
    size_t n;
    pint_fifo_obj_t *to = NULL;
    if (mp_obj_is_type(args[1], &pint_fifo_type)) {
        to = MP_OBJ_TO_PTR(args[1]);
        n = to->size - (to->end - to->start);
    } else {
        mp_buffer_info_t b;
        mp_get_buffer_raise(args[1], &b, MP_BUFFER_WRITE);
        dest = b.buf;
        n = b.len;
    }
    if (n_args > 2) {
        n = pint_count_arg(args[2], n);
    }
    if (n > have) {
        n = have;
    }
    if (n) {
        if (to != NULL) {
            if (to == f) {
                return MP_OBJ_NEW_SMALL_INT(0);
            }
            pint_fifo_make_room(to, n);
            dest = to->buf + to->end;
            to->end += n;
        }
        memmove(dest, f->buf + f->start, n);
        pint_fifo_consume_n(f, n);
    }
    return MP_OBJ_NEW_SMALL_INT(n);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_fifo_readinto_obj, 2, 3, pint_fifo_readinto);

// consume(n): drop the oldest n bytes.
static mp_obj_t pint_fifo_consume(mp_obj_t self_in, mp_obj_t n) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    pint_fifo_consume_n(f, pint_count_arg(n, f->end - f->start));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pint_fifo_consume_obj, pint_fifo_consume);

// The range start..end (args, optional) of the content, as offsets from
// the buffer's start.
static void pint_fifo_range(pint_fifo_obj_t *f, size_t n_args, const mp_obj_t *args, size_t *lo, size_t *hi) {
    size_t have = f->end - f->start;
    size_t a = n_args > 0 ? pint_fifo_offset(args[0], have) : 0;
    size_t b = n_args > 1 && args[1] != mp_const_none ? pint_fifo_offset(args[1], have) : have;
    *lo = f->start + a;
    *hi = f->start + (b < a ? a : b);
}

// peek([start[, end]]): the bytes at offsets start..end, as bytes.
static mp_obj_t pint_fifo_peek(size_t n_args, const mp_obj_t *args) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(args[0]);
    size_t lo, hi;
    pint_fifo_range(f, n_args - 1, args + 1, &lo, &hi);
    return mp_obj_new_bytes(f->buf + lo, hi - lo);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_fifo_peek_obj, 1, 3, pint_fifo_peek);

// read(n): the oldest n bytes (or fewer), as bytes, taken out.
static mp_obj_t pint_fifo_read(mp_obj_t self_in, mp_obj_t n_in) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    size_t n = pint_count_arg(n_in, f->end - f->start);
    mp_obj_t data = mp_obj_new_bytes(f->buf + f->start, n);
    pint_fifo_consume_n(f, n);
    return data;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pint_fifo_read_obj, pint_fifo_read);

// find(sub[, start[, end]]): the offset of the first sub that lies wholly
// within start..end, or -1.
static mp_obj_t pint_fifo_find(size_t n_args, const mp_obj_t *args) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(args[0]);
    mp_buffer_info_t s;
    mp_get_buffer_raise(args[1], &s, MP_BUFFER_READ);
    size_t lo, hi;
    pint_fifo_range(f, n_args - 2, args + 2, &lo, &hi);
    if (s.len == 0) {
        return MP_OBJ_NEW_SMALL_INT(lo - f->start);
    }
    const byte *first = s.buf;
    for (size_t i = lo; i + s.len <= hi; i++) {
        if (f->buf[i] == *first && memcmp(f->buf + i, s.buf, s.len) == 0) {
            return MP_OBJ_NEW_SMALL_INT(i - f->start);
        }
    }
    return MP_OBJ_NEW_SMALL_INT(-1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_fifo_find_obj, 2, 4, pint_fifo_find);

// startswith(prefix[, start]): whether the bytes at offset start begin
// with prefix.
static mp_obj_t pint_fifo_startswith(size_t n_args, const mp_obj_t *args) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(args[0]);
    mp_buffer_info_t s;
    mp_get_buffer_raise(args[1], &s, MP_BUFFER_READ);
    size_t lo, hi;
    pint_fifo_range(f, n_args - 2, args + 2, &lo, &hi);
    return mp_obj_new_bool(hi - lo >= s.len && memcmp(f->buf + lo, s.buf, s.len) == 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pint_fifo_startswith_obj, 2, 3, pint_fifo_startswith);

// number(start, end): the decimal number written at offsets start..end
// (digits only, at most 9 of them), or -1 when it is not one.
static mp_obj_t pint_fifo_number(mp_obj_t self_in, mp_obj_t start, mp_obj_t end) {
    pint_fifo_obj_t *f = MP_OBJ_TO_PTR(self_in);
    mp_obj_t range[2] = { start, end };
    size_t lo, hi;
    pint_fifo_range(f, 2, range, &lo, &hi);
    if (hi == lo || hi - lo > 9) {
        return MP_OBJ_NEW_SMALL_INT(-1);
    }
    mp_int_t v = 0;
    for (size_t i = lo; i < hi; i++) {
        byte c = f->buf[i];
        if (c < '0' || c > '9') {
            return MP_OBJ_NEW_SMALL_INT(-1);
        }
        v = v * 10 + (c - '0');
    }
    return MP_OBJ_NEW_SMALL_INT(v);
}
static MP_DEFINE_CONST_FUN_OBJ_3(pint_fifo_number_obj, pint_fifo_number);

static const mp_rom_map_elem_t pint_fifo_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_room), MP_ROM_PTR(&pint_fifo_room_obj) },
    { MP_ROM_QSTR(MP_QSTR_clear), MP_ROM_PTR(&pint_fifo_clear_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&pint_fifo_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_fill), MP_ROM_PTR(&pint_fifo_fill_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&pint_fifo_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&pint_fifo_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_consume), MP_ROM_PTR(&pint_fifo_consume_obj) },
    { MP_ROM_QSTR(MP_QSTR_peek), MP_ROM_PTR(&pint_fifo_peek_obj) },
    { MP_ROM_QSTR(MP_QSTR_find), MP_ROM_PTR(&pint_fifo_find_obj) },
    { MP_ROM_QSTR(MP_QSTR_startswith), MP_ROM_PTR(&pint_fifo_startswith_obj) },
    { MP_ROM_QSTR(MP_QSTR_number), MP_ROM_PTR(&pint_fifo_number_obj) },
};
static MP_DEFINE_CONST_DICT(pint_fifo_locals_dict, pint_fifo_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    pint_fifo_type,
    MP_QSTR_Fifo,
    MP_TYPE_FLAG_NONE,
    make_new, pint_fifo_make_new,
    unary_op, pint_fifo_unary_op,
    subscr, pint_fifo_subscr,
    locals_dict, &pint_fifo_locals_dict
    );

static const mp_rom_map_elem_t pint_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__pint) },
    { MP_ROM_QSTR(MP_QSTR_Fifo), MP_ROM_PTR(&pint_fifo_type) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&pint_mod_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&pint_mod_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_put), MP_ROM_PTR(&pint_mod_put_obj) },
};
static MP_DEFINE_CONST_DICT(pint_module_globals, pint_module_globals_table);

const mp_obj_module_t pint_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&pint_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__pint, pint_module);

#endif // PINT_ENABLED
