# PINT demo without any network: a network driver written in Python (the
# in-memory loopback) carries an HTTP request and its response between an
# asyncio web server and a client, both using MicroPython's own socket and
# asyncio modules, unchanged.
#     build/micropython examples/loopback_demo.py
#
# The driver is pint.loopback.Loopback (an in-memory network), wrapped so
# that every call PINT makes into it is printed.
import asyncio
import network
import socket
from pint.loopback import Loopback


def show(v):
    if isinstance(v, memoryview):
        return "<{} bytes>".format(len(v))
    if hasattr(v, "kind"):
        return "sock{}".format(v.id)
    return repr(v)


class TracedLoopback(Loopback):
    """The loopback driver, printing each call and its result."""

    polls = 0
    ids = 0

    def socket_socket(self, domain, kind, proto):
        s = Loopback.socket_socket(self, domain, kind, proto)
        TracedLoopback.ids += 1
        s.id = TracedLoopback.ids
        print("  driver: socket_socket() ->", show(s))
        return s

    def socket_ioctl(self, s, request, arg):
        TracedLoopback.polls += 1  # asyncio polls a lot: counted, not shown
        return Loopback.socket_ioctl(self, s, request, arg)


def traced(name):
    method = getattr(Loopback, name)

    def call(self, *args):
        result = method(self, *args)
        if isinstance(result, tuple) and len(result) == 2 and hasattr(result[0], "kind"):
            result[0].id = TracedLoopback.ids = TracedLoopback.ids + 1
        print(
            "  driver: {}({}) -> {}".format(
                name,
                ", ".join(show(a) for a in args),
                show(result)
                if not isinstance(result, tuple)
                else "(" + ", ".join(show(r) for r in result) + ")",
            )
        )
        return result

    return call


for name in (
    "gethostbyname",
    "socket_bind",
    "socket_listen",
    "socket_connect",
    "socket_send",
    "socket_recv",
    "socket_close",
    "socket_accept",
):
    setattr(TracedLoopback, name, traced(name))
# The tracing wrappers take *args, so PINT cannot see which form of accept
# the driver has: it is declared.
TracedLoopback.pint_params = {"socket_accept": 1}

nic = network.PINT(TracedLoopback())
print("registered:", network.route())

PAGE = b"<h1>Hello from a Python NIC</h1>\n"


async def handle(reader, writer):
    request = await reader.read(1024)
    print("server: got request", request.split(b"\r\n")[0])
    writer.write(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(PAGE) + PAGE)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    print("server: listening on port 8080")
    server = await asyncio.start_server(handle, "0.0.0.0", 8080)
    print("client: connecting to localhost:8080")
    reader, writer = await asyncio.open_connection("localhost", 8080)
    writer.write(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
    await writer.drain()
    response = await reader.read(1024)
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return response


response = asyncio.run(main())
print("client: response", response)
print("driver was polled for readiness", TracedLoopback.polls, "times by select/asyncio")
assert response.endswith(PAGE)
print("demo OK: an HTTP exchange carried end to end by a driver written in Python")
