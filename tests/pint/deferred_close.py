# Sockets dropped without close() are closed by the driver later, never in
# the middle of another driver call of the same NIC (a serial modem would
# otherwise get a close command inside another command's transaction), and
# never lost: a socket_close that cannot run now (near the recursion limit)
# or that fails with MemoryError is tried again later, so every handle is
# closed exactly once.
import network, socket, gc


class D:
    def __init__(self):
        self.active = None  # the driver method running, if any
        self.opened = 0
        self.closed = {}
        self.inside = []  # closes that ran inside another method
        self.fail_first_close = False
        self.failures = 0

    def _work(self, name):
        # Some Python work, where MicroPython's scheduler may run callbacks.
        was = self.active
        self.active = name
        x = 0
        for i in range(100):
            x += i
        self.active = was

    def socket_socket(self):
        self._work("socket_socket")
        self.opened += 1
        return [self.opened]

    def socket_close(self, h):
        if self.active is not None:
            self.inside.append(self.active)
        if self.fail_first_close and h[0] not in self.closed:
            self.closed[h[0]] = 0
            self.failures += 1
            raise MemoryError
        self.closed[h[0]] = self.closed.get(h[0], 0) + 1

    def socket_connect(self, h, ip, port):
        self._work("socket_connect")
        return True

    def socket_send(self, h, buf):
        self._work("socket_send")
        return len(buf)

    def socket_ioctl(self, h, request, arg):
        self._work("socket_ioctl")
        return arg

    def status(self, *args):
        self._work("status")
        return 0

    def report(self, what):
        # Every handle made is closed, or is still open in PINT (a socket
        # kept alive a while by a stale word on the C stack: MicroPython's
        # GC is conservative; at most a couple), and none is left due.
        done = sum(1 for n in self.closed.values() if n >= 1)
        twice = sum(1 for n in self.closed.values() if n > 1)
        still_open, due = nic.held()
        print(
            what,
            "| all closed:",
            done + len(still_open) == self.opened and len(still_open) <= 3 and not due,
            "| closed twice:",
            twice,
            "| inside other calls:",
            self.inside,
        )


def scrub(n):
    a = b = c = d = e = f = g = h = None
    if n:
        scrub(n - 1)


drv = D()
nic = network.PINT(drv)
keep = socket.socket()
keep.connect(("10.0.0.1", 1))


def drop():
    s = socket.socket()
    s.connect(("10.0.0.1", 1))


# 1. Collections while other driver methods run.
for i in range(100):
    drop()
    gc.collect()
    keep.send(b"x")
    nic.status()
    keep.write(b"y")
for i in range(3):
    pass
scrub(5)
gc.collect()
keep.send(b"x")
for i in range(3):
    pass
drv.report("during other calls")

# 2. Deferred closes that come due deep in recursion: the drain waits for
# room on the stack instead of losing the handles.
drv2 = D()
nic.deinit()
nic = network.PINT(drv2)


def deep(n, sockets):
    try:
        deep(n + 1, sockets)
    except RuntimeError:
        sockets.clear()
        gc.collect()
        for i in range(3):
            pass


for i in range(30):
    sockets = []
    for j in range(10):
        s = socket.socket()
        s.connect(("10.0.0.1", 1))
        sockets.append(s)
    s = None
    deep(0, sockets)
scrub(5)
gc.collect()
s = socket.socket()  # PINT's next entry point runs what is still due
s.connect(("10.0.0.1", 1))
s.close()
for i in range(3):
    pass
drv2.report("near the recursion limit")

# 3. socket_close raising MemoryError (heap pressure in the driver): the
# handle is kept and closed again later, from the GC's deferred close and
# from an explicit close() (which raises the MemoryError to its caller).
drv3 = D()
drv3.fail_first_close = True
nic.deinit()
nic = network.PINT(drv3)
for i in range(20):
    drop()
scrub(5)
gc.collect()
for i in range(3):
    pass
s = socket.socket()
s.connect(("10.0.0.1", 1))
try:
    s.close()
except MemoryError:
    print("explicit close: MemoryError reaches the caller")
drv3.fail_first_close = False
s2 = socket.socket()
s2.connect(("10.0.0.1", 1))
s2.close()
for i in range(3):
    pass
print("failed closes retried:", drv3.failures >= drv3.opened - 2)
drv3.report("after MemoryError")


# 4. A driver that gives the same object for several sockets (an int
# socket id it reuses): each socket's handle is still closed exactly once.
class SameId:
    def __init__(self):
        self.given = 0
        self.closes = 0

    def socket_socket(self):
        self.given += 1
        return 7

    def socket_close(self, h):
        self.closes += 1

    def socket_connect(self, h, ip, port):
        return True


drv4 = SameId()
nic.deinit()
nic = network.PINT(drv4)
kept = []
for i in range(30):
    s = socket.socket()
    s.connect(("10.0.0.1", 1))
    if i % 3 == 0:
        kept.append(s)
    elif i % 3 == 1:
        s.close()
s = None
scrub(5)
gc.collect()
for i in range(3):
    pass
for s in kept:
    s.close()
s = socket.socket()
s.connect(("10.0.0.1", 1))
s.close()
still_open, due = nic.held()
print(
    "same handle object:", drv4.closes + len(still_open) == drv4.given, len(still_open) <= 3, due
)
