# The driver-contract checks of the conformance runner (tools/conformance),
# run on the host firmware with PINT_NIC naming the driver under test. A
# driver that can serve (socket_listen, socket_accept) is checked with both
# ends of each connection its own sockets, but for the checks aimed at a
# device driver's usual bugs (via_runner()); a client-only driver against
# the runner's peers on this machine. Each check says, a line each:
#     CHECK <name> pass [<what it found>]
#     CHECK <name> FAIL <why>
#     CHECK <name> SKIP <why>          (the driver lacks what it needs)
# argv: ports on 127.0.0.1 where the runner listens: its greeter (reaching
# this machine), its TCP peer (a first line "echo" echoes; "data N" sends N
# bytes, reads N back, answers "ok" and closes; "close N" sends N bytes and
# closes) and its UDP echo; then --links=N (the driver's number of sockets,
# when it declares none itself) and --own-network (its network is not this
# machine's).
import sys, gc, io, time, errno, socket, select
import network

_args = [a for a in sys.argv[1:] if not a.startswith("--")]
REACH_PORT, PEER_PORT, UDP_PORT = (int(a) for a in (_args[:3] + ["0"] * 3)[:3])
_options = [a for a in sys.argv[1:] if a.startswith("--")]
OWN_NETWORK = "--own-network" in _options
LINKS = [int(a[8:]) for a in _options if a.startswith("--links=")]
nic = network.route()[0] if network.route() else None
drv = nic.driver if nic else None
# This run's ports: below Linux's ephemeral range (32768-60999), where no
# connection of another program takes one; a port in use all the same is
# passed over (bound()).
_ports = [21000 + time.ticks_ms() % 8000]


def next_port():
    _ports[0] += 1
    return _ports[0]


def bound(s, tries=20):
    # s bound to a free port of this run; the port.
    for i in range(tries):
        port = next_port()
        try:
            s.bind(("0.0.0.0", port))
            return port
        except OSError as e:
            if e.errno != errno.EADDRINUSE or i == tries - 1:
                raise


def has(*methods):
    return [m for m in methods if not hasattr(drv, m)]


def check(name, needs, f):
    # Runs f, which returns why it failed (None: passed); whether it passed.
    missing = has(*needs)
    if missing:
        print("CHECK", name, "SKIP the driver has no", " ".join(missing))
        return False
    NOTE[0] = None
    try:
        why = f()
    except Exception as e:
        why = failure(e)
    if why is None and NOTE[0]:
        print("CHECK", name, "pass", NOTE[0])
    else:
        print("CHECK", name, "pass" if why is None else "FAIL " + str(why).replace("\n", " "))
    return why is None


NOTE = [None]  # what a check that passed adds to its line


def frames(e):
    # The traceback of e as (file, line, function), the outermost first.
    text = io.StringIO()
    sys.print_exception(e, text)
    found = []
    for line in text.getvalue().split("\n"):
        line = line.strip()
        if line.startswith('File "'):
            path, _, rest = line[6:].partition('", line ')
            number, _, function = rest.partition(", in ")
            found.append((path, number, function))
    return found


def failure(e):
    # What an exception out of a check says. PINT passes on any exception a
    # driver method raises other than OSError(errno) unchanged: such a one
    # (the driver's code is the innermost part of its traceback, after this
    # file's and asyncio's) is named as the driver's bug. One PINT raised on
    # a value the driver returned says what the value means.
    if isinstance(e, OSError) and isinstance(e.errno, int):
        return "{}: {}".format(type(e).__name__, e)
    found = frames(e)
    ours = [
        k
        for k, (path, _, _) in enumerate(found)
        if path.endswith("mp_contract.py") or path.startswith("asyncio/")
    ]
    driver = found[ours[-1] + 1 :] if ours else []
    if driver:
        named = [f for _, _, f in driver if f.startswith("socket_") or f == "gethostbyname"]
        method = named[0] if named else driver[0][2]
        return (
            "{} raised {}: {}, not OSError(errno): a driver must turn its device's errors into"
            " OSError (raised at {} line {})".format(
                "socket.getaddrinfo"
                if method == "gethostbyname"
                else "socket." + method[7:]
                if method.startswith("socket_")
                else "the driver's " + method,
                type(e).__name__,
                e,
                driver[-1][0],
                driver[-1][1],
            )
        )
    why = "{}: {}".format(type(e).__name__, e)
    words = str(e).split()
    if len(words) == 7 and words[1] == "returned" and words[6] == "buffer":
        # PINT's "socket_recv returned N for a M-byte buffer".
        if words[0].startswith("socket_recv"):
            why += (
                ": the driver said it wrote more bytes than the buffer holds ({} must return"
                " how many it put into buf, at most len(buf): does it count what the device"
                " has or announced instead?)".format(words[0])
            )
        else:
            why += ": the driver said it took more bytes than it was given"
    return why


# What PINT raises when socket_socket gives no socket: Linux's EMFILE, which
# MicroPython's errno module does not name.
EMFILE = 24


def errname(e):
    if not isinstance(e, OSError):
        return type(e).__name__
    return "EMFILE" if e.errno == EMFILE else errno.errorcode.get(e.errno, e.errno)


def serves():
    return not has("socket_listen", "socket_accept")


def pair():
    # A connected TCP pair on the driver: (client, accepted); for a
    # client-only driver, (client, None, None), the client talking to the
    # runner's TCP peer in echo mode.
    if not serves():
        cli = socket.socket()
        cli.settimeout(10)
        cli.connect(("127.0.0.1", PEER_PORT))
        cli.send(b"echo\n")
        return cli, None, None
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    port = bound(srv)
    srv.listen(1)
    cli = socket.socket()
    cli.settimeout(10)
    cli.connect(("127.0.0.1", port))
    srv.settimeout(10)
    conn, addr = srv.accept()
    srv.close()
    conn.settimeout(10)
    return cli, conn, addr


def transfer(src, dst, data):
    # data from src to dst, sending and receiving in turn (a driver may
    # hold only a few kB between the two ends); what dst received.
    view = memoryview(data)
    sent = 0
    got = bytearray()
    src.setblocking(False)
    while len(got) < len(data):
        if sent < len(data):
            try:
                sent += src.send(view[sent : sent + 4096])
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    raise
        chunk = dst.recv(4096)
        if not chunk:
            break
        got.extend(chunk)
    src.settimeout(10)
    return bytes(got)


TCP = (
    "socket_socket",
    "socket_bind",
    "socket_listen",
    "socket_accept",
    "socket_connect",
    "socket_send",
    "socket_recv",
)


def pattern(n, a, b):
    return bytes((i * a + b) & 255 for i in range(n))


def recv_all(s, n):
    got = bytearray()
    while len(got) < n:
        chunk = s.recv(min(4096, n - len(got)))
        if not chunk:
            break
        got.extend(chunk)
    return bytes(got)


def tcp_peer():
    # Client-only: 20 kB from the runner's peer, 20 kB back, its "ok", the
    # end of stream.
    cli = socket.socket()
    cli.settimeout(10)
    try:
        cli.connect(("127.0.0.1", PEER_PORT))
        cli.send(b"data 20000\n")
        if recv_all(cli, 20000) != pattern(20000, 7, 1):
            return "from the peer: data corrupted"
        view = memoryview(pattern(20000, 11, 3))
        sent = 0
        while sent < len(view):
            sent += cli.send(view[sent : sent + 4096])
        answer = recv_all(cli, 3)
        if answer != b"ok\n":
            return "the peer got the 20 kB sent corrupted (it answered {!r})".format(answer)
        end = cli.recv(10)
        if end != b"":
            return "no end of stream after the peer closed: {!r}".format(end)
    finally:
        cli.close()


def tcp():
    if not serves():
        return tcp_peer()
    cli, conn, addr = pair()
    try:
        data = bytes((i * 7 + 1) & 255 for i in range(20000))
        if transfer(cli, conn, data) != data:
            return "client to server: data corrupted"
        back = bytes((i * 11 + 3) & 255 for i in range(20000))
        if transfer(conn, cli, back) != back:
            return "server to client: data corrupted"
        if addr[0] != "127.0.0.1":
            return "accept gave the peer address {}".format(addr)
        conn.close()
        end = cli.recv(10)
        if end != b"":
            return "no end of stream after the peer closed: {!r}".format(end)
    finally:
        cli.close()
        conn.close()


def udp_peer():
    # Client-only: a datagram to the runner's UDP echo and back.
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.settimeout(5)
    try:
        a.sendto(b"datagram one", ("127.0.0.1", UDP_PORT))
        data, source = a.recvfrom(100)
    finally:
        a.close()
    if data != b"datagram one":
        return "got {!r}".format(data)
    if source != ("127.0.0.1", UDP_PORT):
        return "source address {} (the echo is at port {})".format(source, UDP_PORT)


def udp():
    if not serves() or not hasattr(drv, "socket_bind"):
        return udp_peer()
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    port_a = bound(a)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    port_b = bound(b)
    a.settimeout(5)
    b.sendto(b"datagram one", ("127.0.0.1", port_a))
    data, source = a.recvfrom(100)
    a.close()
    b.close()
    if data != b"datagram one":
        return "got {!r}".format(data)
    if source != ("127.0.0.1", port_b):
        return "source address {} (sent from port {})".format(source, port_b)


def timeout():
    cli, conn, _ = pair()
    cli.settimeout(0.5)
    t0 = time.ticks_ms()
    try:
        cli.recv(10)
        return "recv returned with nothing sent"
    except OSError as e:
        waited = time.ticks_diff(time.ticks_ms(), t0)
        if e.errno != errno.ETIMEDOUT:
            return "raised {} instead of ETIMEDOUT".format(errname(e))
        if not 300 <= waited <= 5000:
            return "ETIMEDOUT after {} ms for a 500 ms timeout".format(waited)
    finally:
        close(cli, conn)


def close(*socks):
    for s in socks:
        if s is not None:
            s.close()


def nonblocking():
    cli, conn, _ = pair()
    cli.setblocking(False)
    try:
        cli.recv(10)
        return "recv returned with nothing sent"
    except OSError as e:
        if e.errno != errno.EAGAIN:
            return "raised {} instead of EAGAIN".format(errname(e))
    finally:
        close(cli, conn)


def poll():
    cli, conn, _ = pair()
    p = select.poll()
    p.register(cli, select.POLLIN | select.POLLOUT)
    ev = dict(p.poll(2000))
    if not ev.get(cli, 0) & select.POLLOUT:
        return "a connected socket is not writable"
    p.modify(cli, select.POLLIN)
    if p.poll(0):
        return "readable with nothing sent"
    (conn or cli).send(b"x")  # the runner's peer echoes it
    ev = p.poll(5000)
    close(cli, conn)
    if not ev or not ev[0][1] & select.POLLIN:
        return "not readable after data was sent"


def refused():
    # Nobody listens there: the driver must say so, not let the socket's
    # timeout end the connect.
    s = socket.socket()
    s.settimeout(5)
    t0 = time.ticks_ms()
    try:
        s.connect(("127.0.0.1", next_port()))
        return "connected to a port nobody listens on"
    except OSError as e:
        took = time.ticks_diff(time.ticks_ms(), t0)
        if took >= 4000:
            return "{} only after {} ms, the socket's timeout (5 s): the refusal was not reported".format(
                errname(e), took
            )
    finally:
        s.close()


def resolve():
    ai = socket.getaddrinfo("localhost", 80)
    if ai[0][-1] != ("127.0.0.1", 80):
        return "localhost is {}".format(ai[0][-1])


def aio():
    import asyncio

    async def handler(reader, writer):
        writer.write(await reader.readline())
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def exchange(port, data):
        # data to 127.0.0.1:port over asyncio; the line that comes back.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(data)
            await writer.drain()
            return await reader.readline()
        finally:
            # Closed on a failure too: the handles check judges the driver.
            writer.close()
            await writer.wait_closed()

    async def main():
        if not serves():
            return await exchange(PEER_PORT, b"echo\nover asyncio\n")
        for i in range(20):
            port = next_port()
            try:
                server = await asyncio.start_server(handler, "0.0.0.0", port)
                break
            except OSError as e:
                if e.errno != errno.EADDRINUSE or i == 19:
                    raise
        line = await exchange(port, b"over asyncio\n")
        server.close()
        await server.wait_closed()
        return line

    line = asyncio.run(main())
    if line != b"over asyncio\n":
        return "echoed {!r}".format(line)


def handles():
    # Every handle given back: nothing held once every socket is closed.
    gc.collect()
    for i in range(50):
        open_, due = nic.held()
        if not open_ and not due:
            return None
        time.sleep_ms(20)
    return "PINT still holds {} open and {} due to close: {}".format(
        len(open_), len(due), (open_ + due)[:4]
    )


def reach():
    # The runner listens there and greets each connection.
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", REACH_PORT))
        greeting = s.recv(32)
        if greeting != b"pint conformance\n":
            return "connected to 127.0.0.1:{} but not to this machine (got {!r})".format(
                REACH_PORT, greeting
            )
    except OSError as e:
        return "cannot connect to this machine (127.0.0.1:{}): {}".format(REACH_PORT, errname(e))
    finally:
        s.close()


# The checks below aim at the usual bugs of a device driver, each failure
# naming the method and the likely cause. They talk to the runner's TCP peer
# when the driver reaches it (CPython at the far end: a bug shows at one
# end only), as a client-only driver always does; a serving driver whose
# network is its own (loopback) talks to itself.
REACHED = [False]


def via_runner():
    return not serves() or (REACHED[0] and not OWN_NETWORK)


def recv_within(cli, seconds):
    # What one recv gives within seconds: b"" when it times out (as at the
    # end of the stream: the caller tells the two apart if it matters).
    cli.settimeout(seconds)
    try:
        return cli.recv(16)
    except OSError as e:
        if e.errno != errno.ETIMEDOUT:
            raise
        return b""


class Far:
    # The far end of the connections a check opens, doing what its mode
    # says ("echo": echoes; "close N": sends pattern(N, 7, 1) and closes):
    # the runner's peer, or a socket accepted on the driver that plays the
    # same part in turn (pump()).
    def __init__(self):
        self.srv = None
        self.far = None

    def connect(self, mode, timeout=10, data=b""):
        # A connection to a far end doing mode, data sent on it (with the
        # runner's peer, in one send with the mode's line).
        cli = socket.socket()
        cli.settimeout(timeout)
        try:
            if via_runner():
                cli.connect(("127.0.0.1", PEER_PORT))
                cli.write(mode + b"\n" + data)
                return cli
            if self.srv is None:
                self.srv = socket.socket()
                self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self.port = bound(self.srv)
                self.srv.listen(2)
                self.srv.settimeout(10)
            cli.connect(("127.0.0.1", self.port))
            self.far = self.srv.accept()[0]
            cli.write(data)
        except:
            cli.close()
            raise
        self.far.settimeout(10)
        words = mode.split()
        if words[0] == b"close":
            self.far.write(pattern(int(words[1]), 7, 1))
            self.end()
        return cli

    def pump(self):
        # Echo mode on the driver: what its end has received, sent back.
        if self.far is None:
            return
        self.far.setblocking(False)
        try:
            data = self.far.recv(4096)
        except OSError as e:
            if e.errno != errno.EAGAIN:
                raise
            return
        finally:
            self.far.settimeout(10)
        if data:
            self.far.write(data)

    def end(self):
        if self.far is not None:
            self.far.close()
            self.far = None

    def close(self):
        self.end()
        if self.srv is not None:
            self.srv.close()
            self.srv = None


def gather(cli, far, n, ms):
    # Up to n bytes from cli within ms, far pumped meanwhile: fewer at the
    # end of stream or when the time is up.
    got = bytearray()
    deadline = time.ticks_add(time.ticks_ms(), ms)
    cli.setblocking(False)
    try:
        while len(got) < n and time.ticks_diff(deadline, time.ticks_ms()) > 0:
            far.pump()
            try:
                chunk = cli.recv(min(4096, n - len(got)))
            except OSError as e:
                if e.errno != errno.EAGAIN:
                    raise
                time.sleep_ms(1)
                continue
            if not chunk:
                break
            got.extend(chunk)
    finally:
        cli.settimeout(10)
    return bytes(got)


def first_difference(a, b):
    for i in range(min(len(a), len(b))):
        if a[i] != b[i]:
            return i
    return min(len(a), len(b))


# recv-small: the bytes read through buffers of each size, then through a
# mix of sizes.
SMALL = (1, 2, 3, 4, 5, 6, 7)
SMALL_EACH = 24
MIX = (3, 1, 7, 2, 6, 4, 5, 1, 1, 7)
MIX_BYTES = 200


def recv_small():
    # A driver that reads more from its device than the buffer holds must
    # keep the rest for the next recv and say how much it wrote.
    n = len(SMALL) * SMALL_EACH + MIX_BYTES
    want = pattern(n, 7, 1)
    far = Far()
    cli = far.connect(b"close %d" % n)
    try:
        got = bytearray()
        for size, count in [(k, SMALL_EACH) for k in SMALL] + [(None, MIX_BYTES)]:
            stop = len(got) + count
            turn = 0
            while len(got) < stop:
                k = min(size or MIX[turn % len(MIX)], stop - len(got))
                turn += 1
                at = len(got)
                chunk = cli.recv(k)
                if not chunk:
                    return "socket_recv: end of stream after {} of the peer's {} bytes".format(
                        at, n
                    )
                got.extend(chunk)
                if chunk != want[at : len(got)]:
                    return (
                        "a recv into {} bytes at byte {} gave {!r}, the stream has {!r}:"
                        " socket_recv returned bytes that were not the stream's (does it report"
                        " more than it wrote, or lose or repeat what it read ahead?)".format(
                            k, at, chunk, want[at : at + len(chunk)]
                        )
                    )
        # Nothing more (the end-of-stream check judges how the end is told).
        end = recv_within(cli, 0.5)
        if end:
            return (
                "{!r} after the {} bytes the peer sent before closing: socket_recv returned"
                " bytes that were not the stream's".format(end, n)
            )
    finally:
        cli.close()
        far.close()


SENDS = 60  # small sends in a row, blocking, then as many non-blocking


def sends():
    # A modem driver that writes the payload before the device asked for it
    # (the prompt) loses or garbles it: many small sends in a row show it.
    far = Far()
    t0 = time.ticks_ms()
    try:
        cli = far.connect(b"echo")  # its first line is a send
    except OSError as e:
        far.close()
        return (
            "a connection to the echo and its first line (a send) raised {} after {} ms: if the"
            " connect worked, the device did not take the data: does socket_send wait for the"
            " device to ask for it (its prompt)?".format(
                errname(e), time.ticks_diff(time.ticks_ms(), t0)
            )
        )
    try:
        data = bytearray()
        returned = [0, 0]  # what send() returned, blocking and non-blocking
        for phase in (0, 1):
            cli.setblocking(not phase)
            for i in range(SENDS):
                payload = b"%d.%02d:" % (phase, i) + pattern(i % 9, 13, i + 1)
                data.extend(payload)
                k = 0
                stuck = time.ticks_ms()
                while k < len(payload):
                    try:
                        t0 = time.ticks_ms()
                        k += cli.send(payload[k:])
                        stuck = time.ticks_ms()
                    except OSError as e:
                        if e.errno != errno.EAGAIN:
                            return (
                                "send {} of {} ({}) raised {} after {} ms, {} bytes taken before:"
                                " the device did not take the data: does socket_send wait for"
                                " the device to ask for it (its prompt)?".format(
                                    i + 1,
                                    SENDS,
                                    "non-blocking" if phase else "blocking",
                                    errname(e),
                                    time.ticks_diff(time.ticks_ms(), t0),
                                    sum(returned) + k,
                                )
                            )
                        if time.ticks_diff(time.ticks_ms(), stuck) > 5000:
                            return "a non-blocking send raised EAGAIN for 5 s: nothing taken"
                        far.pump()
                        time.sleep_ms(1)
                returned[phase] += k
        cli.settimeout(10)
        back = gather(cli, far, len(data), 5000)
        if back == data:
            return None
        at = first_difference(back, data)
        return (
            "send() returned {} bytes taken ({} blocking, then {} non-blocking, {} sends each),"
            " {} came back from the echo within 5 s{}: socket_send returned before the device"
            " took the data?".format(
                len(data),
                returned[0],
                returned[1],
                SENDS,
                len(back),
                ""
                if at == len(back)
                else ", the first {} in order, then {!r} where {!r} was sent ({} sends)".format(
                    at,
                    back[at : at + 12],
                    bytes(data[at : at + 12]),
                    "blocking" if at < returned[0] else "non-blocking",
                ),
            )
        )
    finally:
        cli.close()
        far.close()


def events(mask):
    names = ((select.POLLIN, "POLLIN"), (select.POLLOUT, "POLLOUT"), (select.POLLERR, "POLLERR"))
    names += ((select.POLLHUP, "POLLHUP"),)
    return "|".join(name for bit, name in names if mask & bit) or "nothing"


def eof():
    # The peer sends 5 bytes and closes: a driver that ignores the device's
    # close notice leaves recv waiting for the socket's timeout.
    far = Far()
    cli = far.connect(b"close 5")
    try:
        first = recv_all(cli, 5)
        if first != pattern(5, 7, 1):
            return "got {!r} of the peer's 5 bytes".format(first)
        polled = None
        if hasattr(drv, "socket_ioctl"):
            p = select.poll()
            p.register(cli, select.POLLIN)
            ev = p.poll(3000)
            polled = ev[0][1] if ev else 0
        t0 = time.ticks_ms()
        try:
            end = cli.recv(16)
        except OSError as e:
            if not isinstance(e.errno, int):
                raise
            return (
                "recv raised {} after {} ms (the socket's timeout is 10 s), poll {}: socket_recv:"
                " the peer's close was not reported as end of stream (0)".format(
                    errname(e),
                    time.ticks_diff(time.ticks_ms(), t0),
                    "not asked"
                    if polled is None
                    else "reported {} within 3 s".format(events(polled)),
                )
            )
        took = time.ticks_diff(time.ticks_ms(), t0)
        if end:
            return "recv gave {!r} after the peer's 5 bytes and its close (socket_recv)".format(
                end
            )
        if took > 3000:
            return (
                "end of stream after {} ms: socket_recv: the peer's close was not reported as"
                " end of stream (0) at once".format(took)
            )
        if polled is not None and not polled & (select.POLLIN | select.POLLHUP):
            return (
                "poll reported {} within 3 s of the peer's close, not POLLIN or POLLHUP"
                " (recv then returned end of stream): socket_ioctl does not report the"
                " close".format(events(polled))
            )
    finally:
        cli.close()
        far.close()


CYCLES = 16


def reuse():
    # A modem's link closes some time after the command to close it: a
    # driver that hands the link to a new connection before the device
    # confirmed the close mixes the two connections' data, or fails.
    far = Far()
    tag = time.ticks_ms() % 10000
    try:
        for i in range(1, CYCLES + 1):
            payload = b"cycle %d of %d (%d)\n" % (i, CYCLES, tag)
            cause = "a link reused before the device confirmed its close?"
            try:
                cli = far.connect(b"echo", timeout=5, data=payload)
            except OSError as e:
                if not isinstance(e.errno, int):
                    raise
                return "cycle {} of {}: connect raised {}: {}".format(i, CYCLES, errname(e), cause)
            try:
                back = gather(cli, far, len(payload), 5000)
            finally:
                cli.close()
                far.end()
            if back != payload:
                return "cycle {} of {}: sent {!r}, got back {!r}: {}".format(
                    i, CYCLES, payload, back, cause
                )
    finally:
        far.close()


def errors():
    # Each failure must be an OSError with an errno: check() names another
    # exception that comes out of a driver method.
    def raises(f):
        # Whether f raised OSError(errno) (another exception goes on).
        try:
            f()
        except OSError as e:
            if not isinstance(e.errno, int):
                raise
            return True
        return False

    if hasattr(drv, "gethostbyname"):
        if not raises(lambda: socket.getaddrinfo("no-such-host.invalid", 80)):
            return "getaddrinfo found no-such-host.invalid, a name that does not exist"
    s = socket.socket()
    s.settimeout(5)
    try:
        if not raises(lambda: s.connect(("127.0.0.1", next_port()))):
            return "connected to a port nobody listens on"
    finally:
        s.close()
    far = Far()
    cli = far.connect(b"close 0")
    try:
        # The peer's close arrives (how it is told is the end-of-stream
        # check's matter).
        end = recv_within(cli, 3)
        if end != b"":
            return "{!r} from a peer that sent nothing and closed".format(end)
        for i in range(20):
            if raises(lambda: cli.send(b"x")):
                return None
            time.sleep_ms(20)
        return (
            "20 sends after the peer closed all succeeded: socket_send does not report the"
            " device's error (the connection is gone)"
        )
    finally:
        cli.close()
        far.close()


def links(n):
    # The driver's n sockets, all connected to the runner's peer at once;
    # one more must fail at once, with an errno that says so.
    socks = []
    try:
        for i in range(n):
            s = socket.socket()
            s.settimeout(5)
            socks.append(s)
            try:
                s.connect(("127.0.0.1", PEER_PORT))
                s.write(b"echo\nsocket %d\n" % i)
            except OSError as e:
                if not isinstance(e.errno, int):
                    raise
                return "socket {} of the {} declared could not connect: {}".format(
                    i + 1, n, errname(e)
                )
        extra = socket.socket()
        extra.settimeout(5)
        socks.append(extra)
        t0 = time.ticks_ms()
        try:
            extra.connect(("127.0.0.1", PEER_PORT))
            return (
                "socket {} of {} declared connected: does the driver count its sockets, or is"
                " the number wrong?".format(n + 1, n)
            )
        except OSError as e:
            if not isinstance(e.errno, int):
                raise
            took = time.ticks_diff(time.ticks_ms(), t0)
            if e.errno not in (errno.ENOBUFS, errno.ENOMEM, EMFILE):
                return (
                    "socket {} of {} declared raised {} after {} ms, not ENOBUFS, ENOMEM or"
                    " EMFILE{}".format(
                        n + 1,
                        n,
                        errname(e),
                        took,
                        ": it waited for a socket that does not come"
                        if e.errno == errno.ETIMEDOUT
                        else "",
                    )
                )
            NOTE[0] = "socket {} raised {} after {} ms".format(n + 1, errname(e), took)
        for i in range(n):
            line = recv_all(socks[i], len(b"socket %d\n" % i))
            if line != b"socket %d\n" % i:
                return "socket {} of {} gave {!r} after one more was refused".format(
                    i + 1, n, line
                )
    finally:
        for s in socks:
            s.close()
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", PEER_PORT))
    finally:
        s.close()


if nic is None:
    print("CHECK driver FAIL no network.PINT is registered (PINT_NIC)")
else:
    print(
        "DRIVER",
        type(drv).__name__,
        "methods:",
        " ".join(
            m
            for m in (
                "gethostbyname",
                "socket_socket",
                "socket_close",
                "socket_bind",
                "socket_listen",
                "socket_accept",
                "socket_connect",
                "socket_send",
                "socket_recv",
                "socket_sendto",
                "socket_recvfrom",
                "socket_setsockopt",
                "socket_settimeout",
                "socket_timeout",
                "socket_ioctl",
                "wake",
            )
            if hasattr(drv, m)
        ),
    )
    # A client-only driver's checks go through this machine's network:
    # reaching it comes first.
    REACHED[0] = check("reach: this machine's network", ("socket_socket", "socket_connect"), reach)
    if serves():
        where, both = "to itself", "a server and a client on the driver"
        stream = TCP
    else:
        where, both = "to the runner's peer", "a client on the driver, the runner's peer"
        stream = ("socket_socket", "socket_connect", "socket_send", "socket_recv")
    print("SERVES", "yes" if serves() else "no")
    # First of the data checks: a driver that sends before the device is
    # ready (its prompt) leaves the device out of step, and every later
    # check would fail without saying why.
    check(
        "sends: {} small sends blocking, then {} non-blocking, echoed back in order".format(
            SENDS, SENDS
        ),
        stream,
        sends,
    )
    check(
        "tcp: a connection {}, 20 kB each way, end of stream".format(where),
        stream + ("socket_close",),
        tcp,
    )
    check(
        "udp: a datagram and its source address",
        ("socket_socket", "socket_sendto", "socket_recvfrom")
        + (("socket_bind",) if serves() else ()),
        udp,
    )
    check("timeout: recv with nothing to read raises ETIMEDOUT in time", stream, timeout)
    check("non-blocking: recv with nothing to read raises EAGAIN", stream, nonblocking)
    check(
        "poll: writable when connected, readable when data came",
        stream + ("socket_ioctl",),
        poll,
    )
    check(
        "refused: connect to a port nobody listens on fails, without waiting for the timeout",
        ("socket_socket", "socket_connect"),
        refused,
    )
    check("getaddrinfo: localhost", ("gethostbyname",), resolve)
    check("asyncio: " + both, stream + ("socket_ioctl",), aio)
    peer = "the runner's peer" if via_runner() else "itself"
    check(
        "recv-small: a stream from {} read through 1..7-byte buffers and a mix, exactly".format(
            peer
        ),
        stream,
        recv_small,
    )
    check("end of stream: the peer's close seen by recv and poll within 3 s", stream, eof)
    check(
        "reuse: {} connections one after another, each gets its own data back".format(CYCLES),
        stream + ("socket_close",),
        reuse,
    )
    check(
        "errors: an unknown name, a refused connect, a send after the peer closed raise OSError",
        stream,
        errors,
    )
    # How many sockets the driver has: --links, else its own declaration.
    limit = LINKS[0] if LINKS else getattr(drv, "pint_links", None)
    name = "links: {} sockets at once{}, one more fails with ENOBUFS, ENOMEM or EMFILE"
    if limit is None:
        print(
            "CHECK",
            name.format("the declared", ""),
            "SKIP no number declared: pint_links = N in the driver, or --links=N",
        )
    elif not via_runner():
        print(
            "CHECK",
            name.format(limit, ""),
            "SKIP needs the runner's peer, which the driver's own network lacks",
        )
    else:
        check(
            name.format(limit, " (--links)" if LINKS else " (pint_links)"),
            ("socket_socket", "socket_connect", "socket_send", "socket_recv", "socket_close"),
            lambda: links(int(limit)),
        )
    check(
        "handles: all given back once the sockets are closed",
        ("socket_socket", "socket_close"),
        handles,
    )
print("CONTRACT DONE")
