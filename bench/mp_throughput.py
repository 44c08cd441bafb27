# MicroPython side of bench/throughput.py: the same transfers through PINT
# (`socket`, served by the host driver: run with PINT_NIC=host) and through
# `_hostsocket` (the unix port's native POSIX socket module), alternating.
#
# argv: key=value settings from throughput.py (ports, sizes, repetitions;
# tests=a,b,c). Not one JSON argument: the unix port makes each argument a
# qstr, and one over 255 bytes kills it ("FATAL: uncaught NLR").
# Prints one line per measurement:
#   R <test> <impl> <rep> <count> <wall_us> <cpu_us> [<extra>]
# count is bytes (tcp_*) or datagrams (udp_*); wall_us is the transfer only
# (time.ticks_us, after the connection is made), cpu_us this process's CPU
# time (user + system) over the same span. Ends with "DONE".
import sys
import struct
import time
import network
import socket  # PINT's (extmod/modsocket.c) with PINT_NIC=host
import _hostsocket

ticks_us = time.ticks_us
ticks_diff = time.ticks_diff
clock = time.clock  # this process's CPU time (user + system), 1 ms resolution


class Timer:
    # Wall time (ticks_us) and this process's CPU time, from start() to
    # stop(); stop() returns (wall_us, cpu_us).
    def start(self):
        self.c0 = clock()
        self.t0 = ticks_us()

    def stop(self):
        wall = ticks_diff(ticks_us(), self.t0)
        return wall, int((clock() - self.c0) * 1e6)


timer = Timer()

cfg = {}
for arg in sys.argv[1:]:
    key, value = arg.split("=", 1)
    cfg[key] = value.split(",") if key in ("tests", "impls") else int(value)
IMPLS = cfg.get("impls", ["pint", "native"])
HOST = "127.0.0.1"
CHUNK = cfg["chunk"]

# Refuse to measure the wrong thing: PINT's socket module must be served by
# the host driver.
nics = network.route()
if not nics or "Host" not in repr(nics[0]):
    print("ERROR no PINT host driver registered (run with PINT_NIC=host):", nics)
    sys.exit(1)


class Pint:
    name = "pint"

    @staticmethod
    def addr(port, kind):
        return socket.getaddrinfo(HOST, port)[0][-1]

    @staticmethod
    def stream():
        return socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    @staticmethod
    def dgram():
        return socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


class Native:
    name = "native"

    @staticmethod
    def addr(port, kind):
        for info in _hostsocket.getaddrinfo(HOST, port):
            if info[1] == kind:
                return info[-1]
        return _hostsocket.getaddrinfo(HOST, port)[0][-1]

    @staticmethod
    def stream():
        return _hostsocket._hostsocket(_hostsocket.AF_INET, _hostsocket.SOCK_STREAM)

    @staticmethod
    def dgram():
        return _hostsocket._hostsocket(_hostsocket.AF_INET, _hostsocket.SOCK_DGRAM)


buf = bytearray(CHUNK)
for i in range(CHUNK):
    buf[i] = (i * 7 + 3) & 255
mv = memoryview(buf)
one = bytearray(1)


def connect(impl, port):
    s = impl.stream()
    s.connect(impl.addr(port, 1))
    return s


def tcp_send(impl, total):
    # Send total bytes in CHUNK-byte writes; the sink answers one byte once
    # it has them all, so the time covers delivery, not just queuing.
    s = connect(impl, cfg["tcp_sink"])
    s.write(struct.pack("!Q", total))
    timer.start()
    left = total
    while left:
        n = s.write(mv if left >= CHUNK else mv[:left])
        left -= n
    if s.readinto(one) != 1:
        raise OSError("sink did not acknowledge")
    wall, cpu = timer.stop()
    s.close()
    return total, wall, cpu


def tcp_recv(impl, total):
    # The source sends total bytes; read them into the one preallocated
    # CHUNK-byte buffer (readinto: neither socket type has recv_into).
    s = connect(impl, cfg["tcp_source"])
    s.write(struct.pack("!Q", total))
    timer.start()
    got = 0
    while got < total:
        n = s.readinto(mv if total - got >= CHUNK else mv[: total - got])
        if not n:
            break
        got += n
    wall, cpu = timer.stop()
    s.close()
    if got != total:
        raise OSError("source sent {} of {} bytes".format(got, total))
    return got, wall, cpu


def udp_send(impl, count, session):
    # count datagrams as fast as sendto goes; the sink counts, per session
    # (first 4 bytes), what arrived.
    s = impl.dgram()
    addr = impl.addr(cfg["udp_sink"], 2)
    dgram = bytearray(cfg["dgram"])
    dgram[:4] = struct.pack("!I", session)
    timer.start()
    for _ in range(count):
        s.sendto(dgram, addr)
    wall, cpu = timer.stop()
    s.close()
    return count, wall, cpu


def udp_burst(impl, rounds, window):
    # Receive: ask the burst server for `window` datagrams, receive them,
    # repeat. At most window datagrams are in flight, well within the socket
    # buffer, so nothing should be lost; a loss shows as a 1 s timeout and is
    # counted (and the time includes the wait, so losses cannot flatter).
    s = impl.dgram()
    s.settimeout(1)
    addr = impl.addr(cfg["udp_burst"], 2)
    size = cfg["dgram"]
    req = struct.pack("!HH", window, size)
    got = lost = 0
    timer.start()
    for _ in range(rounds):
        s.sendto(req, addr)
        for i in range(window):
            try:
                data, _ = s.recvfrom(size)
            except OSError:
                lost += window - i
                break
            got += 1
    wall, cpu = timer.stop()
    s.close()
    return got, wall, cpu, lost


def udp_pingpong(impl, ms):
    # Request/response for ms milliseconds: send a datagram, wait for the
    # echo. A loss shows as a 1 s timeout, is counted, and the exchange is not
    # retried. Bounded by time, not count: one round trip can take from
    # microseconds to a millisecond.
    s = impl.dgram()
    s.settimeout(1)
    addr = impl.addr(cfg["udp_echo"], 2)
    dgram = bytes(cfg["dgram"])
    size = cfg["dgram"]
    done = lost = 0
    end = time.ticks_add(time.ticks_ms(), ms)
    timer.start()
    while time.ticks_diff(end, time.ticks_ms()) > 0:
        s.sendto(dgram, addr)
        try:
            data, _ = s.recvfrom(size)
            done += 1
        except OSError:
            lost += 1
    wall, cpu = timer.stop()
    s.close()
    return done, wall, cpu, lost


def report(test, impl, rep, result):
    print("R", test, impl.name, rep, " ".join(str(x) for x in result))


TCP_BYTES = cfg["tcp_mib"] * 1024 * 1024
tests = cfg["tests"]

# Warm-up (not reported): first connections, first allocations, caches.
for impl in (Pint, Native):
    if impl.name in IMPLS:
        tcp_send(impl, 4 * CHUNK)
        tcp_recv(impl, 4 * CHUNK)

for rep in range(cfg["reps"]):
    # Alternate which goes first, so that neither always runs on a warmer
    # (or cooler) machine.
    order = (Pint, Native) if rep % 2 == 0 else (Native, Pint)
    for impl in order:
        if impl.name not in IMPLS:
            continue
        if "tcp_send" in tests:
            report("tcp_send", impl, rep, tcp_send(impl, TCP_BYTES))
        if "tcp_recv" in tests:
            report("tcp_recv", impl, rep, tcp_recv(impl, TCP_BYTES))
        if "udp_send" in tests:
            session = rep * 2 + (impl is Native)
            report("udp_send", impl, rep, udp_send(impl, cfg["udp_count"], session) + (session,))
        if "udp_burst" in tests:
            report(
                "udp_burst",
                impl,
                rep,
                udp_burst(impl, cfg["udp_count"] // cfg["window"], cfg["window"]),
            )
        if "udp_pingpong" in tests:
            report("udp_pingpong", impl, rep, udp_pingpong(impl, cfg["pingpong_ms"]))
print("DONE")
