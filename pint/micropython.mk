# PINT as a MicroPython user C module for make-based ports:
#   make USER_C_MODULES=/path/to/this/repo ...
# (USER_C_MODULES names the directory that holds pint/.) The port must also
# list network.PINT in MICROPY_PORT_NETWORK_INTERFACES; see docs/boards.md.
PINT_MOD_DIR := $(USERMOD_DIR)

SRC_USERMOD_C += \
	$(PINT_MOD_DIR)/pint_nic.c \
	$(PINT_MOD_DIR)/pint_socket.c \
	$(PINT_MOD_DIR)/pint_handle.c \
	$(PINT_MOD_DIR)/pint_wait.c \
	$(PINT_MOD_DIR)/pint_call.c \
	$(PINT_MOD_DIR)/pint_value.c \
	$(PINT_MOD_DIR)/pint_parse.c \
	$(PINT_MOD_DIR)/pint_fifo.c

CFLAGS_USERMOD += -I$(PINT_MOD_DIR)
