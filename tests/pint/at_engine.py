# pint.at, the AT engine, against a scripted modem: a command's answer and a
# notice with the same prefix kept apart (+NETOPEN: answers AT+NETOPEN? and
# is also a notice); a confirmation that follows OK awaited (then=); lines
# already read handled before pump waits for more, and before a command
# waits for its confirmation; a late answer's confirmation given with it.
import io, select, time
from pint.at import AT, ATError, ATTimeout


class Modem(io.IOBase):
    # Each command written gets its answer's pieces, each readable from
    # its delay (ms) after the command on.
    def __init__(self):
        self.script = {}
        self.pending = []  # [due ticks_ms, bytes]

    def answer(self, cmd, *pieces):
        self.script[cmd] = pieces

    def say(self, data):
        self.pending.append([time.ticks_ms(), data])

    def write(self, data):
        data = bytes(data)
        now = time.ticks_ms()
        for line in data.split(b"\r\n"):
            for delay, piece in self.script.get(line, ()):
                self.pending.append([time.ticks_add(now, delay), piece])
        return len(data)

    def ready(self):
        return bool(self.pending) and time.ticks_diff(self.pending[0][0], time.ticks_ms()) <= 0

    def readinto(self, buf):
        if not self.ready():
            return None
        piece = self.pending[0][1]
        n = min(len(buf), len(piece))
        buf[:n] = piece[:n]
        if n < len(piece):
            self.pending[0][1] = piece[n:]
        else:
            self.pending.pop(0)
        return n

    waits = 0  # polls that found nothing to read (the engine about to wait)

    def ioctl(self, request, arg):
        if request == 3:  # MP_STREAM_POLL
            if arg & select.POLLIN and not self.ready():
                self.waits += 1
            return (arg & select.POLLIN if self.ready() else 0) | (arg & select.POLLOUT)
        return 0


m = Modem()
at = AT(m, timeout=1000)
notices = []
at.urc(b"+NETOPEN:", notices.append)

# The query's answer is the command's, not the notice handler's.
m.answer(b"AT+NETOPEN?", (0, b"\r\n+NETOPEN: 1\r\n\r\nOK\r\n"))
print("query:", at.command(b"AT+NETOPEN?"), "notices:", notices)

# The same prefix outside the command is a notice.
m.say(b"\r\n+NETOPEN: 0\r\n")
at.pump(500)
print("notices:", notices)

# A confirmation that follows OK (200 ms later) is awaited and returned.
notices.clear()
m.answer(b"AT+NETOPEN", (0, b"\r\nOK\r\n"), (200, b"\r\n+NETOPEN: 0\r\n"))
print("then:", at.command(b"AT+NETOPEN", then=b"+NETOPEN:"), "notices:", notices)

# One that comes before OK counts the same.
m.answer(b"AT+CIPOPEN=0", (0, b"\r\n+CIPOPEN: 0,0\r\n\r\nOK\r\n"))
print("then first:", at.command(b"AT+CIPOPEN=0", then=b"+CIPOPEN:"))

# ERROR ends the command at once: no confirmation follows an error.
m.answer(b"AT+CIPOPEN=1", (0, b"\r\nERROR\r\n"))
t0 = time.ticks_ms()
try:
    at.command(b"AT+CIPOPEN=1", then=b"+CIPOPEN:")
except ATError as e:
    print("error:", e.final, time.ticks_diff(time.ticks_ms(), t0) < 500)

# A notice read together with a command's OK is handled by the next pump at
# once, not after its wait (it waited the whole 2 s for new input).
notes = []
at.urc(b"+NOTE:", notes.append)
m.answer(b"AT+X", (0, b"\r\nOK\r\n+NOTE: 5\r\n"))
at.command(b"AT+X")
t0 = time.ticks_ms()
at.pump(2000)
print("buffered notice:", notes, time.ticks_diff(time.ticks_ms(), t0) < 1000)

# A confirmation read together with OK: the command returns without waiting
# for more input (it waited 100 ms for nothing, at every send).
m.answer(b"AT+CIPSEND=0,5", (0, b"\r\nOK\r\n\r\n+CIPSEND: 0,5,5\r\n"))
m.waits = 0
print("then buffered:", at.command(b"AT+CIPSEND=0,5", then=b"+CIPSEND:"), "waits:", m.waits)

# A command given up on whose OK and confirmation come later: its late
# handler hears both, the confirmation with the lines, not the OK alone.
late = []
m.answer(b"AT+CIPOPEN=3", (300, b"\r\nOK\r\n"), (350, b"\r\n+CIPOPEN: 3,0\r\n"))
try:
    at.command(
        b"AT+CIPOPEN=3", timeout=200, then=b"+CIPOPEN:", late=lambda f, l: late.append((f, l))
    )
except ATTimeout:
    pass
t0 = time.ticks_ms()
while not late and time.ticks_diff(time.ticks_ms(), t0) < 2000:
    at.pump(50)
print("late:", late)

# No confirmation in time: ATTimeout, with the lines so far.
m.answer(b"AT+CIPOPEN=2", (0, b"\r\nOK\r\n"))
try:
    at.command(b"AT+CIPOPEN=2", timeout=300, then=b"+CIPOPEN:")
except ATTimeout as e:
    print("no confirmation:", type(e).__name__, e.lines)

# A command ended by a line of its own (SIM800-style modems: AT+CIPCLOSE=0
# answers "0, CLOSE OK", no OK); one of those ending in " FAIL" is an
# error; a plain OK does not end it.
m.answer(b"AT+CIPCLOSE=0", (0, b"\r\nOK\r\n0, CLOSE OK\r\n"))
print("ok=:", at.command(b"AT+CIPCLOSE=0", ok=(b"0, CLOSE OK",)))
m.answer(b"AT+CIPSEND=1,5", (0, b"\r\n> "))
at.command(b"AT+CIPSEND=1,5", prompt=True)
m.answer(b"hello", (0, b"\r\n1, SEND FAIL\r\n"))
at.write(b"hello")
try:
    at.wait_final(ok=(b"1, SEND OK", b"1, SEND FAIL"))
except ATError as e:
    print("fail:", type(e).__name__, e.final)
