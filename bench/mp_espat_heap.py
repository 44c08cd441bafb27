# The heap pint.espat allocates per socket operation on an open link, in
# each receive mode: the driver's methods called as PINT calls them, over a
# modem on the stream uart() returns, to echo servers on 127.0.0.1 (TCP on
# ECHO_PORT, UDP on UDP_PORT). The runner puts uart() and the ports before
# this script (bench/espat.py on the host firmware, bench/boards.py on the qemu
# board). Prints "HEAP <mode> <operation> <bytes per call>" (20 calls after
# two to settle, the GC off), then "HEAP_DONE".
import gc
from pint.espat import ESPAT

DATA = b"0123456789abcdef"
IP = (127, 0, 0, 1)


def measure(mode, name, op, n=20):
    op()
    op()
    gc.collect()
    gc.disable()
    before = gc.mem_alloc()
    for i in range(n):
        op()
    per = (gc.mem_alloc() - before) / n
    gc.enable()
    print("HEAP", mode, name, per)


for mode, passive in (("passive", True), ("active", False)):
    d = ESPAT(uart(), passive=passive)
    d.connect("pint-net", "pint-pass")  # the emulated modem's network
    t = d.socket_socket(2, 1, 0)
    d.socket_connect(t, IP, ECHO_PORT)
    u = d.socket_socket(2, 2, 0)
    buf = memoryview(bytearray(16))

    def send():
        assert d.socket_send(t, DATA) == 16

    def recv():
        # What send sent, back from the echo server.
        n = 0
        while n < 16:
            n += d.socket_recv(t, buf) or 0

    def sendto():
        assert d.socket_sendto(u, DATA, IP, UDP_PORT) == 16

    def recvfrom():
        while not d.socket_recvfrom(u, buf, None, 0):
            pass

    def send_recv():
        send()
        recv()

    def sendto_recvfrom():
        sendto()
        recvfrom()

    def poll():
        d.socket_ioctl(t, 3, 1)

    measure(mode, "send+recv", send_recv)
    measure(mode, "sendto+recvfrom", sendto_recvfrom)
    measure(mode, "poll", poll)
    d.socket_close(t)
    d.socket_close(u)
# The measurement sees what is allocated: 64 bytes of payload a call.
measure("control", "bytearray(64)", lambda: bytearray(64))
print("HEAP_DONE")
