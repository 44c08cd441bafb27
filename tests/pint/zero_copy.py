# Zero copy: send/recv/sendto/recvfrom hand the driver a memoryview over the
# caller's own buffer, never a copy; the view is revoked when the call
# returns, so a driver that keeps it can neither read nor write that memory.
import network, socket


class Keeper:
    def __init__(self):
        self.kept = []

    def socket_socket(self):
        return 1

    def socket_connect(self, h, ip, port):
        return True

    def socket_send(self, h, buf):
        self.kept.append(buf)
        self.seen = bytes(buf)
        self.readonly = False
        try:
            buf[0] = 0
        except TypeError:
            self.readonly = True
        return len(buf)

    def socket_recv(self, h, buf):
        self.kept.append(buf)
        for i in range(len(buf)):
            buf[i] = 65 + i
        return len(buf)

    socket_sendto = lambda self, h, buf, ip, port: self.socket_send(h, buf)
    socket_recvfrom = lambda self, h, buf, ip, port: self.socket_recv(h, buf)


drv = Keeper()
nic = network.PINT(drv)
s = socket.socket()
s.connect(("10.0.0.1", 80))

data = bytearray(b"caller's data")
s.send(data)
view = drv.kept[-1]
print("send: memoryview", type(view) is memoryview, "saw", drv.seen, "read-only", drv.readonly)

# readinto: the driver writes straight into the caller's bytearray.
target = bytearray(6)
print("readinto", s.readinto(target), target)

s.sendto(b"dgram", ("10.0.0.2", 9))
print(s.recv(4), s.recvfrom(3))

# Every view the driver kept is dead now.
for v in drv.kept:
    assert type(v) is memoryview
    dead = len(v) == 0 and bytes(v) == b""
    try:
        v[0]
        dead = False
    except IndexError:
        pass
    try:
        v[0] = 1
        dead = False
    except (IndexError, TypeError):
        pass
    try:
        v[0:4] = b"evil"
        dead = False
    except (ValueError, TypeError):
        pass
    print("kept view revoked:", dead)
print("caller's buffers intact:", data, target)


# The memory really is shared, not copied: the driver sees later writes made
# by the caller during the call only through its own buffer.
class Observer(Keeper):
    def socket_send(self, h, buf):
        data[0] = ord("C")  # the caller's buffer changes during the call
        self.first = buf[0]
        return len(buf)


nic.deinit()
observer = Observer()
network.PINT(observer)
s2 = socket.socket()
s2.connect(("10.0.0.1", 80))
s2.send(data)
print("driver saw the caller's change:", chr(observer.first))
