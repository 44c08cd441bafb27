"""Shared by the ESP-AT driver tests: each is a CPython program that starts
emulated ESP-AT modems (tools/espat_emulator.py) in its own process, runs a
MicroPython script of this directory on the host firmware with the modem's
device path, injects faults at the moments the script asks for, and checks
what both sides saw. tools/run-tests runs them inside tools/netns-exec's
private network namespace."""
import hashlib
import os
import socketserver
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))

from espat_emulator import Emulator  # noqa: E402,F401
from peerlib import FIRMWARE, Checks, free_port, tcp_server, udp_echo  # noqa: E402,F401


def record_checks(checks, script, prefix=""):
    """The script's own checks (lines "CHECK what ok|FAILED") into checks,
    each named with prefix."""
    for line in script.lines:
        if line.startswith("CHECK "):
            what, _, result = line[6:].rpartition(" ")
            checks.check(prefix + what, result == "ok")


class Echo(socketserver.BaseRequestHandler):
    # An echo server's handler (tcp_server(Echo)): every byte sent back.
    def handle(self):
        while True:
            try:
                data = self.request.recv(65536)
            except OSError:
                break
            if not data:
                break
            self.request.sendall(data)


class Script:
    """A MicroPython script of this directory (or of here), running: its output lines
    are read one at a time; a line "STEP name" waits for the test to answer
    with step() (after injecting a fault, say). A script still running
    after limit seconds is killed (a hang fails the test, not the run)."""

    def __init__(self, name, *args, env=None, heap="4M", limit=600, here=HERE):
        cmd = [FIRMWARE, "-X", "heapsize=" + heap, os.path.join(here, name), *map(str, args)]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=here,
            env=dict(os.environ, **(env or {})),
        )
        self.lines = []
        self.watchdog = threading.Timer(limit, self.proc.kill)
        self.watchdog.daemon = True
        self.watchdog.start()

    def until(self, prefix):
        """Read lines until one starts with prefix; return it (None at the
        end of the output)."""
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            print("  mp:", line, flush=True)
            self.lines.append(line)
            if line.startswith(prefix):
                return line
        return None

    def step(self):
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def finish(self, timeout=120):
        out, _ = self.proc.communicate(timeout=timeout)
        self.watchdog.cancel()
        for line in out.splitlines():
            print("  mp:", line)
            self.lines.append(line)
        return self.proc.returncode

    def saw(self, line):
        return line in self.lines


class Peer(socketserver.BaseRequestHandler):
    # The peer of mp_transfer.py: sends the size asked for, then reads half
    # as much back; digests[size] = (SHA-256 sent, SHA-256 read, bytes read).
    digests = {}

    def handle(self):
        f = self.request.makefile("rb")
        size = int(f.readline())
        data = bytes((i * 7 + 1) & 255 for i in range(size))
        self.request.sendall(data)
        got = b""
        while len(got) < size // 2:
            chunk = self.request.recv(65536)
            if not chunk:
                break
            got += chunk
        Peer.digests[size] = (
            hashlib.sha256(data).hexdigest(),
            hashlib.sha256(got).hexdigest(),
            len(got),
        )


def check_transfer(checks, name, mp, size):
    """The checks of an mp_transfer.py run against Peer, each named
    "<name>: ..."."""
    sent, received, count = Peer.digests.get(size, (None, None, 0))
    down = [l.split() for l in mp.lines if l.startswith("DOWNLOAD")]
    up = [l.split() for l in mp.lines if l.startswith("UPLOAD")]
    checks.check(
        "{}: download of {} bytes intact".format(name, size),
        bool(down) and down[0][1] == str(size) and down[0][2] == sent,
    )
    checks.check(
        "{}: upload of {} bytes intact".format(name, size // 2),
        bool(up) and count == size // 2 and up[0][2] == received,
    )
    checks.check(
        "{}: datagrams".format(name),
        mp.saw("CHECK 4 datagrams echoed whole, from the peer's address ok"),
    )
    checks.check(
        "{}: joined".format(name),
        mp.saw("CHECK joined ok"),
    )
    loads = [l for l in mp.lines if l.startswith("CHECK a client loads ")]
    checks.check(
        "{}: {}".format(name, loads[0][6:] if loads else "the modules a client loads"),
        bool(loads) and loads[0].endswith(" ok"),
    )


def reply(size):
    """The reply SendAndClose sends: size deterministic bytes."""
    return bytes((i * 13 + 5) & 255 for i in range(size))


def reply_digest(size):
    """The digest mp_bigread.py prints for reply(size)."""
    d = 0
    for b in reply(size):
        d = (d * 31 + b) & 0xFFFFFFFF
    return d


class SendAndClose(socketserver.BaseRequestHandler):
    # The peer of mp_bigread.py: answers its "go" with reply(size) and
    # closes at once, as an HTTP/1.0 server does.
    size = 0

    def handle(self):
        self.request.recv(10)
        self.request.sendall(reply(self.size))
