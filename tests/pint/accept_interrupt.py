# Ctrl-C while accept() waits for a connection: the KeyboardInterrupt
# reaches the program and the handle made for the connection (skeleton form of
# socket_accept) goes back to the driver. SIGINT is sent with the C
# library's kill() through ffi, so this needs the host firmware.
try:
    import ffi
except ImportError:
    print("SKIP")
    raise SystemExit
import network, socket

libc = ffi.open(None)
kill = libc.func("i", "kill", "ii")
getpid = libc.func("i", "getpid", "i")  # (an unused argument: ffi mishandles none)


class Waiting:
    def __init__(self):
        self.made = 0
        self.closed = []
        self.calls = 0

    def socket_socket(self):
        self.made += 1
        return "made%d" % self.made

    def socket_close(self, h):
        self.closed.append(h)

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, backlog):
        return True

    def socket_accept(self, h, h2, ip, port):
        self.calls += 1
        if self.calls == 3:
            kill(getpid(0), 2)  # SIGINT, as Ctrl-C
        return None  # nothing to accept yet: PINT waits


drv = Waiting()
network.PINT(drv)
srv = socket.socket()
srv.bind(("0.0.0.0", 80))
srv.listen(1)
try:
    srv.accept()
    print("accepted?")
except KeyboardInterrupt:
    print("KeyboardInterrupt")
srv.close()
for i in range(3):
    pass
print("handles made:", drv.made, "closed:", sorted(drv.closed))
