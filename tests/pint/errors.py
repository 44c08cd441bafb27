# Errors that mean something: OSError(errno) raised by a driver method makes
# the socket call raise that errno; any other exception propagates
# unchanged; a False/None status maps to the errno documented for its
# operation; a failed gethostbyname makes getaddrinfo raise OSError(-2).
import network, socket, select, errno


def name(e):
    return errno.errorcode.get(e, e)


def attempt(what, f, *args):
    try:
        r = f(*args)
        print(what, "->", r)
    except OSError as e:
        print(what, "-> OSError", name(e.errno))


class Raising:
    # Every method raises what the driver's `error` attribute holds.
    error = None
    # socket_accept is a *args function: its form is declared.
    pint_params = {"socket_accept": 1}

    def raise_(self, *args):
        raise self.error

    gethostbyname = socket_bind = socket_listen = socket_accept = raise_
    socket_connect = socket_send = socket_recv = socket_sendto = raise_
    socket_recvfrom = socket_setsockopt = socket_settimeout = raise_
    socket_ioctl = raise_

    def socket_socket(self):
        return "h"


drv = Raising()
nic = network.PINT(drv)
s = socket.socket()
s.settimeout(None)  # opens the socket on the NIC; socket_settimeout not yet raising
ops = [
    ("getaddrinfo", socket.getaddrinfo, "a.example", 1),
    ("bind", s.bind, ("0.0.0.0", 1)),
    ("listen", s.listen, 1),
    ("accept", s.accept),
    ("connect", s.connect, ("10.0.0.1", 1)),
    ("send", s.send, b"x"),
    ("recv", s.recv, 1),
    ("read", s.read, 1),
    ("write", s.write, b"x"),
    ("sendto", s.sendto, b"x", ("10.0.0.1", 1)),
    ("recvfrom", s.recvfrom, 1),
    ("setsockopt", s.setsockopt, 1, 2, 3),
    ("settimeout", s.settimeout, 1),
]
# OSError(errno) from the driver: that errno.
for code in (errno.ECONNRESET, errno.ETIMEDOUT, errno.EHOSTUNREACH):
    drv.error = OSError(code)
    for op in ops:
        attempt(*op)
# Other exceptions: the same exception object reaches the caller.
for exc in (ValueError("bad"), KeyError("k"), OSError("no errno"), MemoryError()):
    drv.error = exc
    same = 0
    for op in ops:
        try:
            op[1](*op[2:])
        except Exception as e:
            same += e is exc
    print(type(exc).__name__, "propagated unchanged from", same, "of", len(ops))
drv.error = OSError(errno.EIO)
p = select.poll()
p.register(s)
attempt("poll", p.poll, 0)
drv.error = ValueError("poll bug")
try:
    p.poll(0)
except ValueError as e:
    print("poll ValueError", e)
s.close()
nic.deinit()


class Refusing:
    # Every status is False, or None; every data operation would block.
    status = False

    def socket_socket(self):
        return "h"

    def gethostbyname(self, name):
        return self.status

    def st(self, *args):
        return self.status

    socket_bind = socket_listen = socket_connect = socket_setsockopt = st
    socket_accept = st
    pint_params = {"socket_accept": 1}
    settimeout_ok = False

    def socket_settimeout(self, *args):
        return True if self.settimeout_ok else self.status

    def socket_ioctl(self, s, request, arg):
        return self.status

    def data(self, *args):
        return None

    socket_send = socket_recv = socket_sendto = socket_recvfrom = data


drv = Refusing()
nic = network.PINT(drv)
for status in (False, None):
    drv.status = status
    print("status", status)
    attempt("getaddrinfo", socket.getaddrinfo, "a.example", 1)
    s = socket.socket()
    attempt("bind", s.bind, ("0.0.0.0", 1))
    attempt("listen", s.listen, 1)
    attempt("connect", s.connect, ("10.0.0.1", 1))
    attempt("setsockopt", s.setsockopt, 1, 2, 3)
    attempt("settimeout", s.settimeout, 0)
    # The driver keeps its own timeouts (it has socket_settimeout): None from
    # a data operation is EAGAIN on a non-blocking socket, else ETIMEDOUT.
    drv.settimeout_ok = True
    s.settimeout(0)
    for op in (
        ("accept", s.accept),
        ("send", s.send, b"x"),
        ("recv", s.recv, 1),
        ("sendto", s.sendto, b"x", ("10.0.0.1", 1)),
        ("recvfrom", s.recvfrom, 1),
        ("read", s.read, 1),
        ("write", s.write, b"x"),
    ):
        attempt(*op)
    s.settimeout(0.01)
    attempt("recv with timeout", s.recv, 1)
    attempt("accept with timeout", s.accept)
    drv.settimeout_ok = False
    s.close()
nic.deinit()

# A driver's own subclass of OSError carries its errno like OSError itself;
# one without an errno propagates unchanged.


class WouldBlock(OSError):
    pass


class Refused(OSError):
    def __init__(self):
        super().__init__(errno.ECONNREFUSED)
        self.detail = "refused by the peer"


class NoErrno(OSError):
    def __init__(self, text):
        super().__init__(text)


class Subclassing:
    error = None

    def socket_socket(self):
        return "h"

    def raise_(self, *args):
        raise self.error

    socket_connect = socket_recv = socket_send = raise_


drv = Subclassing()
nic = network.PINT(drv)
s = socket.socket()
drv.error = Refused()
attempt("connect, Refused()", s.connect, ("10.0.0.1", 1))
drv.error = WouldBlock(errno.ECONNRESET)
attempt("connect, WouldBlock(ECONNRESET)", s.connect, ("10.0.0.1", 1))
s.setblocking(False)
drv.error = WouldBlock(errno.EAGAIN)
attempt("read, WouldBlock(EAGAIN)", s.read, 10)
attempt("write, WouldBlock(EAGAIN)", s.write, b"x")
attempt("recv, WouldBlock(EAGAIN)", s.recv, 10)
drv.error = NoErrno("just words")
try:
    s.recv(10)
except NoErrno as e:
    print("recv, NoErrno -> NoErrno unchanged:", e.args)
s.close()
nic.deinit()
