# The PINT host firmware (see mpconfigvariant.h).

# The unix port's POSIX socket module is replaced by extmod/modsocket.c,
# compiled from pint_host.c in this directory.
MICROPY_PY_SOCKET = 0

# Not in Debian's source tree (a git submodule upstream).
MICROPY_PY_BTREE = 0

SHARED_SRC_C_EXTRA += netutils/netutils.c

# _thread with MicroPython's global interpreter lock, as on esp32 and stm32,
# instead of the unix port's default of threads without one: under thread
# stress with garbage collection, the GIL-less unix port corrupts data and
# crashes now and then even with no PINT involved (docs/robustness.md).
# MICROPY_PY_THREAD = 0 keeps the port's Makefile from asking for no GIL.
MICROPY_PY_THREAD = 0
CFLAGS_EXTRA += -DMICROPY_PY_THREAD=1 -DMICROPY_PY_THREAD_GIL=1
LDFLAGS_EXTRA += -lpthread
# Before MicroPython 1.26 the port slept holding the GIL: __wrap_usleep in
# pint_host.c releases it there.
LDFLAGS_EXTRA += -Wl,--wrap=usleep

# With MicroPython's own mbedTLS (its lib/mbedtls, where Debian's tree links
# the system's), a configuration that keeps the peer's certificate for
# SSLSocket.getpeercert() (mbedtls_config_pint.h).
ifneq ($(wildcard $(TOP)/lib/mbedtls/library/ssl_tls.c),)
MBEDTLS_CONFIG_FILE = \"mbedtls_config_pint.h\"
endif

FROZEN_MANIFEST ?= $(VARIANT_DIR)/manifest.py


# PINT_ERROR_REPORTING=TERSE (build/micropython-terse): MicroPython's terse
# error reporting, as small boards build it; the terse suite runs on it.
ifneq ($(PINT_ERROR_REPORTING),)
CFLAGS_EXTRA += -DPINT_ERROR_REPORTING=MICROPY_ERROR_REPORTING_$(PINT_ERROR_REPORTING)
endif

# make firmware-asan (PINT_SANITIZE=1): AddressSanitizer and UBSan. The GC's
# root scan reads the whole C stack on purpose, redzones included, so py/gc.c
# is left uninstrumented; exceptions unwind with setjmp/longjmp, which ASan
# follows (the assembly NLR would leave stale poisoned stack behind).
ifeq ($(PINT_SANITIZE),1)
PINT_SANITIZERS = -fsanitize=address,undefined -fno-sanitize=nonnull-attribute -fno-omit-frame-pointer
# setjmp NLR makes gcc warn that locals "might be clobbered" in MicroPython code.
CFLAGS_EXTRA += $(PINT_SANITIZERS) -DMICROPY_NLR_SETJMP=1 -Wno-clobbered
LDFLAGS_EXTRA += $(PINT_SANITIZERS)
$(BUILD)/py/gc.o: CFLAGS += -fno-sanitize=address
endif


# Not stripped: bench/glue.py tells PINT's own instructions from the
# driver's by the symbols in callgrind's call graph (only the file on disk
# grows).
STRIP =
