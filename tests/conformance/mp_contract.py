# The driver-contract checks of the conformance runner (tools/conformance),
# run on the host firmware with PINT_NIC naming the driver under test. A
# driver that can serve (socket_listen, socket_accept) is checked with both
# ends of each connection its own sockets; a client-only driver against the
# runner's peers on this machine. Each check says, a line each:
#     CHECK <name> pass
#     CHECK <name> FAIL <why>
#     CHECK <name> SKIP <why>          (the driver lacks what it needs)
# argv: ports on 127.0.0.1 where the runner listens: its greeter (reaching
# this machine), its TCP peer (a line "echo" echoes; "data N" sends N bytes,
# reads N back, answers "ok" and closes) and its UDP echo.
import sys, gc, time, errno, socket, select
import network

REACH_PORT, PEER_PORT, UDP_PORT = (int(a) for a in (sys.argv[1:4] + ["0"] * 3)[:3])
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
    missing = has(*needs)
    if missing:
        print("CHECK", name, "SKIP the driver has no", " ".join(missing))
        return
    try:
        why = f()
    except Exception as e:
        why = "{}: {}".format(type(e).__name__, e)
    print("CHECK", name, "pass" if why is None else "FAIL " + str(why).replace("\n", " "))


def errname(e):
    return errno.errorcode.get(e.errno, e.errno) if isinstance(e, OSError) else type(e).__name__


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
        writer.write(data)
        await writer.drain()
        line = await reader.readline()
        writer.close()
        await writer.wait_closed()
        return line

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
    check("reach: this machine's network", ("socket_socket", "socket_connect"), reach)
    if serves():
        where, both = "to itself", "a server and a client on the driver"
        stream = TCP
    else:
        where, both = "to the runner's peer", "a client on the driver, the runner's peer"
        stream = ("socket_socket", "socket_connect", "socket_send", "socket_recv")
    print("SERVES", "yes" if serves() else "no")
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
    check(
        "handles: all given back once the sockets are closed",
        ("socket_socket", "socket_close"),
        handles,
    )
print("CONTRACT DONE")
