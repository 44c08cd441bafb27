# Wake objects that turn on PINT: one of the NIC's own sockets (asking it
# whether input waits leads back into the NIC), another network.PINT (a NIC
# is no stream), one whose poll closes the socket being waited on while the
# driver gives that socket's handle to a new one, and sockets dropped while
# PINT remembers them as idle. Nothing recurses without end, no data reaches
# the wrong socket, no handle is lost.
import errno, gc, io, network, select, socket, time

MP_STREAM_POLL = 3


class Links:
    # A modem with numbered links; data waits per link.
    def __init__(self, wake=None):
        if wake is not None:
            self.wake = wake
        self.free = [0, 1, 2, 3, 4]
        self.data = {}
        self.closed = []

    def socket_socket(self):
        if not self.free:
            return None
        h = self.free.pop(0)
        self.data[h] = b""
        return h

    def socket_close(self, h):
        self.closed.append(h)
        self.data.pop(h, None)
        self.free.insert(0, h)  # the lowest id first, as modems reuse them

    def socket_connect(self, h, ip, port):
        return True

    def socket_bind(self, h, ip, port):
        return True

    def socket_recv(self, h, buf):
        d = self.data.get(h, b"")
        if not d:
            return None
        n = min(len(d), len(buf))
        buf[:n] = d[:n]
        self.data[h] = d[n:]
        return n

    def socket_ioctl(self, h, request, arg):
        return arg & select.POLLIN if self.data.get(h) else 0


def outcome(f):
    try:
        return repr(f())
    except OSError as e:
        return "OSError " + errno.errorcode.get(e.errno, str(e.errno))
    except Exception as e:
        return type(e).__name__


# 1. The wake object is one of the NIC's own sockets.
w = socket.socket()  # not yet on any NIC
nic = network.PINT(Links(wake=w))
w.connect(("10.0.0.1", 1))  # now a socket of this NIC
s = socket.socket()
s.connect(("10.0.0.1", 2))
s.settimeout(0.05)
print("own socket as wake, recv:", outcome(lambda: s.recv(10)))
poller = select.poll()
poller.register(s, select.POLLIN)
print("own socket as wake, poll:", poller.poll(20))
own = select.poll()
own.register(w, select.POLLIN)
print("own socket as wake, polled itself:", own.poll(0))
s.close()
w.close()
nic.deinit()

# 2. The wake object is another NIC.
other = network.PINT(Links())
print("a NIC as wake:", outcome(lambda: network.PINT(Links(wake=other))))
other.deinit()


# 3. Its poll closes the socket being waited on; the driver hands that
# socket's link to a new socket, which has data.
class Treacherous(io.IOBase):
    def __init__(self):
        self.victim = None
        self.newcomer = None

    def ioctl(self, request, arg):
        if request == MP_STREAM_POLL and self.victim is not None:
            victim, self.victim = self.victim, None
            victim.close()
            self.newcomer = socket.socket()
            self.newcomer.connect(("10.0.0.1", 3))
            drv.data[0] = b"for the newcomer"
            return select.POLLIN
        return 0


drv = Links(wake=Treacherous())
nic = network.PINT(drv)
victim = socket.socket()
victim.connect(("10.0.0.1", 2))  # link 0
victim.settimeout(1)
drv.wake.victim = victim
print("recv on a socket the wake closed:", outcome(lambda: victim.recv(64)))
print("the newcomer has link 0:", drv.closed == [0], "and its data:", drv.wake.newcomer.recv(64))
drv.wake.newcomer.close()
print("handles held:", nic.held())
nic.deinit()


# 4. Sockets polled while idle (which PINT remembers, for up to 8 sockets),
# then dropped without close: still finalised, their handles closed. (Before,
# the memory of them kept all 8 alive: none was ever closed, and a 5-link
# modem answered EMFILE for good.)
class Quiet(io.IOBase):
    # A serial line on which nothing arrives.
    def ioctl(self, request, arg):
        return 0


drv = Links(wake=Quiet())
drv.free = list(range(100))
nic = network.PINT(drv)


def idle_round():
    # Eight sockets, each polled twice while idle (remembered as quiet) and
    # dropped: nothing refers to more than one of them, so that a stale word
    # on the C stack (MicroPython's GC is conservative) keeps one alive at
    # most. (In a function: the module's own code may leave stale
    # references.)
    for port in range(8):
        t = socket.socket()
        t.connect(("10.0.0.1", port))
        p = select.poll()
        p.register(t, select.POLLIN)
        p.poll(0)
        p.poll(0)


def clear_stack(depth=8):
    # Overwrite what the calls above left on the C stack, where
    # MicroPython's conservative GC could find their sockets.
    x = [0, 0, 0, 0]
    return clear_stack(depth - 1) if depth else x


idle_round()
clear_stack()
for _ in range(3):
    gc.collect()
time.sleep_ms(1)  # the deferred closes run
# A stale word on the C stack may still keep one or two alive (MicroPython's
# GC is conservative): most are closed, none is lost.
print("of 8 dropped, closed at least 4:", len(drv.closed) >= 4)
print("every handle closed or still held:", len(drv.closed) + len(nic.held()[0]) == 8)
nic.deinit()
