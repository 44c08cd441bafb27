# A driver that keeps the memoryview it is lent (a bug) keeps a dead view:
# it never shows, nor lets the driver write, the buffers of later calls, of
# the same socket or of others, whichever method lent it.
import network, socket


class Keeper:
    def __init__(self):
        self.kept = []
        self.later = []

    def socket_socket(self):
        return object()

    def socket_connect(self, h, ip, port):
        return True

    def socket_send(self, h, buf):
        self.look(buf)
        return len(buf)

    def socket_sendto(self, h, buf, ip, port):
        self.look(buf)
        return len(buf)

    def socket_recv(self, h, buf):
        self.look(buf)
        buf[:4] = b"mine"
        return 4

    def socket_recvfrom(self, h, buf, ip, port):
        self.look(buf)
        buf[:4] = b"mine"
        return 4

    def socket_setsockopt(self, h, level, opt, value):
        if isinstance(value, memoryview):
            self.look(value)
        return True

    def look(self, buf):
        # What every view kept from earlier calls shows now, and whether it
        # lets the driver write the buffer of this call.
        for old in self.kept:
            try:
                old[0:1] = b"X"
                wrote = True
            except Exception:
                wrote = False
            self.later.append((len(old), bytes(old), wrote))
        self.kept.append(buf)


drv = Keeper()
network.PINT(drv)
a = socket.socket()
a.connect(("10.0.0.1", 1))
b = socket.socket()
b.connect(("10.0.0.2", 2))
a.send(b"secret of a")
b.send(b"secret of b")
a.setsockopt(1, 4, b"option value")
buf = bytearray(16)
print("recv_into:", b.readinto(buf), bytes(buf[:4]))
print("recv:", a.recv(16))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"datagram", ("10.0.0.3", 3))
print("recvfrom:", u.recvfrom(16)[0])
print(
    "views kept:", len(drv.kept), "distinct:", len(set(id(v) for v in drv.kept)) == len(drv.kept)
)
print(
    "every kept view dead at every later call:", all(n == 0 and d == b"" for n, d, _ in drv.later)
)
print("none wrote a later buffer:", not any(w for _, _, w in drv.later), len(drv.later), "looks")
print("buffers intact:", bytes(buf[:4]), "all dead now:", all(len(v) == 0 for v in drv.kept))
