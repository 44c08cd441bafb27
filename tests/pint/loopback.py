# The pure-Python loopback driver (pint.loopback): TCP and UDP between
# sockets of one driver, through MicroPython's own socket, select, asyncio
# and stream methods.
import network, socket, select, errno
from pint.loopback import Loopback

nic = network.PINT(Loopback(hosts={"server.test": (10, 9, 8, 7)}))
print(nic.isconnected(), nic.ifconfig()[0])
print(socket.getaddrinfo("localhost", 80)[0][-1], socket.getaddrinfo("server.test", 80)[0][-1])
try:
    socket.getaddrinfo("nowhere.test", 80)
except OSError as e:
    print("unknown name:", e.errno)

# TCP: connect/listen/accept, send/recv in both directions, EOF.
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", 8080))
srv.listen(2)
cli = socket.socket()
cli.connect(("127.0.0.1", 8080))
conn, addr = srv.accept()
print("accepted from", addr[0], addr[1] >= 49152)
cli.sendall(b"GET / HTTP/1.0\r\n\r\n")
print(conn.readline(), conn.readline())
# More than the driver buffers at once, checked as it arrives (memoryviews:
# no copies, so that it fits a small board's heap).
big = bytes(range(256)) * 80
view = memoryview(big)
conn.setblocking(False)
sent = got = 0
intact = True
while got < len(big):
    if sent < len(big):
        try:
            sent += conn.send(view[sent:])
        except OSError as e:
            assert e.errno == errno.EAGAIN
    chunk = cli.recv(4096)
    intact = intact and view[got : got + len(chunk)] == chunk
    got += len(chunk)
print("20480 bytes through an 8192-byte buffer:", intact and got == len(big))
conn.close()
print("EOF:", cli.recv(10), cli.read())
try:
    cli.send(b"x")
except OSError as e:
    print("send after peer closed:", errno.errorcode[e.errno])
cli.close()

# Refused: no listener, or backlog full.
s = socket.socket()
try:
    s.connect(("127.0.0.1", 1))
except OSError as e:
    print("no listener:", errno.errorcode[e.errno])
c1, c2, c3 = socket.socket(), socket.socket(), socket.socket()
c1.connect(("127.0.0.1", 8080))
c2.connect(("127.0.0.1", 8080))
try:
    c3.connect(("127.0.0.1", 8080))
except OSError as e:
    print("backlog full:", errno.errorcode[e.errno])
# Port in use.
other = socket.socket()
try:
    other.bind(("0.0.0.0", 8080))
except OSError as e:
    print("port in use:", errno.errorcode[e.errno])
srv.close()
print("listener closed, pending connections see EOF:", c1.recv(5), c2.recv(5))
other.bind(("0.0.0.0", 8080))  # free again
other.close()

# UDP: datagram boundaries and source addresses.
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(("0.0.0.0", 5000))
b.bind(("0.0.0.0", 5001))
for msg in (b"one", b"", b"three!"):
    b.sendto(msg, ("127.0.0.1", 5000))
print([a.recvfrom(100) for i in range(3)])
a.sendto(b"truncated datagram", ("127.0.0.1", 5001))
print(b.recvfrom(9))
b.connect(("127.0.0.1", 5000))
b.send(b"connected udp")
print(a.recv(100))
a.settimeout(0)
try:
    a.recvfrom(1)
except OSError as e:
    print("no datagram:", errno.errorcode[e.errno])

# asyncio: a server and clients over the loopback.
import asyncio


async def echo(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(i):
    r, w = await asyncio.open_connection("localhost", 7000)
    out = []
    for n in range(3):
        w.write(b"client %d line %d\n" % (i, n))
        await w.drain()
        out.append(await r.readline())
    w.close()
    await w.wait_closed()
    return out


async def main():
    server = await asyncio.start_server(echo, "0.0.0.0", 7000)
    results = await asyncio.gather(*(client(i) for i in range(5)))
    server.close()
    await server.wait_closed()
    return results


results = asyncio.run(main())
print(len(results), results[4])
