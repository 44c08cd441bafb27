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

A command that ends in ERROR or FAIL raises ATError (with the lines before
it); one that gets no final answer in time raises ATTimeout. A modem's
"busy p..." (it dropped the command because an earlier one still runs)
makes the engine send the command again until the time is up.
"""

import select
import time

from pint.fifo import Fifo


class ATError(Exception):
    """A command ended in an error: final is the last line (b"ERROR",
    b"FAIL", b"SEND FAIL"), lines the information lines before it."""

    def __init__(self, final, lines=()):
        super().__init__(final)
        self.final = final
        self.lines = lines


class ATTimeout(ATError):
    """No final answer in time."""


_ERRORS = (b"ERROR", b"FAIL", b"SEND FAIL")
_BUSY = (b"busy p...", b"busy s...")


class AT:
    def __init__(self, stream, buffer=1024, timeout=5000, trace=None):
        self.stream = stream
        self.rx = Fifo(buffer)
        self.timeout = timeout
        # trace(direction, data): "<" from the modem, ">" to it (demos).
        self.trace = trace
        self._poller = select.poll()
        self._poller.register(stream, select.POLLIN)
        self._urcs = []
        self._frames = []
        self._lines = None  # the info lines of the command waiting, if any
        self._final = None
        self._ok = (b"OK",)
        self._prompt = False
        self._busy = False
        self._cmd = None

    # --- registering handlers

    def urc(self, prefix, handler):
        """handler(line) for every line that starts with prefix, whenever it
        comes (also while a command waits)."""
        self._urcs.append((prefix, handler))

    def frame(self, prefix, handler):
        """handler() when the input starts with prefix at a line start: it
        returns True when it took the frame (header and payload) from the
        input, False when more input is needed first, None when it is no
        frame after all (then it is read as a line)."""
        self._frames.append((prefix, handler))

    # --- input and output

    def write(self, data):
        if self.trace:
            self.trace(">", data)
        self.stream.write(data)

    def _fill(self, wait_ms):
        # What has arrived into rx; waits up to wait_ms for the first byte.
        rx = self.rx
        before = len(rx)
        n = rx.fill(self.stream)
        if not n and wait_ms and self._poller.poll(wait_ms):
            n = rx.fill(self.stream)
        if n and self.trace:
            self.trace("<", rx.peek(before))
        return n

    def read_into(self, buf, n):
        """Read exactly n bytes of payload into buf (a memoryview or None to
        discard them): first what rx holds, then straight from the stream.
        For frame handlers."""
        rx = self.rx
        if buf is None:
            got = min(n, len(rx))
            rx.consume(got)
        else:
            got = rx.readinto(buf, n)
        stream = self.stream
        deadline = time.ticks_add(time.ticks_ms(), self.timeout)
        while got < n:
            if buf is None:
                self._fill(0)
                k = min(n - got, len(rx))
                rx.consume(k)
            else:
                k = stream.readinto(buf[got:n])
                if k and self.trace:
                    self.trace("<", bytes(buf[got : got + k]))
            if k:
                got += k
                deadline = time.ticks_add(time.ticks_ms(), self.timeout)
            elif time.ticks_diff(deadline, time.ticks_ms()) <= 0:
                raise ATTimeout(b"timeout")
            else:
                self._poller.poll(min(100, max(1, time.ticks_diff(deadline, time.ticks_ms()))))

    # --- processing the input

    def pump(self, wait_ms=0):
        """Read what has arrived and handle every complete line and frame in
        it (URCs go to their handlers). Waits up to wait_ms for input when
        there is none."""
        self._fill(wait_ms)
        self._process()

    def _process(self):
        rx = self.rx
        while len(rx):
            # Blank lines and line ends between lines.
            while rx.startswith(b"\r") or rx.startswith(b"\n"):
                rx.consume(1)
            if not len(rx):
                return
            if self._prompt and rx.startswith(b">"):
                rx.consume(2 if rx.startswith(b"> ") else 1)
                self._final = b">"
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
                if self._final is not None:
                    return
                continue
            nl = rx.find(b"\n")
            if nl < 0:
                if not rx.room():
                    rx.clear()  # no line is this long: noise
                return
            line = rx.peek(0, nl - 1 if nl and rx.startswith(b"\r", nl - 1) else nl)
            rx.consume(nl + 1)
            self._line(line)
            if self._final is not None or self._busy:
                return

    def _line(self, line):
        for prefix, handler in self._urcs:
            if line.startswith(prefix):
                handler(line)
                return
        if self._lines is None:
            return  # nobody asked: noise, or a message the driver ignores
        if line in self._ok or line in _ERRORS:
            self._final = line
        elif line in _BUSY:
            # The command was dropped (or, after data, surplus bytes were).
            self._busy = self._cmd is not None
        elif line == self._cmd or line.startswith(b"ERR CODE:"):
            pass  # an echo; the detail of an ERROR that follows
        else:
            self._lines.append(line)

    # --- commands

    def _wait(self, deadline):
        # Until a final answer, a prompt or busy; ATTimeout at deadline.
        while self._final is None and not self._busy:
            self._process()
            if self._final is not None or self._busy:
                break
            left = time.ticks_diff(deadline, time.ticks_ms())
            if left <= 0:
                raise ATTimeout(b"timeout", self._lines)
            self._fill(min(left, 100))

    def _result(self):
        final, lines = self._final, self._lines
        self._lines = None
        self._prompt = False
        self._ok = (b"OK",)
        if final in _ERRORS:
            raise ATError(final, lines)
        return lines

    def command(self, cmd, timeout=None, prompt=False):
        """Send cmd (bytes, without the line end) and wait for its final
        answer: returns the information lines (URCs excepted); with prompt,
        returns at the '>' data prompt (after OK) instead."""
        deadline = time.ticks_add(time.ticks_ms(), self.timeout if timeout is None else timeout)
        line = cmd + b"\r\n"
        while True:
            self._lines = []
            self._final = None
            self._busy = False
            self._prompt = prompt
            self._ok = () if prompt else (b"OK",)
            self._cmd = cmd
            self.write(line)
            try:
                self._wait(deadline)
            except ATTimeout:
                self._lines = None
                self._prompt = False
                raise
            if not self._busy:
                return self._result()
            # The modem dropped the command: an earlier one still runs.
            if time.ticks_diff(deadline, time.ticks_ms()) <= 0:
                self._lines = None
                raise ATTimeout(b"busy")
            self.pump(20)

    def wait_final(self, ok=(b"OK",), timeout=None):
        """After data sent at a prompt: wait for its final answer (ok, or an
        error); returns the information lines."""
        deadline = time.ticks_add(time.ticks_ms(), self.timeout if timeout is None else timeout)
        self._lines = []
        self._final = None
        self._busy = False
        self._prompt = False
        self._ok = ok
        self._cmd = None
        try:
            self._wait(deadline)
        except ATTimeout:
            self._lines = None
            raise
        return self._result()
