# Readiness: select.poll, select.select and non-blocking/timeout sockets on
# PINT sockets. MP_STREAM_POLL is answered with the event mask the driver
# reports, limited to the events asked for plus error/hang-up.
import network, socket, select, time, errno


class Reporter:
    # socket_ioctl answers with whatever mask the test sets.
    mask = 0

    def socket_socket(self):
        return "h"

    def socket_bind(self, h, ip, port):
        return True

    def socket_ioctl(self, h, request, arg):
        self.asked = (request, arg)
        return self.mask


drv = Reporter()
nic = network.PINT(drv)
s = socket.socket()
s.bind(("0.0.0.0", 1))  # the socket reaches the NIC
p = select.poll()
p.register(s, select.POLLIN)
for mask in (
    0,
    select.POLLIN,
    select.POLLOUT,
    select.POLLIN | select.POLLOUT,
    select.POLLERR,
    select.POLLHUP,
    select.POLLIN | select.POLLHUP,
):
    drv.mask = mask
    print("driver says", mask, "poll(IN) ->", [ev for _, ev in p.poll(0)], "asked", drv.asked)
p.modify(s, select.POLLIN | select.POLLOUT)
drv.mask = select.POLLIN | select.POLLOUT
print("poll(IN|OUT) ->", [ev for _, ev in p.poll(0)], "asked", drv.asked)
drv.mask = select.POLLOUT
print("select ->", [len(x) for x in select.select([s], [s], [s], 0)])
print("ipoll ->", [ev for _, ev in p.ipoll(0)])
# A poll with a timeout waits for the driver to report an event.
drv.mask = 0
t0 = time.ticks_ms()
print("poll(30ms) nothing ->", p.poll(30), time.ticks_diff(time.ticks_ms(), t0) >= 30)
s.close()
# A closed socket polls as invalid (MicroPython's socket layer answers).
print("closed ->", [ev for _, ev in p.poll(0)] == [network.PINT.POLL_NVAL])
nic.deinit()

from pint.loopback import Loopback

nic = network.PINT(Loopback(buffer=16))
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
p = select.poll()
p.register(srv, select.POLLIN)
print("listening, no client:", p.poll(0))
c = socket.socket()
c.connect(("127.0.0.1", 80))
print("client waiting:", [ev for _, ev in p.poll(0)])
a, _ = srv.accept()
pc = select.poll()
pc.register(c, select.POLLOUT)
pc.register(a, select.POLLIN)
print("fresh connection:", sorted(ev for _, ev in pc.poll(0)))
c.send(b"x" * 16)  # fills the 16-byte buffer
print("buffer full:", sorted(ev for _, ev in pc.poll(0)))
a.recv(16)
print("drained:", sorted(ev for _, ev in pc.poll(0)))

# Non-blocking: EAGAIN at once. Timeout: ETIMEDOUT after the timeout.
a.setblocking(False)
try:
    a.recv(1)
except OSError as e:
    print("non-blocking recv:", errno.errorcode[e.errno])
print("non-blocking read:", a.read(1))
c.setblocking(False)
c.send(b"y" * 16)
try:
    c.send(b"z")
except OSError as e:
    print("non-blocking send on full buffer:", errno.errorcode[e.errno])
try:
    c.sendall(b"z" * 3)
except OSError as e:
    print("non-blocking sendall on full buffer:", errno.errorcode[e.errno])
print("non-blocking write:", c.write(b"z"))
c.settimeout(0.05)
t0 = time.ticks_ms()
try:
    c.send(b"z")
except OSError as e:
    dt = time.ticks_diff(time.ticks_ms(), t0)
    print("send with timeout:", errno.errorcode[e.errno], 50 <= dt < 1000)
srv.settimeout(0.02)
try:
    srv.accept()
except OSError as e:
    print("accept with timeout:", errno.errorcode[e.errno])
srv.setblocking(False)
try:
    srv.accept()
except OSError as e:
    print("non-blocking accept:", errno.errorcode[e.errno])
# The peer closes: readable, end of stream, hang-up reported.
print(len(a.recv(100)))
pc.unregister(c)
c.close()
print("peer closed:", [ev for _, ev in pc.poll(0)] == [select.POLLIN | select.POLLHUP], a.recv(10))

# A timeout set before the socket reaches the NIC is kept.
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(0)
u.bind(("0.0.0.0", 99))
try:
    u.recvfrom(10)
except OSError as e:
    print("timeout set before bind:", errno.errorcode[e.errno])
