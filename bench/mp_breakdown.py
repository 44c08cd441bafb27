# Where a PINT socket call's time goes, layer by layer (MicroPython only: the
# peers are native _hostsocket sockets in this same process). For each
# operation the same transfer is timed through:
#   native  _hostsocket's own method (the unix port's socket module)
#   syscall the primitive the host driver uses (_pinthost.send/recv_into on
#           the file descriptor; UDP: _hostsocket sendto/recvfrom, as the
#           driver does)
#   driver  the host driver's method called straight from Python
#           (pint.host.Host().socket_send(handle, view), ...)
#   pint    a PINT socket (`socket` module: modsocket -> PINT's C -> the
#           driver method)
# so driver - syscall is the driver's Python, and pint - driver is
# MicroPython's NIC socket layer plus PINT's C glue (argument objects, the
# lent memoryview, the call into Python, checking the result). Every transfer
# finds its data or room ready (never waits); the peer's side (draining or
# filling) is not timed. Layers take turns, round by round.
#
#   tools/netns-exec env PINT_NIC=host build/micropython bench/mp_breakdown.py [rounds]
#
# Prints one line per operation and layer: B <op> <layer> <us_per_call>,
# then a table.
import sys
import time
import struct
import socket
import _hostsocket as hs
import _pinthost
import pint.host

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ticks_us = time.ticks_us
ticks_diff = time.ticks_diff
IP = bytes((127, 0, 0, 1))
BASE_PORT = 47100

drv = pint.host.Host()


def native_addr(port, kind):
    for info in hs.getaddrinfo("127.0.0.1", port):
        if info[1] == kind:
            return info[-1]


def listener(port):
    s = hs._hostsocket(hs.AF_INET, hs.SOCK_STREAM)
    s.setsockopt(hs.SOL_SOCKET, hs.SO_REUSEADDR, 1)
    s.bind(native_addr(port, hs.SOCK_STREAM))
    s.listen(8)
    return s


IPPROTO_TCP, TCP_NODELAY = 6, 1  # Linux


def tcp_pairs(port):
    # One connection per layer; returns {layer: (sender-side object, peer)}.
    # TCP_NODELAY everywhere: with Nagle, a round's last small segment would
    # wait for a delayed ACK (40 ms) before the untimed drain could finish.
    lst = listener(port)
    out = {}
    n = hs._hostsocket(hs.AF_INET, hs.SOCK_STREAM)
    n.connect(native_addr(port, hs.SOCK_STREAM))
    out["native"] = (n, lst.accept()[0])
    n2 = hs._hostsocket(hs.AF_INET, hs.SOCK_STREAM)
    n2.connect(native_addr(port, hs.SOCK_STREAM))
    out["syscall"] = (n2.fileno(), lst.accept()[0], n2)
    h = drv.socket_socket(2, 1, 0)
    drv.socket_connect(h, IP, port)
    out["driver"] = (h, lst.accept()[0])
    p = socket.socket()
    p.connect(("127.0.0.1", port))
    out["pint"] = (p, lst.accept()[0])
    lst.close()
    for s in (n, n2, h.sock, p):
        s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)  # PINT passes (6, 1) through to the host
    for layer in LAYERS:
        out[layer][1].setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
    return out


LAYERS = ("native", "syscall", "driver", "pint")
REVERSED = ("pint", "driver", "syscall", "native")


def tcp_send_ops(pairs, view):
    n = len(view)
    ops = {}
    s, _ = pairs["native"]
    ops["native"] = lambda: s.send(view)
    fd = pairs["syscall"][0]
    send = _pinthost.send
    ops["syscall"] = lambda: send(fd, view, -1)
    h = pairs["driver"][0]
    dsend = drv.socket_send
    ops["driver"] = lambda: dsend(h, view)
    p = pairs["pint"][0]
    ops["pint"] = lambda: p.send(view)
    return ops


def time_calls(fn, k):
    t0 = ticks_us()
    for _ in range(k):
        fn()
    return ticks_diff(ticks_us(), t0)


def bench_tcp_send(pairs, size, k):
    view = memoryview(bytearray(size))
    sink = bytearray(size * k)
    ops = tcp_send_ops(pairs, view)
    total = {l: 0 for l in LAYERS}
    for r in range(ROUNDS):
        for layer in LAYERS if r % 2 == 0 else REVERSED:
            total[layer] += time_calls(ops[layer], k)
            peer = pairs[layer][1]
            peer.readinto(sink)  # drain all k*size bytes (untimed)
    return {l: total[l] / (ROUNDS * k) for l in LAYERS}


def bench_tcp_recv(pairs, size, k):
    data = bytes(size * k)
    view = memoryview(bytearray(size))
    ops = {}
    s = pairs["native"][0]
    ops["native"] = lambda: s.readinto(view)
    fd = pairs["syscall"][0]
    recv_into = _pinthost.recv_into
    ops["syscall"] = lambda: recv_into(fd, view, -1)
    h = pairs["driver"][0]
    drecv = drv.socket_recv
    ops["driver"] = lambda: drecv(h, view)
    p = pairs["pint"][0]
    ops["pint"] = lambda: p.readinto(view)
    total = {l: 0 for l in LAYERS}
    for r in range(ROUNDS):
        for layer in LAYERS if r % 2 == 0 else REVERSED:
            pairs[layer][1].write(data)  # fill (untimed)
            total[layer] += time_calls(ops[layer], k)
    return {l: total[l] / (ROUNDS * k) for l in LAYERS}


def bench_udp(port, size, k):
    # sendto: to a native socket drained between rounds. recvfrom: from a
    # native sender that fills the socket first.
    rx = hs._hostsocket(hs.AF_INET, hs.SOCK_DGRAM)
    rx.bind(native_addr(port, hs.SOCK_DGRAM))
    rx_addr = native_addr(port, hs.SOCK_DGRAM)
    dgram = bytes(size)
    view = memoryview(bytearray(size))
    nat = hs._hostsocket(hs.AF_INET, hs.SOCK_DGRAM)
    h = drv.socket_socket(2, 2, 0)
    p = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    paddr = ("127.0.0.1", port)
    dsendto = drv.socket_sendto
    send_ops = {
        "native": lambda: nat.sendto(dgram, rx_addr),
        "syscall": lambda: h.sock.sendto(dgram, rx_addr),
        "driver": lambda: dsendto(h, view, IP, port),
        "pint": lambda: p.sendto(dgram, paddr),
    }
    send = {l: 0 for l in LAYERS}
    for r in range(ROUNDS):
        for layer in LAYERS if r % 2 == 0 else REVERSED:
            send[layer] += time_calls(send_ops[layer], k)
            for _ in range(k):
                rx.recvfrom(size)  # drain (untimed)
    # recvfrom: each layer's socket bound to its own port.
    nat_rx = hs._hostsocket(hs.AF_INET, hs.SOCK_DGRAM)
    nat_rx.bind(native_addr(port + 1, hs.SOCK_DGRAM))
    h_rx = drv.socket_socket(2, 2, 0)
    drv.socket_bind(h_rx, IP, port + 2)
    p_rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    p_rx.bind(("127.0.0.1", port + 3))
    h2_rx = drv.socket_socket(2, 2, 0)
    drv.socket_bind(h2_rx, IP, port + 4)
    targets = {"native": port + 1, "driver": port + 2, "pint": port + 3, "syscall": port + 4}
    taddr = {l: native_addr(targets[l], hs.SOCK_DGRAM) for l in LAYERS}
    drecvfrom = drv.socket_recvfrom
    zero = (0, 0, 0, 0)
    recv_ops = {
        "native": lambda: nat_rx.recvfrom(size),
        "syscall": lambda: h2_rx.sock.recvfrom(size),
        "driver": lambda: drecvfrom(h_rx, view, zero, 0),
        "pint": lambda: p_rx.recvfrom(size),
    }
    recv = {l: 0 for l in LAYERS}
    for r in range(ROUNDS):
        for layer in LAYERS if r % 2 == 0 else REVERSED:
            for _ in range(k):
                rx.sendto(dgram, taddr[layer])  # fill (untimed)
            recv[layer] += time_calls(recv_ops[layer], k)
    return ({l: send[l] / (ROUNDS * k) for l in LAYERS}, {l: recv[l] / (ROUNDS * k) for l in LAYERS})


def empty_loop(k):
    # The cost of the timing loop and one Python-level call of a lambda.
    f = lambda: None
    t = 0
    for _ in range(ROUNDS):
        t += time_calls(f, k)
    return t / (ROUNDS * k)


results = []
results.append(("tcp_send 64KiB", bench_tcp_send(tcp_pairs(BASE_PORT), 65536, 1)))
results.append(("tcp_send 1KiB", bench_tcp_send(tcp_pairs(BASE_PORT + 1), 1024, 16)))
results.append(("tcp_recv 64KiB", bench_tcp_recv(tcp_pairs(BASE_PORT + 2), 65536, 1)))
results.append(("tcp_recv 1KiB", bench_tcp_recv(tcp_pairs(BASE_PORT + 3), 1024, 16)))
us, ur = bench_udp(BASE_PORT + 10, 512, 16)
results.append(("udp_sendto 512B", us))
results.append(("udp_recvfrom 512B", ur))
loop = empty_loop(16)

for op, r in results:
    for layer in LAYERS:
        print("B", op.replace(" ", "_"), layer, "%.3f" % r[layer])
print("B loop_overhead - %.3f" % loop)
print()
print("us per call (timing loop and lambda call, %.2f us, included in each)" % loop)
print("%-18s %8s %8s %8s %8s | %9s %9s %9s" % ("operation", "native", "syscall", "driver", "pint",
                                              "driver-py", "pint-glue", "pint/nat"))
for op, r in results:
    print("%-18s %8.2f %8.2f %8.2f %8.2f | %9.2f %9.2f %8.0f%%" % (
        op, r["native"], r["syscall"], r["driver"], r["pint"], r["driver"] - r["syscall"],
        r["pint"] - r["driver"], 100 * r["native"] / r["pint"]))
print("driver-py = driver - syscall (the host driver's Python); pint-glue = pint - driver (modsocket + PINT C);")
print("pint/nat = native time / PINT time (the throughput ratio if nothing else limited it)")
