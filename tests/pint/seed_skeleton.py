# The classic PINT driver skeleton (every method a stub), unchanged apart from
# the type annotations MicroPython cannot parse, registered as is: every
# socket operation must go through it without an error.
import network, socket


class PINT_Socket:
    def __init__(self):
        pass


class PINT_NIC:
    def __init__(self):
        pass

    def __del__(self):
        pass

    def gethostbyname(self, name):
        return (127, 0, 0, 1)

    def socket_socket(self):
        return PINT_Socket()

    def socket_close(self, socket):
        pass

    def socket_bind(self, socket, ip, port):
        return True

    def socket_listen(self, socket, backlog):
        return True

    def socket_accept(self, socket, socket2, ip, port):
        return True

    def socket_connect(self, socket, ip, port):
        return True

    def socket_send(self, socket, buf):
        return 0

    def socket_recv(self, socket, buf):
        return 0

    def socket_sendto(self, socket, buf, ip, port):
        return 0

    def socket_recvfrom(self, socket, buf, ip, port):
        return 0

    def socket_setsockopt(self, socket, level, opt, val):
        return True

    def socket_settimeout(self, socket, timeout_ms):
        return True

    def socket_ioctl(self, socket, request, arg):
        return True


nic = network.PINT(PINT_NIC())
print(socket.getaddrinfo("example.com", 80)[0][-1])

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.settimeout(1)
s.bind(("0.0.0.0", 80))
s.listen(1)
conn, addr = s.accept()
print(type(conn).__name__, addr)
print(conn.recv(10))
conn.close()

c = socket.socket()
c.connect(("127.0.0.1", 80))
print(c.send(b""))  # the skeleton sends nothing: 0 for an empty buffer is fine
print(c.recv(10))  # 0 bytes: end of stream
c.close()

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(u.sendto(b"", ("127.0.0.1", 9)))
print(u.recvfrom(10))
import select

p = select.poll()
p.register(u, select.POLLIN)
print(len(p.poll(0)))  # True from socket_ioctl: all events asked for are ready
u.close()
s.close()
nic.deinit()
print(nic in network.route())
