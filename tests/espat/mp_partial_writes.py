# MicroPython side of test_partial_writes.py: pint.at's writes over a stream
# that takes part of what it is given, as machine.UART(..., timeout=0) does
# when its transmit buffer is full (the Pico's holds 256 bytes): every byte
# still goes out, in order; a stream that never takes more ends in
# ATTimeout, not a hang.
import io, select
from pint.at import AT, ATTimeout

MP_STREAM_POLL = 3


class Narrow(io.IOBase):
    # Takes at most 7 bytes a write; every third write, none (None, as a
    # non-blocking stream says it would block).
    def __init__(self, stuck=False):
        self.out = bytearray()
        self.writes = 0
        self.stuck = stuck

    def write(self, data):
        self.writes += 1
        if self.stuck or self.writes % 3 == 0:
            return None
        n = min(7, len(data))
        self.out.extend(data[:n])
        return n

    def readinto(self, buf):
        return None

    def ioctl(self, request, arg):
        if request == MP_STREAM_POLL:
            return arg & select.POLLOUT if not self.stuck else 0
        return 0


data = bytes(range(256)) * 8
line = Narrow()
at = AT(line, timeout=2000)
at.write(data)
print("CHECK all 2048 bytes written in order, 7 at a time", "ok" if line.out == data else "FAILED")
print("CHECK it took many writes", "ok" if line.writes > 290 else "FAILED")
stuck = Narrow(stuck=True)
at = AT(stuck, timeout=300)
try:
    at.write(b"AT+CIPSEND=0,5\r\n")
    print("CHECK a stream that takes nothing times out", "FAILED")
except ATTimeout:
    print("CHECK a stream that takes nothing times out", "ok")
print("DONE")
