# PINT driver fuzzer: random socket operations through PINT, over a driver
# whose every method misbehaves at random. Reproducible from its seed.
#
#     build/micropython-asan tests/fuzz/fuzz_driver.py SEED OPERATIONS
#
# Passes when every failure is an exception of a kind expected for it, every
# error PINT raises about a bad driver value names the driver method, every
# view a driver kept is dead between calls, and the NIC still carries data
# correctly at the end. A crash, a sanitizer report or a hang is a failure
# too (the runner watches the exit status, stderr and time).
import sys
import gc
import errno
import network
import socket
import select
from pint.loopback import Loopback

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
operations = int(sys.argv[2]) if len(sys.argv) > 2 else 2000


class Rng:
    # xorshift32: the same sequence on every build and platform.
    def __init__(self, seed):
        self.x = (seed * 2654435761 + 1) & 0xFFFFFFFF or 1

    def next(self):
        x = self.x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.x = x
        return x

    def below(self, n):
        return self.next() % n

    def chance(self, percent):
        return self.below(100) < percent

    def pick(self, seq):
        return seq[self.below(len(seq))]


rng = Rng(seed)


class ChaosError(Exception):
    pass


BAD_VALUES = [
    -1, -2, 2**31, 2**63, -(2**63), 2**64 + 5, 2**200, 10**6, 1.5, float("nan"), "3", b"\x01", bytearray(2),
    [1], (1,), (1, 2, 3), {}, object(), Loopback, print, None, True, False,
    ("1.2.3.4", 80), ((1, 2, 3, 4), 99999), ((1, 2, 3), 1), ("300.1.1.1", 1), (b"abc", 1), ("1.2.3.4",),
    (None, ("1.2.3.4", 1)), (object(), (1, 2, 3, 4, 5)), ((0, 0, 0, 0), -5), ("", 0),
]
RAISES = [
    lambda: OSError(rng.pick([errno.EIO, errno.ECONNRESET, errno.EAGAIN, errno.ETIMEDOUT, 0, -2, 2**40])),
    lambda: OSError("chaos: no errno"),
    lambda: ValueError("chaos"),
    lambda: TypeError("chaos"),
    lambda: KeyError("chaos"),
    lambda: IndexError("chaos"),
    lambda: MemoryError(),
    lambda: ChaosError("chaos"),
    lambda: ZeroDivisionError("chaos"),
    lambda: StopIteration(),
]

kept_views = []
nesting = [0]
sockets = []  # the fuzzer's open sockets: (kind, socket)


def mischief(name, args):
    """What a misbehaving method does instead of, or before, its job:
    returns (replace, value). Raises, collects, keeps views, calls back."""
    r = rng.below(100)
    for a in args:
        if isinstance(a, memoryview) and rng.chance(20):
            kept_views.append(a)
            if len(kept_views) > 50:
                kept_views.pop(0)
    if r < 6:
        raise RAISES[rng.below(len(RAISES))]()
    if r < 12:
        gc.collect()
    elif r < 16:
        junk = [bytearray(rng.below(200)) for _ in range(rng.below(30))]
        del junk
    elif r < 19 and nesting[0] < 2 and sockets:
        # A re-entrant socket call from inside a driver method.
        nesting[0] += 1
        try:
            random_operation()
        except Exception:
            pass
        finally:
            nesting[0] -= 1
    elif r < 22 and kept_views:
        # Touch a view kept from an earlier call (this call's own views are
        # live, the rest must be dead).
        v = rng.pick(kept_views)
        try:
            v[0] = 0x55
        except (IndexError, TypeError):
            pass
    if r >= 88:
        return True, rng.pick(BAD_VALUES)
    return False, None


def honest(method, *args):
    # The loopback driver's own work. Fed junk handles (PINT hands back
    # whatever a chaotic socket_socket returned), it fails in its own ways;
    # those failures are tagged, so that only PINT's errors go untagged.
    try:
        return method(*args)
    except OSError:
        raise
    except Exception as e:
        raise ChaosError("chaos: the driver itself failed: {!r}".format(e))


def chaotic(name):
    method = getattr(Loopback, name)

    def call(self, *args):
        replace, value = mischief(name, args)
        if replace:
            return value
        return honest(method, self, *args)

    return call


class Chaos(Loopback):
    # Every method of the loopback driver, wrapped in mischief. The forms
    # PINT tells apart by their parameters are spelled out.
    def socket_socket(self, domain, kind, proto):
        replace, value = mischief("socket_socket", ())
        return value if replace else honest(Loopback.socket_socket, self, domain, kind, proto)

    def socket_accept(self, s):
        replace, value = mischief("socket_accept", (s,))
        return value if replace else honest(Loopback.socket_accept, self, s)


for _name in ("gethostbyname", "socket_close", "socket_bind", "socket_listen", "socket_connect", "socket_send",
              "socket_recv", "socket_sendto", "socket_recvfrom", "socket_setsockopt", "socket_ioctl",
              "active", "ifconfig", "isconnected", "status"):
    setattr(Chaos, _name, chaotic(_name))

nic = network.PINT(Chaos(buffer=4096))

METHOD_NAMES = ("socket_", "gethostbyname")
stats = {"ops": 0, "ok": 0}
problems = []


def note_exception(what, e):
    kind = type(e).__name__
    stats[kind] = stats.get(kind, 0) + 1
    msg = str(e)
    if isinstance(e, OSError):
        return  # an errno from PINT, the socket layer or the driver
    if "chaos" in msg or isinstance(e, (ChaosError, KeyError, IndexError, MemoryError, ZeroDivisionError,
                                        StopIteration)):
        return  # raised by the driver and passed on unchanged
    if isinstance(e, (ValueError, TypeError)) and any(n in msg for n in METHOD_NAMES):
        return  # PINT rejected a driver value, naming the method
    if isinstance(e, (ValueError, TypeError, OverflowError)) and kind in ("ValueError", "TypeError", "OverflowError"):
        # MicroPython's own argument checks (a bad value given to the socket
        # API by the fuzzer itself, e.g. an address of a closed socket).
        if "chaos" not in msg and what in ("getaddrinfo", "connect", "bind", "sendto"):
            return
    problems.append("{}: unexpected {}: {}".format(what, kind, msg))


def port():
    return 1000 + rng.below(8)


def pick_socket():
    if not sockets:
        return None
    return rng.pick(sockets)[1]


def new_socket():
    kind = rng.pick((socket.SOCK_STREAM, socket.SOCK_STREAM, socket.SOCK_DGRAM))
    s = socket.socket(socket.AF_INET, kind)
    s.settimeout(rng.pick((0, 0, 0.001, 0.002)))
    sockets.append((kind, s))
    if len(sockets) > 24:
        old = sockets.pop(0)[1]
        try:
            old.close()
        except Exception as e:
            note_exception("close", e)
    return s


def random_operation():
    op = rng.below(24)
    s = pick_socket()
    if s is None or op == 0:
        s = new_socket()
    addr = ("127.0.0.1", port())
    n = rng.pick((0, 1, 7, 100, 1000, 5000))
    data = bytes(rng.below(256) for _ in range(min(n, 64))) * (n // 64 + 1)
    data = data[:n]
    if op == 1:
        s.bind(("0.0.0.0", port()))
    elif op == 2:
        s.listen(rng.below(4))
    elif op == 3:
        c, a = s.accept()
        c.settimeout(0)
        sockets.append((socket.SOCK_STREAM, c))
    elif op == 4:
        s.connect(addr)
    elif op == 5:
        s.send(data)
    elif op == 6:
        s.sendall(data)
    elif op == 7:
        s.recv(n)
    elif op == 8:
        s.read(n) if n else s.read(1)
    elif op == 9:
        buf = bytearray(n or 1)
        s.readinto(buf)
    elif op == 10:
        s.write(data)
    elif op == 11:
        s.sendto(data, addr)
    elif op == 12:
        s.recvfrom(n)
    elif op == 13:
        s.setsockopt(socket.SOL_SOCKET, rng.pick((socket.SO_REUSEADDR, 99)), rng.pick((1, b"ab", 0)))
    elif op == 14:
        s.settimeout(rng.pick((0, 0.001)))
    elif op == 15:
        p = select.poll()
        p.register(s, rng.pick((select.POLLIN, select.POLLOUT, select.POLLIN | select.POLLOUT)))
        p.poll(0)
    elif op == 16:
        select.select([s], [s], [], 0)
    elif op == 17:
        for i, (k, t) in enumerate(sockets):
            if t is s:
                sockets.pop(i)
                break
        s.close()
        if rng.chance(30):
            s.close()  # twice
    elif op == 18:
        for i, (k, t) in enumerate(sockets):
            if t is s:
                sockets.pop(i)  # dropped without close: the GC finalises it
                break
        del s
        gc.collect()
    elif op == 19:
        socket.getaddrinfo(rng.pick(("localhost", "nowhere", "1.2.3.4", "")), port())
    elif op == 20:
        s.readline()
    elif op == 21:
        rng.pick((nic.active, nic.ifconfig, nic.isconnected, nic.status))()
    elif op == 22:
        s.setblocking(False)
    else:
        gc.collect()


names = {0: "socket"}
for i in range(operations):
    stats["ops"] += 1
    try:
        random_operation()
        stats["ok"] += 1
    except Exception as e:
        note_exception("op", e)
    # Between calls no kept view may reach any memory.
    for v in kept_views:
        if len(v) != 0:
            problems.append("a kept view is alive between calls: {} bytes".format(len(v)))
            break
    if len(problems) > 20:
        break

# The NIC still works: a clean exchange over a fresh pair, with no mischief.
for _, s in sockets:
    try:
        s.close()
    except Exception:
        pass
sockets.clear()
gc.collect()
nic.deinit()
clean = network.PINT(Loopback())
srv = socket.socket()
srv.bind(("0.0.0.0", 2000))
srv.listen(1)
cli = socket.socket()
cli.connect(("127.0.0.1", 2000))
conn, _ = srv.accept()
payload = bytes(range(256)) * 20
cli.sendall(payload)
got = b""
while len(got) < len(payload):
    got += conn.recv(1000)
if got != payload:
    problems.append("after fuzzing, a clean exchange was corrupted")

print("seed", seed, "operations", stats["ops"], "completed", stats["ok"])
print("exceptions:", sorted((k, v) for k, v in stats.items() if k not in ("ops", "ok")))
for p in problems[:20]:
    print("PROBLEM", p)
print("FUZZ", "OK" if not problems else "FAILED")
