"""A template for the PINT driver of a new device: a modem on a serial
line, speaking a command set of its own. docs/writing-a-driver.md is the
path from a copy of this file to a verdict:

    cp examples/driver_template.py ~/mymodem.py
    tools/check-types ~/mymodem.py           # every method's types
    tools/conformance ~/mymodem.py:make      # what passes; what is still to write

MyModem has what works without a device: the runner passes getaddrinfo
(localhost) and handles, and reports every other check as skipped, with
the methods it needs. Those methods wait in _ToWrite below, typed, in the
order the runner's checks turn on: move a step's methods into MyModem,
replace their TODOs with the device's commands, run the runner again. The
commands shown (AT+OPEN, AT+SEND, +DATA:...) are a made-up modem's, which
tools/mymodem_emulator.py plays on a pty. pint.espat, the ESP-AT driver, is
a complete driver of this shape; docs/driver-guide.md is the contract.

The shape every device driver takes:
  - a stream: the UART (machine.UART(1, 115200, timeout=0) on a board,
    _pintserial.Serial("/dev/ttyUSB0", 115200) on the host firmware);
  - a command engine: pint.at.AT, one command at a time, the device's
    unsolicited messages to handlers as they come;
  - links: the device's own sockets, a fixed number of them;
  - the wake object: the UART, so that PINT waits on it instead of asking
    the driver a thousand times a second.

The annotations are for tools/check-types (mypy, against pint/driver.pyi):
MicroPython parses them and ignores them.
"""

import errno
import os

from pint import IOCTL_POLL, POLL_RD, POLL_WR
from pint.at import AT, ATError
from pint.driver import Driver

_LINKS = 4  # TODO: how many sockets the device has


class _Link:
    # One socket of the driver: the device's link id while it is open.
    def __init__(self, kind: int) -> None:
        self.kind = kind  # 1: TCP (SOCK_STREAM), 2: UDP (SOCK_DGRAM)
        self.id: int | None = None
        self.pending = 0  # bytes the device holds for it
        self.closed = False  # the peer closed it: end of stream once read


class MyModem(Driver):
    # Sockets with a connection at once: the device's links (the conformance
    # runner checks that one more fails with ENOBUFS, not a hang).
    pint_links = _LINKS

    def __init__(self, uart: object = None) -> None:
        # PINT waits on the UART: it asks the driver again only when
        # something arrives (or every 100 ms).
        self.wake = uart
        self.at = AT(uart) if uart is not None else None
        self.links: list[_Link | None] = [None] * _LINKS
        self._dest = memoryview(bytearray(0))  # the buffer a read fills
        self._got = 0
        if self.at is not None:
            self.at.command(b"AT")  # TODO: the device's set-up commands
            # What the device says unasked (TODO: its notices):
            self.at.urc(b"+DATA:", self._on_data)  # +DATA:<id>,<n>: n bytes wait
            self.at.urc(b"+CLOSED:", self._on_closed)  # +CLOSED:<id>: the peer closed
            self.at.frame(b"+RECV:", self._on_recv)  # +RECV:<n>,<n bytes>: a read

    # --- the network interface (nic.isconnected(), nic.connect(...))

    def isconnected(self) -> bool:
        return self.at is not None  # TODO: ask the device whether it is attached

    # --- names

    def gethostbyname(self, name: str) -> str | None:
        if name == "localhost":
            return "127.0.0.1"
        return None  # TODO: the device's DNS command; None: not found

    # --- sockets

    def socket_socket(self, domain: int, kind: int, proto: int) -> _Link | None:
        if kind not in (1, 2):
            raise OSError(errno.EOPNOTSUPP)
        return _Link(kind)

    def socket_close(self, link: _Link) -> None:
        if link.id is not None:
            try:
                self._at().command(b"AT+CLOSE=%d" % link.id)  # TODO: the device's command
            except ATError:
                pass  # the device had closed it
            self.links[link.id] = None
            link.id = None

    # --- what the methods below share

    def _at(self) -> AT:
        # The command engine; without a device, OSError(ENODEV).
        if self.at is None:
            raise OSError(errno.ENODEV, "no device: MYMODEM_DEVICE names none")
        return self.at

    def _claim(self, link: _Link) -> int:
        # A free link id of the device for link; OSError(ENOBUFS) when none is.
        for i in range(_LINKS):
            if self.links[i] is None:
                self.links[i] = link
                link.id = i
                return i
        raise OSError(errno.ENOBUFS)

    def _id(self, link: _Link) -> int:
        # The link's id on the device; OSError(ENOTCONN) before a connect.
        if link.id is None:
            raise OSError(errno.ENOTCONN)
        return link.id

    def _on_data(self, line: bytes) -> None:
        ident, n = line[6:].split(b",")
        link = self.links[int(ident)]
        if link is not None:
            link.pending += int(n)

    def _on_closed(self, line: bytes) -> None:
        link = self.links[int(line[8:])]
        if link is not None:
            link.closed = True

    def _on_recv(self) -> bool | None:
        # +RECV:<n>, then the payload, read straight into the buffer being
        # filled. True: taken; False: more input needed; None: not a frame.
        rx = self._at().rx
        comma = rx.find(b",", 6, 16)
        if comma < 0:
            return False if len(rx) < 16 else None
        n = rx.number(6, comma)
        if not 0 <= n <= len(self._dest):
            return None
        rx.consume(comma + 1)
        self._at().read_into(self._dest, n)
        self._got = n
        return True


class _ToWrite(MyModem):
    # The methods still to write, in the order the runner's checks turn on.
    # They are not the driver's yet (PINT sees MyModem's methods only, so
    # the runner reports their checks as skipped): move a step's methods to
    # the end of MyModem, do their TODOs, run the runner again (a step
    # whole: with socket_listen and socket_accept the driver serves).
    # tools/check-types checks them here already.

    # 1. "reach", "refused"; with send and recv, "tcp", "timeout",
    # "non-blocking", then MicroPython's tests and the real peers.
    def socket_connect(self, link: _Link, ip: tuple[int, int, int, int], port: int) -> bool:
        at = self._at()
        ident = self._claim(link)
        kind = b"TCP" if link.kind == 1 else b"UDP"
        try:
            # TODO: the device's command (and its time to give up).
            at.command(b'AT+OPEN=%d,"%s","%d.%d.%d.%d",%d' % ((ident, kind) + ip + (port,)))
        except ATError:
            self.socket_close(link)
            raise OSError(errno.ECONNREFUSED)  # TODO: ETIMEDOUT when it said so
        return True

    def socket_send(self, link: _Link, buf: memoryview) -> int | None:
        at = self._at()
        n = min(len(buf), 1024)  # TODO: the most one command takes
        with at:
            try:
                at.command(b"AT+SEND=%d,%d" % (self._id(link), n), prompt=True)
                at.write(buf, n)
                at.wait_final((b"SEND OK",))
            except ATError:
                # An error is an errno, not the engine's exception: TODO:
                # the one the device's answer means.
                raise OSError(errno.ECONNRESET)
        return n

    def socket_recv(self, link: _Link, buf: memoryview) -> int | None:
        at = self._at()
        with at:
            at.pump()  # the notices that have come: link.pending, link.closed
            if not link.pending:
                return 0 if link.closed else None  # None: PINT waits, asks again
            n = min(len(buf), link.pending)
            self._dest, self._got = buf, 0
            try:
                at.command(b"AT+RECV=%d,%d" % (self._id(link), n))  # _on_recv reads it
            finally:
                self._dest = memoryview(bytearray(0))  # buf is not kept
        link.pending -= self._got
        return self._got

    # 2. "poll", "asyncio".
    def socket_ioctl(self, link: _Link, request: int, arg: int) -> int:
        # The events of arg that are ready: select.poll, asyncio.
        if request != IOCTL_POLL:
            raise OSError(errno.EINVAL)
        at = self._at()
        with at:
            at.pump()
        ready = POLL_WR if link.id is not None else 0  # connected
        if link.pending or link.closed:
            ready |= POLL_RD
        return ready & arg

    # 3. "udp": a datagram to the runner's peer and its answer.
    def socket_sendto(
        self, link: _Link, buf: memoryview, ip: tuple[int, int, int, int], port: int
    ) -> int | None:
        raise OSError(errno.EOPNOTSUPP)  # TODO: open a UDP link to ip:port, send

    def socket_recvfrom(
        self, link: _Link, buf: memoryview, ip: tuple[int, int, int, int], port: int
    ) -> tuple[int, tuple[str, int]] | None:
        raise OSError(errno.EOPNOTSUPP)  # TODO: as recv, with the datagram's source

    # 4. A server on the driver: every check then runs against the driver
    # itself, and MicroPython's server tests and the UDP and asyncio peers run.
    def socket_bind(self, link: _Link, ip: tuple[int, int, int, int], port: int) -> bool:
        raise OSError(errno.EOPNOTSUPP)  # TODO: keep the port for listen or sendto

    def socket_listen(self, link: _Link, backlog: int) -> bool:
        raise OSError(errno.EOPNOTSUPP)  # TODO: the device's server command

    def socket_accept(self, link: _Link) -> tuple[_Link, tuple[str, int]] | None:
        raise OSError(errno.EOPNOTSUPP)  # TODO: a connection that came, or None


def make() -> MyModem:
    """The factory PINT_NIC names (PINT_NIC=path/to/mymodem.py:make, as the
    conformance runner does): the driver on the serial line MYMODEM_DEVICE
    names (a USB-serial adapter, /dev/ttyUSB0; an emulator's pty), at
    MYMODEM_BAUD (115200). A driver that does not talk to a device yet
    (no socket_connect) runs without one."""
    device = os.getenv("MYMODEM_DEVICE")
    if not device:
        if hasattr(MyModem, "socket_connect"):
            raise OSError(errno.ENODEV, "MYMODEM_DEVICE is not set: name the serial line")
        return MyModem()
    from _pintserial import Serial  # the host firmware's serial lines

    return MyModem(Serial(device, int(os.getenv("MYMODEM_BAUD") or 115200)))
