// Configuration of a bare Cortex-M0+ "port" used only to compile, not link,
// the C files that bench/codesize.py measures: PINT and MicroPython's NINA-W10
// and WIZnet NICs, all against the same settings. Network options are those
// of a make/cmake board that has NICs and no lwIP (rp2, stm32 style).
// MICROPY_PY_NETWORK_NINAW10 and MICROPY_PY_NETWORK_WIZNET5K come from the
// Makefile, through extmod/extmod.mk, as on the real ports.

#include <stdint.h>

// Feature level of the rp2 and stm32 ports.
#define MICROPY_CONFIG_ROM_LEVEL            (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)
#define MICROPY_ENABLE_GC                   (1)
#define MICROPY_ENABLE_SCHEDULER            (1)
#define MICROPY_SCHEDULER_DEPTH             (8)
#define MICROPY_LONGINT_IMPL                (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL                  (MICROPY_FLOAT_IMPL_FLOAT)
#define MICROPY_USE_INTERNAL_ERRNO          (1)
#define MICROPY_PY_THREAD                   (0)

// Networking: NICs implementing extmod/modnetwork.h, socket from modsocket.c.
#define MICROPY_PY_NETWORK                  (1)
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT "mpy-m0plus"
#define MICROPY_PY_SOCKET                   (1)
#define MICROPY_PY_SOCKET_EXTENDED_STATE    (1)
#define MICROPY_PY_LWIP                     (0)
#define MICROPY_PY_MACHINE                  (1)
#define MICROPY_PY_MACHINE_SPI              (1)

extern const struct _mp_obj_type_t mod_network_nic_type_pint;
extern const struct _mp_obj_type_t mod_network_nic_type_nina;
extern const struct _mp_obj_type_t mod_network_nic_type_wiznet5k;
#define MICROPY_PORT_NETWORK_INTERFACES \
    { MP_ROM_QSTR(MP_QSTR_PINT), MP_ROM_PTR(&mod_network_nic_type_pint) }, \
    { MP_ROM_QSTR(MP_QSTR_WLAN), MP_ROM_PTR(&mod_network_nic_type_nina) }, \
    { MP_ROM_QSTR(MP_QSTR_WIZNET5K), MP_ROM_PTR(&mod_network_nic_type_wiznet5k) },

// Atomic sections mask interrupts (PRIMASK), as single-core ports do.
static inline uint32_t codesize_disable_irq(void) {
    uint32_t state;
    __asm volatile ("mrs %0, primask\n\tcpsid i" : "=r" (state) : : "memory");
    return state;
}
static inline void codesize_enable_irq(uint32_t state) {
    __asm volatile ("msr primask, %0" : : "r" (state) : "memory");
}
#define MICROPY_BEGIN_ATOMIC_SECTION()      codesize_disable_irq()
#define MICROPY_END_ATOMIC_SECTION(state)   codesize_enable_irq(state)

#define MP_STATE_PORT MP_STATE_VM

typedef intptr_t mp_int_t; // as rp2: int on arm-none-eabi
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;

#include <alloca.h>
