# Every driver return value is validated: a byte count outside 0..len, a
# wrong type, a malformed address or a huge int gives a clear exception that
# names the driver method, never memory corruption; sendall on a driver that
# keeps returning 0 ends with an error instead of spinning forever.
import network, socket, select


class Liar:
    answer = None

    def socket_socket(self):
        return 1

    def socket_connect(self, h, ip, port):
        return True

    def ret(self, *args):
        return self.answer

    socket_send = socket_recv = socket_sendto = socket_recvfrom = ret
    socket_bind = socket_listen = socket_setsockopt = socket_ioctl = ret
    gethostbyname = ret

    def socket_accept(self, h):
        return self.answer


drv = Liar()
network.PINT(drv)
s = socket.socket()
s.connect(("10.0.0.1", 80))
p = select.poll()
p.register(s)


def check(what, answer, f, *args):
    drv.answer = answer
    try:
        r = f(*args)
        print(what, repr(answer)[:30], "-> returned", r)
    except Exception as e:
        print(what, repr(answer)[:30], "->", type(e).__name__, e)


for answer in (5000, -1, 1025, 2**29, -(2**70), 2**100, "3", 3.0, b"x", [1], True, False):
    check("recv", answer, s.recv, 1024)
for answer in (5000, -1, 2**64, "1"):
    check("send", answer, s.send, b"x" * 10)
    check("write", answer, s.write, b"x" * 10)
    check("read", answer, s.read, 10)
    check("sendto", answer, s.sendto, b"x" * 10, ("10.0.0.1", 1))
for answer in (
    11,
    (11, ("1.2.3.4", 1)),
    (1, ("1.2.3.4", 70000)),
    (1, ("1.2.3", 1)),
    (1, ("1.2.3.400", 1)),
    (1, ((1, 2, 3), 1)),
    (1, ((1, 2, 3, 256), 1)),
    (1, (b"abc", 1)),
    (1, ("1.2.3.4",)),
    (1, 2, 3),
    (1, "addr"),
    (1, ("1.2.3.4", -1)),
    (1, ("01.2.3.4x", 1)),
):
    check("recvfrom", answer, s.recvfrom, 10)
for answer in (1, 0, "yes", [], 2**65):
    check("bind", answer, s.bind, ("0.0.0.0", 1))
for answer in (
    "x",
    (1, 2, 3),
    ("h", "1.2.3.4"),
    ("h", ("1.2.3.4", 1), 3),
    ("h", ("999.1.1.1", 1)),
    True,
):
    check("accept", answer, s.accept)
for answer in (
    "1.2.3.4",
    (1, 2, 3, 4),
    "1.2.3",
    (1, 2, 3, 4, 5),
    "localhost",
    12,
    b"\x01\x02\x03\x04",
    b"\x01",
):
    check("getaddrinfo", answer, socket.getaddrinfo, "x.example", 1)
for answer in (-1, 2**29, 2**64, "1", 1.5, 1 | 4 | 64):
    check("poll", answer, p.poll, 0)

# sendall on a driver that accepts nothing, forever: an error, not a hang.
drv.answer = 0
try:
    s.sendall(b"x" * 100)
except ValueError as e:
    print("sendall:", e)
# A driver that takes one byte at a time still completes sendall.
drv.answer = 1
print("sendall one byte at a time:", s.sendall(b"abc"))
