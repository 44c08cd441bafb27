"""A template for the PINT driver of a new device: a modem or module on a
serial line, speaking a command set of its own. Copy it, fill in the
TODOs, and check it as you go:

    make conformance DRIVER=examples/driver_template.py:make

As it stands (no device), the checks that need no device pass
(getaddrinfo for localhost, every handle given back) and every other is
reported as skipped because the driver lacks its methods: the list a real
implementation works through (each method below, once written, turns its
checks on). pint.espat, the ESP-AT driver, is a complete driver of this
shape. docs/driver-guide.md is the contract; pint/driver.pyi gives an
editor or mypy the methods' types (tools/check-types driver.py checks a
copy of this file, unannotated as it is).

The shape every device driver takes:
  - a stream: the UART (machine.UART(1, 115200, timeout=0) on a board,
    _pintserial.Serial("/dev/ttyUSB0") on the host firmware);
  - a command engine: pint.at.AT, one command at a time, the device's
    unsolicited messages to handlers as they come;
  - links: the device's own sockets, a fixed number of them;
  - the wake object: the UART, so that PINT waits on it instead of asking
    the driver a thousand times a second.
"""

import errno

from pint.at import AT
from pint.driver import Driver

_LINKS = 4  # TODO: how many sockets the device has


class _Link:
    # One socket of the driver: the device's link id while it is open.
    def __init__(self, kind):
        self.kind = kind  # 1: TCP (SOCK_STREAM), 2: UDP (SOCK_DGRAM)
        self.id = None
        self.pending = 0  # bytes the device holds for it


class MyModem(Driver):
    def __init__(self, uart=None):
        self.uart = uart
        # PINT waits on the UART: it asks the driver again only when
        # something arrives (or every 100 ms).
        self.wake = uart
        self.at = AT(uart) if uart is not None else None
        self.links = [None] * _LINKS
        if self.at is not None:
            self.at.command(b"AT")  # TODO: the device's set-up commands
            # TODO: handlers for what the device says unasked, e.g.
            # self.at.urc(b"+DATA:", self._on_data)  (bytes waiting on a link)

    # --- the network interface (nic.isconnected(), nic.connect(...))

    def isconnected(self):
        return False  # TODO: ask the device

    # --- names

    def gethostbyname(self, name):
        if name == "localhost":
            return "127.0.0.1"
        return None  # TODO: the device's DNS command; None: not found

    # --- sockets

    def socket_socket(self, domain, kind, proto):
        if kind not in (1, 2):
            raise OSError(errno.EOPNOTSUPP)
        return _Link(kind)

    def socket_close(self, link):
        if link.id is not None:
            # TODO: close the link on the device, e.g.
            # self.at.command(b"AT+CLOSE=%d" % link.id)
            self.links[link.id] = None
            link.id = None

    # What a real implementation writes next, and the checks of the
    # conformance runner each one turns on:
    #
    # def socket_connect(self, link, ip, port):
    #     Pick a free link id, open it on the device; True, or raise
    #     OSError(ECONNREFUSED / ETIMEDOUT); OSError(ENOBUFS) when no link
    #     is free. -> "refused", and with send/recv "tcp".
    # def socket_send(self, link, buf):
    #     Send what fits in one device command; return the count.
    # def socket_recv(self, link, buf):
    #     Pull at most len(buf) bytes the device holds into buf; return the
    #     count, 0 at the end of the stream, None when nothing is there yet.
    #     -> "timeout", "non-blocking".
    # def socket_bind(self, link, ip, port) / socket_listen(self, link, n)
    # def socket_accept(self, link):  -> (new link, (ip, port)) or None
    #     -> "tcp" (a connection to itself), "asyncio".
    # def socket_sendto / socket_recvfrom  -> "udp".
    # def socket_ioctl(self, link, request, arg):
    #     request 3 (pint.IOCTL_POLL): the events of arg that are ready
    #     (pint.POLL_RD when data or a connection waits, pint.POLL_WR when
    #     connected). -> "poll", "asyncio".
    # Then, once it reaches the network: MicroPython's net_hosted and
    # multi_net tests and the real peers.


def make():
    """For the conformance runner: the driver with no device attached."""
    return MyModem()
