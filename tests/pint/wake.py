# A driver that names its wake object (driver.wake: an object select.poll
# accepts, here an io.IOBase) is asked again only when that object has
# input, another driver call ran, or 100 ms passed: a blocking recv or a
# poll that waits costs a handful of driver calls a second, not a thousand,
# and data still arrives at once. A driver without socket_settimeout learns
# each socket's timeout from its socket_timeout.
import io, network, socket, select, time

MP_STREAM_POLL = 3
POLL_RD = 1


class Line(io.IOBase):
    # A serial line on which data "arrives" at a set time.
    def __init__(self):
        self.arrives = None

    def pending(self):
        return self.arrives is not None and time.ticks_diff(time.ticks_ms(), self.arrives) >= 0

    def ioctl(self, request, arg):
        if request == MP_STREAM_POLL:
            return arg & POLL_RD if self.pending() else 0
        return 0


class Modem:
    def __init__(self):
        self.wake = Line()
        self.calls = 0
        self.timeouts = []

    def socket_socket(self):
        return "link0"

    def socket_connect(self, h, ip, port):
        return True

    def socket_timeout(self, h, ms):
        self.timeouts.append(ms)

    def socket_recv(self, h, buf):
        self.calls += 1
        if not self.wake.pending():
            return None
        self.wake.arrives = None
        buf[:5] = b"hello"
        return 5

    def socket_ioctl(self, h, request, arg):
        self.calls += 1
        return arg & POLL_RD if self.wake.pending() else 0


def idle(ms):
    # Data arrives ms from now.
    drv.wake.arrives = time.ticks_add(time.ticks_ms(), ms)


drv = Modem()
nic = network.PINT(drv)
s = socket.socket()
s.settimeout(5)
s.connect(("10.0.0.1", 80))
s.settimeout(None)
s.setblocking(False)
print("socket_timeout told:", drv.timeouts)

# A blocking recv that waits 1 s for its data.
s.settimeout(5)
drv.calls = 0
idle(1000)
t0 = time.ticks_ms()
got = s.recv(10)
waited = time.ticks_diff(time.ticks_ms(), t0)
print(
    "recv:",
    got,
    "after about 1 s:",
    900 <= waited < 3000,
    "driver calls at most 20:",
    drv.calls <= 20,
)

# A poll with nothing to report for 1 s, then data.
p = select.poll()
p.register(s, select.POLLIN)
drv.calls = 0
idle(1000)
t0 = time.ticks_ms()
events = p.poll(5000)
waited = time.ticks_diff(time.ticks_ms(), t0)
print(
    "poll:",
    [e[1] for e in events],
    "after about 1 s:",
    900 <= waited < 3000,
    "driver calls at most 20:",
    drv.calls <= 20,
)
s.recv(10)

# An idle poll that times out: about 10 calls a second.
drv.calls = 0
t0 = time.ticks_ms()
print("idle poll:", p.poll(1000), "driver calls 5 to 20:", 5 <= drv.calls <= 20)

# Without a wake object, PINT asks about every millisecond.
del drv.wake
drv2 = Modem()
drv2.wake = None
nic.deinit()
network.PINT(drv2)
s2 = socket.socket()
s2.connect(("10.0.0.1", 80))
drv2.wake = Line()
drv2.calls = 0
drv2.wake.arrives = time.ticks_add(time.ticks_ms(), 300)
s2.settimeout(5)
print("recv without wake:", s2.recv(10), "driver calls more than 50:", drv2.calls > 50)

try:
    network.PINT(type("Bad", (), {"wake": 5})())
except TypeError as e:
    print("TypeError:", e)
