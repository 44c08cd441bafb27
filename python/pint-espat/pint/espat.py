"""A PINT driver for Espressif's ESP-AT firmware (ESP32 and ESP8266 modules,
AT v2.x, and ESP8266 NonOS AT 1.7): a Wi-Fi modem on a UART becomes
MicroPython's network interface.

    from machine import UART
    import network
    from pint.espat import ESPAT
    nic = network.PINT(ESPAT(UART(1, 115200, timeout=0)))
    nic.connect("my-ssid", "my-password")
    # socket, requests, asyncio... now go through the modem

On the host firmware, `PINT_NIC=espat PINT_ESPAT=/dev/ttyUSB0` does the same
at start-up (pint.unix.espat()). docs/espat.md has the wiring, firmware
versions and what is supported.

How it talks to the modem: multiple links (AT+CIPMUX=1, 5 links), the
source address of data (AT+CIPDINFO=1), and passive receive mode
(AT+CIPRECVMODE=1): the modem keeps what arrives and a recv pulls what it
asks for (AT+CIPRECVDATA), so almost nothing is buffered here: a TCP read of
fewer than 128 bytes (readline reads one at a time) pulls up to 128, and
the next reads take the rest from the link's read-ahead. A modem that
refuses passive mode (older ESP8266 firmware) pushes data (+IPD) instead:
then each link buffers up to `rxbuf` bytes, and while that is full the
driver stops reading the UART unless it waits for a command's answer (the
UART, or RTS/CTS, holds the rest). The UART is the driver's wake object:
while nothing arrives on it, PINT leaves the driver alone.
"""

import errno

from micropython import const
from pint.at import AT, ATError, ATTimeout, uart_setting, put
from _pint import Fifo
from pint.driver import Driver

from pint import EISCONN, EMSGSIZE

# MicroPython's numbers, as private constants (compiled into the code): its
# stream poll flags (py/stream.h) and socket types, which pint's constants
# name. Not its errnos: a port built on newlib has newlib's (EINPROGRESS
# 119, not Linux's 115), which only the errno module knows.
_IOCTL_POLL = const(3)
_POLL_RD = const(1)
_POLL_WR = const(4)
_POLL_ERR = const(8)
_POLL_HUP = const(16)
_SOCK_STREAM = const(1)
_SOCK_DGRAM = const(2)
# The errnos of Unix V7 (below 35) are the same on every port, newlib's and
# Linux's alike (as pint.at's EIO).
_EIO = const(5)
_EINVAL = const(22)

_LINKS = const(5)  # the modem's link ids 0..4
_CHUNK = const(2048)  # the most one AT+CIPSEND / AT+CIPRECVDATA moves
_LATE_MAX = const(65536)  # the most an AT+CIPRECVDATA answered late may hold
_EPHEMERAL = const(49152)
# Passive mode: a shorter TCP read pulls this much and keeps the rest (one
# AT+CIPRECVDATA costs as much UART time as about 40 bytes of data).
_AHEAD = const(128)

_NOWHERE = const(("0.0.0.0", 0))  # a source not known


# nic.status(): MicroPython's network.STAT_* numbers.
_STAT_IDLE = const(1000)
_STAT_CONNECTING = const(1001)
_STAT_GOT_IP = const(1010)
_STAT_NO_AP_FOUND = const(201)
_STAT_WRONG_PASSWORD = const(202)
_STAT_CONNECT_FAIL = const(203)

_CONNECTING = const(1)
_CONNECTED = const(2)
_LISTENING = const(3)
# AT 1.7 says <id>,CLOSED at once, while it still holds data for the link (v2
# after that data is read): the link keeps its id and its place in links,
# and stays readable until drained.
_DRAINING = const(4)


class _Link:
    # One socket: its link id while the modem has it open.
    def __init__(self, kind):
        self.kind = kind
        self.id = None
        self.state = 0
        self.port = 0  # local port: bound, or of a UDP link
        self.peer = None  # (ip, port): the peer, or a UDP socket's default
        self.pending = 0  # passive mode: bytes the modem holds for it
        self.eof = False  # the modem reported it closed
        # Active mode: a Fifo of what came (TCP) or of datagrams (UDP);
        # passive mode: the read-ahead of a TCP link (a Fifo of _AHEAD
        # bytes); or None.
        self.rx = None
        self.spill = b""  # active mode, TCP: what arrived while rx was full
        # Active mode, UDP: datagrams kept in rx (pint.espat_push gives the
        # link the lists of their lengths and sources).
        self.queued = 0
        # Listening: backlog, the accepted links not yet taken (set by
        # pint.espat_server).
        self.error = 0  # an errno to report (modem reset, failed connect)
        self.timeout = -1  # the socket's, in ms (socket_timeout)


def _serial(method):
    # A method taken in turn. The socket methods that move data take their
    # turn themselves: this wrapper's *args would cost heap at every call.
    def call(self, *args, **kw):
        with self.at:
            return method(self, *args, **kw)

    return call


def _module(name):
    # pint.<name>, imported at the first call that needs it.
    return __import__("pint." + name, None, None, (name,))


def _elsewhere(module, name):
    # A method kept in pint.<module> (espat_server, espat_wlan) as a
    # function of the driver, taken in turn: a program that never calls
    # it never loads it.
    def call(self, *args, **kw):
        with self.at:
            return getattr(_module(module), name)(self, *args, **kw)

    return call


def _quote(s):
    # An AT string argument: \ , and " escaped.
    if isinstance(s, str):
        s = s.encode()
    return b'"' + s.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b",", b"\\,") + b'"'


def _unquote(s):
    return s[1:-1] if len(s) >= 2 and s[0] == 34 and s[-1] == 34 else s


def _chunk_for(uart):
    # The most one AT+CIPRECVDATA asks for: what a machine.UART's receive
    # ring and FIFO (32 bytes) hold, less the answer's frame around the data
    # (under 64 bytes); 2048 on a stream that shows no ring.
    ring = uart_setting(uart, "rxbuf")
    return _CHUNK if ring is None else max(64, min(_CHUNK, ring - 32))  # + 32 - 64


class ESPAT(Driver):
    """The driver. uart: any stream (machine.UART(..., timeout=0), or
    _pintserial.Serial on the host firmware). passive: ask for passive
    receive mode (else the modem pushes data). reset: restart the modem
    first (AT+RST). timeout: for commands, in ms. trace(direction, data):
    sees every byte that crosses the UART. chunk: the most one
    AT+CIPRECVDATA asks for (default: what the UART's receive ring buffer
    holds with the answer around it, at most 2048; see docs/espat.md)."""

    # Sockets with a connection at once: the modem's links (the conformance
    # runner checks that one more fails with ENOBUFS).
    pint_links = _LINKS

    STAT_IDLE = _STAT_IDLE
    STAT_CONNECTING = _STAT_CONNECTING
    STAT_GOT_IP = _STAT_GOT_IP
    STAT_NO_AP_FOUND = _STAT_NO_AP_FOUND
    STAT_WRONG_PASSWORD = _STAT_WRONG_PASSWORD
    STAT_CONNECT_FAIL = _STAT_CONNECT_FAIL

    def __init__(
        self, uart, passive=True, reset=True, timeout=5000, rxbuf=4096, trace=None, chunk=None
    ):
        self.wake = uart  # PINT leaves the driver alone while it is quiet
        # Passive mode: the modem sends only what a read asks for, so a read
        # that fits the UART's ring buffer (the FIFO's 32 bytes and the ring;
        # the answer's header and OK around the data, under 64 bytes) cannot
        # overrun it, however long the program takes to come back for it (a
        # garbage collection at 921600 baud took longer than 256 bytes did
        # to arrive, on the emulated Pico).
        self.chunk = _chunk_for(uart) if chunk is None else chunk
        self.at = at = AT(uart, 512, timeout, trace)  # a 512-byte input buffer
        self.links = [None] * _LINKS
        self.passive = passive
        self.rxbuf = rxbuf
        self._server = None
        self._opening = {}  # link id -> the link an AT+CIPSTART opens (None: given up)
        self._pair = [0, None]  # what recvfrom returns: (count, source), reused
        self._push = None  # pint.espat_push, when the modem pushes data
        self._orphans = []  # link ids to close (answers that came too late)
        self.dropped = 0  # connections dropped from a full backlog, datagrams from a full buffer
        self._reset_seen = False
        self.dinfo = False
        # ESP8266 NonOS AT 1.x (AT+GMR), whose commands differ where they
        # are sent, and its answers where they are read.
        self.v1 = False
        self._status = _STAT_IDLE
        # An AT+CIPRECVDATA in flight: where its payload goes, what it asked
        # for (an answer has no more), whether it is a datagram's (whose
        # source the answer gives); _pull sets its outcome (_got, _source,
        # _lost).
        self._dest = None
        self._asked = _LATE_MAX
        self._want_source = False
        # The last source address read, and how the modem wrote it: the same
        # source again is compared in place and its tuple reused.
        self._src_raw = b""
        self._src = None
        self._next_port = _EPHEMERAL
        at.urc(b"WIFI ", self._on_wifi)  # DISCONNECT, CONNECTED, GOT IP
        at.urc(b"ready", self._on_ready)
        for i in range(_LINKS):
            at.urc(b"%d," % i, self._on_link)
        at.frame(b"+IPD,", self._on_ipd_data)
        at.frame(b"+CIPRECVDATA", self._on_recvdata)  # then ":" (AT 1.7: ",")
        # Start: the modem answers, restarted (AT+RST) if asked.
        self._sync()
        if reset:
            try:
                # OK, then "ready" when it has restarted.
                at.command(b"AT+RST", 5000, then=b"ready")
            except ATTimeout:
                at.abandon()  # no "ready" within 5 s: carry on
            self._sync()
        # The firmware's version (the same after a reset): what differs on
        # ESP8266 NonOS AT 1.x.
        for line in self._command(b"AT+GMR", quiet=True) or ():
            if line.startswith(b"AT version:1."):
                self.v1 = True
        self._setup()
        if not self.passive or self.v1:
            self._push = _module("espat_push")  # the modem pushes data (on AT 1.7, UDP's)

    # --- the modem

    def _sync(self):
        # Until the modem answers AT (flushing what the line holds).
        for i in range(10):
            try:
                self.at.command(b"AT", 500)
                return
            except ATError:
                pass
        raise OSError(errno.ETIMEDOUT)

    def _setup(self, again=False):
        # The modem's settings. At start, a setting the modem refuses is one
        # its firmware lacks: done without. Again (after a restart), the
        # modem took them before: an error is a passing one, and the set-up
        # fails (it runs again at the next call) rather than, say, fall back
        # to active mode for good, where a lossy line goes unnoticed.
        at = self.at
        self._reset_seen = False
        at.command(b"ATE0")
        at.command(b"AT+CIPMUX=1")
        try:
            at.command(b"AT+CIPDINFO=1")
            self.dinfo = True
        except ATError:
            if again and self.dinfo:
                raise
            self.dinfo = False  # no source addresses
        if self.passive:
            try:
                at.command(b"AT+CIPRECVMODE=1")
            except ATError:
                if again:
                    raise
                self.passive = False  # older firmware: the modem pushes data

    def _on_ready(self, line):
        # The modem restarted: the command in flight is gone, and every link
        # (pint.espat_recover fails them).
        self._reset_seen = True
        self.at.abandon()
        if self._server is not None or any(self.links):
            _module("espat_recover").reset(self)

    def _service(self):
        # Handle what the modem said meanwhile (not while a link's buffer is
        # full and unread, in active mode: the UART waits); set a restarted
        # modem up again; close ids left open (pint.espat_recover does both).
        if self._push is not None and self._push.full(self):
            return
        try:
            self.at.pump()
        except ATTimeout:
            raise OSError(errno.ETIMEDOUT)  # a payload that never came whole
        if self._reset_seen:
            _module("espat_recover").again(self)
        if self._orphans:
            _module("espat_recover").close(self)

    def _command(self, cmd, timeout=None, prompt=False, quiet=False, late=None, keep=True):
        # AT command; ATTimeout as ETIMEDOUT. quiet: errors are ignored.
        try:
            return self.at.command(cmd, timeout, prompt, late, keep)
        except ATError as e:  # ATTimeout too
            if quiet:
                return None
            if isinstance(e, ATTimeout):
                raise OSError(errno.ETIMEDOUT)
            raise

    # --- what the modem reports

    def _on_wifi(self, line):
        if line == b"WIFI GOT IP":
            self._status = _STAT_GOT_IP
        elif line == b"WIFI DISCONNECT":
            self._status = _STAT_IDLE

    def _on_link(self, line):
        # <id>,CONNECT and <id>,CLOSED (<id>,CONNECT FAIL on older firmware)
        i = line[0] - 48
        what = line[2:]
        link = self.links[i]
        if what == b"CONNECT":
            if link is not None and link.state == _DRAINING:
                self._drop(i, True)  # the modem gave the id to a new connection
                link = None
            if i in self._opening or link is not None:
                return  # our own AT+CIPSTART
            if self._server is None:
                self._orphans.append(i)
            else:
                _module("espat_server").incoming(self, i)
        elif what == b"CLOSED":
            if link is not None:
                link.eof = True
                if (
                    link.id is not None  # not the answer to our own AT+CIPCLOSE
                    and self.passive
                    and self.v1
                    and link.kind == _SOCK_STREAM
                ):
                    link.state = _DRAINING
                else:
                    link.id = None
                    self.links[i] = None

    def _drop(self, i, lost=False):
        # Link id i goes: a closed link's data all read, its socket closed;
        # lost: the id taken by a new link, or the modem restarted, with
        # what the modem still held for it.
        link = self.links[i]
        self.links[i] = None
        link.id = None
        if lost and link.pending:
            link.error = errno.ECONNRESET
        link.pending = 0
        link.state = _CONNECTED

    def _payload(self, dest, n, link=None):
        # A frame's n bytes into dest (None: dropped). One that never comes
        # whole fails (pint.espat_recover says how); link (active mode)
        # loses data, so it fails from then on.
        try:
            self.at.read_into(dest, n)
        except ATTimeout as e:
            _module("espat_recover").lost(self, e, link)

    def _source_at(self, start, end):
        # The source address the modem wrote at rx offsets start..end
        # ("<ip>",<port>; AT 1.7's +IPD: <ip>,<port>), as (ip, port); the
        # last one's tuple when it is the same. None when garbled.
        rx = self.at.rx
        raw = self._src_raw
        if end - start == len(raw) and rx.startswith(raw, start):
            return self._src
        quoted = start < end and rx[start] == 34
        comma = rx.find(b'",' if quoted else b",", start, end)
        port = rx.number(comma + 1 + quoted, end) if comma > start else -1
        if port < 0:
            return None
        try:
            source = (rx.peek(start + quoted, comma).decode(), port)
        except UnicodeError:
            return None
        self._src_raw = rx.peek(start, end)
        self._src = source
        return source

    def _on_ipd_data(self):
        # +IPD,<id>,<len>[,"<ip>",<port>]:<data> (active mode), or the
        # notice +IPD,<id>,<len>[,...] (passive mode: the modem holds <len>
        # bytes). Read in place: a packet costs no heap.
        rx = self.at.rx
        colon = rx.find(b":", 0, 64)
        nl = rx.find(b"\n", 0, 64)
        notice = colon < 0 or 0 <= nl < colon
        if notice:
            if nl < 0:
                return None if len(rx) >= 64 else False
            stop = nl - 1 if nl and rx[nl - 1] == 13 else nl  # the header's end
            size = nl + 1
        else:
            stop = colon
            size = colon + 1
        c1 = rx.find(b",", 5, stop)
        c2 = rx.find(b",", c1 + 1, stop) if c1 > 0 else -1
        i = rx.number(5, c1) if c1 > 0 else -1
        n = rx.number(c1 + 1, stop if c2 < 0 else c2) if c1 > 0 else -1
        if notice:
            rx.consume(size)
            link = self.links[i] if 0 <= i < _LINKS else None
            if link is not None and n >= 0:
                link.pending = n
            return True
        # Data (active mode): pint.espat_push keeps it. Loaded when the
        # modem is set up in active mode (not in the middle of data
        # coming); in passive mode, at data pushed after a restart.
        push = self._push
        if push is None:
            push = self._push = _module("espat_push")
        return push.data(self, i, n, c2, colon)

    def _on_recvdata(self):
        # +CIPRECVDATA:<len>,"<ip>",<port>,<data> (the answer to a recv); AT
        # 1.7: +CIPRECVDATA,<len>:<data>. Read in place.
        rx = self.at.rx
        if len(rx) < 13:
            return False
        v1 = rx[12] == 44
        if not v1 and rx[12] != 58:
            return None  # no answer after all
        c1 = rx.find(b":" if v1 else b",", 13, 80)
        if c1 < 0:
            return False if len(rx) < 80 else None
        end = c1 + 1
        source = None
        want = False  # a datagram's source, which the modem writes
        if self.dinfo and not v1:
            # "<ip>",<port>, follows: wait until it has all come.
            if len(rx) < c1 + 2 or rx[c1 + 1] != 34:
                return False if len(rx) < c1 + 2 else None
            q = rx.find(b'"', c1 + 2, 80)
            c3 = rx.find(b",", q + 2, 80) if q > 0 else -1
            if c3 < 0:
                return False if len(rx) < 80 else None
            end = c3 + 1
            want = self._want_source
            if want:
                source = self._source_at(c1 + 1, c3)
        n = rx.number(13, c1)
        if not 0 <= n <= self._asked:
            return None  # garbled, or more than asked: read as a line
        rx.consume(end)
        # Into the recv's buffer, which holds what it asked for; an answer
        # that came after its command gave up (no buffer) is dropped.
        self._payload(self._dest, n)
        # The data is followed by its line end (then OK). Anything else:
        # bytes of the answer were lost on the line, and the payload read
        # holds bytes of what followed (_pull fails the link, or drops the
        # datagram, when the answer has ended). A source the modem wrote and
        # that cannot be read was damaged on the line too: a datagram is not
        # handed over from nowhere.
        self._lost = not self.at.expect(b"\r\n") or want and source is None
        self._got = n
        self._source = source
        return True

    # --- the network interface (nic.connect(...) and so on)

    def active(self, *state):
        return True

    def _station(self):
        # Joining and scanning need the station on: a module set up as an
        # access point only (AT+CWMODE 2, as ESP-01s often come) gets it
        # added by pint.espat_wlan.
        for line in self._command(b"AT+CWMODE?", quiet=True) or ():
            if line.startswith(b"+CWMODE:") and line[8:9] in (b"0", b"2"):
                _module("espat_wlan").station(self, line)

    @_serial
    def connect(self, ssid, key=None, *, bssid=None, timeout=20000):
        self._station()
        cmd = b"AT+CWJAP=" + _quote(ssid) + b"," + _quote(key or b"")
        if bssid:
            cmd += _module("espat_wlan").bssid(bssid)
        self._status = _STAT_CONNECTING
        try:
            self._command(cmd, timeout)
            self._status = _STAT_GOT_IP
        except (ATError, OSError) as e:
            # Why (a wrong password, no such network, no answer...):
            # pint.espat_wlan reads it, sets the status and raises.
            _module("espat_wlan").refused(self, e)

    def _isconnected(self):
        # Whether the station has an address: +CIPSTA:ip:"<ip>"
        for line in self._command(b"AT+CIPSTA?"):
            if line.startswith(b"+CIPSTA:ip:"):
                return _unquote(line[11:]) != b"0.0.0.0"
        return False

    isconnected = _serial(_isconnected)

    @_serial
    def status(self, param=None):
        if param is None:
            return _STAT_GOT_IP if self._isconnected() else self._status
        return _module("espat_wlan").status(self, param)

    # In pint.espat_wlan.
    disconnect = _elsewhere("espat_wlan", "disconnect")
    ifconfig = _elsewhere("espat_wlan", "ifconfig")
    ipconfig = _elsewhere("espat_wlan", "ipconfig")
    config = _elsewhere("espat_wlan", "config")
    scan = _elsewhere("espat_wlan", "scan")

    @_serial
    def gethostbyname(self, name):
        try:
            lines = self._command(b"AT+CIPDOMAIN=" + _quote(name), 10000)
        except ATError:
            return None  # not found: getaddrinfo raises OSError(-2)
        for line in lines:
            if line.startswith(b"+CIPDOMAIN:"):
                return _unquote(line[11:].split(b",")[0]).decode()
        return None

    # --- sockets

    def socket_socket(self, domain, kind, proto):
        if kind != _SOCK_STREAM and kind != _SOCK_DGRAM:
            raise OSError(errno.EOPNOTSUPP)
        return _Link(kind)

    def _open(self, link, cmd_tail, timeout=10000):
        # AT+CIPSTART=<id>,<cmd_tail> on a free link id. A socket's timeout
        # bounds the wait; a non-blocking one gets EINPROGRESS and the link
        # becomes writable when the modem has answered.
        self._service()
        for attempt in range(_LINKS):
            # A free id: links the program opens count down from 4 (the
            # modem gives connections to its server the lowest free ids).
            # An id a closed link is still read under goes only when no
            # other is free; one whose AT+CIPSTART is still answered (given
            # up on, its answer awaited) not at all.
            spare = None
            for i in range(_LINKS - 1, -1, -1):
                if i not in self._orphans and i not in self._opening:
                    if self.links[i] is None:
                        break
                    if spare is None and self.links[i].state == _DRAINING:
                        spare = i
            else:
                if spare is None:
                    raise OSError(errno.ENOBUFS)  # all 5 links in use
                self._drop(spare, True)
                i = spare
            cmd = b"AT+CIPSTART=%d," % i + cmd_tail
            self._opening[i] = link
            # What hears the answer when no one waits for it (only this
            # round's command can be left waiting: the loop then ends).
            late = lambda final, lines: self._opened(i, final, lines)
            if link.timeout == 0 and link.kind == _SOCK_STREAM:
                link.id = i
                link.state = _CONNECTING
                self.links[i] = link
                self.at.start(cmd, late, timeout)
                raise OSError(errno.EINPROGRESS)
            if link.timeout > 0:
                timeout = link.timeout
            try:
                self._command(cmd, timeout, late=late)
            except ATError as e:
                self._opening.pop(i, None)
                if b"ALREADY CONNECTED" in e.lines:
                    self._orphans.append(i)  # in use without our knowing: try another
                    continue
                raise OSError(errno.ECONNREFUSED)
            except OSError:
                self._opening[i] = None  # given up: its answer is awaited
                raise
            self._opening.pop(i, None)
            link.id = i
            link.eof = False
            self.links[i] = link
            return
        raise OSError(errno.ENOBUFS)

    def _opened(self, i, final, lines):
        # The answer to an AT+CIPSTART no one waited for: OK, its link is
        # open; anything else, pint.espat_recover.
        link = self._opening.pop(i, None)
        if final == b"OK" and link is not None:
            link.state = _CONNECTED
        else:
            _module("espat_recover").late(self, i, link, final)

    def _udp_open(self, link):
        # A UDP link that receives on link.port from anyone (mode 2).
        if link.id is None:
            if not link.port:
                link.port = port = self._next_port
                self._next_port = port + 1 if port < 65535 else _EPHEMERAL
            self._open(link, b'"UDP","0.0.0.0",%d,%d,2' % (link.port, link.port))
            link.state = _CONNECTED

    def socket_timeout(self, link, timeout_ms):
        link.timeout = timeout_ms

    def _check(self, link):
        if link.error:
            raise OSError(link.error)

    @_serial
    def socket_close(self, link):
        if link.state == _LISTENING:
            _module("espat_server").close(self, link)
        if link.id is not None:
            i = link.id
            if link.state == _DRAINING:
                self._drop(i)  # the modem has closed it already
            else:
                link.id = None
                if self._command(b"AT+CIPCLOSE=%d" % i, quiet=True) is None:
                    # Not closed (an error, no answer): once more at the
                    # next call, not left open on the modem; unless the
                    # modem said <id>,CLOSED meanwhile (the peer closed it
                    # as well: its link is gone from links).
                    if self.links[i] is link:
                        self._orphans.append(i)
                if self.links[i] is link:
                    self.links[i] = None
        link.state = 0

    @_serial
    def socket_bind(self, link, ip, port):
        if link.port or link.id is not None:
            raise OSError(_EINVAL)
        link.port = port
        if link.kind == _SOCK_DGRAM and port:
            self._udp_open(link)
        return True

    # In pint.espat_server.
    socket_listen = _elsewhere("espat_server", "socket_listen")

    def socket_accept(self, link):
        with self.at:
            return _module("espat_server").socket_accept(self, link)

    @_serial
    def socket_connect(self, link, ip, port):
        self._check(link)
        ip = b"%d.%d.%d.%d" % tuple(ip)
        if link.kind == _SOCK_DGRAM:
            link.peer = (ip.decode(), port)
            self._udp_open(link)
        elif link.id is not None or link.state == _LISTENING:
            raise OSError(EISCONN)
        else:
            self._open(link, b'"TCP","%s",%d' % (ip, port), max(self.at.timeout, 10000))
            link.state = _CONNECTED
            link.peer = (ip.decode(), port)
        return True

    def _send(self, link, buf, ip=None, port=0):
        # send's (ip None) and sendto's: AT+CIPSEND=<id>,<n>[,"<ip>",<port>],
        # the prompt, the data, SEND OK.
        self._check(link)
        n = len(buf)
        if link.kind == _SOCK_DGRAM:
            if ip is None:
                if link.peer is None:
                    raise OSError(errno.ENOTCONN)
                ip, port = link.peer
            if not 0 < n <= _CHUNK:
                # AT+CIPSEND sends 1 to 2048 bytes.
                raise OSError(EMSGSIZE if n else _EINVAL)
            self._udp_open(link)
        else:
            if ip is not None:
                raise OSError(EISCONN)
            self._service()
            self._check(link)
            if link.state == _CONNECTING:
                return None
            if link.id is None:
                raise OSError(errno.ECONNRESET if link.eof else errno.ENOTCONN)
            n = min(n, _CHUNK)
        at = self.at
        b = at.buf
        k = put(b, 0, b"AT+CIPSEND=", link.id, b",", n)
        if isinstance(ip, str):
            k = put(b, k, b',"', ip, b'",', port)
        elif ip is not None:
            k = put(b, k, b',"', ip[0], b".", ip[1], b".", ip[2], b".", ip[3], b'",', port)
        try:
            self._command(k, prompt=True, keep=False)
            at.write(buf, n)
            at.wait_final((b"SEND OK",), keep=False)
        except ATError:  # SEND OK not in time (ATTimeout) too
            if link.id is None or link.eof:
                raise OSError(errno.ECONNRESET)
            raise OSError(_EIO)
        return n

    def socket_send(self, link, buf):
        with self.at:
            return self._send(link, buf)

    def socket_sendto(self, link, buf, ip, port):
        with self.at:
            return self._send(link, buf, ip, port)

    def _pull(self, link, buf):
        # Passive mode: AT+CIPRECVDATA for at most what buf holds (a buffer,
        # or a Fifo's room; a UDP datagram whole: the modem drops what a
        # short read leaves of it).
        n = buf.room() if isinstance(buf, Fifo) else len(buf)
        if link.kind == _SOCK_STREAM:
            n = min(n, link.pending, self.chunk)
        else:
            # At least a whole usual datagram, not only what the notices
            # announced: a count that came short (a digit lost on the line)
            # would cut the datagram, and the modem drops the rest.
            n = min(n, max(link.pending, _CHUNK))
        self._dest = buf
        self._asked = n
        self._got = 0
        self._lost = False
        self._source = None
        self._want_source = link.kind == _SOCK_DGRAM
        try:
            self._command(put(self.at.buf, 0, b"AT+CIPRECVDATA=", link.id, b",", n), keep=False)
        except ATError:
            link.pending = 0  # nothing there after all
        except OSError:
            # No whole answer in time: what it held is lost, and the
            # stream cannot go on as if not (the modem's restart has
            # already failed it with ECONNRESET).
            if not link.error:
                link.error = _EIO
            raise OSError(link.error)
        finally:
            self._dest = None
            self._asked = _LATE_MAX
        link.pending = max(0, link.pending - self._got)
        if self._lost:
            # Bytes lost on the line: a datagram is dropped (and counted);
            # a stream cannot go on as if they were not.
            if link.kind == _SOCK_DGRAM:
                self.dropped += 1
                return 0
            link.error = _EIO
            raise OSError(_EIO)
        return self._got

    def _recv(self, link, buf):
        # recv's and recvfrom's read: the count (None: nothing yet), and a
        # datagram's source in self._source.
        self._check(link)
        self._service()
        if link.kind == _SOCK_DGRAM:
            if self.passive and link.pending and link.id is not None:
                got = self._pull(link, buf)
                if got:
                    return got
            if link.queued:
                # Pushed (+IPD): in active mode, and on AT 1.7, whose passive
                # mode is for TCP only.
                return self._push.datagram(self, link, buf)
            if link.id is None and link.port == 0:
                raise OSError(errno.ENOTCONN)
            return None
        rx = link.rx
        if rx is not None and len(rx):
            got = rx.readinto(buf)
            if link.spill:
                link.spill = link.spill[rx.write(link.spill) :]
            return got
        if self.passive:
            if link.state == _DRAINING and not link.pending:
                # Closed (AT 1.7), what was announced read: pint.espat_recvlen
                # reads what the modem still holds.
                _module("espat_recvlen").drain(self, link)
            if link.pending and link.id is not None:
                if len(buf) < _AHEAD and link.pending > len(buf):
                    if rx is None:
                        rx = link.rx = Fifo(_AHEAD)
                    if self._pull(link, rx):
                        return rx.readinto(buf)
                else:
                    got = self._pull(link, buf)
                    if got:
                        return got
            if link.eof and not link.pending:
                return 0
        elif link.eof:
            return 0
        self._check(link)
        if link.id is None:
            raise OSError(errno.ENOTCONN)
        return None

    def socket_recv(self, link, buf):
        with self.at:
            return self._recv(link, buf)

    def socket_recvfrom(self, link, buf, ip, port):
        with self.at:
            got = self._recv(link, buf)
            if got is None:
                return None
            # (count, source), in the one list kept for it.
            pair = self._pair
            pair[0] = got
            pair[1] = (self._source if link.kind == _SOCK_DGRAM else link.peer) or _NOWHERE
            return pair

    def socket_ioctl(self, link, request, arg):
        with self.at:
            if request != _IOCTL_POLL:
                raise OSError(_EINVAL)
            if not link.error:
                self._service()
            if link.error:
                return _POLL_ERR | _POLL_HUP
            if link.state == _LISTENING:
                return _POLL_RD if link.backlog else 0
            if link.kind == _SOCK_DGRAM:
                return _POLL_RD | _POLL_WR if link.pending or link.queued else _POLL_WR
            has_data = link.pending or (link.rx is not None and len(link.rx))
            ready = _POLL_RD if has_data or link.eof else 0
            if link.id is not None and link.state != _CONNECTING:
                ready |= _POLL_WR
            if link.eof and not has_data:
                ready |= _POLL_HUP
            return ready
