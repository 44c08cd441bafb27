"""A PINT driver for SIMCom's cellular modems with the SIM7000 TCP/IP
command set (SIM7000 series, LTE-M/NB-IoT): pint.simcom's driver,
speaking the other dialect. (The SIM800 series shares the command set with
6 links, not 8; it is not tested.)

    from machine import UART
    import network
    from pint.sim7000 import SIM7000
    nic = network.PINT(SIM7000(UART(1, 115200, timeout=0)))
    nic.connect("internet")          # the operator's APN: opens the data link

On the host firmware, `PINT_NIC=sim7000 PINT_SIMCOM=/dev/ttyUSB2
PINT_SIMCOM_APN=internet` does the same at start-up.

Where it differs from the SIM7600's: the data link is brought up with
AT+CSTT (the APN), AT+CIICR and AT+CIFSR (after AT+CIPSHUT, in multi-link
mode, AT+CIPMUX=1) and lost with +PDP: DEACT; 8 links opened with
AT+CIPSTART, which answer "<n>, CONNECT OK" (or FAIL) after OK; a send ends
in "<n>, SEND OK", a close in "<n>, CLOSE OK" (no OK, and the id is free at
once), a peer's close is "<n>, CLOSED". UDP sockets are connected ones:
the modem sends to one address and takes datagrams from it alone, so
recvfrom reports the true source, and a sendto to another address closes
the link and opens a new one (what the modem kept for the old is lost).
Buffered receive (AT+CIPRXGET) and DNS (AT+CDNSGIP) are the SIM7600's.
"""

import errno

from micropython import const
from pint.simcom import SIMCom, _ip, _quote
from pint.at import ATError, ATTimeout, put as _put

_LINKS = const(8)  # link ids 0..7
_MOST = const(1460)  # the most one AT+CIPSEND (or a read) moves
_SOCK_DGRAM = const(2)
# network.STAT_* (as pint.simcom's)
_STAT_CONNECTING = const(1001)
_STAT_GOT_IP = const(1010)
_STAT_CONNECT_FAIL = const(203)


class SIM7000(SIMCom):
    """The driver: as pint.simcom.SIMCom's (the same arguments). connect()
    needs the APN once (the modem forgets it at AT+CIPSHUT)."""

    pint_links = _LINKS
    most = _MOST
    _OPEN = b"AT+CIPSTART="

    def _notices(self, at):
        # "<n>, CLOSED": the peer closed; "<n>, CONNECT OK" (FAIL) no one
        # waited for: a non-blocking connect's result, or a given-up one's.
        for i in range(_LINKS):
            at.urc(b"%d, CLOSED" % i, self._on_peer_closed)
            at.urc(b"%d, CONNECT" % i, self._on_opened)
        at.urc(b"+PDP: DEACT", self._on_net_lost)
        # What each link's send ends with (made once: a send costs no heap).
        self._sends = [(b"%d, SEND OK" % i, b"%d, SEND FAIL" % i) for i in range(_LINKS)]

    def _adopt(self):
        # Links and a data link a program before this one left open: all
        # closed (AT+CIPSHUT); connect() opens the data link.
        self._shut()

    def _shut(self):
        self._command(b"AT+CIPSHUT", 10000, quiet=True, ok=(b"SHUT OK",))

    def _id_of(self, line):
        # The link id a "<n>, ..." line starts with, or -1.
        return (
            line[0] - 48 if len(line) > 2 and 48 <= line[0] < 48 + _LINKS and line[1] == 44 else -1
        )

    def _on_net_lost(self, line):
        self._lost_all(errno.ECONNRESET)

    def _then(self, i):
        return b"%d, " % i

    def _result(self, line):
        # "<n>, CONNECT OK" 0; "<n>, ALREADY CONNECT" 4 (the modem has the
        # id in use); "<n>, CONNECT FAIL" (refused, unreachable) 1.
        if line.endswith(b"CONNECT OK"):
            return 0
        if b"ALREADY" in line:
            return 4
        return 1

    def _connect(self, apn, timeout):
        # AT+CIPSHUT (from any state), AT+CIPMUX=1, AT+CSTT, AT+CIICR,
        # AT+CIFSR: the data link, and the address the network gave.
        if apn is None:
            apn = self._apn
        self._status = _STAT_CONNECTING
        try:
            self._shut()
            self._command(b"AT+CIPMUX=1")
            self._command(b"AT+CIPRXGET=1")
            if apn is not None:
                self._command(b"AT+CSTT=" + _quote(apn))
            try:
                self._command(b"AT+CIICR", timeout)
            except ATError:
                raise OSError(errno.ECONNREFUSED)  # the network refused the data link (the APN?)
            self._address()
        except OSError:
            self._status = _STAT_CONNECT_FAIL
            raise
        except ATError:
            self._status = _STAT_CONNECT_FAIL
            raise OSError(errno.EIO)
        self._apn = apn
        self._net = self._up = True
        self._status = _STAT_GOT_IP

    def _address(self):
        # AT+CIFSR answers the address alone, no OK: ";E0" adds one.
        for line in self._command(b"AT+CIFSR;E0"):
            if line[:1].isdigit():
                return line.decode()
        raise OSError(errno.EIO)

    def disconnect(self):
        with self.at:
            self._shut()
            self._up = False
            self._lost_all(errno.ECONNABORTED)

    def isconnected(self):
        with self.at:
            self._service()
            if self._net:
                try:
                    self._address()
                except (OSError, ATError):  # no address: no data link
                    self._lost_all(errno.ECONNRESET)
            return self._net

    def ipconfig(self, param):
        if param != "addr4":
            raise ValueError("unknown config param")
        with self.at:
            return (self._address(), "255.255.255.255")

    def _close_id(self, i):
        # AT+CIPCLOSE=<id>: "<id>, CLOSE OK", and the id is free.
        at = self.at
        try:
            at.command(_put(at.buf, 0, b"AT+CIPCLOSE=", i), ok=(b"%d, CLOSE OK" % i,))
        except ATTimeout:
            self._orphans.append(i)  # once more at the next call
        except ATError:
            pass  # not open (any more)

    def _on_closed(self, line):
        pass  # (the SIM7600's +CIPCLOSE: closes here are done at their answer)

    def _sent(self, link):
        # "<n>, SEND OK"; "<n>, SEND FAIL" is an error.
        self.at.wait_final(self._sends[link.id], keep=False)

    def _send(self, link, buf, n, ip=None, port=0):
        return super()._send(link, buf, n)  # a UDP link sends where it was opened to

    def socket_bind(self, link, ip, port):
        # The local port of a UDP link (AT+CLPORT before it opens).
        if link.kind != _SOCK_DGRAM:
            raise OSError(errno.EOPNOTSUPP)  # client TCP sockets only
        if link.port or link.id is not None:
            raise OSError(errno.EINVAL)
        link.port = port
        return True

    def _udp_open(self, link):
        # A UDP link to the socket's destination: one of its own for each
        # destination (the modem's are connected).
        if link.id is not None:
            if link.to is link.peer:
                return
            i = link.id
            link.id = None
            self._ids[i] = None
            self._close_id(i)
        link.to = link.peer
        self._open(link, b'"UDP","%s",%d' % (_ip(link.dest), link.peer[1]), self.at.timeout)

    def _open_id(self, link, i, tail, timeout):
        if link.kind == _SOCK_DGRAM and link.port:
            at = self.at
            try:
                at.command(_put(at.buf, 0, b"AT+CLPORT=", i, b',"UDP",', link.port))
            except ATError:
                raise OSError(errno.EADDRINUSE)
        return super()._open_id(link, i, tail, timeout)
