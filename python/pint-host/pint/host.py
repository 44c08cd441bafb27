"""A PINT driver over the host operating system's sockets (host firmware).

    import pint.host
    pint.host.register()          # or run the firmware with PINT_NIC=host

Each PINT operation is performed with `_hostsocket`, the unix port's own
POSIX socket module compiled into the host firmware under that name (the
name `socket` belongs to MicroPython's NIC-based socket module, which PINT
serves), and data moves with `_pinthost` (ports/unix/hostsocket.c):
recv()/send()/recvfrom()/sendto() system calls straight between the kernel
and the caller's buffer (the memoryview PINT lends, no copy). Host sockets
are kept non-blocking; when an operation would block, the driver waits in
poll(2) on the host socket (the GIL released) for as long as the PINT
socket's timeout allows (it keeps timeouts itself: `socket_settimeout`).
"""

import errno
import sys
import _hostsocket as _os
import _pinthost

from pint import EISCONN as _EISCONN, SOL_SOCKET, SO_REUSEADDR, SO_BROADCAST, SO_KEEPALIVE
from pint import POLL_RD as _POLLIN, POLL_WR as _POLLOUT  # the same bits as poll(2)'s
from pint.driver import Driver

_wait = _pinthost.wait

# MicroPython's NIC socket layer uses lwIP's option numbers; the host's
# differ. (level, opt) -> (host level, host opt).
_OPTIONS = {
    (SOL_SOCKET, SO_REUSEADDR): (_os.SOL_SOCKET, _os.SO_REUSEADDR),
    (SOL_SOCKET, SO_BROADCAST): (_os.SOL_SOCKET, _os.SO_BROADCAST),
    (SOL_SOCKET, SO_KEEPALIVE): (_os.SOL_SOCKET, _os.SO_KEEPALIVE),
}

_AF_INET_BYTES = _os.AF_INET.to_bytes(2, sys.byteorder)


def _sockaddr(ip, port):
    # struct sockaddr_in: family (host order), port (network order), address.
    return _AF_INET_BYTES + port.to_bytes(2, "big") + bytes(ip) + bytes(8)


def _address(raw):
    # A host sockaddr -> (4 ip bytes, port), a form PINT accepts.
    family, ip, port = _os.sockaddr(raw)[:3]
    return ip, port


class _Handle:
    # A host socket, with the PINT socket's timeout in ms (-1: blocking).
    def __init__(self, sock):
        sock.setblocking(False)
        self.sock = sock
        self.fd = sock.fileno()
        self.timeout = -1

    def wait(self, event):
        # Wait until the host socket is ready for event (or has an error to
        # tell); False once the timeout has passed (PINT then raises
        # ETIMEDOUT, or EAGAIN when non-blocking).
        return self.timeout != 0 and _wait(self.fd, event, self.timeout) != 0


class Host(Driver):
    """The driver: TCP and UDP over IPv4 through the host OS."""

    def gethostbyname(self, name):
        try:
            infos = _os.getaddrinfo(name, 0, _os.AF_INET)
        except OSError:
            return None  # PINT: getaddrinfo raises OSError(-2)
        for info in infos:
            return _address(info[-1])[0]
        return None

    def socket_socket(self, domain, kind, proto):
        return _Handle(_os._hostsocket(_os.AF_INET, kind, proto))

    def socket_close(self, h):
        h.sock.close()

    def socket_bind(self, h, ip, port):
        h.sock.bind(_sockaddr(ip, port))
        return True

    def socket_listen(self, h, backlog):
        h.sock.listen(backlog)
        return True

    def socket_accept(self, h):
        while True:
            try:
                sock, raw = h.sock.accept()
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    raise
                if not h.wait(_POLLIN):
                    return None
                continue
            return _Handle(sock), _address(raw)

    def socket_connect(self, h, ip, port):
        addr = _sockaddr(ip, port)
        try:
            h.sock.connect(addr)
            return True
        except OSError as e:
            if e.errno != errno.EINPROGRESS or h.timeout == 0:
                raise
        if not h.wait(_POLLOUT):
            raise OSError(errno.ETIMEDOUT)
        # Connecting again tells how the first attempt ended.
        try:
            h.sock.connect(addr)
        except OSError as e:
            if e.errno != _EISCONN:
                raise
        return True

    # Data: _pinthost waits (in C) as long as the timeout allows, and
    # answers None when it ran out, as PINT expects.
    def socket_send(self, h, buf):
        return _pinthost.send(h.fd, buf, h.timeout)

    def socket_recv(self, h, buf):
        return _pinthost.recv_into(h.fd, buf, h.timeout)

    def socket_sendto(self, h, buf, ip, port):
        return _pinthost.sendto(h.fd, buf, ip, port, h.timeout)

    def socket_recvfrom(self, h, buf, ip, port):
        return _pinthost.recvfrom_into(h.fd, buf, h.timeout)  # (count, (ip, port))

    def socket_setsockopt(self, h, level, opt, value):
        level, opt = _OPTIONS.get((level, opt), (level, opt))
        h.sock.setsockopt(level, opt, value)
        return True

    def socket_settimeout(self, h, timeout_ms):
        h.timeout = timeout_ms
        return True

    def socket_ioctl(self, h, request, arg):
        if request != 3:  # PINT.IOCTL_POLL
            raise OSError(errno.EINVAL)
        return _wait(h.fd, arg, 0)

    # The network interface: the host's network is always up.
    def active(self, *state):
        return True

    def isconnected(self):
        return True


def register():
    """Register the host driver as a network interface; returns the NIC."""
    import network

    return network.PINT(Host())
