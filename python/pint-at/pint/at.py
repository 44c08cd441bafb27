"""An AT command engine, for drivers of modems on a serial line (ESP-AT
Wi-Fi modules, cellular modems): one command at a time and its answer,
while the modem's unsolicited result codes (URCs) go to handlers as they
arrive, and binary payloads that follow a header (framed data) are read
straight into the caller's buffer.

    at = AT(uart)
    at.urc(b"WIFI DISCONNECT", lambda line: ...)
    lines = at.command(b"AT+CIPSTA?")             # the info lines; OK ends it
    at.command(b"AT+CIPSEND=0,5", prompt=True)     # returns at the '>' prompt
    at.write(b"hello")
    at.wait_final(ok=(b"SEND OK",))
    at.start(b"AT+CIPSTART=...", done)             # answer later: done(final, lines)

A command that ends in ERROR or FAIL raises ATError (with the lines before
it); one that gets no final answer in time raises ATTimeout, and its answer
is still awaited in the background (so that it is not taken for the next
command's): `late(final, lines)` hears it. A modem's "busy p..." (it dropped
the command because an earlier one still runs) makes the engine send the
command again until the time is up.
"""

import select
import time

from micropython import const
from _pint import Fifo, readinto as _readinto, write as _write, put

try:
    from _thread import allocate_lock as _lock, get_ident as _ident
except ImportError:
    _lock = None

    def _ident():
        return 0


class ATError(Exception):
    """A command ended in an error: final is the last line (b"ERROR",
    b"FAIL", b"SEND FAIL"), lines the information lines before it."""

    def __init__(self, final, lines=()):
        super().__init__(final)
        self.final = final
        self.lines = lines


class ATTimeout(ATError):
    """No final answer in time."""


# EIO and EBUSY: 5 and 16 on every port, Linux's numbers and newlib's alike
# (others differ: a driver takes them from errno); errno does not name EBUSY.
_EIO = const(5)
_EBUSY = const(16)
_OK = (b"OK",)
_ERRORS = (b"ERROR", b"FAIL", b"SEND FAIL")
_BUSY = (b"busy p...", b"busy s...")


# The most a command's answer lines hold (with 16 bytes a line for the
# list's and the object's own): an AT+CWLAP of 40 networks fits.
_LINES_MAX = const(4096)


class _Command:
    # A command in flight: what ends it, what it has answered so far. The
    # engine's foreground commands reuse one (set): a command costs no heap.
    def set(self, cmd, ok, prompt, deadline, keep):
        self.cmd = cmd  # bytes, or the length of the command in AT.buf
        self.ok = ok
        self.prompt = prompt
        self.deadline = deadline
        self.done = None  # background: done(final, lines) when it ends
        self.keep = keep  # keep the information lines (else: dropped)
        self.lines = [] if keep else ()
        self.size = 0  # bytes in lines
        self.final = None
        self.busy = False
        self.then = None  # a confirmation still awaited after OK (a prefix)
        return self

    def ended(self):
        return self.busy or (
            self.final is not None and (self.then is None or self.final in _ERRORS)
        )


def uart_setting(stream, name):
    """A number machine.UART shows in its repr ("UART(1, baudrate=115200,
    ..., rxbuf=256, ...)"): uart_setting(uart, "rxbuf"), or None."""
    r = repr(stream)
    i = r.find(name + "=")
    if i < 0:
        return None
    i += len(name) + 1
    j = i
    while j < len(r) and r[j] in "0123456789":
        j += 1
    return int(r[i:j]) if j > i else None


class AT:
    def __init__(self, stream, buffer=1024, timeout=5000, trace=None):
        self.stream = stream
        self.rx = Fifo(buffer)
        self.timeout = timeout
        # trace(direction, data): "<" from the modem, ">" to it (demos).
        self.trace = trace
        self._poller = select.poll()
        self._poller.register(stream, select.POLLIN)
        # A machine.UART: how long (us) a byte takes on its line, and what
        # its receive ring holds. A long payload is then waited for in
        # sleeps of what the ring holds, not woken for at every byte; and
        # reads take what any() says has come (its readinto waits, busy,
        # for each next byte of a longer read: timeout_char).
        baud = uart_setting(stream, "baudrate")
        self._byte_us = 10_000_000 // baud if baud else 0
        self._ring = uart_setting(stream, "rxbuf") or 64
        self._any = getattr(stream, "any", None) if baud else None
        self._urcs = []
        self._frames = []
        self._current = None  # the _Command in flight
        self._fg = _Command()  # reused by command()
        self.dropped = 0  # answer lines dropped: more than _LINES_MAX
        # A command written in place (put(at.buf, 0, b"AT+X=", 5) is the
        # length to give command()): nothing allocated per command.
        self.buf = bytearray(96)
        self._junk = Fifo(96)  # a payload discarded (read_into(None, n))
        self._lock = _lock() if _lock else None
        self._owner = None  # the thread whose turn it is

    # --- one thread at a time

    def __enter__(self):
        """`with at:` takes the caller's turn with the modem: one thread at
        a time, for a command and what belongs to it (the data after a
        prompt, the payload of its answer). The same thread again (a
        callback run while the engine waits, using the driver) gets
        OSError(EBUSY) rather than break the transaction in flight."""
        me = _ident()
        if self._owner == me:
            raise OSError(_EBUSY)
        if self._lock:
            self._lock.acquire()
        self._owner = me

    def __exit__(self, kind, value, trace):
        self._owner = None
        if self._lock:
            self._lock.release()

    # --- registering handlers

    def urc(self, prefix, handler):
        """handler(line) for every line that starts with prefix, whenever it
        comes (also while a command waits). A prefix +NAME: is also the
        answer of AT+NAME (AT+NAME?, AT+NAME=...): while that command
        waits, such lines are its answer, not the handler's."""
        ask = b"AT" + prefix.rstrip(b": ") if prefix[:1] == b"+" else None
        self._urcs.append((prefix, handler, ask))

    def frame(self, prefix, handler):
        """handler() when the input starts with prefix at a line start: it
        returns True when it took the frame (header and payload) from the
        input, False when more input is needed first, None when it is no
        frame after all (then it is read as a line)."""
        self._frames.append((prefix, handler))

    # --- input and output

    def write(self, data, n=None):
        """Write all of data (its first n bytes). A stream may take part of
        it (machine.UART with timeout=0 takes what its transmit buffer
        holds): the rest is written as room comes, within the engine's
        timeout (ATTimeout)."""
        n = len(data) if n is None else n
        if self.trace:
            self.trace(">", bytes(data[:n]))
        sent = _write(self.stream, data, 0, n) or 0
        if sent >= n:
            return
        deadline = time.ticks_add(time.ticks_ms(), self.timeout)
        self._poller.modify(self.stream, select.POLLOUT)
        try:
            while sent < n:
                left = time.ticks_diff(deadline, time.ticks_ms())
                if left <= 0:
                    raise ATTimeout(b"write")
                self._wait(left)
                sent += _write(self.stream, data, sent, n - sent) or 0
        finally:
            self._poller.modify(self.stream, select.POLLIN)

    def _wait(self, ms):
        # Whether the stream became ready within ms (ipoll: no list made).
        for _ in self._poller.ipoll(ms):
            return True
        return False

    def _fill(self, wait_ms):
        # What has arrived into rx; waits up to wait_ms for the first byte.
        rx = self.rx
        before = len(rx)
        any_ = self._any  # as in read_into
        n = rx.fill(self.stream, any_ and max(1, any_()))
        if n is None and wait_ms and self._wait(wait_ms):
            n = rx.fill(self.stream, any_ and max(1, any_()))
        if n == 0:
            # The end of the stream: the line hung up (an error, rather
            # than "nothing yet" forever).
            raise OSError(_EIO)
        if n and self.trace:
            self.trace("<", rx.peek(before))
        return n

    def read_into(self, buf, n):
        """Read exactly n bytes of payload into buf (a buffer, from its
        start; a Fifo, into its room; or None to discard them): first what
        rx holds, then straight from the stream. For frame handlers, which
        check n first (0 <= n, and n <= what buf holds). The payload has the
        engine's timeout, and the time its bytes take on the line, to come:
        however it trickles in, the modem cannot make the wait longer
        (ATTimeout, with the last bytes read: a modem that restarted
        meanwhile said "ready" there)."""
        rx = self.rx
        junk = buf is None
        if junk:
            # Discarded through a small Fifo that keeps the last 48 bytes.
            buf = self._junk
            buf.clear()
        fifo = isinstance(buf, Fifo)
        got = 0
        deadline = time.ticks_add(time.ticks_ms(), self.timeout + n * self._byte_us // 1000)
        while got < n:
            want = n - got
            if junk:
                if buf.room() < 48:
                    buf.consume(len(buf) - 48)
                want = min(want, buf.room())
            if rx:
                # What rx holds first (a plain buffer gets it all at once,
                # from its start: rx is then empty).
                k = rx.readinto(buf, want)
            else:
                # What has come, not more (a byte when nothing has: the
                # UART's timeout=0 answers at once).
                if self._any is not None:
                    want = min(want, max(1, self._any()))
                k = buf.fill(self.stream, want) if fifo else _readinto(self.stream, buf, got, want)
                if k == 0:
                    raise OSError(_EIO)  # the line hung up
                if k and self.trace:
                    self.trace("<", buf.peek(-k) if fifo else bytes(buf[got : got + k]))
            if k:
                got += k
                continue
            left = time.ticks_diff(deadline, time.ticks_ms())
            if left <= 0:
                tail = buf.peek(-min(got, 48)) if fifo else bytes(buf[max(0, got - 48) : got])
                raise ATTimeout(b"payload", (tail,))
            more = min(n - got, self._ring - 32)
            if self._byte_us and more > 32:
                time.sleep_ms(min(left, 20, max(1, more * self._byte_us // 1000)))
            else:
                self._wait(min(100, left))

    def expect(self, word):
        """After a payload: whether the input goes on with word (bytes), as
        the modem's framing says it must (ESP-AT's data is followed by its
        line end); waits up to the engine's timeout for it to come, and
        takes nothing from the input. False means bytes were lost on the
        line (a UART without flow control overran): the payload just read
        holds bytes that were not its own."""
        rx = self.rx
        deadline = time.ticks_add(time.ticks_ms(), self.timeout)
        while len(rx) < len(word):
            left = time.ticks_diff(deadline, time.ticks_ms())
            if left <= 0:
                return False
            self._fill(min(100, left))
        return rx.startswith(word)

    # --- processing the input

    def pump(self, wait_ms=0):
        """Read what has arrived and handle every complete line and frame in
        it (URCs go to their handlers, a background command's answer to its
        done). Lines already read come first: it waits up to wait_ms for
        input only when they left nothing to do."""
        before = len(self.rx)
        got = self._fill(0)
        self._process()
        if wait_ms and not got and len(self.rx) == before and self._fill(wait_ms):
            self._process()
        self._expire()

    def busy(self):
        """Whether a command is still in flight."""
        return self._current is not None

    def _process(self):
        rx = self.rx
        while rx:
            # Blank lines and line ends between lines.
            while rx and (rx[0] == 13 or rx[0] == 10):
                rx.consume(1)
            if not rx:
                return
            c = self._current
            if c is not None and c.prompt and rx[0] == 62:  # b">"
                rx.consume(2 if rx.startswith(b"> ") else 1)
                c.final = b">"
                return
            taken = None
            for prefix, handler in self._frames:
                if rx.startswith(prefix):
                    taken = handler()
                    break
            if taken is False:
                if not rx.room():
                    rx.clear()  # no frame is this long: noise
                return
            if taken:
                continue
            nl = rx.find(b"\n")
            if nl < 0:
                if not rx.room():
                    rx.clear()  # no line is this long: noise
                return
            if self._line(nl - 1 if nl and rx[nl - 1] == 13 else nl, nl + 1):
                return

    def _is(self, words, end):
        # The word of words that the line (its end offset) is, or None:
        # compared in place, nothing made of the line.
        rx = self.rx
        for w in words:
            if len(w) == end and rx.startswith(w):
                return w
        return None

    def _line(self, end, size):
        # The line at the front of rx (end: its length, size: with its line
        # end), taken out. Returns True when the command in flight has
        # ended (or was dropped). Only lines that someone gets (a URC's
        # handler, a command that keeps its lines) are made into bytes.
        rx = self.rx
        c = self._current
        if c is not None and c.then is not None and rx.startswith(c.then):
            # The confirmation the command waits for (before or after OK).
            if c.keep:
                c.lines.append(rx.peek(0, end))
            rx.consume(size)
            c.then = None
            if c.final is None:
                return False
            if c.done is not None:
                self._current = None
                c.done(c.final, c.lines)
            return True
        for prefix, handler, ask in self._urcs:
            if rx.startswith(prefix) and not (
                ask is not None and c is not None and c.final is None and _asks(c.cmd, ask)
            ):
                line = rx.peek(0, end)
                rx.consume(size)
                handler(line)
                return False
        if c is None:
            rx.consume(size)
            return False  # nobody asked: noise, or a message the driver ignores
        final = self._is(c.ok, end) or self._is(_ERRORS, end)
        if final is not None:
            c.final = final
        elif self._is(_BUSY, end) is not None:
            # The command was dropped (or, after data, surplus bytes were).
            c.busy = c.cmd is not None
        elif not c.keep or rx.startswith(b"ERR CODE:"):
            rx.consume(size)
            return False  # not kept; the detail of an ERROR that follows
        elif c.size + end <= _LINES_MAX:
            line = rx.peek(0, end)
            rx.consume(size)
            if line != c.cmd:  # an echo
                c.lines.append(line)
                c.size += end + 16
            return False
        else:
            rx.consume(size)
            self.dropped += 1  # endless lines (noise): the heap is not theirs
            return False
        rx.consume(size)
        if c.done is not None and c.ended():
            self._current = None
            c.done(b"busy" if c.final is None else c.final, c.lines)
        # Ended, or its confirmation (then) still to come: the lines already
        # read go on being handled, not left behind a wait.
        return c.ended()

    def _expire(self):
        # A background command whose answer never came (a garbled line, a
        # modem reset) gives way after its deadline.
        c = self._current
        if (
            c is not None
            and c.done is not None
            and time.ticks_diff(c.deadline, time.ticks_ms()) <= 0
        ):
            self._current = None
            c.done(b"timeout", c.lines)

    def abandon(self):
        """Forget the command in flight (the modem restarted)."""
        c = self._current
        self._current = None
        if c is not None and c.done is not None:
            c.done(b"timeout", c.lines)

    # --- commands

    def _settle(self):
        # Wait for a background command to end before sending another.
        while self._current is not None:
            self.pump(min(100, max(1, time.ticks_diff(self._current.deadline, time.ticks_ms()))))

    def _run(self, c, timeout, late):
        # Wait until c ends; on timeout it carries on in the background.
        try:
            while not c.ended():
                self._process()
                if c.ended():
                    break
                left = time.ticks_diff(c.deadline, time.ticks_ms())
                if left <= 0:
                    c.deadline = time.ticks_add(time.ticks_ms(), max(timeout, 5000))
                    c.done = late or _ignore
                    raise ATTimeout(b"timeout", c.lines)
                self._fill(min(left, 100))
        except BaseException:
            # Anything else that ends the wait (a payload that never came
            # whole, the line hung up, an interrupt) ends the command too:
            # the next one must not wait for it.
            if c.done is None and self._current is c:
                self._current = None
            raise
        self._current = None
        f = c.final  # (None: the modem dropped it, busy)
        if f in _ERRORS or f and f.endswith(b" FAIL"):
            raise ATError(c.final, c.lines)
        return c.lines

    def command(self, cmd, timeout=None, prompt=False, late=None, keep=True, then=None, ok=_OK):
        """Send cmd (bytes, without the line end; or an int: the length of
        the command written in place in self.buf) and wait for its final
        answer: returns the information lines (URCs excepted; () with
        keep=False, which drops them unread); with prompt, returns at the
        '>' data prompt (after OK) instead. then: a prefix (b"+NETOPEN:"):
        the command also waits, within its timeout, for the line that
        confirms it, which modems send after OK (it comes last in the
        lines). ok: the lines that end it (a modem may end a command with
        b"0, CLOSE OK" instead of OK); one that ends in " FAIL"
        (b"0, SEND FAIL") ends it as an error. late(final, lines) hears the
        answer of a command that timed out."""
        self._settle()
        timeout = self.timeout if timeout is None else timeout
        deadline = time.ticks_add(time.ticks_ms(), timeout)
        while True:
            c = self._fg.set(cmd, () if prompt else ok, prompt, deadline, keep)
            c.then = then
            self._current = c
            if isinstance(cmd, int):
                self.write(self.buf, put(self.buf, cmd, b"\r\n"))
            else:
                self.write(cmd + b"\r\n")
            lines = self._run(c, timeout, late)
            if not c.busy:
                return lines
            # The modem dropped the command: an earlier one still runs.
            if time.ticks_diff(deadline, time.ticks_ms()) <= 0:
                raise ATTimeout(b"busy")
            self.pump(20)

    def start(self, cmd, done, timeout=None):
        """Send cmd and return at once: done(final, lines) is called when
        its answer has come (final: b"OK", an error, b"busy" when the modem
        dropped it, or b"timeout"), from whichever later call reads it."""
        self._settle()
        deadline = time.ticks_add(time.ticks_ms(), self.timeout if timeout is None else timeout)
        c = self._current = _Command().set(cmd, _OK, False, deadline, True)
        c.done = done
        self.write(cmd + b"\r\n")

    def wait_final(self, ok=_OK, timeout=None, keep=True, then=None):
        """After data sent at a prompt: wait for its final answer (ok, or an
        error: as command()'s); returns the information lines (() with keep=False). then:
        as command()'s (a cellular modem's +CIPSEND: after OK)."""
        timeout = self.timeout if timeout is None else timeout
        c = self._fg.set(None, ok, False, time.ticks_add(time.ticks_ms(), timeout), keep)
        c.then = then
        self._current = c
        return self._run(c, timeout, None)


def _ignore(final, lines):
    pass


def _asks(cmd, ask):
    # Whether the command cmd is ask (AT+NAME), alone or with ? or =...
    return (
        isinstance(cmd, bytes)
        and cmd.startswith(ask)
        and cmd[len(ask) : len(ask) + 1] in (b"", b"?", b"=")
    )
