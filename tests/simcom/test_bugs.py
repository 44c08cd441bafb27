"""The usual bugs of a modem driver, each injected into pint.simcom (a
subclass written into a temporary directory, as an author's driver would
be), through the conformance runner's driver-contract checks against an
emulated modem: each must fail the check aimed at it, naming the driver
method and the cause; the driver without a bug passes them all."""
import os
import re
import subprocess
import sys
import shutil
import tempfile
import time

from simcomlib import ROOT, Checks

FACTORY = """
import os
import network
from _pintserial import Serial
from pint.at import ATError, put
from pint.simcom import SIMCom


class Driver(SIMCom):
    pass
{bug}

def make():
    for path in os.getenv("PINT_SIMCOM").split(","):
        try:
            uart = Serial(path, 115200, exclusive=True)
            break
        except OSError:
            pass
    nic = network.PINT(Driver(uart, timeout=2000))
    nic.connect("internet")
    return nic
"""

# Each bug: the code that injects it, the check that must fail, and what
# its failure must say.
BUGS = {
    "none": ("", None, None),
    "recv says one byte more than it wrote": (
        """
def socket_recv(self, link, buf):
    n = SIMCom.socket_recv(self, link, buf)
    return n + 1 if n else n
Driver.socket_recv = socket_recv
""",
        "recv-small",
        "socket_recv",
    ),
    "send does not wait for the prompt": (
        """
def _send(self, link, buf, n, ip=None, port=0):
    at = self.at
    at.write(b"AT+CIPSEND=%d,%d\\r\\n" % (link.id, n))
    at.write(buf, n)
    try:
        at.wait_final(keep=False, then=b"+CIPSEND:")
    except ATError:
        raise OSError(5)
    return n
Driver._send = _send
""",
        "sends",
        "socket_send",
    ),
    "the close notice ignored": (
        """
Driver._on_peer_closed = lambda self, line: None
""",
        "end of stream",
        "socket_recv",
    ),
    "DNS answer parsed wrong": (
        """
def gethostbyname(self, name):
    with self.at:
        for line in self.at.command(b'AT+CDNSGIP="%s"' % name.encode(), 20000):
            if line.startswith(b"+CDNSGIP: 1,"):
                return line.split(b'"')[1].decode()  # the name, not the address
Driver.gethostbyname = gethostbyname
""",
        "getaddrinfo",
        "gethostbyname",
    ),
    "a link id used again before its close is confirmed": (
        """
def _free_id(self):
    for i in range(10):
        if self._ids[i] is None:
            return i
    raise OSError(105)
Driver._free_id = _free_id
""",
        "reuse",
        "a link reused before the device confirmed its close",
    ),
}


def main():
    checks = Checks()
    tmp = tempfile.mkdtemp(prefix="pint-simcom-bugs-")
    runs = {}
    for i, (name, (bug, _, _)) in enumerate(BUGS.items()):
        path = os.path.join(tmp, "bug{}.py".format(i))
        with open(path, "w") as f:
            f.write(FACTORY.format(bug=bug))
        runs[name] = (
            subprocess.Popen(
                [
                    os.path.join(ROOT, "tools", "with-simcom-emulator"),
                    "--modems",
                    "1",
                    os.path.join(ROOT, "tools", "conformance"),
                    path + ":make",
                    "--contract-only",
                    "--datagram=1500",
                ],
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            ),
            time.monotonic(),
        )
    for name, (proc, t0) in runs.items():
        out, _ = proc.communicate(timeout=600)
        took = time.monotonic() - t0
        bug, check, cause = BUGS[name]
        failed = re.findall(r"^FAIL  contract: (.*)$", out, re.M)
        print("--- {} ({:.0f} s)".format(name, took))
        print("\n".join("  FAIL " + line[:300] for line in failed))
        if check is None:
            checks.check(
                "the driver without a bug: every contract check passes ({:.0f} s)".format(took),
                proc.returncode == 0 and not failed and "0 failed" in out,
            )
            if proc.returncode:
                print(out)
            continue
        aimed = [line for line in failed if line.startswith(check)]
        checks.check(
            "{}: the check {!r} fails, naming {!r} ({:.0f} s)".format(name, check, cause, took),
            proc.returncode == 1 and bool(aimed) and cause in aimed[0],
        )
    shutil.rmtree(tmp)
    checks.exit()


main()
