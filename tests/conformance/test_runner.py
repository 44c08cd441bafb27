"""The conformance runner judges drivers written outside this repository
truthfully: a client-only driver (the host driver's client half, no bind,
listen or accept) gets real verdicts against the runner's own peers, with
what needs a server skipped and the reason given; a driver whose connect
refuses everything fails (its reach check is a failure, not a skip), with
the driver's error in the report and its whole output kept. Both drivers
are files in a temporary directory, named as path/to/driver.py:factory."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import Checks  # noqa: E402

CLIENT_ONLY = """
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


def make():
    return ClientOnly()
"""

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


def run(source, name):
    folder = tempfile.mkdtemp(prefix="pint-driver-")
    path = os.path.join(folder, name + ".py")
    with open(path, "w") as f:
        f.write(source)
    proc = subprocess.run(
        [os.path.join(ROOT, "tools", "conformance"), path + ":make"],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=1800,
    )
    print("\n".join("  " + l for l in proc.stdout.splitlines()), flush=True)
    last = proc.stdout.rstrip().splitlines()[-1:] or [""]
    m = re.match(r"^(\d+) passed, (\d+) failed$", last[0])
    return proc, (int(m.group(1)), int(m.group(2))) if m else None


def row(output, result, section, name):
    # A report line "<result> <section>: <name>..." (name: its start).
    return re.search(
        r"^{:<5} {}: {}".format(result, re.escape(section), re.escape(name)), output, re.M
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
    checks.exit()


main()
