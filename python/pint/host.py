"""A PINT driver over the host operating system's sockets (host firmware).

    import pint.host
    pint.host.register()          # or run the firmware with PINT_NIC=host

Each PINT operation is performed with `_hostsocket`, the unix port's own
POSIX socket module compiled into the host firmware under that name (the
name `socket` belongs to MicroPython's NIC-based socket module, which PINT
serves), and TCP data moves with `_pinthost.recv_into`/`send`: one
recv()/send() system call straight between the kernel and the caller's
buffer (the memoryview PINT lends, no copy). Host sockets are kept
non-blocking; the driver waits with `select.poll` on the host socket when an
operation would block, for as long as the PINT socket's timeout allows (it
keeps timeouts itself: `socket_settimeout`).
"""

import errno
import select
import sys
import _hostsocket as _os
import _pinthost

_EISCONN = 106  # Linux; MicroPython's errno module does not name it
_POLLIN = select.POLLIN
_POLLOUT = select.POLLOUT

# MicroPython's NIC socket layer uses lwIP's option numbers; the host's
# differ. (level, opt) -> (host level, host opt).
_OPTIONS = {
    (0x0FFF, 0x0004): (_os.SOL_SOCKET, _os.SO_REUSEADDR),
    (0x0FFF, 0x0020): (_os.SOL_SOCKET, _os.SO_BROADCAST),
    (0x0FFF, 0x0008): (_os.SOL_SOCKET, _os.SO_KEEPALIVE),
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
    # A host socket, with the PINT socket's timeout in ms (-1: blocking) and
    # a poller to wait on it.
    def __init__(self, sock):
        sock.setblocking(False)
        self.sock = sock
        self.fd = sock.fileno()
        self.timeout = -1
        self.poller = None

    def wait(self, event):
        # Wait until the host socket is ready for event; False once the
        # timeout has passed (PINT then raises ETIMEDOUT, or EAGAIN when
        # non-blocking).
        # A poller of its own for each wait: reusing one per socket with
        # modify() made the thread stress fail (docs/robustness.md).
        if self.timeout == 0:
            return False
        poller = select.poll()
        poller.register(self.sock, event)
        for _ in poller.ipoll(self.timeout):
            return True
        return False


class Host:
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

    def socket_send(self, h, buf):
        n = _pinthost.send(h.fd, buf)
        while n is None and h.wait(_POLLOUT):
            n = _pinthost.send(h.fd, buf)
        return n

    def socket_recv(self, h, buf):
        n = _pinthost.recv_into(h.fd, buf)
        while n is None and h.wait(_POLLIN):
            n = _pinthost.recv_into(h.fd, buf)
        return n

    def socket_sendto(self, h, buf, ip, port):
        addr = _sockaddr(ip, port)
        while True:
            try:
                return h.sock.sendto(buf, addr)
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    raise
            if not h.wait(_POLLOUT):
                return None

    def socket_recvfrom(self, h, buf, ip, port):
        while True:
            try:
                data, raw = h.sock.recvfrom(len(buf))
                break
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    raise
            if not h.wait(_POLLIN):
                return None
        n = len(data)
        buf[:n] = data
        return n, _address(raw)

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
        if h.poller is None:
            h.poller = select.poll()
            h.poller.register(h.sock, arg)
        else:
            h.poller.modify(h.sock, arg)
        for _, events in h.poller.ipoll(0):
            return events
        return 0

    # The network interface: the host's network is always up.
    def active(self, *state):
        return True

    def isconnected(self):
        return True


def register():
    """Register the host driver as a network interface; returns the NIC."""
    import network

    return network.PINT(Host())
