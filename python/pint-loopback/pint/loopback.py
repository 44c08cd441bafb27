"""An in-memory network for PINT: TCP and UDP between sockets of one driver.

    import network, socket
    from pint.loopback import Loopback
    network.PINT(Loopback())
    # now socket.socket() talks to other sockets of this program

Every address of the driver's network reaches the same host (like 127.0.0.1
on a real machine), and names resolve through the ``hosts`` table. Nothing
here blocks: an operation that cannot proceed answers None, and PINT waits,
times out or raises EAGAIN according to the socket's timeout.

It is a complete PINT driver written in the three-parameter socket_socket and one-parameter socket_accept forms of the contract (see
docs/driver-guide.md), useful to test network code without a network.
"""

from micropython import const
import errno
from pint import (
    IOCTL_POLL as _IOCTL_POLL,
    POLL_RD as _POLL_RD,
    POLL_WR as _POLL_WR,
    POLL_HUP as _POLL_HUP,
)
from pint import SOCK_STREAM as _SOCK_STREAM, SOCK_DGRAM as _SOCK_DGRAM, EISCONN as _EISCONN
from pint.driver import Driver

_EPHEMERAL_FIRST = const(49152)


class _Socket:
    # One end of the in-memory network.
    def __init__(self, kind):
        self.kind = kind
        self.port = 0  # bound port, 0: not bound
        self.listening = False
        self.backlog = 0
        self.pending = None  # listening: connections not yet accepted
        self.peer = None  # TCP: the other end; UDP: default destination
        self.peer_addr = None  # (ip, port) of the peer
        self.rx = bytearray()  # TCP: bytes received, not yet read
        self.datagrams = None  # UDP: [(bytes, (ip, port)), ...]
        self.eof = False  # TCP: the peer closed its end
        self.closed = False

    def __repr__(self):
        return "<loopback {} port {}>".format(
            "tcp" if self.kind == _SOCK_STREAM else "udp", self.port
        )


class Loopback(Driver):
    """The driver. ip: this host's address; buffer: bytes a TCP socket holds
    before a sender has to wait; hosts: names that resolve."""

    def __init__(self, ip=(127, 0, 0, 1), buffer=8192, hosts=None):
        self.ip = tuple(ip)
        self.buffer = buffer
        self.hosts = {"localhost": self.ip}
        if hosts:
            self.hosts.update(hosts)
        self.ports = {_SOCK_STREAM: {}, _SOCK_DGRAM: {}}
        self.next_port = _EPHEMERAL_FIRST
        self.active_ = True

    # --- the network interface ---

    def active(self, *state):
        if state:
            self.active_ = bool(state[0])
        return self.active_

    def isconnected(self):
        return self.active_

    def ifconfig(self, *config):
        ip = "{}.{}.{}.{}".format(*self.ip)
        return (ip, "255.0.0.0", ip, ip)

    def status(self, *param):
        return 0

    def gethostbyname(self, name):
        # Names in the hosts table; None: not found (getaddrinfo raises -2).
        return self.hosts.get(name)

    # --- sockets ---

    def socket_socket(self, domain, kind, proto):
        if kind not in (_SOCK_STREAM, _SOCK_DGRAM):
            raise OSError(errno.EOPNOTSUPP)
        s = _Socket(kind)
        if kind == _SOCK_DGRAM:
            s.datagrams = []
        return s

    def _bind_port(self, s, port):
        table = self.ports[s.kind]
        if port == 0:
            for _ in range(65536 - _EPHEMERAL_FIRST):
                port = self.next_port
                self.next_port = port + 1 if port < 65535 else _EPHEMERAL_FIRST
                if port not in table:
                    break
            else:
                raise OSError(errno.EADDRINUSE)
        elif port in table:
            raise OSError(errno.EADDRINUSE)
        table[port] = s
        s.port = port

    def socket_bind(self, s, ip, port):
        if s.port:
            raise OSError(errno.EINVAL)
        self._bind_port(s, port)
        return True

    def socket_listen(self, s, backlog):
        if s.kind != _SOCK_STREAM:
            raise OSError(errno.EOPNOTSUPP)
        if not s.port:
            self._bind_port(s, 0)
        s.listening = True
        s.backlog = max(backlog, 1)
        if s.pending is None:
            s.pending = []
        return True

    def socket_accept(self, s):
        if not s.listening:
            raise OSError(errno.EINVAL)
        if not s.pending:
            return None
        conn = s.pending.pop(0)
        return conn, conn.peer_addr

    def socket_connect(self, s, ip, port):
        if s.kind == _SOCK_DGRAM:
            if not s.port:
                self._bind_port(s, 0)
            s.peer_addr = (ip, port)
            return True
        if s.peer is not None or s.listening:
            raise OSError(_EISCONN)
        server = self.ports[_SOCK_STREAM].get(port)
        if server is None or not server.listening or len(server.pending) >= server.backlog:
            raise OSError(errno.ECONNREFUSED)
        if not s.port:
            self._bind_port(s, 0)
        conn = _Socket(_SOCK_STREAM)
        conn.port = port
        conn.peer = s
        conn.peer_addr = (self.ip, s.port)
        s.peer = conn
        s.peer_addr = (ip, port)
        server.pending.append(conn)
        return True

    def socket_close(self, s):
        if s.closed:
            return
        s.closed = True
        table = self.ports[s.kind]
        if s.port and table.get(s.port) is s:
            del table[s.port]
        if s.pending:
            # Connections never accepted are reset.
            for conn in s.pending:
                conn.peer.eof = True
                conn.peer.peer = None
            s.pending = None
        if s.kind == _SOCK_STREAM and s.peer is not None:
            s.peer.eof = True
            s.peer = None

    def socket_send(self, s, buf):
        if s.kind == _SOCK_DGRAM:
            if s.peer_addr is None:
                raise OSError(errno.ENOTCONN)
            return self.socket_sendto(s, buf, *s.peer_addr)
        peer = s.peer
        if peer is None:
            raise OSError(errno.EPIPE if s.eof else errno.ENOTCONN)
        if peer.closed:
            raise OSError(errno.ECONNRESET)
        room = self.buffer - len(peer.rx)
        if room <= 0:
            return None
        n = min(room, len(buf))
        peer.rx.extend(buf[:n])
        return n

    def socket_recv(self, s, buf):
        if s.kind == _SOCK_DGRAM:
            got = self.socket_recvfrom(s, buf, None, 0)
            return got if got is None else got[0]
        rx = s.rx
        if rx:
            n = min(len(buf), len(rx))
            buf[:n] = memoryview(rx)[:n]
            rx[:n] = b""
            return n
        if s.eof:
            return 0  # end of stream
        if s.peer is None:
            raise OSError(errno.ENOTCONN)
        return None

    def socket_sendto(self, s, buf, ip, port):
        if s.kind != _SOCK_DGRAM:
            raise OSError(_EISCONN)
        if not s.port:
            self._bind_port(s, 0)
        dest = self.ports[_SOCK_DGRAM].get(port)
        if dest is not None and not dest.closed:
            dest.datagrams.append((bytes(buf), (self.ip, s.port)))
        # As on a real network, a datagram to nobody is lost silently.
        return len(buf)

    def socket_recvfrom(self, s, buf, ip, port):
        if s.kind != _SOCK_DGRAM:
            n = self.socket_recv(s, buf)
            return n if n is None else (n, s.peer_addr)
        if not s.datagrams:
            return None
        data, addr = s.datagrams.pop(0)
        n = min(len(buf), len(data))  # the rest of the datagram is dropped
        buf[:n] = memoryview(data)[:n]
        return n, addr

    def socket_setsockopt(self, s, level, opt, value):
        return True

    def socket_ioctl(self, s, request, arg):
        if request != _IOCTL_POLL:
            raise OSError(errno.EINVAL)
        ready = 0
        if s.kind == _SOCK_DGRAM:
            if s.datagrams:
                ready |= _POLL_RD
            ready |= _POLL_WR
        elif s.listening:
            if s.pending:
                ready |= _POLL_RD
        else:
            if s.rx or s.eof:
                ready |= _POLL_RD
            if s.peer is not None and len(s.peer.rx) < self.buffer:
                ready |= _POLL_WR
            if s.eof:
                ready |= _POLL_HUP
        return ready


def register(**kw):
    """Register a Loopback driver (keywords as Loopback's) and return the
    network.PINT: PINT_NIC=loopback does this at start-up."""
    import network

    return network.PINT(Loopback(**kw))
