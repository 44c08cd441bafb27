# PINT: Python Implementation of Network Transports.
#
#   make demo              build the host firmware and run the main demo
#   make test              build everything and run all tests
#   make firmware          build build/micropython only (the host firmware)
#   make firmware-debug    the host firmware unoptimised, for gdb and valgrind
#   make firmware-asan     the host firmware with ASan and UBSan
#   make firmware-terse    the host firmware with terse error reporting
#   make firmware-qemu     the bare-metal board firmwares (docs/boards.md)
#   make firmware-rp2      the Raspberry Pi Pico firmware (MICROPY_DIR with the
#                          rp2 port's submodules; docs/boards.md)
#   make demo-espat        the ESP-AT driver and an emulated modem
#   make demo-board        the Cortex-M3 board under qemu, networked by its UART
#   make demo-pico         the same on an emulated Raspberry Pi Pico (MICROPY_DIR
#                          as for firmware-rp2, PINT_RP2040_BOOTROM: docs/pico.md)
#   make conformance DRIVER=file.py:factory   check a driver (docs/driver-guide.md)
#   make bench             run the benchmarks, write docs/performance.md
#   make fuzz-long         1,000,000 driver-fuzzer operations under ASan
#   make fuzz-parse        libFuzzer on the address parser
#   make stress-threads    the thread stress alone
#   make soak-espat        ten minutes of pint.espat at serial speed under
#                          random modem faults (tests/espat/soak.py)
#   make format            format the Python with black (make test checks it)
#   make deps, qemu-deps   install the Debian packages needed (as root):
#                          build-deps to build, test-deps to test besides
#   make micropython-dir   print the MicroPython tree in use
#   make clean             remove build/
#
# MICROPY_DIR=/path/to/micropython uses your own checkout (MicroPython 1.23
# or later) instead of the Debian source package that
# tools/fetch-micropython fetches and caches. MICROPY_DIRS="/path/a /path/b"
# makes make test also build and test PINT against each of those trees
# (in build/mp-<version>/); PINT_BUILD=dir builds somewhere else than build/.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Everything built goes here; PINT_BUILD=dir puts a build against another
# MicroPython tree beside the default one (the tools read it too).
BUILD := $(abspath $(or $(PINT_BUILD),$(ROOT)/build))
export PINT_BUILD := $(BUILD)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# The MicroPython tree, fetched only for targets that build or test.
NO_TREE_GOALS := clean deps build-deps test-deps qemu-deps qemu-build-deps rp2-deps format
ifneq ($(filter-out $(NO_TREE_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(MICROPY_DIR),)
MICROPY_DIR := $(shell $(ROOT)/tools/fetch-micropython)
endif
ifeq ($(wildcard $(MICROPY_DIR)/py/mpconfig.h),)
$(error MicroPython tree not found (MICROPY_DIR=$(MICROPY_DIR)))
endif
export MICROPY_DIR
endif

FIRMWARE := $(BUILD)/micropython
PINT_SOURCES := $(wildcard $(ROOT)/pint/*.[ch] $(ROOT)/pint/micropython.mk) \
	$(wildcard $(ROOT)/ports/unix/*) $(shell find $(ROOT)/python -name '*.py')

UNIX_MAKE = $(MAKE) -C $(MICROPY_DIR)/ports/unix -j$(JOBS) \
	VARIANT_DIR=$(ROOT)/ports/unix USER_C_MODULES=$(ROOT)

.PHONY: all deps build-deps test-deps qemu-deps qemu-build-deps rp2-deps firmware-rp2 firmware-qemu firmware firmware-debug firmware-asan firmware-terse fuzz-long fuzz-parse stress-threads soak-espat bench demo demo-espat demo-board demo-pico conformance test micropython-dir format clean

all: firmware

# Building needs only build-deps; the test tools (test-deps) are installed
# by the targets that test.
deps:
	@$(ROOT)/tools/install-deps build test

build-deps:
	@$(ROOT)/tools/install-deps build

test-deps:
	@$(ROOT)/tools/install-deps test

micropython-dir:
	@echo $(MICROPY_DIR)

firmware: $(FIRMWARE)

# mpy-cross (for the frozen modules) is built first and on its own: variables
# given to the unix build on its command line would reach its sub-make.
MPY_CROSS := $(MICROPY_DIR)/mpy-cross/build/mpy-cross

$(MPY_CROSS): | build-deps
	env -u MAKEFLAGS -u MFLAGS $(MAKE) -C $(MICROPY_DIR)/mpy-cross -j$(JOBS)

# MicroPython's make does not rebuild objects when compiler flags change (the
# variant's .mk sets flags), nor its generated headers when the list of
# sources changes (PINT's micropython.mk): a build directory older than
# either starts over.
BUILD_DEFINING := $(ROOT)/ports/unix/mpconfigvariant.mk $(ROOT)/pint/micropython.mk $(ROOT)/ports/qemu/common/board.mk
define fresh_build_dir
	if [ -d $(1) ] && [ -n "$$(find $(BUILD_DEFINING) -newer $(1)/.variant-mk 2>/dev/null)" ]; then rm -rf $(1); fi
	if [ ! -f $(1)/.variant-mk ]; then rm -rf $(1); fi
	mkdir -p $(1) && touch $(1)/.variant-mk
endef

$(FIRMWARE): $(PINT_SOURCES) $(MPY_CROSS) | build-deps
	$(call fresh_build_dir,$(BUILD)/unix)
	$(UNIX_MAKE) BUILD=$(BUILD)/unix
	cp $(BUILD)/unix/micropython $@

# Unstripped, unoptimised, with assertions: for gdb and valgrind.
$(BUILD)/micropython-debug: $(PINT_SOURCES) $(MPY_CROSS) | build-deps
	$(call fresh_build_dir,$(BUILD)/unix-debug)
	$(UNIX_MAKE) BUILD=$(BUILD)/unix-debug DEBUG=1 COPT=-O0
	cp $(BUILD)/unix-debug/micropython $@

firmware-debug: $(BUILD)/micropython-debug

# AddressSanitizer and UndefinedBehaviorSanitizer (see ports/unix/mpconfigvariant.mk).
$(BUILD)/micropython-asan: $(PINT_SOURCES) $(MPY_CROSS) | build-deps
	$(call fresh_build_dir,$(BUILD)/unix-asan)
	$(UNIX_MAKE) BUILD=$(BUILD)/unix-asan PINT_SANITIZE=1 COPT="-O1 -g" STRIP=
	cp $(BUILD)/unix-asan/micropython $@

firmware-asan: $(BUILD)/micropython-asan

# MicroPython's terse error reporting, as small boards build it (the terse
# suite: PINT's shorter error texts).
$(BUILD)/micropython-terse: $(PINT_SOURCES) $(MPY_CROSS) | build-deps
	$(call fresh_build_dir,$(BUILD)/unix-terse)
	$(UNIX_MAKE) BUILD=$(BUILD)/unix-terse PINT_ERROR_REPORTING=TERSE
	cp $(BUILD)/unix-terse/micropython $@

firmware-terse: $(BUILD)/micropython-terse

# Bare-metal board firmware under qemu (docs/boards.md): MicroPython's qemu
# port for mps2-an385 (Cortex-M3) and virt (RISC-V 32), with PINT, from the
# board definitions in ports/qemu.
QEMU_BOARDS := MPS2_AN385 VIRT_RV32
QEMU_FIRMWARES := $(foreach b,$(QEMU_BOARDS),$(BUILD)/qemu-$(b)/firmware.elf)
QEMU_BUILD_DEPS := gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-riscv64-unknown-elf \
	picolibc-riscv64-unknown-elf
QEMU_TEST_DEPS := qemu-system-arm qemu-system-misc python3-serial

qemu-deps:
	@$(ROOT)/tools/install-deps $(QEMU_BUILD_DEPS) $(QEMU_TEST_DEPS)

qemu-build-deps:
	@$(ROOT)/tools/install-deps build $(QEMU_BUILD_DEPS)

$(BUILD)/qemu-%/firmware.elf: $(PINT_SOURCES) $(wildcard $(ROOT)/ports/qemu/*/*) $(MPY_CROSS) | qemu-build-deps
	@test -d $(MICROPY_DIR)/ports/qemu || { echo "The qemu boards need MicroPython 1.25 or later, whose qemu port is ports/qemu (this tree has none; 1.23 and 1.24 have ports/qemu-arm, a different port)"; exit 1; }
	$(call fresh_build_dir,$(BUILD)/qemu-$*)
	$(MAKE) -C $(MICROPY_DIR)/ports/qemu -j$(JOBS) BOARD=$* BOARD_DIR=$(ROOT)/ports/qemu/$* \
		BUILD=$(BUILD)/qemu-$* USER_C_MODULES=$(ROOT)

firmware-qemu: $(QEMU_FIRMWARES)

# The Raspberry Pi Pico (docs/boards.md): MicroPython's rp2 port with the
# board definition in ports/rp2, from a MicroPython tree that has the rp2
# port's submodules (lib/pico-sdk, lib/tinyusb, lib/mbedtls,
# lib/micropython-lib): make firmware-rp2 MICROPY_DIR=/path/to/micropython.
# The port's own make, as docs/boards.md gives it, with the build directory
# here and the mpy-cross built above (MICROPY_MPYCROSS: otherwise the
# port's build makes mpy-cross itself, and BUILD would reach that make).
# picotool, which pico-sdk would fetch from GitHub, is not needed: the UF2
# is made with MicroPython's tools/uf2conv.py. (CMAKE_ARGS goes in the
# environment: given to make, it would replace the port's own.)
RP2_BOARDS := PINT_PICO
RP2_FIRMWARES := $(foreach b,$(RP2_BOARDS),$(BUILD)/rp2-$(b)/firmware.uf2)
RP2_DEPS := gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib cmake

rp2-deps:
	@$(ROOT)/tools/install-deps build $(RP2_DEPS)

$(BUILD)/rp2-%/firmware.uf2: $(PINT_SOURCES) $(wildcard $(ROOT)/ports/rp2/*/*) $(MPY_CROSS) | rp2-deps
	@test -f $(MICROPY_DIR)/lib/pico-sdk/pico_sdk_init.cmake || { echo "The Pico firmware needs a MicroPython tree with the rp2 port's submodules (lib/pico-sdk, lib/tinyusb, lib/mbedtls, lib/micropython-lib): MICROPY_DIR=$(MICROPY_DIR) has no pico-sdk"; exit 1; }
	$(call fresh_build_dir,$(BUILD)/rp2-$*)
	env -u MAKEFLAGS -u MFLAGS MICROPY_MPYCROSS=$(MPY_CROSS) CMAKE_ARGS=-DPICO_NO_PICOTOOL=1 \
		$(MAKE) -C $(MICROPY_DIR)/ports/rp2 -j$(JOBS) \
		BOARD_DIR=$(ROOT)/ports/rp2/$* USER_C_MODULES=$(ROOT)/pint/micropython.cmake \
		BUILD=$(BUILD)/rp2-$*
	python3 $(MICROPY_DIR)/tools/uf2conv.py -f 0xe48bff56 -b 0x10000000 -c \
		-o $@ $(BUILD)/rp2-$*/firmware.bin

firmware-rp2: $(RP2_FIRMWARES)

# The board demo on the emulated Pico (rp2040js: Node.js and the RP2040's
# boot ROM, PINT_RP2040_BOOTROM), its UART1 wired to an emulated modem.
demo-pico: $(BUILD)/rp2-PINT_PICO/firmware.uf2
	$(ROOT)/tools/demo-board PINT_PICO

demo: $(FIRMWARE)
	$(ROOT)/tools/demo

# The ESP-AT driver and an emulated Wi-Fi modem on a pty (docs/espat.md).
demo-espat: $(FIRMWARE)
	$(ROOT)/tools/demo-espat

# The Cortex-M3 board under qemu, networked through its UART (docs/boards.md).
demo-board: $(BUILD)/qemu-MPS2_AN385/firmware.elf | qemu-deps
	$(ROOT)/tools/demo-board

test: $(FIRMWARE) $(BUILD)/micropython-asan $(BUILD)/micropython-terse $(BUILD)/fuzz/parse_fuzzer $(QEMU_FIRMWARES) | test-deps qemu-deps
	$(ROOT)/tools/run-tests

# libFuzzer on PINT's address parser (tests/fuzz/parse_fuzzer.c).
$(BUILD)/fuzz/parse_fuzzer: $(ROOT)/tests/fuzz/parse_fuzzer.c $(ROOT)/pint/pint_parse.c $(ROOT)/pint/pint_parse.h | test-deps
	mkdir -p $(BUILD)/fuzz
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I$(ROOT)/pint \
		$(ROOT)/tests/fuzz/parse_fuzzer.c $(ROOT)/pint/pint_parse.c -o $@

fuzz-parse: $(BUILD)/fuzz/parse_fuzzer
	$(ROOT)/tools/run-tests libfuzzer

# Thread stress through the host driver on its own (make test runs it too,
# in the peers suite).
stress-threads: $(FIRMWARE) $(BUILD)/micropython-asan | test-deps
	$(ROOT)/tools/run-tests threads

soak-espat: $(FIRMWARE) | test-deps
	$(ROOT)/tools/run-tests soak-espat

# Check a driver: make conformance DRIVER=path/to/driver.py:factory (or a
# driver of the pint package: host, loopback, espat).
conformance: $(FIRMWARE) | test-deps
	$(ROOT)/tools/conformance $(DRIVER)

# The benchmark suite: prints the table and writes docs/performance.md.
# (The code-size part needs an ARM cross compiler, installed here on demand.)
bench: $(FIRMWARE) | test-deps
	$(ROOT)/tools/install-deps gcc-arm-none-eabi libnewlib-arm-none-eabi
	python3 $(ROOT)/bench/run.py

# The long fuzz run: 1,000,000 driver operations under ASan and UBSan.
fuzz-long: $(BUILD)/micropython-asan | test-deps
	$(ROOT)/tools/run-tests fuzz-long

# The Python as black formats it (pyproject.toml); the docs suite checks it.
format:
	$(ROOT)/tools/install-deps black
	$(ROOT)/tools/format

clean:
	rm -rf $(BUILD)
