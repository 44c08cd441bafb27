# MicroPython side of bench/boards.py and bench/pico.py, on a board under
# qemu with -icount shift=0 (each instruction takes 1 ns of the board's
# time, so ticks_us counts thousands of instructions) or on the emulated
# Pico (its clock runs by the cycles the emulator counts: 125 a
# microsecond). A driver that does nothing:
# what one socket call costs through PINT over calling the driver method
# directly; and the heap an open socket holds.
import gc, time, network, socket

N = 2000


class Null:
    def socket_socket(self):
        return 1

    def socket_connect(self, h, ip, port):
        return True

    def socket_send(self, h, buf):
        return len(buf)

    def socket_recv(self, h, buf):
        return len(buf)

    def socket_ioctl(self, h, request, arg):
        return arg

    def socket_close(self, h):
        pass


nic = network.PINT(Null())
drv = nic.driver
s = socket.socket()
s.connect(("10.0.0.1", 80))
data = bytes(16)
buf = bytearray(16)
mv = memoryview(buf)


# Everything a loop uses is a local: global lookups cost what the layout of
# the module's dict makes them cost, which would differ between the loops.
def send(s=s, data=data):
    for i in range(N):
        s.send(data)


def send_floor(drv=drv, mv=mv):
    for i in range(N):
        drv.socket_send(1, mv)


def readinto(s=s, buf=buf):
    for i in range(N):
        s.readinto(buf)


def readinto_floor(drv=drv, mv=mv):
    for i in range(N):
        drv.socket_recv(1, mv)


def timed(f):
    gc.collect()
    t0 = time.ticks_us()
    f()
    return time.ticks_diff(time.ticks_us(), t0)


for name, f, floor in (("send", send, send_floor), ("readinto", readinto, readinto_floor)):
    through, direct = timed(f), timed(floor)
    # Microseconds of the board's clock for N calls each way.
    print("CALL", name, through, direct, N)

gc.collect()
before = gc.mem_alloc()
held = []
for i in range(20):
    t = socket.socket()
    t.connect(("10.0.0.1", 80))
    held.append(t)
gc.collect()
print("HEAP_PER_SOCKET", (gc.mem_alloc() - before) // 20)
