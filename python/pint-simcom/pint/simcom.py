"""A PINT driver for SIMCom's cellular modems with the SIM7600 TCP/IP
command set (SIM7600 series; A7600/A7670 series): a 4G modem on a UART
becomes MicroPython's network interface.

    from machine import UART
    import network
    from pint.simcom import SIMCom
    nic = network.PINT(SIMCom(UART(1, 115200, timeout=0)))
    nic.connect("internet")          # the operator's APN: opens the data link
    # socket, requests, asyncio, tls... now go through the modem

On the host firmware, `PINT_NIC=simcom PINT_SIMCOM=/dev/ttyUSB2
PINT_SIMCOM_APN=internet` does the same at start-up (pint.unix.simcom()).
docs/simcom.md has the wiring, the modems and what is supported.

How it talks to the modem: the data link opened with AT+NETOPEN, up to 10
links (AT+CIPOPEN, each confirmed by +CIPOPEN), buffered receive
(AT+CIPRXGET=1): the modem keeps what arrives, says +CIPRXGET: 1,<link>,
and a recv reads what it asks for (AT+CIPRXGET=2), so nothing is buffered
here but a small read-ahead for short TCP reads. A send waits for the '>'
prompt, then for OK and +CIPSEND. A closed link's id is used again only
once the modem has confirmed the close (+CIPCLOSE). Client sockets only
(TCP and UDP): operators' networks rarely let connections in. The UART is
the driver's wake object.
"""

import errno
import time

from micropython import const
from pint.at import AT, ATError, ATTimeout, uart_setting, put as _put
from _pint import Fifo
from pint.driver import Driver

from pint import EISCONN as _EISCONN, EMSGSIZE as _EMSGSIZE

# MicroPython's stream poll flags and socket types (see pint.espat).
_IOCTL_POLL = const(3)
_POLL_RD = const(1)
_POLL_WR = const(4)
_POLL_ERR = const(8)
_POLL_HUP = const(16)
_SOCK_STREAM = const(1)
_SOCK_DGRAM = const(2)

_LINKS = const(10)  # the modem's link ids 0..9
_CHUNK = const(1500)  # the most one AT+CIPSEND / AT+CIPRXGET=2 moves
_AHEAD = const(256)  # a shorter TCP read reads this much and keeps the rest
_EPHEMERAL = const(49152)
_RECHECK = const(2000)  # ms a read waits without a data notice before asking the modem
_CLOSE_WAIT = const(10000)  # ms a close's +CIPCLOSE is awaited before the id is used anyway

_STAT_IDLE = const(1000)
_STAT_CONNECTING = const(1001)
_STAT_GOT_IP = const(1010)
_STAT_CONNECT_FAIL = const(203)

_CONNECTING = const(1)
_CONNECTED = const(2)
_ABANDONED = const(3)  # closed (or given up on) while its AT+CIPOPEN is still answered

_NOWHERE = ("0.0.0.0", 0)
_OK = (b"OK",)


class _Link:
    # One socket: its link id while the modem has it.
    def __init__(self, kind):
        self.kind = kind
        self.id = None
        self.state = 0
        self.port = 0  # UDP: the local port
        self.peer = None  # (ip, port): TCP's peer; UDP's last destination
        self.dest = None  # UDP: the last destination's ip, a tuple of 4 ints
        self.ready = False  # the modem said it holds data (+CIPRXGET: 1)
        self.pending = 0  # what the modem said it still holds after a read
        self.eof = False  # the peer closed (+IPCLOSE)
        self.rx = None  # a TCP link's read-ahead (a Fifo of _AHEAD bytes)
        self.error = 0  # an errno to report (failed connect, modem reset)
        self.timeout = -1  # the socket's, in ms
        self.checked = 0  # when the modem last said (or was asked) what it holds


def _ip(ip):
    return b"%d.%d.%d.%d" % tuple(ip)


def _quote(s):
    if isinstance(s, str):
        s = s.encode()
    if b'"' in s or b"\r" in s or b"\n" in s:
        raise OSError(errno.EINVAL)  # the modem's strings cannot hold them
    return b'"' + s + b'"'


def _room(buf):
    return buf.room() if isinstance(buf, Fifo) else len(buf)


def _code(line):
    # The result code ending a "+NAME: <link>,<code>" line, or -1.
    i = line.rfind(b",")
    v = line[i + 1 :].strip() if i >= 0 else line[line.find(b":") + 1 :].strip()
    return int(v) if v.isdigit() else -1


# +CIPOPEN's result codes as errnos: 1 a network failure (what a refused
# connection gives), 2 the data link is not open, 6 the local port is
# taken, 10 timed out, 11 the name could not be resolved; any other: EIO.
def _errno(code):
    if code == 1:
        return errno.ECONNREFUSED
    if code == 2:
        return errno.ENOTCONN
    if code == 10:
        return errno.ETIMEDOUT
    if code == 11:
        return errno.EHOSTUNREACH
    if code == 6:
        return errno.EADDRINUSE  # UDP: the local port is taken
    return errno.EIO


class SIMCom(Driver):
    """The driver. uart: any stream (machine.UART(..., timeout=0), or
    _pintserial.Serial on the host firmware). apn: open the data link at
    once with this access point name (else nic.connect(apn) does). reset:
    restart the modem first (AT+CRESET; it takes about 20 s on a real
    one). timeout: for commands, in ms. trace(direction, data): sees every
    byte that crosses the UART. chunk: the most one read asks for (default:
    what the UART's receive ring holds with the answer around it, at most
    1500)."""

    pint_links = _LINKS  # sockets open at once (the conformance runner checks it)
    most = _CHUNK  # the most one send (or read) moves

    STAT_IDLE = _STAT_IDLE
    STAT_CONNECTING = _STAT_CONNECTING
    STAT_GOT_IP = _STAT_GOT_IP
    STAT_CONNECT_FAIL = _STAT_CONNECT_FAIL

    def __init__(self, uart, apn=None, reset=False, timeout=5000, trace=None, chunk=None):
        self.wake = uart
        ring = uart_setting(uart, "rxbuf")
        most = self.most
        self.chunk = chunk or (most if ring is None else max(64, min(most, ring + 32 - 64)))
        self.at = at = AT(uart, buffer=512, timeout=timeout, trace=trace)
        self._ids = [None] * self.pint_links  # link id -> the _Link the modem has under it
        self._closing = {}  # link id -> when its close was asked (awaiting +CIPCLOSE)
        self._orphans = []  # link ids opened by a connect given up on: closed at the next call
        self._apn = None  # the data link's APN (None: the modem's setting)
        self._up = False  # connect() opened the data link: kept open
        self._net = False  # it is open
        self._status = _STAT_IDLE
        self._reset_seen = False
        self._pair = [0, _NOWHERE]  # what recvfrom returns, reused
        # UDP's local ports: from a place of their own in the range each run
        # (not the last run's ports, where its peers may still answer).
        self._next_port = _EPHEMERAL + time.ticks_ms() % 8192
        self.model = None
        # What the read in flight (AT+CIPRXGET=2) puts where.
        self._dest = None
        self._asked = 0
        self._got = 0
        self._rest = 0
        self._lost = False
        self._framed = False
        self._notices(at)
        at.urc(b"RDY", self._on_ready)
        at.frame(b"+CIPRXGET: 1,", self._on_data)
        at.frame(b"+CIPRXGET: 2,", self._on_read)
        with at:
            self._sync()
            if reset:
                self._reset_seen = False
                at.command(b"AT+CRESET")
                deadline = time.ticks_add(time.ticks_ms(), 30000)
                while not self._reset_seen and time.ticks_diff(deadline, time.ticks_ms()) > 0:
                    at.pump(100)
                self._sync(30)
            for line in self._command(b"AT+CGMM", quiet=True) or ():
                if line and line != b"AT+CGMM":
                    self.model = line.decode()
            self._setup()
            self._adopt()
        if apn is not None:
            self.connect(apn)

    # --- the modem

    def _notices(self, at):
        at.urc(b"+IPCLOSE:", self._on_peer_closed)
        at.urc(b"+CIPCLOSE:", self._on_closed)
        at.urc(b"+CIPOPEN:", self._on_opened)
        at.urc(b"+CIPEVENT:", self._on_net_lost)

    def _adopt(self):
        # Links a program before this one left open: closed (this driver
        # owns none yet).
        for line in self._command(b"AT+CIPOPEN?", quiet=True) or ():
            if line.startswith(b"+CIPOPEN:") and b'"' in line and self._id_of(line) >= 0:
                self._close_id(self._id_of(line))
        # The data link opened before: kept.
        for line in self._command(b"AT+NETOPEN?", quiet=True) or ():
            if line.startswith(b"+NETOPEN:") and _code(line) == 1:
                self._net = self._up = True
                self._status = _STAT_GOT_IP

    def _sync(self, tries=10):
        for i in range(tries):
            try:
                self.at.command(b"AT", timeout=500)
                return
            except ATError:
                pass
        raise OSError(errno.ETIMEDOUT)

    def _setup(self):
        # No echo; buffered receive (the modem keeps what comes until read).
        self._reset_seen = False
        self.at.command(b"ATE0")
        self.at.command(b"AT+CIPRXGET=1")

    def _command(
        self, cmd, timeout=None, prompt=False, quiet=False, late=None, keep=True, then=None, ok=_OK
    ):
        # An AT command; ATTimeout as ETIMEDOUT. quiet: errors give None.
        try:
            return self.at.command(cmd, timeout, prompt, late, keep, then, ok)
        except ATTimeout:
            if quiet:
                return None
            raise OSError(errno.ETIMEDOUT)
        except ATError:
            if quiet:
                return None
            raise

    def _service(self):
        # Handle what the modem said meanwhile; set it up again after a
        # restart; close what connects given up on opened; free the ids
        # whose close was never confirmed.
        try:
            self.at.pump()
        except ATTimeout:
            raise OSError(errno.ETIMEDOUT)  # a payload that never came whole
        if self._reset_seen:
            try:
                self._sync()
                self._setup()
            except ATError:  # ATTimeout too
                self._reset_seen = True  # set up again at the next call
                raise OSError(errno.EIO)
            except OSError:
                self._reset_seen = True
                raise
        if self._orphans:
            orphans, self._orphans = self._orphans, []
            for i in orphans:
                self._close_id(i)
        if self._closing:
            now = time.ticks_ms()
            for i, when in list(self._closing.items()):
                if time.ticks_diff(now, when) > _CLOSE_WAIT:
                    del self._closing[i]

    def _on_ready(self, line):
        # The modem restarted: the data link, every link and the command in
        # flight are gone.
        self._reset_seen = True
        self.at.abandon()
        self._lost_all(errno.ECONNRESET)

    def _lost_all(self, err):
        self._net = False
        self._status = _STAT_IDLE
        self._closing = {}
        for i in range(len(self._ids)):
            link = self._ids[i]
            if link is not None:
                link.id = None
                link.error = err
                self._ids[i] = None

    def _on_net_lost(self, line):
        # +CIPEVENT: NETWORK CLOSED UNEXPECTEDLY: the data link dropped.
        if b"CLOSED" in line:
            self._lost_all(errno.ECONNRESET)

    def _id_of(self, line):
        # The link id after "+NAME: ", or -1.
        colon = line.find(b":")
        comma = line.find(b",", colon)
        v = line[colon + 1 : comma if comma > 0 else len(line)].strip()
        i = int(v) if v.isdigit() else -1
        return i if i < len(self._ids) else -1

    def _on_data(self):
        # +CIPRXGET: 1,<link>: the modem holds data for the link. Read in
        # place (a frame, not a notice: it costs no heap).
        rx = self.at.rx
        nl = rx.find(b"\n", 13, 24)
        if nl < 0:
            return False if len(rx) < 24 else None
        i = rx.number(13, nl - 1 if rx[nl - 1] == 13 else nl)
        rx.consume(nl + 1)
        link = self._ids[i] if 0 <= i < len(self._ids) else None
        if link is not None:
            link.ready = True
        return True

    def _on_peer_closed(self, line):
        # +IPCLOSE: <link>,<reason>: the peer closed (or the link failed);
        # the modem has freed the id.
        i = self._id_of(line)
        link = self._ids[i] if i >= 0 else None
        if link is not None:
            link.eof = True
            link.id = None
            self._ids[i] = None
        self._closing.pop(i, None)

    def _on_closed(self, line):
        # +CIPCLOSE: <link>,<err>: a close is done; the id is free.
        self._closing.pop(self._id_of(line), None)

    def _on_opened(self, line):
        # +CIPOPEN: <link>,<err> no one waited for: a non-blocking connect's
        # result, or a given-up one's.
        i = self._id_of(line)
        if i < 0:
            return
        self._opened(i, self._result(line))

    def _opened(self, i, code):
        link = self._ids[i]
        if link is None or link.state == _ABANDONED:
            # Opened for no one (closed or given up on meanwhile): closed
            # at the next call; not opened: the id is free.
            self._ids[i] = None
            if code == 0 and i not in self._orphans:
                self._orphans.append(i)  # (once: a modem may say it again and again)
            return
        if link.state != _CONNECTING:
            return
        if code == 0:
            link.state = _CONNECTED
        else:
            link.error = _errno(code)
            link.id = None
            self._ids[i] = None

    def _on_read(self):
        # +CIPRXGET: 2,<link>,<read>,<rest>\r\n<data>: the answer to a
        # read, read in place into the destination.
        rx = self.at.rx
        nl = rx.find(b"\n", 13, 48)
        if nl < 0:
            return False if len(rx) < 48 else None
        end = nl - 1 if rx[nl - 1] == 13 else nl
        c1 = rx.find(b",", 13, end)
        c2 = rx.find(b",", c1 + 1, end) if c1 > 0 else -1
        n = rx.number(c1 + 1, c2) if c2 > 0 else -1
        rest = rx.number(c2 + 1, end) if c2 > 0 else -1
        if n < 0 or rest < 0 or n > self._asked:
            return None  # garbled, or more than asked: read as a line
        rx.consume(nl + 1)
        dest = self._dest
        keep = 0 if dest is None else min(n, _room(dest))
        try:
            if keep:
                self.at.read_into(dest, keep)
            if n > keep:
                self.at.read_into(None, n - keep)
        except ATTimeout:
            raise OSError(errno.ETIMEDOUT)
        # The data is followed by its line end: else bytes were lost on the
        # line, and what was read holds bytes of what followed.
        self._lost = not self.at.expect(b"\r\n")
        self._got = keep
        self._rest = rest
        self._framed = True
        return True

    # --- the network interface (nic.connect(apn) and so on)

    def active(self, *state):
        return True

    def connect(self, apn=None, *, timeout=30000):
        """Open the data link (AT+NETOPEN) on the access point name apn (the
        operator's: "internet", say; None: the modem's own setting)."""
        with self.at:
            self._service()
            self._connect(apn, timeout)

    def _connect(self, apn, timeout):
        if apn is not None:
            self._command(b'AT+CGDCONT=1,"IP",' + _quote(apn))
        self._status = _STAT_CONNECTING
        try:
            lines = self._command(b"AT+NETOPEN", timeout, then=b"+NETOPEN:")
        except ATError as e:
            if any(b"already opened" in line for line in e.lines):
                lines = (b"+NETOPEN: 0",)
            else:
                self._status = _STAT_CONNECT_FAIL
                if isinstance(e, ATTimeout):
                    raise OSError(errno.ETIMEDOUT)
                raise OSError(errno.EIO)
        except OSError:
            self._status = _STAT_CONNECT_FAIL
            raise
        if _code(lines[-1]) != 0:
            self._status = _STAT_CONNECT_FAIL
            raise OSError(errno.ECONNREFUSED)  # the network refused the data link (the APN?)
        self._apn = apn
        self._net = self._up = True
        self._status = _STAT_GOT_IP

    def disconnect(self):
        with self.at:
            self._command(b"AT+NETCLOSE", 10000, quiet=True)
            self._up = False
            self._lost_all(errno.ECONNABORTED)

    def isconnected(self):
        with self.at:
            self._service()
            for line in self._command(b"AT+NETOPEN?"):
                if line.startswith(b"+NETOPEN:"):
                    self._net = _code(line) == 1
            return self._net

    def status(self, param=None):
        """None: a network.STAT_* number; "rssi": the signal in dBm (None
        when the modem does not know it); "csq": AT+CSQ's (rssi, ber)."""
        with self.at:
            self._service()
            if param is None:
                return self._status
            if param not in ("rssi", "csq"):
                raise ValueError("unknown status param")
            for line in self._command(b"AT+CSQ"):
                if line.startswith(b"+CSQ:"):
                    rssi, _, ber = line[5:].strip().partition(b",")
                    rssi, ber = int(rssi), int(ber)
                    if param == "csq":
                        return (rssi, ber)
                    return None if rssi > 31 else -113 + 2 * rssi
            raise OSError(errno.EIO)

    def ipconfig(self, param):
        """ "addr4": the address the network gave (AT+IPADDR), as
        (address, netmask)."""
        if param != "addr4":
            raise ValueError("unknown config param")
        with self.at:
            for line in self._command(b"AT+IPADDR"):
                if line.startswith(b"+IPADDR:"):
                    return (line[8:].strip().decode(), "255.255.255.255")
            raise OSError(errno.EIO)

    def gethostbyname(self, name):
        with self.at:
            self._service()
            try:
                lines = self._command(b"AT+CDNSGIP=" + _quote(name), 20000, then=b"+CDNSGIP:")
            except ATError:
                return None  # not found: getaddrinfo raises OSError(-2)
            for line in lines:
                if line.startswith(b"+CDNSGIP: 1,"):
                    q = line.rfind(b'"', 0, len(line) - 1)
                    return line[q + 1 : -1].decode()
            return None

    # --- sockets

    def socket_socket(self, domain, kind, proto):
        if kind != _SOCK_STREAM and kind != _SOCK_DGRAM:
            raise OSError(errno.EOPNOTSUPP)
        return _Link(kind)

    def socket_timeout(self, link, timeout_ms):
        link.timeout = timeout_ms

    def _check(self, link):
        if link.error:
            raise OSError(link.error)

    def _free_id(self):
        # The lowest id the modem does not use, is not closing, and no given-up
        # connect may still open. While every free one is still closing, wait for
        # a confirmation (the modem refuses an id until then).
        deadline = time.ticks_add(time.ticks_ms(), self.at.timeout)
        while True:
            for i in range(len(self._ids)):
                if self._ids[i] is None and i not in self._closing and i not in self._orphans:
                    return i
            if not self._closing or time.ticks_diff(deadline, time.ticks_ms()) <= 0:
                raise OSError(errno.ENOBUFS)  # all 10 links in use
            self.at.pump(50)

    def _open(self, link, tail, timeout):
        # AT+CIPOPEN=<id>,<tail> on a free id; its +CIPOPEN says how it went.
        # A non-blocking TCP socket gets EINPROGRESS: the link becomes
        # writable when +CIPOPEN comes.
        if not self._net:
            if not self._up:
                raise OSError(errno.ENOTCONN)  # no data link: nic.connect(apn) first
            self._connect(self._apn, 30000)  # lost (network, restart): opened again
        if link.timeout > 0:
            timeout = link.timeout
        for attempt in range(len(self._ids)):
            code = self._open_id(link, self._free_id(), tail, timeout)
            if code != 4:
                break
        if code:
            raise OSError(_errno(code))
        link.state = _CONNECTED

    def _open_id(self, link, i, tail, timeout):
        # One AT+CIPOPEN on id i: its result code (4: the modem has the id
        # in use, unknown to this driver: it is closed, and another tried).
        at = self.at
        k = _put(at.buf, 0, self._OPEN, i, b",", tail)
        link.id = i
        link.state = _CONNECTING
        link.eof = False
        self._ids[i] = link
        if link.timeout == 0 and link.kind == _SOCK_STREAM:
            at.start(bytes(at.buf[:k]), self._started(i), timeout)
            raise OSError(errno.EINPROGRESS)
        try:
            lines = self._command(k, timeout, late=self._late(i), then=self._then(i))
        except ATError as e:
            # Refused at once: +CIPOPEN: <id>,<err> before ERROR.
            code = self._result(e.lines[-1]) if e.lines else 12
            self._ids[i] = None
            link.id = None
            if code == 4:
                self._orphans.append(i)
            return code
        except OSError:
            # No answer in time: the late answer decides (_late).
            link.id = None
            link.state = _ABANDONED
            raise
        for line in lines[:-1]:
            # Another link's +CIPOPEN that came while this one's waited.
            if line.startswith(b"+CIPOPEN:"):
                self._on_opened(line)
        code = self._result(lines[-1])
        if code != 0:
            self._ids[i] = None
            link.id = None
        link.checked = time.ticks_ms()
        return code

    # How a link is opened: the command, the line that says how it went
    # (its prefix), that line's result code.
    _OPEN = b"AT+CIPOPEN="

    def _then(self, i):
        return b"+CIPOPEN: %d," % i

    def _result(self, line):
        return _code(line)

    def _started(self, i):
        # A non-blocking connect's AT+CIPOPEN answered: an error fails it
        # (OK: its +CIPOPEN comes as a notice).
        def done(final, lines):
            if final != b"OK":
                self._opened(i, 12)

        return done

    def _late(self, i):
        # The answer to a connect given up on: a link it opened is closed.
        def late(final, lines):
            if final == b"OK" and lines and lines[-1].startswith(self._then(i)):
                self._opened(i, self._result(lines[-1]))
            elif final == b"OK" or final == b"timeout":
                self._opened(i, 0)  # it may have opened: closed to be sure
            else:
                self._opened(i, 12)

        return late

    def _udp_open(self, link):
        # A UDP link on link.port (a port of its own when not bound).
        if link.id is None:
            for attempt in range(4):
                mine = not link.port
                if mine:
                    link.port = self._next_port
                    self._next_port = (
                        self._next_port + 1 if self._next_port < 65535 else _EPHEMERAL
                    )
                try:
                    self._open(link, b'"UDP",,,%d' % link.port, self.at.timeout)
                    return
                except OSError as e:
                    if not mine or e.errno != errno.EADDRINUSE or attempt == 3:
                        raise
                    link.port = 0  # a port of its own, taken: another

    def _close_id(self, i):
        # AT+CIPCLOSE=<id>; the id is free again at its +CIPCLOSE.
        self._closing[i] = time.ticks_ms()
        try:
            lines = self.at.command(_put(self.at.buf, 0, b"AT+CIPCLOSE=", i))
        except ATTimeout:
            self._orphans.append(i)  # once more at the next call
            return
        except ATError as e:
            lines = e.lines  # not open (any more): +CIPCLOSE: <id>,4
        for line in lines:
            # Confirmations (this close's, or earlier ones') that came
            # before this OK.
            if line.startswith(b"+CIPCLOSE:"):
                self._on_closed(line)

    def socket_close(self, link):
        with self.at:
            i = link.id
            if i is not None and self._ids[i] is link:
                link.id = None
                self._ids[i] = None
                if link.state == _CONNECTING:
                    # Its +CIPOPEN still comes: the id waits for it (_opened).
                    self._ids[i] = link
                    link.state = _ABANDONED
                    return
                else:
                    try:
                        self._close_id(i)
                    except OSError:
                        self._orphans.append(i)
            link.state = 0

    def socket_bind(self, link, ip, port):
        if link.kind != _SOCK_DGRAM:
            raise OSError(errno.EOPNOTSUPP)  # client TCP sockets only
        with self.at:
            if link.port or link.id is not None:
                raise OSError(errno.EINVAL)
            link.port = port
            if port:
                self._service()
                self._udp_open(link)
            return True

    def socket_connect(self, link, ip, port):
        with self.at:
            self._check(link)
            self._service()
            if link.kind == _SOCK_DGRAM:
                self._aim(link, ip, port)
                self._udp_open(link)
                return True
            if link.id is not None:
                raise OSError(_EISCONN)
            dotted = _ip(ip)
            self._open(link, b'"TCP","%s",%d' % (dotted, port), max(self.at.timeout, 30000))
            link.peer = (dotted.decode(), port)
            return True

    def _aim(self, link, ip, port):
        # A UDP socket's destination: what recvfrom reports as the source
        # (a new tuple only when it changes).
        peer = link.peer
        if peer is None or peer[1] != port or link.dest != ip:
            link.dest = ip
            link.peer = (_ip(ip).decode(), port)

    def _send(self, link, buf, n, ip=None, port=0):
        # AT+CIPSEND=<id>,<n>[,"<ip>",<port>]: the prompt, the data, OK and
        # +CIPSEND (the modem has taken them).
        at = self.at
        b = at.buf
        k = _put(b, 0, b"AT+CIPSEND=", link.id, b",", n)
        if ip is not None:
            k = _put(b, k, b',"', ip[0], b".", ip[1], b".", ip[2], b".", ip[3], b'",', port)
        try:
            self._command(k, prompt=True, keep=False)
            at.write(buf, n)
            self._sent(link)
        except ATTimeout:
            raise OSError(errno.ETIMEDOUT)
        except ATError:
            if link.id is None or link.eof:
                raise OSError(errno.ECONNRESET)
            raise OSError(errno.EIO)
        return n

    def _sent(self, link):
        # The modem took the data: OK, then +CIPSEND.
        self.at.wait_final(_OK, keep=False, then=b"+CIPSEND:")

    def socket_send(self, link, buf):
        with self.at:
            self._check(link)
            if link.kind == _SOCK_DGRAM:
                if link.peer is None:
                    raise OSError(errno.ENOTCONN)
                return self._sendto(link, buf, link.dest, link.peer[1])
            self._service()
            self._check(link)
            if link.state == _CONNECTING:
                return None
            if link.id is None:
                raise OSError(errno.ECONNRESET if link.eof else errno.ENOTCONN)
            return self._send(link, buf, min(len(buf), self.most))

    def _sendto(self, link, buf, ip, port):
        self._check(link)
        if link.kind != _SOCK_DGRAM:
            raise OSError(_EISCONN)
        if not 0 < len(buf) <= self.most:
            raise OSError(_EMSGSIZE if len(buf) else errno.EINVAL)
        self._service()
        self._aim(link, ip, port)
        self._udp_open(link)
        return self._send(link, buf, len(buf), ip, port)

    def socket_sendto(self, link, buf, ip, port):
        with self.at:
            return self._sendto(link, buf, ip, port)

    def _pull(self, link, buf):
        # AT+CIPRXGET=2,<id>,<n>: at most what buf holds (a UDP datagram:
        # whole, the modem loses what a shorter read leaves of it).
        n = _room(buf)
        n = min(n, self.chunk if link.kind == _SOCK_STREAM else self.most)
        self._dest = buf
        self._asked = n
        self._got = 0
        self._rest = 0
        self._lost = False
        self._framed = False
        try:
            self._command(_put(self.at.buf, 0, b"AT+CIPRXGET=2,", link.id, b",", n), keep=False)
        except ATError:
            link.ready = False  # nothing there after all
            link.pending = 0
            return 0
        except OSError:
            if not link.error:
                link.error = errno.EIO
            raise OSError(link.error)
        finally:
            self._dest = None
        link.pending = self._rest
        link.ready = self._rest > 0
        link.checked = time.ticks_ms()
        if self._lost or not self._framed:
            # Bytes lost on the line, or an answer that was no data frame
            # (garbled, or announcing more than asked: its data was read as
            # lines): a datagram is dropped; a stream cannot go on as if
            # they were not.
            if link.kind == _SOCK_DGRAM:
                return 0
            link.error = errno.EIO
            raise OSError(errno.EIO)
        return self._got

    def _recv(self, link, buf):
        self._check(link)
        self._service()
        rx = link.rx
        if rx is not None and len(rx):
            return rx.readinto(buf)
        if (link.ready or link.pending) and link.id is not None:
            if len(buf) < _AHEAD and link.kind == _SOCK_STREAM:
                if rx is None:
                    rx = link.rx = Fifo(_AHEAD)
                if self._pull(link, rx):
                    return rx.readinto(buf)
            else:
                got = self._pull(link, buf)
                if got:
                    return got
        if link.eof:
            return 0
        self._check(link)
        if link.id is None:
            raise OSError(errno.ENOTCONN)
        self._recheck(link)
        return None

    def _recheck(self, link):
        # A data notice the line lost (noise, an overrun) must not leave
        # what the modem keeps unread for good: after _RECHECK ms of waiting
        # without one, ask the modem what it holds (AT+CIPRXGET=4).
        now = time.ticks_ms()
        if link.state != _CONNECTED or time.ticks_diff(now, link.checked) < _RECHECK:
            return
        link.checked = now
        at = self.at
        for line in self._command(_put(at.buf, 0, b"AT+CIPRXGET=4,", link.id), quiet=True) or ():
            if line.startswith(b"+CIPRXGET: 4,") and _code(line) > 0:
                link.pending = _code(line)

    def socket_recv(self, link, buf):
        with self.at:
            return self._recv(link, buf)

    def socket_recvfrom(self, link, buf, ip, port):
        # The modem does not say where a datagram came from: the address
        # the socket sends to is reported.
        with self.at:
            got = self._recv(link, buf)
            if got is None:
                return None
            pair = self._pair
            pair[0] = got
            pair[1] = link.peer or _NOWHERE
            return pair

    def socket_ioctl(self, link, request, arg):
        with self.at:
            if request != _IOCTL_POLL:
                raise OSError(errno.EINVAL)
            if link.error:
                return _POLL_ERR | _POLL_HUP
            self._service()
            if link.error:
                return _POLL_ERR | _POLL_HUP
            ready = 0
            if link.id is not None and not (link.ready or link.pending or link.eof):
                self._recheck(link)
            has_data = link.ready or link.pending or (link.rx is not None and len(link.rx))
            if has_data or link.eof:
                ready |= _POLL_RD
            if link.kind == _SOCK_DGRAM or (link.id is not None and link.state == _CONNECTED):
                ready |= _POLL_WR
            if link.eof and not has_data:
                ready |= _POLL_HUP
            return ready
