"""What the project's modem emulators share (CPython): a modem on a
pseudo-terminal that reads AT command lines and the data that follows a
prompt, answers them through handlers (at_<name>), and takes injected
faults; and the Emulator that runs modems in a thread of their own, their
links being sockets of this machine, each line throttled to a baud rate
if asked, losing bytes if asked.

tools/espat_emulator.py (ESP-AT Wi-Fi modems) and tools/simcom_emulator.py
(SIMCom cellular modems) are the modems.
"""

import collections
import os
import pty
import queue
import selectors
import socket
import termios
import threading
import time
import tty


class Link:
    """A link of an emulated modem: a socket of this machine. What the
    modem keeps for the host: rx (TCP), datagrams (UDP: (data, address))."""

    def __init__(self, kind, sock, remote=None):
        self.kind = kind  # b"TCP" or b"UDP"
        self.sock = sock
        self.remote = remote  # (ip, port): TCP's peer
        self.rx = bytearray()
        self.datagrams = collections.deque()
        self.peer_closed = False  # the peer has closed; told once the data is read
        self.connecting = None  # the deadline while its connect runs

    def held(self):
        return len(self.rx) + sum(len(d) for d, a in self.datagrams)


class LineModem:
    """A modem on a serial line: a pty of its own (path: what the firmware
    opens), or device, a serial line someone else made (qemu's pty for a
    board's UART). Subclasses write at_<name>(args, query) handlers: args
    the parsed arguments of AT+NAME=... (None without =), query whether it
    was AT+NAME?."""

    BUSY = b"busy p..."  # what the modem says to a command while busy
    LINKS = 0  # its link ids: 0..LINKS-1 (self.links: the Link under each, or None)

    def __init__(self, emu, index, device=None):
        self.emu = emu
        self.index = index
        self.loss = 0.0  # the line to the host loses each byte with this chance
        self.lost = 0  # bytes it lost
        if device is None:
            self.master, self._slave = pty.openpty()
            tty.setraw(self._slave)
            self.path = os.ttyname(self._slave)
        else:
            self.master = self._slave = os.open(device, os.O_RDWR | os.O_NOCTTY)
            tty.setraw(self.master)
            self.path = device
        os.set_blocking(self.master, False)
        self.out = bytearray()
        self.log = []  # commands seen (for tests)
        self.links = [None] * self.LINKS
        self.line = bytearray()
        self.echo = True
        # After a prompt: [bytes still to come, what came, done(payload)].
        self.data = None
        self.busy = None  # what the modem is doing (commands get BUSY)
        self.faults = collections.deque()  # (kind, arg) for upcoming commands
        self.mute = False  # the running command's OK is lost on the line

    # --- output

    def send(self, data):
        self.out += data

    def urc(self, text):
        self.send(text + b"\r\n")

    def ok(self):
        if self.mute:
            self.mute = False  # done, but the host never hears it
            return
        self.send(b"\r\nOK\r\n")

    def error(self):
        self.send(b"\r\nERROR\r\n")

    def expect_data(self, n, done):
        """The next n bytes from the host are data: done(payload) then."""
        self.data = [n, bytearray(), done]

    # --- input

    def feed(self, data):
        i = 0
        while i < len(data):
            if self.data is not None:
                left, buf, done = self.data
                take = data[i : i + left]
                buf += take
                i += len(take)
                self.data[0] = left - len(take)
                if self.data[0] == 0:
                    self.data = None
                    done(bytes(buf))
                continue
            b = data[i]
            i += 1
            if b == 10:  # LF ends a command (after CR)
                line = bytes(self.line).rstrip(b"\r")
                self.line = bytearray()
                if line:
                    if self.echo:
                        self.send(line + b"\r\n")
                    self.command(line)
            elif len(self.line) < 512:
                self.line.append(b)

    def command(self, line):
        self.log.append(line)
        if self.busy is not None:
            self.urc(self.BUSY)
            return
        if self.faults:
            kind, arg = self.faults[0]
            prefix = arg[0] if kind == "answer" else arg
            if prefix is None or line.startswith(prefix):
                if not (kind == "answer" and len(arg) > 2 and arg[2] == "always"):
                    self.faults.popleft()
                if kind == "error":
                    self.error()
                    return
                if kind == "busy":
                    self.urc(self.BUSY)
                    return
                if kind == "answer":
                    self.send(arg[1])  # what a buggy firmware says instead
                    return
                if kind == "mute":
                    self.mute = True  # it runs; its OK is lost on the line
        if not line.startswith(b"AT"):
            self.error()
            return
        name, sep, args = line[2:].partition(b"=")
        query = name.endswith(b"?")
        handler = getattr(self, "at_" + name.decode("latin-1").strip("+?").lower(), None)
        if handler is None:
            self.error()
            return
        try:
            handler(parse_args(args) if sep else None, query)
        except (ValueError, IndexError, TypeError, UnicodeDecodeError):
            self.error()

    def at_(self, args, query):
        self.ok()

    def at_e0(self, args, query):
        self.echo = False
        self.ok()

    def at_e1(self, args, query):
        self.echo = True
        self.ok()

    # --- links

    def link_id(self, arg):
        """A link id given in a command (ValueError: the modem says ERROR)."""
        i = int(arg)
        if not 0 <= i < self.LINKS:
            raise ValueError
        return i

    def drop(self, i):
        """Close link i's socket, saying nothing; the link, or None."""
        link = self.links[i]
        if link is not None:
            self.emu.unwatch(link.sock)
            link.sock.close()
            self.links[i] = None
        return link

    def close_all(self):
        """Close every socket (a restart, the emulator stops)."""
        for i in range(len(self.links)):
            self.drop(i)

    def start_connect(self, i, link, timeout):
        """Link i's TCP connect to link.remote, its socket not blocking:
        connected(i) when it is done, connect_failed(i, refused) when it
        fails (refused, or after timeout seconds: not)."""
        self.links[i] = link
        link.sock.setblocking(False)
        if link.sock.connect_ex(link.remote) == 0:
            self.connected(i)
            return
        link.connecting = time.monotonic() + timeout
        self.emu.watch(link.sock, selectors.EVENT_WRITE, ("connect", self, i))

    def connect_done(self, i):
        """Link i's connect has ended."""
        link = self.links[i]
        if link is None or link.connecting is None:
            return
        err = link.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        self.emu.unwatch(link.sock)
        if err == 0:
            self.connected(i)
        else:
            self.connect_failed(i, True)

    def tick(self, now):
        """Called at every step of the emulator: connects that took too long."""
        for i, link in enumerate(self.links):
            if link is not None and link.connecting is not None and link.connecting <= now:
                self.connect_failed(i, False)

    def pause(self, i):
        """Stop reading link i's socket: the modem keeps all it can (TCP's
        flow control holds the rest)."""
        self.emu.unwatch(self.links[i].sock)
        self.emu.paused.add((self, i))

    def resume(self, i, limit):
        """Read link i's socket again, if paused and the modem keeps less
        than limit bytes."""
        if (self, i) in self.emu.paused and len(self.links[i].rx) < limit:
            self.emu.paused.discard((self, i))
            self.emu.watch(self.links[i].sock, selectors.EVENT_READ, ("data", self, i))

    def restart(self):
        """The modem restarts: every link and everything not yet read by
        the host is lost; power_on() sets it up as new."""
        self.close_all()
        self.out = bytearray()
        termios.tcflush(self._slave, termios.TCIFLUSH)
        self.power_on()

    # --- what subclasses have

    def power_on(self):
        """The modem's state as it starts."""

    def connected(self, i):
        """Link i's connect has succeeded."""

    def connect_failed(self, i, refused):
        """Link i's connect has failed: refused, or timed out."""

    def incoming(self, i):
        """Link i's socket has something."""

    def accept(self):
        """The listening socket has a connection."""

    def fault(self, kind, arg=None):
        if kind in ("error", "busy", "answer", "mute"):
            self.faults.append((kind, arg))  # the next command (starting with arg)
        elif kind == "clear":
            self.faults.clear()
        elif kind == "noise":
            self.send(arg or b"\x00\xff\x13garbage\xfe\r\n")
        elif kind == "lossy":
            self.loss = arg or 0.0  # a UART without flow control, overrun
        elif kind == "hold":
            self.busy = "hold"  # every command gets BUSY until "release"
        elif kind == "release":
            self.busy = None
        else:
            raise ValueError("unknown fault " + kind)


def parse_args(args):
    # The comma-separated arguments of a command; quoted strings unescaped.
    out = []
    i = 0
    n = len(args)
    while i < n:
        if args[i : i + 1] == b'"':
            j = i + 1
            val = bytearray()
            while j < n and args[j : j + 1] != b'"':
                if args[j : j + 1] == b"\\" and j + 1 < n:
                    j += 1
                val += args[j : j + 1]
                j += 1
            out.append(bytes(val))
            i = j + 1
        else:
            j = args.find(b",", i)
            j = n if j < 0 else j
            out.append(args[i:j].strip())
            i = j
        if args[i : i + 1] == b",":
            i += 1
    return out


class Emulator:
    """Modems (LineModem objects that make(emulator, index, device) makes),
    one per device (None: a pty of its own), run in a thread. baud:
    throttle each line to this rate (bytes/s = baud/10; 0: as fast as
    possible); chunk: write in random pieces of at most chunk bytes, so
    that every header and answer arrives split at every possible point."""

    def __init__(self, make, devices, baud=0, trace=None, chunk=0):
        self.sel = selectors.DefaultSelector()
        self.baud = baud
        self.chunk = chunk
        self._random = __import__("random").Random(1)
        self.trace = trace
        self.paused = set()
        self.timers = []
        self.actions = queue.Queue()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self.sel.register(self._wake_r, selectors.EVENT_READ, ("wake", None, None))
        self.modems = [make(self, i, d) for i, d in enumerate(devices)]
        self.paths = [m.path for m in self.modems]
        self._budget = {}
        for m in self.modems:
            self.sel.register(m.master, selectors.EVENT_READ, ("line", m, None))
            self._budget[m.master] = [0.0, 0.0, time.monotonic()]  # rx, tx, when
        self._running = False
        self._thread = None

    def watch(self, sock, events, data):
        try:
            self.sel.register(sock, events, data)
        except KeyError:
            self.sel.modify(sock, events, data)

    def unwatch(self, sock):
        try:
            self.sel.unregister(sock)
        except (KeyError, ValueError):
            pass

    def later(self, delay, fn):
        self.timers.append((time.monotonic() + delay, fn))

    def fault(self, modem, kind, arg=None):
        """Inject a fault into modem (an index), from any thread: "error" or
        "busy" for the next command (starting with arg, bytes, if given),
        "noise" (bytes arg), "hold" / "release" (busy for every command
        meanwhile), "answer" (arg: (prefix, raw bytes[, "always"]): the
        next command starting with prefix, or every one until "clear", gets
        raw as its whole answer), "mute" (the next command starting with
        arg runs, but its OK is lost on the line), "clear" (the faults not
        yet met), "hangup" (the line closes), "lossy" (arg: the chance that
        each byte to the host is lost, a UART overrun; 0 ends it); and the
        modem's own (reset, drop: see its fault())."""
        if kind == "hangup":
            self.call(lambda: self._hangup(self.modems[modem]))
            return
        self.call(lambda: self.modems[modem].fault(kind, arg))

    def _hangup(self, m):
        self.sel.unregister(m.master)
        os.close(m.master)
        m.out = bytearray()
        m.master = -1

    def call(self, fn):
        """Run fn in the emulator's thread, and wait for it."""
        if threading.current_thread() is self._thread or not self._running:
            return fn()
        done = queue.Queue()
        self.actions.put((fn, done))
        os.write(self._wake_w, b"x")
        ok, value = done.get(timeout=10)
        if not ok:
            raise value
        return value

    def _allowance(self, fd, direction, wanted):
        # Bytes this line may move now in direction 0 (in) or 1 (out).
        if not self.baud:
            return wanted
        b = self._budget[fd]
        now = time.monotonic()
        rate = self.baud / 10.0
        for d in (0, 1):
            b[d] = min(b[d] + (now - b[2]) * rate, max(64.0, rate / 50))
        b[2] = now
        n = int(min(wanted, b[direction]))
        b[direction] -= n
        return n

    def _flush(self, m):
        if not m.out or m.master < 0:
            return
        n = self._allowance(m.master, 1, len(m.out))
        if self.chunk:
            n = min(n, self._random.randint(1, self.chunk))
        if n <= 0:
            return
        data = bytes(m.out[:n])
        if m.loss:
            # A lossy line: the bytes it loses are taken from the output as
            # if written, and never arrive.
            kept = bytes(b for b in data if self._random.random() >= m.loss)
            if len(kept) < len(data):
                m.lost += len(data) - len(kept)
                del m.out[:n]
                try:
                    os.write(m.master, kept)
                except OSError:
                    pass
                return
        try:
            written = os.write(m.master, data)
        except BlockingIOError:
            written = 0
        except OSError:
            m.out = bytearray()
            return
        if written and self.trace:
            self.trace(m.index, "<", bytes(m.out[:written]))
        del m.out[:written]
        if self.baud and written < n:
            self._budget[m.master][1] += n - written

    def _read_line(self, m):
        n = self._allowance(m.master, 0, 4096)
        if n <= 0:
            return
        try:
            data = os.read(m.master, n)
        except (BlockingIOError, OSError):
            return
        if self.trace:
            self.trace(m.index, ">", data)
        m.feed(data)

    def step(self, timeout):
        throttled = self.baud and any(m.out for m in self.modems)
        for key, events in self.sel.select(min(timeout, 0.002) if throttled else timeout):
            kind, m, i = key.data
            if kind == "wake":
                try:
                    os.read(self._wake_r, 512)
                except BlockingIOError:
                    pass
            elif kind == "line":
                self._read_line(m)
            elif kind == "data":
                m.incoming(i)
            elif kind == "accept":
                m.accept()
            elif kind == "connect":
                m.connect_done(i)
        while not self.actions.empty():
            fn, done = self.actions.get()
            try:
                done.put((True, fn()))
            except Exception as e:
                done.put((False, e))
        now = time.monotonic()
        due = [t for t in self.timers if t[0] <= now]
        self.timers = [t for t in self.timers if t[0] > now]
        for t, fn in due:
            fn()
        for m in self.modems:
            m.tick(now)
            self._flush(m)

    def _loop(self):
        while self._running:
            pending = any(m.out for m in self.modems)
            wait = 0 if pending and self.chunk else 0.001 if pending else 0.05
            if self.timers:
                # A timer due sooner (a modem's delayed answer) ends the wait.
                wait = max(0, min(wait, min(t[0] for t in self.timers) - time.monotonic()))
            self.step(wait)

    def start(self):
        self._running = True
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def serve(self):
        """Run in this thread until interrupted (the command-line tools)."""
        self._running = True
        self._thread = threading.current_thread()
        try:
            self._loop()
        except KeyboardInterrupt:
            pass

    def stop(self):
        self._running = False
        os.write(self._wake_w, b"x")
        if self._thread:
            self._thread.join(5)
        for m in self.modems:
            m.close_all()

    def commands(self, modem):
        """The command lines modem has received so far."""
        return self.call(lambda: list(self.modems[modem].log))
