# accept and recvfrom report peers. Each accepted socket gets its own driver
# handle and the peer address reaches the caller of accept(); the source of
# a datagram reaches the caller of recvfrom(). Every documented return form.
import network, socket


class Conn:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


class SeedForms:
    # The skeleton form of accept: socket_accept(sock, sock2, ip, port), sock2
    # made by socket_socket(). What it returns comes from self.answers.
    def __init__(self):
        self.made = 0
        self.closed = []
        self.answers = []
        self.sent_on = []

    def socket_socket(self):
        self.made += 1
        return Conn("made%d" % self.made)

    def socket_close(self, h):
        self.closed.append(h)

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, backlog):
        return True

    def socket_accept(self, h, h2, ip, port):
        return self.answers.pop(0)

    def socket_send(self, h, buf):
        self.sent_on.append(h)
        return len(buf)

    def socket_recvfrom(self, h, buf, ip, port):
        buf[:3] = b"dgm"
        return self.answers.pop(0)


drv = SeedForms()
network.PINT(drv)
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen()
drv.answers = [
    True,  # accepted into sock2, peer unknown
    ((10, 0, 0, 9), 5555),  # accepted into sock2, peer as a 4-tuple
    ("10.0.0.10", 6666),  # ... as a dotted str
    (b"\x0a\x00\x00\x0b", 7777),  # ... as 4 bytes
    [[10, 0, 0, 12], 8888],  # lists are fine too
    (Conn("own"), ("10.0.0.13", 9999)),  # the driver's own handle
]
conns = []
for i in range(6):
    c, addr = srv.accept()
    c.send(b"hi")
    conns.append(c)
    print("accept", addr, "handle", drv.sent_on[-1])
print("made handles closed unused:", drv.closed)
for c in conns:
    c.close()
print("closed:", drv.closed[1:])

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 53))
drv.answers = [
    3,
    (3, ((172, 16, 0, 1), 1234)),
    (2, ("172.16.0.2", 4321)),
    [1, [b"\xac\x10\x00\x03", 0]],
]
for i in range(4):
    print("recvfrom", u.recvfrom(8))
u.close()


class NewForms:
    # The one-parameter form: socket_accept(sock) -> (handle, address); socket_socket
    # receives (domain, type, proto).
    def __init__(self):
        self.pending = []

    def socket_socket(self, domain, type, proto):
        print("socket_socket", domain, type, proto)
        return Conn("sock")

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, backlog):
        return True

    def socket_accept(self, h):
        return self.pending.pop(0) if self.pending else None

    def socket_recv(self, h, buf):
        name = h.name.encode()
        buf[: len(name)] = name
        return len(name)


drv = NewForms()
nic = network.PINT(drv)
network.route().remove(nic)
network.route().insert(0, nic)
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 53))
drv.pending = [(Conn("first"), ("192.0.2.1", 40000)), (Conn("second"), ((192, 0, 2, 2), 40001))]
for i in range(2):
    c, addr = srv.accept()
    print("accept", addr, c.recv(16))
srv.settimeout(0)
try:
    srv.accept()
except OSError as e:
    print("nothing to accept:", e.errno)
