# MicroPython side of test_uart_reads.py: pint.at and pint.espat over a
# stream that shows itself as machine.UART does (its repr gives baudrate and
# rxbuf; any() says what has come; readinto of more than has come would
# take what has, then wait, busy, for the rest: counted here as
# "over-asked"; with nothing there, timeout=0 answers at once). Bytes
# arrive at the line rate from when a payload is sent.
import io, select, time
from pint.at import AT, uart_setting
from pint.espat import _chunk_for

MP_STREAM_POLL = 3
LINE = "UART(1, baudrate={}, bits=8, parity=None, stop=1, tx=4, rx=5, txbuf=256, rxbuf={}, timeout=0, timeout_char=1, invert=None, irq=0)"


class FakeUART(io.IOBase):
    def __init__(self, baud=115200, rxbuf=256, shown=True):
        self.baud = baud
        self.rxbuf = rxbuf
        self.shown = shown
        self.data = b""
        self.pos = 0
        self.t0 = 0
        self.reads = 0
        self.overasked = 0

    def __repr__(self):
        return LINE.format(self.baud, self.rxbuf) if self.shown else "<stream>"

    def send(self, data):
        self.data = data
        self.pos = 0
        self.t0 = time.ticks_us()

    def any(self):
        came = time.ticks_diff(time.ticks_us(), self.t0) * self.baud // 10_000_000
        return min(len(self.data), came) - self.pos

    def readinto(self, buf):
        self.reads += 1
        n = self.any()
        if len(buf) > n > 0:
            self.overasked += 1
        n = min(n, len(buf))
        if n <= 0:
            return None
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def write(self, data):
        return len(data)

    def ioctl(self, request, arg):
        if request == MP_STREAM_POLL:
            return (arg & select.POLLIN if self.any() > 0 else 0) | (arg & select.POLLOUT)
        return 0


def check(what, ok):
    print("CHECK", what, "ok" if ok else "FAILED")


u = FakeUART()
check(
    "uart_setting reads baudrate and rxbuf from the repr",
    uart_setting(u, "baudrate") == 115200 and uart_setting(u, "rxbuf") == 256,
)
check(
    "uart_setting: None for a stream that shows neither",
    uart_setting(FakeUART(shown=False), "rxbuf") is None,
)
sizes = [_chunk_for(FakeUART(rxbuf=r)) for r in (256, 4096, 16)] + [
    _chunk_for(FakeUART(shown=False))
]
check(
    "reads sized to the ring: 224 for 256, 2048 for 4096, 64 at least, 2048 unknown {}".format(
        sizes
    ),
    sizes == [224, 2048, 64, 2048],
)

payload = bytes((i * 13 + 1) & 255 for i in range(2000))
u = FakeUART()
at = AT(u, timeout=2000)
buf = bytearray(2000)
u.send(payload)
t0 = time.ticks_ms()
at.read_into(memoryview(buf), 2000)
ms = time.ticks_diff(time.ticks_ms(), t0)
check("a 2000-byte payload at 115200 baud read whole, in order", bytes(buf) == payload)
check("never asked for more than had come ({} times)".format(u.overasked), u.overasked == 0)
check("in few reads, not a byte a wake ({} reads in {} ms)".format(u.reads, ms), u.reads < 100)

u = FakeUART(shown=False)
at = AT(u, timeout=2000)
buf = bytearray(2000)
u.send(payload)
at.read_into(memoryview(buf), 2000)
check("a stream that is no UART: read whole as before", bytes(buf) == payload)
print("DONE")
