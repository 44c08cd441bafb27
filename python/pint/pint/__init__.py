"""PINT: write a MicroPython network driver as a plain Python class.

Register a driver with ``network.PINT(driver)``; MicroPython's ``socket``
module (and ``select``, ``asyncio``, ``tls``, ``requests``) then runs over it.
This package holds what drivers share: the constants they are asked and
answer with, the driver base class (``pint.driver``) and a byte FIFO
(``pint.fifo``). Beside it, each its own package: the AT command engine
for modem drivers (``pint-at``: ``pint.at``), the ESP-AT driver
(``pint-espat``: ``pint.espat``), the loopback driver (``pint-loopback``),
and what only the host firmware runs (``pint-host``: ``pint.host``, the
driver over the operating system's sockets, and ``pint.unix``, its
start-up).
"""

import socket
from network import PINT

# socket_ioctl(sock, request, arg): request IOCTL_POLL asks which of the
# events in arg are ready; answer with a mask of POLL_* flags.
IOCTL_POLL = PINT.IOCTL_POLL
POLL_RD = PINT.POLL_RD
POLL_WR = PINT.POLL_WR
POLL_ERR = PINT.POLL_ERR
POLL_HUP = PINT.POLL_HUP
POLL_NVAL = PINT.POLL_NVAL
# socket_setsockopt(sock, level, opt, value): the option that carries a
# callable, and the options MicroPython's socket module names.
SO_CALLBACK = PINT.SO_CALLBACK
SOL_SOCKET = socket.SOL_SOCKET
SO_REUSEADDR = socket.SO_REUSEADDR
SO_BROADCAST = socket.SO_BROADCAST
SO_KEEPALIVE = socket.SO_KEEPALIVE

# Errnos drivers raise that MicroPython's errno module does not name, with
# the port's numbers (py/mperrno.h: Linux's, or the C library's on a port
# built on newlib, where EISCONN is 127, not 106).
EISCONN = PINT.EISCONN
EMSGSIZE = PINT.EMSGSIZE

# socket_socket(domain, type, proto) receives these.
AF_INET = socket.AF_INET
SOCK_STREAM = socket.SOCK_STREAM
SOCK_DGRAM = socket.SOCK_DGRAM


def register(driver):
    """Register driver as a network interface and return the network.PINT
    (the same as network.PINT(driver))."""
    return PINT(driver)
