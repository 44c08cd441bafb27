# A working driver written in the seed's conventions: the same method names,
# argument order and return forms (bool status, int byte counts, 4-int
# tuples for IPv4). Each call is logged with its arguments.
import network, socket, select


def show(v):
    if isinstance(v, memoryview):
        return "memoryview[{}]".format(len(v))
    return repr(v)


class Handle:
    count = 0

    def __init__(self):
        Handle.count += 1
        self.n = Handle.count

    def __repr__(self):
        return "H{}".format(self.n)


class SeedDriver:
    def __init__(self):
        self.inbox = b"reply"

    def log(self, name, *args):
        print(name, " ".join(show(a) for a in args))

    def gethostbyname(self, name):
        self.log("gethostbyname", name)
        return (192, 168, 4, 1)

    def socket_socket(self):
        h = Handle()
        self.log("socket_socket ->", h)
        return h

    def socket_close(self, socket):
        self.log("socket_close", socket)

    def socket_bind(self, socket, ip, port):
        self.log("socket_bind", socket, ip, port)
        return True

    def socket_listen(self, socket, backlog):
        self.log("socket_listen", socket, backlog)
        return True

    def socket_accept(self, socket, socket2, ip, port):
        self.log("socket_accept", socket, socket2, ip, port)
        return True

    def socket_connect(self, socket, ip, port):
        self.log("socket_connect", socket, ip, port)
        return True

    def socket_send(self, socket, buf):
        self.log("socket_send", socket, buf, bytes(buf))
        return len(buf)

    def socket_recv(self, socket, buf):
        n = min(len(buf), len(self.inbox))
        buf[:n] = self.inbox[:n]
        self.log("socket_recv", socket, buf)
        return n

    def socket_sendto(self, socket, buf, ip, port):
        self.log("socket_sendto", socket, buf, ip, port)
        return len(buf)

    def socket_recvfrom(self, socket, buf, ip, port):
        self.log("socket_recvfrom", socket, buf, ip, port)
        buf[:2] = b"ok"
        return 2

    def socket_setsockopt(self, socket, level, opt, val):
        self.log("socket_setsockopt", socket, level, opt, val)
        return True

    def socket_settimeout(self, socket, timeout_ms):
        self.log("socket_settimeout", socket, timeout_ms)
        return True

    def socket_ioctl(self, socket, request, arg):
        self.log("socket_ioctl", socket, request, arg)
        return arg & select.POLLIN


nic = network.PINT(SeedDriver())
print(socket.getaddrinfo("modem.local", 443)[0][-1])

srv = socket.socket()
srv.bind(("0.0.0.0", 8000))
srv.listen(3)
conn, addr = srv.accept()
print("accept ->", addr)
print(conn.send(b"abc"))
print(conn.recv(3), conn.recv(16))
conn.settimeout(2.5)
conn.settimeout(None)
conn.setblocking(False)
conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
conn.setsockopt(socket.SOL_SOCKET, 99, b"\x01\x02")
p = select.poll()
p.register(conn, select.POLLIN | select.POLLOUT)
print([ev for _, ev in p.poll(0)])
conn.close()
srv.close()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(u.sendto(b"datagram", ("10.1.2.3", 53)))
print(u.recvfrom(8))
u.close()

c = socket.socket()
c.connect(("10.0.0.7", 1883))
c.sendall(b"payload")
c.write(b"w")
print(c.read(5))
c.close()
