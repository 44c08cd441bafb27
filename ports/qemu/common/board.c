/*
 * PINT's qemu boards: what MicroPython's bare-metal qemu port leaves out and
 * the network stack needs, small and in C, as a board would have it:
 *  - before MicroPython 1.27, whose qemu port has its own, a millisecond
 *    tick and delays (time, timeouts): SysTick on the Cortex-M3
 *    (mps2-an385), the CLINT's mtime on RISC-V (virt);
 *  - the network module's start-up;
 *  - on mps2-an385, its second UART as a stream (pintuart.UART), for a
 *    modem on a serial line (qemu connects it to a host pty).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "py/runtime.h"
#include "py/mphal.h"
#include "py/stream.h"
#include "extmod/modnetwork.h"

#define PINT_BOARD_TICKS (MICROPY_VERSION < MICROPY_MAKE_VERSION(1, 27, 0))

#if PINT_BOARD_TICKS && defined(QEMU_SOC_MPS2)

// SysTick at 1 kHz. startup.c's vector table is const and errorhandler.c
// defines SysTick_Handler: the table is copied to RAM, with this board's
// handler in the SysTick slot (15), and VTOR pointed at the copy.
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08)
#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)
#define CPU_HZ (25000000)

static volatile uint32_t board_ticks_ms;
static uint32_t board_vectors[64] __attribute__((aligned(256)));

static void board_systick(void) {
    board_ticks_ms += 1;
}

static void board_tick_init(void) {
    memcpy(board_vectors, (const void *)SCB_VTOR, sizeof(board_vectors));
    board_vectors[15] = (uint32_t)board_systick;
    SCB_VTOR = (uint32_t)board_vectors;
    SYST_RVR = CPU_HZ / 1000 - 1;
    SYST_CVR = 0;
    SYST_CSR = 7; // processor clock, interrupt, enable
}

mp_uint_t mp_hal_ticks_ms(void) {
    return board_ticks_ms;
}

mp_uint_t mp_hal_ticks_us(void) {
    // The millisecond count and how far SysTick has counted down into it
    // (read again if a tick came in between).
    uint32_t ms, cvr;
    do {
        ms = board_ticks_ms;
        cvr = SYST_CVR;
    } while (ms != board_ticks_ms);
    return ms * 1000 + (CPU_HZ / 1000 - 1 - cvr) / (CPU_HZ / 1000000);
}

#elif PINT_BOARD_TICKS && defined(QEMU_SOC_VIRT)

// The CLINT's mtime, 10 MHz.
#define CLINT_MTIME_LO (*(volatile uint32_t *)0x0200BFF8)
#define CLINT_MTIME_HI (*(volatile uint32_t *)0x0200BFFC)

static uint64_t board_mtime(void) {
    uint32_t hi, lo;
    do {
        hi = CLINT_MTIME_HI;
        lo = CLINT_MTIME_LO;
    } while (hi != CLINT_MTIME_HI);
    return ((uint64_t)hi << 32) | lo;
}

static void board_tick_init(void) {
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(board_mtime() / 10000);
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)(board_mtime() / 10);
}

#endif

#if PINT_BOARD_TICKS

mp_uint_t mp_hal_ticks_cpu(void) {
    return mp_hal_ticks_us();
}

void mp_hal_delay_us(mp_uint_t us) {
    mp_uint_t start = mp_hal_ticks_us();
    while (mp_hal_ticks_us() - start < us) {
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    mp_uint_t start = mp_hal_ticks_ms();
    while (mp_hal_ticks_ms() - start < ms) {
        mp_event_wait_ms(1);
    }
}

#endif // PINT_BOARD_TICKS

void pint_board_init(void) {
    #if PINT_BOARD_TICKS
    static bool ticking;
    if (!ticking) {
        board_tick_init();
        ticking = true;
    }
    #endif
    mod_network_init();
}

#if defined(QEMU_SOC_MPS2)

// UART1 of mps2-an385 (a CMSDK UART), as a stream with the parts of
// machine.UART's interface a driver uses: pintuart.UART(1) with read,
// readinto, write, any, and select.poll support. qemu holds the host's
// bytes until the one-byte receive register is read, so nothing is lost
// while it is polled.
typedef struct _board_uart_regs_t {
    volatile uint32_t DATA;
    volatile uint32_t STATE;
    volatile uint32_t CTRL;
    volatile uint32_t INTSTATUS;
    volatile uint32_t BAUDDIV;
} board_uart_regs_t;

#define BOARD_UART1 ((board_uart_regs_t *)0x40005000)
#define UART_STATE_TXFULL (1 << 0)
#define UART_STATE_RXFULL (1 << 1)

typedef struct _board_uart_obj_t {
    mp_obj_base_t base;
} board_uart_obj_t;

static const mp_obj_type_t board_uart_type;
static const board_uart_obj_t board_uart1 = { { &board_uart_type } };

static mp_obj_t board_uart_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 1, 1, true); // UART(1[, baudrate, ...]): the rate is qemu's
    if (mp_obj_get_int(args[0]) != 1) {
        mp_raise_ValueError(MP_ERROR_TEXT("only UART(1)"));
    }
    BOARD_UART1->BAUDDIV = 16;
    BOARD_UART1->CTRL = 3; // TX and RX enabled
    return MP_OBJ_FROM_PTR(&board_uart1);
}

static mp_uint_t board_uart_read(mp_obj_t self_in, void *buf_in, mp_uint_t size, int *errcode) {
    byte *buf = buf_in;
    mp_uint_t n = 0;
    while (n < size && (BOARD_UART1->STATE & UART_STATE_RXFULL)) {
        buf[n++] = BOARD_UART1->DATA;
    }
    if (n == 0 && size > 0) {
        *errcode = MP_EAGAIN; // nothing yet: read() answers None
        return MP_STREAM_ERROR;
    }
    return n;
}

static mp_uint_t board_uart_write(mp_obj_t self_in, const void *buf_in, mp_uint_t size, int *errcode) {
    const byte *buf = buf_in;
    for (mp_uint_t i = 0; i < size; ++i) {
        while (BOARD_UART1->STATE & UART_STATE_TXFULL) {
        }
        BOARD_UART1->DATA = buf[i];
    }
    return size;
}

static mp_uint_t board_uart_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    if (request == MP_STREAM_POLL) {
        mp_uint_t ret = arg & MP_STREAM_POLL_WR;
        if ((arg & MP_STREAM_POLL_RD) && (BOARD_UART1->STATE & UART_STATE_RXFULL)) {
            ret |= MP_STREAM_POLL_RD;
        }
        return ret;
    }
    if (request == MP_STREAM_CLOSE) {
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static mp_obj_t board_uart_any(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT((BOARD_UART1->STATE & UART_STATE_RXFULL) ? 1 : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_1(board_uart_any_obj, board_uart_any);

static const mp_rom_map_elem_t board_uart_locals_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_any), MP_ROM_PTR(&board_uart_any_obj) },
};
static MP_DEFINE_CONST_DICT(board_uart_locals, board_uart_locals_table);

static const mp_stream_p_t board_uart_stream = {
    .read = board_uart_read,
    .write = board_uart_write,
    .ioctl = board_uart_ioctl,
};

static MP_DEFINE_CONST_OBJ_TYPE(
    board_uart_type,
    MP_QSTR_UART,
    MP_TYPE_FLAG_NONE,
    make_new, board_uart_make_new,
    protocol, &board_uart_stream,
    locals_dict, &board_uart_locals
    );

static const mp_rom_map_elem_t board_pintuart_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_pintuart) },
    { MP_ROM_QSTR(MP_QSTR_UART), MP_ROM_PTR(&board_uart_type) },
};
static MP_DEFINE_CONST_DICT(board_pintuart_globals, board_pintuart_globals_table);

const mp_obj_module_t board_pintuart_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&board_pintuart_globals,
};

MP_REGISTER_MODULE(MP_QSTR_pintuart, board_pintuart_module);

#endif
