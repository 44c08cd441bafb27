# Every driver method is optional: a missing one gives OSError(EOPNOTSUPP)
# when its operation is used; a missing close, deinit or __del__ is a no-op.
# Methods are looked up once, when network.PINT(driver) is made.
import network, socket, select, errno


def attempt(what, f, *args):
    try:
        r = f(*args)
        print(what, "->", r)
    except OSError as e:
        print(what, "-> OSError", errno.errorcode.get(e.errno, e.errno))


class Nothing:
    pass


nic = network.PINT(Nothing())
attempt("getaddrinfo", socket.getaddrinfo, "host.example", 80)
attempt("getaddrinfo literal", socket.getaddrinfo, "10.0.0.1", 80)
s = socket.socket()
attempt("connect", s.connect, ("10.0.0.1", 80))
attempt("close", s.close)
for name in ("active", "isconnected", "ifconfig", "ipconfig", "config", "status"):
    attempt(name, getattr(nic, name))
attempt("deinit", nic.deinit)


class OnlySocket:
    # Opens sockets and nothing else: each operation is unsupported, close is
    # a no-op.
    def socket_socket(self):
        return 1


nic = network.PINT(OnlySocket())
s = socket.socket()
attempt("bind", s.bind, ("0.0.0.0", 80))
attempt("listen", s.listen)
attempt("accept", s.accept)
attempt("connect", s.connect, ("10.0.0.1", 80))
attempt("send", s.send, b"x")
attempt("sendall", s.sendall, b"x")
attempt("write", s.write, b"x")
attempt("recv", s.recv, 10)
attempt("read", s.read, 10)
attempt("sendto", s.sendto, b"x", ("10.0.0.1", 80))
attempt("recvfrom", s.recvfrom, 10)
# SO_REUSEADDR only tunes a host's own stack: accepted without the method,
# so that ordinary server code runs; any other option is not.
attempt("setsockopt SO_REUSEADDR", s.setsockopt, socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
attempt("setsockopt SO_BROADCAST", s.setsockopt, socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
# PINT keeps timeouts itself when the driver has no socket_settimeout.
attempt("settimeout", s.settimeout, 1)
p = select.poll()
p.register(s)
attempt("poll", p.poll, 0)
attempt("close", s.close)
nic.deinit()


class Counting:
    # Counts the times each method is fetched from the driver.
    fetched = {}

    def __getattr__(self, name):
        Counting.fetched[name] = Counting.fetched.get(name, 0) + 1
        if name == "socket_socket":
            return lambda: "h"
        if name == "socket_send":
            return lambda h, buf: len(buf)
        raise AttributeError(name)


nic = network.PINT(Counting())
before = dict(Counting.fetched)
s = socket.socket()
try:
    s.connect(("10.0.0.1", 80))
except OSError as e:
    print("connect", errno.errorcode[e.errno])
for i in range(5):
    s.send(b"abc")
s.close()
print("fetched once each:", before == Counting.fetched, sorted(set(before.values())))
nic.deinit()


class Replaced:
    def socket_socket(self):
        return "h"

    def socket_send(self, h, buf):
        return len(buf)


nic = network.PINT(Replaced())
Replaced.socket_send = lambda self, h, buf: 1  # too late: PINT has its method
s = socket.socket()
try:
    s.connect(("10.0.0.1", 80))
except OSError as e:
    print("connect", errno.errorcode[e.errno])
print("send", s.send(b"abcd"))
s.close()
nic.deinit()
