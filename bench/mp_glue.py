# MicroPython side of bench/glue.py: runs one operation N times, either
# through PINT (a socket of a NIC whose driver does nothing) or as the floor
# (the same driver method called directly from Python with the arguments
# PINT passes), or an empty loop. bench/glue.py runs this under callgrind
# with two values of N and takes the difference, so start-up cancels out.
# argv: op path n size
#   op: send recv readinto sendto recvfrom connect poll
#   path: pint | floor | empty
# With path "heap" it instead prints, for every op, the heap bytes allocated
# per call through PINT and by the floor (gc.mem_alloc deltas, GC off).
import sys
import gc
import network
import select
import socket

IOCTL_POLL = network.PINT.IOCTL_POLL
POLL_RD = network.PINT.POLL_RD
POLL_WR = network.PINT.POLL_WR


class Nop:
    # A driver whose methods do nothing and succeed: what is measured is
    # the cost of reaching them.
    def socket_socket(self, domain, type, proto):
        return 1

    def socket_close(self, h):
        pass

    def socket_connect(self, h, ip, port):
        return True

    def socket_settimeout(self, h, timeout_ms):
        return True

    def socket_send(self, h, buf):
        return len(buf)

    def socket_recv(self, h, buf):
        return len(buf)

    def socket_sendto(self, h, buf, ip, port):
        return len(buf)

    def socket_recvfrom(self, h, buf, ip, port):
        return len(buf)

    def socket_ioctl(self, h, request, arg):
        return arg


def setup(op, size):
    """Returns (pint_call, floor_call): two functions of the loop count."""
    drv = Nop()
    nic = network.PINT(drv)
    kind = socket.SOCK_DGRAM if op in ("sendto", "recvfrom") else socket.SOCK_STREAM
    s = socket.socket(socket.AF_INET, kind)
    addr = socket.getaddrinfo("10.0.0.2", 80)[0][-1]
    s.connect(addr)
    data = bytes(size)
    buf = bytearray(size)
    mv = memoryview(buf)
    rmv = memoryview(data)
    ip = (10, 0, 0, 2)
    h = 1
    # Each pair runs the same loop; only the operation differs.
    if op == "send":

        def pint(n):
            for _ in range(n):
                s.send(data)

        def floor(n):
            for _ in range(n):
                drv.socket_send(h, rmv)

    elif op == "recv":

        def pint(n):
            for _ in range(n):
                s.recv(size)

        def floor(n):
            for _ in range(n):
                drv.socket_recv(h, mv)

    elif op == "readinto":

        def pint(n):
            for _ in range(n):
                s.readinto(buf)

        def floor(n):
            for _ in range(n):
                drv.socket_recv(h, mv)

    elif op == "sendto":

        def pint(n):
            for _ in range(n):
                s.sendto(data, addr)

        def floor(n):
            for _ in range(n):
                drv.socket_sendto(h, rmv, ip, 80)

    elif op == "recvfrom":
        zero = (0, 0, 0, 0)

        def pint(n):
            for _ in range(n):
                s.recvfrom(size)

        def floor(n):
            for _ in range(n):
                drv.socket_recvfrom(h, mv, zero, 0)

    elif op == "connect":

        def pint(n):
            for _ in range(n):
                s.connect(addr)

        def floor(n):
            for _ in range(n):
                drv.socket_connect(h, ip, 80)

    elif op == "poll":
        poller = select.poll()
        poller.register(s, select.POLLIN | select.POLLOUT)

        def pint(n):
            for _ in range(n):
                for _ in poller.ipoll(0):
                    pass

        def floor(n):
            for _ in range(n):
                drv.socket_ioctl(h, IOCTL_POLL, POLL_RD | POLL_WR)

    else:
        raise ValueError(op)
    # Keep the NIC and socket alive as long as the functions.
    pint.keep = floor.keep = (nic, s)
    return pint, floor


def empty(n):
    for _ in range(n):
        pass


OPS = ("send", "recv", "readinto", "sendto", "recvfrom", "connect", "poll")


def heap(n, size):
    for op in OPS:
        per = []
        for f in setup(op, size):
            f(10)  # warm up: anything allocated once is not per call
            gc.collect()
            gc.disable()
            before = gc.mem_alloc()
            f(n)
            per.append((gc.mem_alloc() - before) / n)
            gc.enable()
        print("HEAP", op, size, "%.2f" % per[0], "%.2f" % per[1])
    # The size of one memoryview: what PINT lends per send or receive.
    b = bytearray(size)
    views = [None] * n
    gc.collect()
    gc.disable()
    before = gc.mem_alloc()
    for i in range(n):
        views[i] = memoryview(b)
    print("VIEW", "%.2f" % ((gc.mem_alloc() - before) / n))
    gc.enable()


def main():
    op, path, n, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if path == "heap":
        heap(n, size)
        return
    pint, floor = setup(op, size)
    f = {"pint": pint, "floor": floor, "empty": empty}[path]
    f(10)
    # The GC stays on: with it off, MicroPython's allocator scans ever longer
    # for multi-block objects, which would charge an operation that
    # allocates with a cost that grows with the loop count.
    gc.collect()
    f(n)
    print("DONE", op, path, n, size)


main()
