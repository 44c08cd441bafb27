# MicroPython side of test_heap.py: argv: device echo_port udp_port. The
# heap pint.simcom allocates per socket operation on an open link: the
# driver's methods called as PINT calls them (20 calls after two to settle,
# the GC off), and a control that allocates 64 bytes a call.
import sys, gc
from _pintserial import Serial
from mp_lib import Driver, check

ECHO_PORT, UDP_PORT = int(sys.argv[2]), int(sys.argv[3])
DATA = b"0123456789abcdef"
IP = (127, 0, 0, 1)


def measure(name, op, n=20):
    op()
    op()
    gc.collect()
    gc.disable()
    before = gc.mem_alloc()
    for i in range(n):
        op()
    per = (gc.mem_alloc() - before) // n
    gc.enable()
    print("HEAP", name, per)
    return per


d = Driver(Serial(sys.argv[1], 115200))
d.connect("internet")
t = d.socket_socket(2, 1, 0)
d.socket_connect(t, IP, ECHO_PORT)
u = d.socket_socket(2, 2, 0)
buf = memoryview(bytearray(16))


def send_recv():
    assert d.socket_send(t, DATA) == 16
    n = 0
    while n < 16:
        n += d.socket_recv(t, buf[n:] if n else buf) or 0


def sendto_recvfrom():
    assert d.socket_sendto(u, DATA, IP, UDP_PORT) == 16
    while not d.socket_recvfrom(u, buf, None, 0):
        pass


def poll():
    d.socket_ioctl(t, 3, 1)


for name, op in (("send+recv", send_recv), ("sendto+recvfrom", sendto_recvfrom), ("poll", poll)):
    n = measure(name, op)
    check("{}: {} B per operation".format(name, n), n == 0)
d.socket_close(t)
d.socket_close(u)
check("the measure sees 64 B a call", measure("control", lambda: bytearray(64)) >= 64)
print("DONE")
