# PINT driver fuzzer: random socket operations through PINT, over a driver
# whose every method misbehaves at random. Reproducible from its seed.
#
#     build/micropython-asan tests/fuzz/fuzz_driver.py SEED OPERATIONS
#
# Passes when every failure is an exception of a kind expected for it, every
# error PINT raises about a bad driver value names the driver method, every
# view a driver kept is dead between calls and shows nothing of later calls,
# every handle the driver gave PINT is closed exactly once (or is still held
# by PINT, as nic.held() says), no deferred close runs inside another driver
# call, and the NIC still carries data correctly at the end. A crash, a
# sanitizer report or a hang is a failure too (the runner watches the exit
# status, stderr and time).
#
# Driver methods also raise KeyboardInterrupt and SystemExit, and exhaust the
# heap as they return (micropython.heap_lock), so that PINT meets
# MemoryError wherever it allocates after a driver call.
#
# Odd seeds use a driver that keeps its own timeouts (socket_settimeout),
# which MicroPython's socket layer also calls right after socket_socket.
# seed // 2 % 4 chooses the driver's wake object: none, a serial line that
# sometimes has input, a hostile one whose poll misbehaves as the driver's
# methods do (closes sockets, raises, collects, calls sockets), or one of
# the NIC's own sockets.
import sys
import gc
import errno
import io
import micropython
import network
import socket
import select
from pint.loopback import Loopback

try:
    seed, operations = FUZZ  # set by a preamble on boards, which have no argv
except NameError:
    _argv = getattr(sys, "argv", [])
    seed = int(_argv[1]) if len(_argv) > 1 else 1
    operations = int(_argv[2]) if len(_argv) > 2 else 2000


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
# A small board's heap (the qemu boards have 128 KiB): smaller payloads,
# fewer sockets, smaller driver buffers, the same operations.
SMALL = gc.mem_free() + gc.mem_alloc() < 1024 * 1024
SIZES = (0, 1, 7, 100, 500) if SMALL else (0, 1, 7, 100, 1000, 5000)
MAX_SOCKETS = 8 if SMALL else 24
BUFFER = 1024 if SMALL else 4096


class ChaosError(Exception):
    pass


class DriverOSError(OSError):
    # A driver's own OSError subclass: PINT reads its errno as OSError's.
    pass


BAD_VALUES = [
    -1,
    -2,
    2**31,
    2**63,
    -(2**63),
    2**64 + 5,
    2**200,
    10**6,
    1.5,
    float("nan"),
    "3",
    b"\x01",
    bytearray(2),
    [1],
    (1,),
    (1, 2, 3),
    {},
    object(),
    Loopback,
    print,
    None,
    True,
    False,
    ("1.2.3.4", 80),
    ((1, 2, 3, 4), 99999),
    ((1, 2, 3), 1),
    ("300.1.1.1", 1),
    (b"abc", 1),
    ("1.2.3.4",),
    (None, ("1.2.3.4", 1)),
    (object(), (1, 2, 3, 4, 5)),
    ((0, 0, 0, 0), -5),
    ("", 0),
    (object(), ("1.2.3.4", 1)),
    ([7], ("1.2.3.4", 1)),
    (False, ("1.2.3.4", 1)),
]
RAISES = [
    lambda: OSError(
        rng.pick([errno.EIO, errno.ECONNRESET, errno.EAGAIN, errno.ETIMEDOUT, 0, -2, 2**40])
    ),
    lambda: DriverOSError(rng.pick([errno.EAGAIN, errno.ECONNREFUSED])),
    lambda: OSError("chaos: no errno"),
    lambda: ValueError("chaos"),
    lambda: TypeError("chaos"),
    lambda: KeyError("chaos"),
    lambda: IndexError("chaos"),
    lambda: MemoryError(),
    lambda: ChaosError("chaos"),
    lambda: ZeroDivisionError("chaos"),
    lambda: StopIteration(),
    lambda: KeyboardInterrupt(),
    lambda: SystemExit(),
]
# The heap exhausted as a driver method returns: heap_lock, undone by the
# fuzzer once the operation is over (boards without it skip this).
heap_locks = [0]
CAN_LOCK = hasattr(micropython, "heap_lock")


def exhaust_heap():
    if CAN_LOCK and rng.chance(2):
        micropython.heap_lock()
        heap_locks[0] += 1


def restore_heap():
    while heap_locks[0]:
        micropython.heap_unlock()
        heap_locks[0] -= 1


def option_value():
    # Values of every kind setsockopt accepts, and some it does not.
    return rng.pick(
        [
            0,
            1,
            -1,
            2**40,
            True,
            b"ab",
            bytes(8),
            bytearray(b"AAAAAAAA"),
            bytearray(16),
            memoryview(b"0123456789abcdef")[3:11],
            None,
            lambda: 0,
            print,
            Loopback,
            dict,
            object(),
            rng.pick,
            mischief,
        ]
    )


kept_views = []  # (view, the number of the call that lent it)
live_views = []  # the same, for the driver calls still running (nested)
calls = [0]
nesting = [0]
sockets = []  # the fuzzer's open sockets: (kind, socket)
explicit = [0]  # > 0 while the fuzzer itself is in a close() call
problems = []
current_op = ["?"]


def close_socket(s):
    explicit[0] += 1
    try:
        s.close()
    finally:
        explicit[0] -= 1


def forget(s):
    for i, (k, t) in enumerate(sockets):
        if t is s:
            sockets.pop(i)
            return


def mischief(name, args):
    """What a misbehaving method does instead of, or before, its job:
    returns (replace, value). Raises, collects, keeps views, calls back,
    closes or drops sockets, works a while."""
    r = rng.below(100)
    # Views kept from earlier calls are dead, even while this call has a
    # live one (a view is never lent twice).
    for v, lent_by in kept_views:
        if len(v) == 0:
            continue
        for a, live_in in live_views:
            if v is a:
                if live_in != lent_by:
                    problems.append("a kept view was lent again ({})".format(name))
                break
        else:
            problems.append("a kept view shows a later call's buffer ({})".format(name))
            break
    for a, live_in in live_views:
        if live_in == calls[0] and rng.chance(20):
            kept_views.append((a, live_in))
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
        outer_op = current_op[0]
        try:
            random_operation()
        except Exception:
            pass
        finally:
            nesting[0] -= 1
            current_op[0] = outer_op
    elif r < 22 and kept_views:
        # Touch a view kept from an earlier call (this call's own views are
        # live, the rest must be dead).
        v = rng.pick(kept_views)[0]
        try:
            v[0] = 0x55
        except (IndexError, TypeError):
            pass
    elif r < 25 and sockets:
        # Close a socket, maybe the very one this call is for.
        s = rng.pick(sockets)[1]
        forget(s)
        try:
            close_socket(s)
        except Exception:
            pass
    elif r < 28 and sockets:
        # Drop a socket for the GC: its close is deferred, and must not run
        # inside this (or any) driver call.
        forget(rng.pick(sockets)[1])
        gc.collect()
    elif r < 31:
        # Work a while: MicroPython's scheduler runs callbacks in here.
        x = 0
        for i in range(100):
            x += i
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


class Ledger:
    # Every handle a driver gave PINT, and how often socket_close was called
    # for it (a close that raised MemoryError does not count: PINT calls it
    # again). Keyed by id(), with the object kept so that ids stay unique.
    def __init__(self):
        self.entries = {}  # id -> [handle, given, closed]

    def entry(self, h):
        e = self.entries.get(id(h))
        if e is None:
            e = self.entries[id(h)] = [h, 0, 0]
        return e

    def given(self, h):
        self.entry(h)[1] += 1

    def closed(self, h):
        e = self.entry(h)
        e[2] += 1
        if e[2] > e[1]:
            problems.append(
                "socket_close called more often than the handle was given: {!r}".format(h)
            )

    def unclosed(self):
        return sum(e[1] - e[2] for e in self.entries.values())

    def check(self, nic, what):
        # Given - closed == held by PINT, for every handle.
        held = {}
        for group in nic.held():
            for h in group:
                held[id(h)] = held.get(id(h), 0) + 1
        for k, (h, given, closed) in list(self.entries.items()):
            if given - closed != held.get(k, 0):
                problems.append(
                    "{}: handle {!r} given {} closed {} but PINT holds it {} times".format(
                        what, h, given, closed, held.get(k, 0)
                    )
                )
            elif given == closed:
                del self.entries[k]
        for k in held:
            if k not in self.entries:
                problems.append("{}: PINT holds a handle the driver never gave".format(what))


def is_handle(v):
    # What PINT takes as a handle: anything but None and False.
    return v is not None and v is not False


def chaotic(name):
    method = getattr(Loopback, name)

    def call(self, *args):
        self.running += 1
        views = len(live_views)
        calls[0] += 1
        for a in args:
            if isinstance(a, memoryview):
                # A view the driver passes to another of its own methods
                # keeps the number of the call that lent it.
                for v, n in live_views:
                    if v is a:
                        break
                else:
                    n = calls[0]
                live_views.append((a, n))
        try:
            replace, value = mischief(name, args)
            if not replace:
                value = honest(method, self, *args)
        finally:
            self.running -= 1
            del live_views[views:]
        exhaust_heap()
        return value

    return call


class Chaos(Loopback):
    # Every method of the loopback driver, wrapped in mischief, with the
    # handles it gives and closes in a ledger. The forms PINT tells apart
    # by their parameters are spelled out.
    def __init__(self, **kw):
        Loopback.__init__(self, **kw)
        self.ledger = Ledger()
        self.running = 0

    def socket_socket(self, domain, kind, proto):
        self.running += 1
        try:
            replace, value = mischief("socket_socket", ())
            h = value if replace else honest(Loopback.socket_socket, self, domain, kind, proto)
        finally:
            self.running -= 1
        if is_handle(h):
            self.ledger.given(h)
        exhaust_heap()
        return h

    def socket_accept(self, s):
        self.running += 1
        try:
            replace, value = mischief("socket_accept", (s,))
            r = value if replace else honest(Loopback.socket_accept, self, s)
        finally:
            self.running -= 1
        # PINT takes the first item of a (handle, address) pair.
        if (
            type(r) in (tuple, list)
            and len(r) == 2
            and not isinstance(r[1], int)
            and is_handle(r[0])
        ):
            self.ledger.given(r[0])
        exhaust_heap()
        return r

    def socket_close(self, s):
        if self.running and not explicit[0]:
            problems.append("a deferred socket_close ran inside another driver call")
        self.running += 1
        try:
            replace, value = mischief("socket_close", (s,))
            if not replace:
                honest(Loopback.socket_close, self, s)
        except MemoryError:
            raise  # PINT calls it again later
        except BaseException:
            self.ledger.closed(s)
            raise
        finally:
            self.running -= 1
        self.ledger.closed(s)


for _name in (
    "gethostbyname",
    "socket_bind",
    "socket_listen",
    "socket_connect",
    "socket_send",
    "socket_recv",
    "socket_sendto",
    "socket_recvfrom",
    "socket_setsockopt",
    "socket_ioctl",
    "active",
    "ifconfig",
    "isconnected",
    "status",
):
    setattr(Chaos, _name, chaotic(_name))


class ChaosTimed(Chaos):
    # Keeps its own timeouts (the loopback driver needs none), misbehaving
    # as the rest.
    def socket_settimeout(self, s, timeout):
        self.running += 1
        try:
            replace, value = mischief("socket_settimeout", ())
            return value if replace else True
        finally:
            self.running -= 1


class QuietWake(io.IOBase):
    # A serial line on which input now and then waits.
    def ioctl(self, request, arg):
        return arg & select.POLLIN if rng.chance(20) else 0


class HostileWake(io.IOBase):
    # A wake object whose poll misbehaves as the driver's methods do.
    def ioctl(self, request, arg):
        replace, value = mischief("wake.ioctl", ())
        if replace:
            return value
        return arg & select.POLLIN if rng.chance(20) else 0


def wake_object(kind):
    if kind == 1:
        return QuietWake()
    if kind == 2:
        return HostileWake()
    if kind == 3:
        return socket.socket()  # on the NIC once used (see below)
    return None


DriverClass = ChaosTimed if seed % 2 else Chaos
WAKE = seed // 2 % 4
driver = DriverClass(buffer=BUFFER)
driver.wake = wake_object(WAKE)
nic = network.PINT(driver)
if WAKE == 3:
    # The wake object becomes one of the NIC's own sockets.
    try:
        driver.wake.bind(("0.0.0.0", 999))
    except BaseException:
        pass
    restore_heap()
others = []  # drivers of NICs the fuzzer made and dropped: (driver, deinit'd)

METHOD_NAMES = ("socket_", "gethostbyname")
stats = {"ops": 0, "ok": 0}


def note_exception(what, e, exhausted=False):
    kind = type(e).__name__
    stats[kind] = stats.get(kind, 0) + 1
    msg = str(e)
    if isinstance(e, OSError):
        return  # an errno from PINT, the socket layer or the driver
    if exhausted and not msg and isinstance(e, (ValueError, TypeError)):
        # With the heap exhausted, an exception is raised without its text
        # (PINT's naming the method included): MicroPython has no memory
        # to format it.
        return
    if "chaos" in msg or isinstance(
        e, (ChaosError, KeyError, IndexError, MemoryError, ZeroDivisionError, StopIteration)
    ):
        return  # raised by the driver and passed on unchanged
    if isinstance(e, RuntimeError) and "recursion" in msg:
        # The driver's re-entrant calls nest deep (the sanitizer build
        # allows about ten levels of Python calls).
        return
    if isinstance(e, (ValueError, TypeError)) and any(n in msg for n in METHOD_NAMES):
        return  # PINT rejected a driver value, naming the method
    if kind in ("ValueError", "TypeError", "OverflowError") and what in (
        "getaddrinfo",
        "connect",
        "bind",
        "sendto",
        "setsockopt",
    ):
        # MicroPython's own argument checks (a bad value given to the socket
        # API by the fuzzer itself: an address of a closed socket, a
        # setsockopt value that is no buffer).
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
    if len(sockets) > MAX_SOCKETS:
        old = sockets.pop(0)[1]
        try:
            close_socket(old)
        except Exception as e:
            note_exception("close", e)
    return s


def other_nic():
    # A second NIC first in network.route(): sockets made on it, then it is
    # taken out of the list by hand (and dropped) or deinit'd. Its sockets
    # stay in use.
    drv = DriverClass(buffer=BUFFER // 4)
    drv.wake = wake_object(rng.below(3))
    t = network.PINT(drv)
    route = network.route()
    route.remove(t)
    route.insert(0, t)
    deinit = rng.chance(30)
    others.append((drv, deinit))
    try:
        for i in range(1 + rng.below(3)):
            current_op[0] = "connect"
            s = new_socket()
            if rng.chance(50):
                s.connect(("127.0.0.1", port()))
    finally:
        if deinit:
            t.deinit()
        elif t in route:
            route.remove(t)


def random_operation():
    op = rng.below(27)
    s = pick_socket()
    if s is None or op == 0:
        current_op[0] = "socket"
        s = new_socket()
    addr = ("127.0.0.1", port())
    n = rng.pick(SIZES)
    data = bytes(rng.below(256) for _ in range(min(n, 64))) * (n // 64 + 1)
    data = data[:n]
    current_op[0] = (
        "?",
        "bind",
        "listen",
        "accept",
        "connect",
        "send",
        "sendall",
        "recv",
        "read",
        "readinto",
        "write",
        "sendto",
        "recvfrom",
        "setsockopt",
        "settimeout",
        "poll",
        "select",
        "close",
        "drop",
        "getaddrinfo",
        "readline",
        "interface",
        "setblocking",
        "route",
        "other nic",
        "gc",
        "gc",
    )[op]
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
        s.setsockopt(
            socket.SOL_SOCKET, rng.pick((socket.SO_REUSEADDR, 20, 20, 99)), option_value()
        )
    elif op == 14:
        s.settimeout(rng.pick((0, 0.001)))
    elif op == 15:
        p = select.poll()
        p.register(s, rng.pick((select.POLLIN, select.POLLOUT, select.POLLIN | select.POLLOUT)))
        p.poll(0)
    elif op == 16:
        select.select([s], [s], [], 0)
    elif op == 17:
        forget(s)
        close_socket(s)
        if rng.chance(30):
            close_socket(s)  # twice
    elif op == 18:
        forget(s)  # dropped without close: the GC finalises it
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
    elif op == 23:
        # The program changes network.route() itself: the NIC out (new
        # sockets then have none) and back in.
        route = network.route()
        if nic in route and rng.chance(50):
            route.remove(nic)
        elif nic not in route:
            route.insert(0, nic)
    elif op == 24 and nesting[0] == 0:
        other_nic()
    else:
        gc.collect()


history = [None] * 60  # the last operations and how they ended
for i in range(operations):
    stats["ops"] += 1
    outcome = "ok"
    try:
        random_operation()
        stats["ok"] += 1
    except BaseException as e:
        exhausted = heap_locks[0] > 0
        restore_heap()
        outcome = type(e).__name__
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            stats[outcome] = stats.get(outcome, 0) + 1
        else:
            note_exception(current_op[0], e, exhausted)
    restore_heap()
    history[i % len(history)] = (i, current_op[0], outcome)
    n_problems = len(problems)
    # Between calls no kept view may reach any memory.
    for v, _ in kept_views:
        if len(v) != 0:
            problems.append("a kept view is alive between calls: {} bytes".format(len(v)))
            break
    if i % 50 == 49:
        driver.ledger.check(nic, "after operation {}".format(i))
    if n_problems == 0 and problems:
        # The operations that led to the first problem.
        print("HISTORY", sorted(h for h in history if h is not None))
    if len(problems) > 20:
        break

# Every socket closed: every handle given is closed exactly once, but for
# sockets still alive (a stale word on the C stack can keep a dropped socket
# alive: MicroPython's GC is conservative), which PINT still holds open.
if nic not in network.route():
    network.route().insert(0, nic)
for _, s in sockets:
    try:
        close_socket(s)
    except BaseException:
        pass
    restore_heap()
sockets.clear()
for i in range(3):
    gc.collect()
for i in range(3):
    pass  # deferred closes run
probe = socket.socket()  # an entry point: what is still due runs
try:
    probe.bind(("0.0.0.0", 3000))
except BaseException:
    pass
restore_heap()
try:
    close_socket(probe)
except BaseException:
    pass
restore_heap()
driver.ledger.check(nic, "at the end")
still_open, due = nic.held()
if len(still_open) > 4 or due:
    problems.append(
        "at the end PINT still holds {} open and {} due".format(len(still_open), len(due))
    )
# NICs taken out of route() and dropped: their handles were closed (a few
# may still be alive, as above); deinit'd ones were forgotten by PINT.
unclosed = sum(d.ledger.unclosed() for d, deinit in others if not deinit)
if unclosed > 4:
    problems.append("{} handles of dropped NICs never closed".format(unclosed))

# The NIC still works: a clean exchange over a fresh pair, with no mischief
# (the fuzzer's own records dropped first: on a board's small heap, the
# dropped NICs' drivers and what they hold fill half of it).
others.clear()
del kept_views[:]
gc.collect()
nic.deinit()
clean = network.PINT(Loopback())
srv = socket.socket()
srv.bind(("0.0.0.0", 2000))
srv.listen(1)
cli = socket.socket()
cli.connect(("127.0.0.1", 2000))
conn, _ = srv.accept()
payload = bytes(range(256)) * (4 if SMALL else 20)
cli.sendall(payload)
view = memoryview(payload)
got = 0
intact = True
while got < len(payload):
    chunk = conn.recv(1000)
    if not chunk:
        break
    intact = intact and view[got : got + len(chunk)] == chunk
    got += len(chunk)
if not intact or got != len(payload):
    problems.append("after fuzzing, a clean exchange was corrupted")

print(
    "seed",
    seed,
    "driver",
    DriverClass.__name__,
    "operations",
    stats["ops"],
    "completed",
    stats["ok"],
    "other NICs",
    len(others),
)
print("exceptions:", sorted((k, v) for k, v in stats.items() if k not in ("ops", "ok")))
for p in problems[:20]:
    print("PROBLEM", p)
print("FUZZ", "OK" if not problems else "FAILED")
