# _pint, the byte handling of pint.fifo and pint.at: a bounded FIFO, stream
# reads and writes at an offset, in-place formatting. Every bound is
# checked: counts and offsets out of range, a stream that answers badly or
# keeps the buffer it is shown, a buffer too small to format into.
import io, gc
import _pint
from _pint import Fifo


def error(f):
    try:
        f()
    except Exception as e:
        return type(e).__name__
    return "no error"


f = Fifo(8)
print(len(f), f.room(), bool(f))
print(f.write(b"hello world"), len(f), f.room(), f.peek())
print(f.find(b"lo"), f.find(b"lo", 4), f.find(b"wo", 0, 7), f.find(b"wo", 0, 8), f.find(b""))
print(f.startswith(b"he"), f.startswith(b"el", 1), f.startswith(b"hello wor"), f[0], f[-1])
print(error(lambda: f[8]), error(lambda: f.consume(-1)), error(lambda: Fifo(0)))
f.consume(3)
print(f.peek(), f.peek(1, 3), f.peek(-2), f.peek(3, 1), f.write(b"xyz"), f.peek())
g = Fifo(4)
print(f.readinto(g, 3), g.peek(), f.peek(), f.readinto(g), g.peek(), f.peek(), f.readinto(f))
b = bytearray(4)
print(f.readinto(b), b, f.read(10), f.read(1), len(f))
f.clear()
f.write(b"12,345,x9,")
print(f.number(0, 2), f.number(3, 6), f.number(7, 9), f.number(2, 2), f.number(0, 10))
f = Fifo(16)
f.write(b"1234567890")
print(f.number(0, 9), f.number(0, 10))


# Streams: the stream protocol (io.IOBase) and plain objects alike.
class Line(io.IOBase):
    def __init__(self, data):
        self.data = data

    def readinto(self, buf):
        if self.data is None:
            return 0  # the end of the stream
        if not self.data:
            return None  # nothing yet
        n = min(len(buf), len(self.data))
        buf[:n] = self.data[:n]
        self.data = self.data[n:]
        return n

    def write(self, buf):
        print("wrote", bytes(buf))
        return len(buf)


f = Fifo(6)
line = Line(b"abcdefgh")
print(f.fill(line, 2), f.peek(), f.fill(line), f.peek(), f.fill(line))
f.consume(6)
print(f.fill(Line(b"")), f.fill(Line(None)), len(f))
b = bytearray(b"........")
print(_pint.readinto(Line(b"xyz"), b, 5, 9), b, _pint.readinto(Line(b"q"), b, 9, 1), b)
print(_pint.write(Line(b""), b"0123456789", 3, 4), _pint.write(Line(b""), b"01", 5, 4))


class Plain:
    # No stream protocol: readinto and write methods only. It keeps the
    # views it is shown (a bug), and answers what it is told to.
    def __init__(self, answer):
        self.answer = answer
        self.kept = None

    def readinto(self, buf):
        self.kept = buf
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer:
            buf[0] = 65
        return self.answer

    def write(self, buf):
        self.kept = buf
        return self.answer


f = Fifo(4)
p = Plain(1)
print(f.fill(p), f.peek(), len(p.kept), error(lambda: p.kept[0]))
p = Plain(OSError(5))
print(error(lambda: f.fill(p)), len(p.kept), len(f))
print(
    error(lambda: f.fill(Plain(9))),
    error(lambda: f.fill(Plain(-1))),
    error(lambda: f.fill(Plain("x"))),
)
print(error(lambda: _pint.write(Plain(7), b"abc", 0, 3)), _pint.write(Plain(None), b"abc", 0, 3))
print(error(lambda: f.fill(3)), error(lambda: _pint.readinto(None, bytearray(2), 0, 2)))

# Formatting in place.
b = bytearray(20)
n = _pint.put(b, 0, b"AT+CIPSEND=", 4, ",", 2048)
print(n, b[:n])
print(error(lambda: _pint.put(b, 0, b"x" * 21)), error(lambda: _pint.put(b, 19, 12)), b[19])
print(
    error(lambda: _pint.put(b, 0, -1)),
    error(lambda: _pint.put(b, 21, b"")),
    error(lambda: _pint.put(b, -1)),
)
print(
    error(lambda: _pint.put(b"const", 0, b"x")),
    error(lambda: _pint.put(b, 0, 1.5)),
    _pint.put(b, 20),
)


# None of it allocates (a Fifo's storage is allocated once, when made).
class Modem(io.IOBase):
    # Answers OK to everything, allocating nothing itself.
    def readinto(self, buf):
        buf[0] = 79
        buf[1] = 75
        buf[2] = 13
        buf[3] = 10
        return 4

    def write(self, buf):
        return len(buf)


def churn(f, line, b):
    i = 0
    while i < 10:
        i += 1
        f.fill(line, 4)
        f.find(b"\n")
        f.startswith(b"OK")
        f.number(0, 1)
        f.readinto(b, 2)
        f.consume(2)
        _pint.put(b, 0, b"AT+X=", i)
        _pint.write(line, b, 0, 5)


def allocated():
    # What churn allocates, measured where no new name is stored.
    f = Fifo(64)
    line = Modem()
    churn(f, line, b)
    gc.collect()
    gc.disable()
    before = gc.mem_alloc()
    churn(f, line, b)
    after = gc.mem_alloc()
    gc.enable()
    return after - before


print("allocated", allocated())
