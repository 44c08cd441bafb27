"""The conformance runner judges drivers written outside this repository
truthfully: a client-only driver (the host driver's client half, no bind,
listen or accept) gets real verdicts against the runner's own peers, with
what needs a server skipped and the reason given; a driver whose connect
refuses everything fails (its reach check is a failure, not a skip), with
the driver's error in the report and its whole output kept. Then the
client-only driver with the usual bugs of a device driver injected, one
each (and one in a serving driver that talks to itself): the runner's
contract checks (--contract-only: seconds each, run side by side) must
fail the check aimed at the bug, naming the method and the likely cause,
and the same driver with a number of sockets declared and kept must pass
them all. The drivers are files in a temporary directory, named as
path/to/driver.py:factory."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import Checks  # noqa: E402

CLIENT_CLASS = """
from pint.host import Host


class ClientOnly:
    # The host driver's client half, as a driver written elsewhere.
    def __init__(self):
        self.host = Host()

    def gethostbyname(self, name):
        return self.host.gethostbyname(name)

    def socket_socket(self, domain, kind, proto):
        return self.host.socket_socket(domain, kind, proto)

    def socket_close(self, h):
        self.host.socket_close(h)

    def socket_connect(self, h, ip, port):
        return self.host.socket_connect(h, ip, port)

    def socket_send(self, h, buf):
        return self.host.socket_send(h, buf)

    def socket_recv(self, h, buf):
        return self.host.socket_recv(h, buf)

    def socket_sendto(self, h, buf, ip, port):
        return self.host.socket_sendto(h, buf, ip, port)

    def socket_recvfrom(self, h, buf, ip, port):
        return self.host.socket_recvfrom(h, buf, ip, port)

    def socket_setsockopt(self, h, level, opt, value):
        return self.host.socket_setsockopt(h, level, opt, value)

    def socket_settimeout(self, h, timeout_ms):
        return self.host.socket_settimeout(h, timeout_ms)

    def socket_ioctl(self, h, request, arg):
        return self.host.socket_ioctl(h, request, arg)
"""


def make(cls):
    return "\n\ndef make():\n    return {}()\n".format(cls)


CLIENT_ONLY = CLIENT_CLASS + make("ClientOnly")

BROKEN = """
import errno
from pint.host import Host


class Refuses(Host):
    # Every connect refused: it reaches nothing.
    def socket_connect(self, h, ip, port):
        raise OSError(errno.ECONNREFUSED)


def make():
    return Refuses()
"""

# The usual bugs of a device driver, each injected into the client-only
# driver as a subclass Bug of it: (what the driver does, the bug, the check
# that must fail, what its failure line must say, a check that must still
# pass: the run itself went well).
BUGS = [
    (
        "over-reports",
        """
class Bug(ClientOnly):
    # Reads the device's chunk into a buffer of its own, copies what fits,
    # and returns what the device gave.
    def socket_recv(self, h, buf):
        data = bytearray(64)
        n = self.host.socket_recv(h, memoryview(data))
        if not n:
            return n
        buf[: min(n, len(buf))] = data[: len(buf)]
        return n
""",
        "recv-small:",
        [
            "ValueError: socket_recv returned",
            "-byte buffer: the driver said it wrote more bytes than the buffer holds",
        ],
        "tcp: a connection to the runner's peer",
    ),
    (
        "repeats its read-ahead",
        """
class Bug(ClientOnly):
    # Reads ahead for small buffers, but consumes one byte of what it read
    # ahead whatever it handed over.
    def __init__(self):
        super().__init__()
        self.ahead = {}

    def socket_recv(self, h, buf):
        if len(buf) >= 16:
            return self.host.socket_recv(h, buf)
        data = self.ahead.get(h)
        if not data:
            data = bytearray(16)
            n = self.host.socket_recv(h, memoryview(data))
            if not n:
                return n
            data = data[:n]
        k = min(len(buf), len(data))
        buf[:k] = data[:k]
        self.ahead[h] = data[1:]
        return k
""",
        "recv-small:",
        ["gave", "socket_recv returned bytes that were not the stream's"],
        "sends:",
    ),
    (
        "sends before the device is ready",
        """
import time


class Bug(ClientOnly):
    # Writes the payload without waiting for the device's prompt: one that
    # comes less than 5 ms after the previous is lost, yet reported sent.
    def __init__(self):
        super().__init__()
        self.last = {}

    def socket_send(self, h, buf):
        now = time.ticks_ms()
        last = self.last.get(h, now - 1000)
        self.last[h] = now
        if time.ticks_diff(now, last) < 5 and len(buf) < 64:
            return len(buf)
        return self.host.socket_send(h, buf)
""",
        "sends:",
        [
            "send() returned",
            "came back from the echo within 5 s",
            "socket_send returned before the device took the data?",
        ],
        "recv-small:",
    ),
    (
        "ignores the close",
        """
class Bug(ClientOnly):
    # Ignores the device's close notice: never an end of stream.
    def socket_recv(self, h, buf):
        n = self.host.socket_recv(h, buf)
        return None if n == 0 else n
""",
        "end of stream:",
        ["socket_recv: the peer's close was not reported as end of stream (0)"],
        "recv-small:",
    ),
    (
        "reuses a closing link",
        """
import time


class Bug(ClientOnly):
    # A link is free as soon as its close is asked for, but the device
    # closes it 20 ms later: a connect to the same peer meanwhile gets the
    # old connection (the device's ALREADY CONNECTED taken for OK).
    def __init__(self):
        super().__init__()
        self.closing = []  # (the old connection's handle, its peer, when it goes)
        self.peers = {}

    def socket_close(self, h):
        self.closing.append((h, self.peers.pop(h, None), time.ticks_add(time.ticks_ms(), 20)))

    def socket_connect(self, h, ip, port):
        now = time.ticks_ms()
        while self.closing and time.ticks_diff(now, self.closing[0][2]) >= 0:
            self.host.socket_close(self.closing.pop(0)[0])
        self.peers[h] = (tuple(ip), port)
        for k, (old, peer, _) in enumerate(self.closing):
            if peer == (tuple(ip), port):
                del self.closing[k]
                h.sock, h.fd = old.sock, old.fd
                return True
        return self.host.socket_connect(h, ip, port)
""",
        "reuse:",
        [
            "of 16: sent b'cycle ",
            "got back",
            "a link reused before the device confirmed its close?",
        ],
        # (Not tcp: it connects to the same peer right after the sends
        # check closed its connection, and gets that one.)
        "reach: this machine's network",
    ),
    (
        "raises the device's error as it comes",
        """
class Bug(ClientOnly):
    def socket_connect(self, h, ip, port):
        try:
            return self.host.socket_connect(h, ip, port)
        except OSError:
            raise RuntimeError("the modem said CONNECT FAIL")
""",
        "errors:",
        [
            "socket.connect raised RuntimeError: the modem said CONNECT FAIL, not OSError(errno):"
            " a driver must turn its device's errors into OSError"
        ],
        "sends:",
    ),
    (
        "takes a failed send for a success",
        """
class Bug(ClientOnly):
    def socket_send(self, h, buf):
        try:
            return self.host.socket_send(h, buf)
        except OSError:
            return len(buf)
""",
        "errors:",
        ["20 sends after the peer closed all succeeded: socket_send does not report"],
        "sends:",
    ),
    (
        "waits for a link that does not come",
        """
import errno
import time


class Bug(ClientOnly):
    # Three links; a fourth connect waits for one until the socket's timeout.
    pint_links = 3

    def __init__(self):
        super().__init__()
        self.used = []
        self.timeouts = {}

    def socket_settimeout(self, h, timeout_ms):
        self.timeouts[h] = timeout_ms
        return self.host.socket_settimeout(h, timeout_ms)

    def socket_connect(self, h, ip, port):
        if len(self.used) >= 3:
            time.sleep_ms(max(0, self.timeouts.get(h, 5000)))
            raise OSError(errno.ETIMEDOUT)
        self.host.socket_connect(h, ip, port)
        self.used.append(h)
        return True

    def socket_close(self, h):
        if h in self.used:
            self.used.remove(h)
        self.host.socket_close(h)
""",
        "links: 3 sockets at once (pint_links)",
        ["socket 4 of 3 declared raised ETIMEDOUT", "not ENOBUFS, ENOMEM or EMFILE"],
        "reuse:",
    ),
]

# The client-only driver with three links, the fourth refused with ENOBUFS:
# it must pass every contract check, the links check included.
LIMITED = """
import errno


class Limited(ClientOnly):
    pint_links = 3

    def __init__(self):
        super().__init__()
        self.used = []

    def socket_connect(self, h, ip, port):
        if len(self.used) >= 3:
            raise OSError(errno.ENOBUFS)
        self.host.socket_connect(h, ip, port)
        self.used.append(h)
        return True

    def socket_close(self, h):
        if h in self.used:
            self.used.remove(h)
        self.host.socket_close(h)
"""

# A serving driver (the host driver) that ignores the close, its network
# declared its own: the checks' far ends are its own sockets.
SERVING_NO_EOF = """
from pint.host import Host


class Bug(Host):
    def socket_recv(self, h, buf):
        n = super().socket_recv(h, buf)
        return None if n == 0 else n


def make():
    return Bug()
"""


def start(source, name, *options):
    # The runner on source written to a file of its own; the process.
    folder = tempfile.mkdtemp(prefix="pint-driver-")
    path = os.path.join(folder, name + ".py")
    with open(path, "w") as f:
        f.write(source)
    proc = subprocess.Popen(
        [os.path.join(ROOT, "tools", "conformance"), path + ":make", *options],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    proc.folder = folder
    return proc


def finish(proc):
    # (its output, its exit status, its summary (passed, failed) or None).
    out = proc.communicate(timeout=1800)[0]
    shutil.rmtree(proc.folder, ignore_errors=True)
    print("\n".join("  " + l for l in out.splitlines()), flush=True)
    last = out.rstrip().splitlines()[-1:] or [""]
    m = re.match(r"^(\d+) passed, (\d+) failed$", last[0])
    return out, proc.returncode, (int(m.group(1)), int(m.group(2))) if m else None


def run(source, name):
    proc = start(source, name)
    out, returncode, summary = finish(proc)
    return subprocess.CompletedProcess(proc.args, returncode, out), summary


def row(output, result, section, name):
    # A report line "<result> <section>: <name>..." (name: its start).
    return re.search(
        r"^{:<5} {}: {}.*$".format(result, re.escape(section), re.escape(name)), output, re.M
    )


def main():
    checks = Checks()
    proc, summary = run(CLIENT_ONLY, "clientonly")
    out = proc.stdout
    checks.check(
        "client-only: a summary line, no crash", summary is not None and "Traceback" not in out
    )
    checks.check(
        "client-only: all passed, exit 0 ({})".format(summary),
        proc.returncode == 0 and summary is not None and summary[0] >= 14 and summary[1] == 0,
    )
    for name in (
        "reach: this machine's network",
        "tcp: a connection to the runner's peer",
        "udp: a datagram and its source address",
        "timeout: recv with nothing to read",
        "non-blocking: recv with nothing to read",
        "poll: writable when connected",
        "refused: connect to a port nobody listens on fails",
        "asyncio: a client on the driver",
        "recv-small: a stream from the runner's peer",
        "sends: 60 small sends",
        "end of stream: the peer's close",
        "reuse: 16 connections",
        "errors: an unknown name",
    ):
        checks.check(
            "client-only: contract '{}' passed".format(name), row(out, "pass", "contract", name)
        )
    checks.check(
        "client-only: a test needing a server skipped with the reason",
        re.search(r"^skip  micropython: net_hosted/accept_timeout.py - needs a server", out, re.M),
    )
    checks.check(
        "client-only: a client test of MicroPython's ran and passed",
        row(out, "pass", "micropython", "net_hosted/connect_poll.py"),
    )
    checks.check(
        "client-only: the requests peer ran and passed",
        row(out, "pass", "peers", "test_requests.py"),
    )
    checks.check(
        "client-only: the UDP peer, which binds, skipped with the reason",
        re.search(r"^skip  peers: test_udp.py - binds a port on the driver", out, re.M),
    )

    proc, summary = run(BROKEN, "refuses")
    out = proc.stdout
    checks.check(
        "a driver that reaches nothing: exit 1, failures counted ({})".format(summary),
        proc.returncode == 1 and summary is not None and summary[1] >= 1,
    )
    reach = row(out, "FAIL", "contract", "reach: this machine's network")
    checks.check(
        "a driver that reaches nothing: the reach check failed, with the driver's error",
        reach is not None and "ECONNREFUSED" in out[reach.start() : reach.start() + 400],
    )
    kept = re.search(r"the whole output: (\S+)\)", out)
    checks.check(
        "a driver that reaches nothing: its whole output kept ({})".format(kept and kept.group(1)),
        kept is not None and os.path.exists(os.path.join(ROOT, kept.group(1))),
    )
    injected(checks)
    checks.exit()


def injected(checks):
    # The contract checks alone, every driver at once (most of their time
    # is spent waiting).
    t0 = time.monotonic()
    runs = [
        (
            "a driver that " + what,
            start(CLIENT_CLASS + bug + make("Bug"), "bug{}".format(k), "--contract-only"),
            check,
            says,
            passes,
        )
        for k, (what, bug, check, says, passes) in enumerate(BUGS)
    ]
    runs.append(
        (
            "a serving driver that ignores the close, talking to itself",
            start(SERVING_NO_EOF, "serving", "--contract-only", "--own-network"),
            "end of stream:",
            ["socket_recv: the peer's close was not reported as end of stream (0)"],
            "recv-small: a stream from itself",
        )
    )
    limited = start(CLIENT_CLASS + LIMITED + make("Limited"), "limited", "--contract-only")
    for what, proc, check, says, passes in runs:
        out, returncode, summary = finish(proc)
        line = row(out, "FAIL", "contract", check)
        line = line.group(0) if line else ""
        checks.check(
            "{}: exit 1, its check '{}' failed saying {} ({})".format(
                what, check, " / ".join(repr(s) for s in says), line[:300]
            ),
            returncode == 1 and line and all(s in line for s in says),
        )
        checks.check(
            "{}: its check '{}' still passed".format(what, passes),
            row(out, "pass", "contract", passes),
        )
    out, returncode, summary = finish(limited)
    checks.check(
        "a driver with 3 links declared and kept: every contract check passed ({})".format(
            summary
        ),
        returncode == 0 and summary is not None and summary[0] >= 16 and summary[1] == 0,
    )
    links = row(out, "pass", "contract", "links: 3 sockets at once (pint_links)")
    checks.check(
        "a driver with 3 links declared and kept: its links check passed, socket 4 refused"
        " with ENOBUFS",
        links is not None and "socket 4 raised ENOBUFS" in links.group(0),
    )
    print("the drivers with bugs injected: {:.1f} s".format(time.monotonic() - t0), flush=True)


main()
