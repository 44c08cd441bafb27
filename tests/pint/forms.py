# socket_socket and socket_accept each have two forms, told apart by how
# many parameters the method takes. When PINT cannot read that (a *args
# wrapper, a callable object, a bound method of another object), the driver
# declares it in pint_params, or network.PINT() fails naming the method:
# PINT never guesses a form.
import network, socket


def wrapped(f):
    # A decorator's wrapper: it takes *args.
    def call(*args):
        return f(*args)

    return call


class Base:
    def __init__(self):
        self.made = 0
        self.pending = []

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, n):
        return True

    def socket_connect(self, h, ip, port):
        return True


class Wrapped(Base):
    @wrapped
    def socket_socket(self, domain, kind, proto):
        self.made += 1
        return ("made", self.made, kind)

    @wrapped
    def socket_accept(self, h):
        return ("conn", 1), ("10.0.0.9", 99)


try:
    network.PINT(Wrapped())
except TypeError as e:
    print("TypeError:", e)

Wrapped.pint_params = {"socket_socket": 3, "socket_accept": 1}
nic = network.PINT(Wrapped())
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("10.0.0.1", 1))
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
c, addr = srv.accept()
print(
    "declared: socket_socket got the types:",
    sorted(h[2] for h in nic.held()[0] if h[0] == "made"),
    "accept:",
    addr,
)
nic.deinit()


class Caller:
    # A callable object as the method.
    def __init__(self, answer):
        self.answer = answer

    def __call__(self, *args):
        return self.answer


class Objects(Base):
    pass


drv = Objects()
drv.socket_socket = Caller("handle")
drv.socket_accept = Caller((("conn", 2), ("10.0.0.8", 98)))
try:
    network.PINT(drv)
except TypeError as e:
    print("TypeError:", e)
drv.pint_params = {"socket_socket": 0, "socket_accept": 1}
nic = network.PINT(drv)
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
print("callable objects, declared:", srv.accept()[1])
nic.deinit()

# A declaration that is not a dict of ints does not count.
Wrapped.pint_params = {"socket_socket": 3, "socket_accept": "one"}
try:
    network.PINT(Wrapped())
except TypeError as e:
    print("TypeError:", e)


# A count that is neither form fails at once, naming the method.
class TwoParams(Base):
    def socket_socket(self, domain, kind):
        return 1


class ThreeParams(Base):
    def socket_accept(self, h, h2, ip):
        return None


for cls in (TwoParams, ThreeParams):
    try:
        network.PINT(cls())
    except TypeError as e:
        print("TypeError:", e)


# A driver that subclasses another and calls it through super() without
# arguments: its methods are closures (over their class), whose forms PINT
# reads as those of plain methods, with no declaration.
class Three(Base):
    def socket_socket(self, domain, kind, proto):
        return ("three", kind)

    def socket_accept(self, h):
        return ("conn", 3), ("10.0.0.3", 33)


class Derived(Three):
    def socket_socket(self, domain, kind, proto):
        return ("derived",) + super().socket_socket(domain, kind, proto)

    def socket_accept(self, h):
        return super().socket_accept(h)


nic = network.PINT(Derived())
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
print("super() methods, undeclared:", srv.accept()[1], nic.held()[0])
nic.deinit()


# A classmethod gets its class, not the driver; a staticmethod neither.
class Classy(Base):
    got = []

    @classmethod
    def socket_socket(cls):
        Classy.got.append(cls)
        return "by class"

    @staticmethod
    def socket_accept(h, h2, ip, port):
        Classy.got.append(h)
        return ("10.0.0.4", 44)


drv = Classy()
nic = network.PINT(drv)
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
print("staticmethod accept:", srv.accept()[1])
print(
    "classmethod got its class:",
    Classy.got[0] is Classy,
    "staticmethod got the handle:",
    Classy.got[-1],
)
nic.deinit()
