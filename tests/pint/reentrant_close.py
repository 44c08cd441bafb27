# A driver that closes the socket it is working for, from inside any of its
# methods: the operation fails with EBADF (or completes, for data moved),
# the socket stays closed (never reopened by a later bind/connect), its
# handle is closed exactly once, and nothing reads a NIC the socket no
# longer has. MicroPython's socket layer replays a timeout set before the
# socket had a NIC (settimeout right after socket_socket): closing there is
# covered too.
import network, socket, errno

current = []


class D:
    def __init__(self):
        self.made = 0
        self.closed = []
        self.close_in = None

    def _maybe_close(self, name):
        if self.close_in == name and current:
            current[0].close()

    def socket_socket(self):
        self.made += 1
        self._maybe_close("socket_socket")
        return ["h%d" % self.made]

    def socket_close(self, h):
        self.closed.append(h[0])

    def socket_settimeout(self, h, t):
        self._maybe_close("socket_settimeout")
        return True

    def socket_bind(self, h, ip, port):
        self._maybe_close("socket_bind")
        return True

    def socket_listen(self, h, backlog):
        self._maybe_close("socket_listen")
        return True

    def socket_connect(self, h, ip, port):
        self._maybe_close("socket_connect")
        return True

    def socket_setsockopt(self, h, level, opt, value):
        self._maybe_close("socket_setsockopt")
        return True

    def socket_send(self, h, buf):
        self._maybe_close("socket_send")
        return len(buf)

    def socket_sendto(self, h, buf, ip, port):
        self._maybe_close("socket_sendto")
        return len(buf)

    def socket_recv(self, h, buf):
        self._maybe_close("socket_recv")
        return None

    def socket_ioctl(self, h, request, arg):
        self._maybe_close("socket_ioctl")
        return arg


drv = D()
network.PINT(drv)

OPS = [
    ("bind", lambda s: s.bind(("0.0.0.0", 80))),
    ("connect", lambda s: s.connect(("10.0.0.1", 80))),
    ("sendto", lambda s: s.sendto(b"x", ("10.0.0.1", 80))),
    ("setsockopt", lambda s: s.setsockopt(socket.SOL_SOCKET, 4, 1)),
]


def attempt(what, f, s):
    try:
        r = f(s)
        return "ok" if r is None else repr(r)
    except OSError as e:
        return errno.errorcode.get(e.errno, e.errno)


for where in ("socket_socket", "socket_settimeout"):
    for name, op in OPS:
        drv.close_in = where
        s = socket.socket()
        current[:] = [s]
        s.settimeout(1)  # replayed once the socket has a NIC
        first = attempt(name, op, s)
        drv.close_in = None
        again = attempt(name, op, s)
        print("closed in", where, "then", name, "->", first, "| again ->", again)

# Closed from inside the operation itself.
for where, name, op in [
    ("socket_bind", "bind", lambda s: s.bind(("0.0.0.0", 80))),
    ("socket_connect", "connect", lambda s: s.connect(("10.0.0.1", 80))),
    ("socket_listen", "listen", lambda s: s.listen(1)),
    ("socket_settimeout", "settimeout", lambda s: s.settimeout(2)),
    ("socket_setsockopt", "setsockopt", lambda s: s.setsockopt(socket.SOL_SOCKET, 4, 1)),
    ("socket_send", "send", lambda s: s.send(b"abc")),
    ("socket_recv", "recv", lambda s: s.recv(10)),
]:
    s = socket.socket()
    current[:] = [s]
    s.bind(("0.0.0.0", 1))
    drv.close_in = where
    first = attempt(name, op, s)
    drv.close_in = None
    again = attempt("connect", lambda s: s.connect(("10.0.0.1", 80)), s)
    print("closed in", where, "->", first, "| connect again ->", again)

current[:] = []
counts = {}
for h in drv.closed:
    counts[h] = counts.get(h, 0) + 1
print(
    "handles made:",
    drv.made,
    "closed:",
    len(drv.closed),
    "closed twice:",
    [h for h in counts if counts[h] > 1],
)
