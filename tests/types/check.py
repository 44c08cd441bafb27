"""The typed driver interface checks drivers as docs/driver-guide.md and
docs/writing-a-driver.md say to (tools/check-types: mypy with
pint/driver.pyi, the stubs of the pint package, pint.fifo and pint.at, and
MicroPython's time and select): the driver template, annotated, checks
clean, runs on the firmware, and its types mean something (a copy whose
socket_recv returns the wrong type is caught, in its body and in its
annotation; so is a misspelt call of the AT engine); nothing is reported
inside the pint package, checked as the package directories
python/pint/pint and python/pint-at; MicroPython's time and select
functions are known, CPython's own are not; exactly the lines marked
"# error:" in bad_driver.py are reported. One test each; exits 0 when all
hold."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import BUILD, FIRMWARE, Checks  # noqa: E402

TEMPLATE = os.path.join(ROOT, "examples", "driver_template.py")

# A driver's use of MicroPython's time and select, which CPython's lack;
# the line marked uses what only CPython's time has.
MICROPYTHON_MODULES = """
import select
import time

from pint.driver import Driver


class Timed(Driver):
    def __init__(self, uart: object) -> None:
        self.poller = select.poll()
        self.poller.register(uart, select.POLLIN)

    def wait(self, ms: int) -> bool:
        deadline = time.ticks_add(time.ticks_ms(), ms)
        while time.ticks_diff(deadline, time.ticks_ms()) > 0:
            for _ in self.poller.ipoll(10):
                return True
            time.sleep_ms(1)
        return False

    def took(self) -> float:
        return time.perf_counter()  # CPython's only
"""


def mypy(path, cwd=None):
    """The lines of path that tools/check-types reports, and the files
    other than path that it reports on."""
    proc = subprocess.run(
        [os.path.join(ROOT, "tools", "check-types"), path],
        env=dict(os.environ, PINT_BUILD=BUILD),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=cwd or os.path.dirname(path),
    )
    print(proc.stdout)
    errors = re.findall(r"^([^:\n]+):(\d+): error:", proc.stdout, re.M)
    name = os.path.basename(path)
    return (
        sorted({int(n) for f, n in errors if os.path.basename(f) == name}),
        sorted({f for f, n in errors if os.path.basename(f) != name}),
    )


def variant(source, old, new, name):
    """A copy of source with old (once) replaced by new, written as name in
    a directory of its own; (its path, the line of the change)."""
    if source.count(old) != 1:
        raise SystemExit("check.py: {!r} is not in the template once".format(old))
    changed = source.replace(old, new)
    line = source[: source.index(old)].count("\n") + 1
    path = os.path.join(tempfile.mkdtemp(), name)
    with open(path, "w") as f:
        f.write(changed)
    return path, line


def main():
    checks = Checks()
    lines, elsewhere = mypy(TEMPLATE)
    checks.check("the driver template type-checks clean ({})".format(lines), lines == [])
    checks.check(
        "nothing reported inside the pint package ({})".format(elsewhere), elsewhere == []
    )
    # The firmware compiles the annotations (and ignores them), from
    # anywhere, and the factory makes the driver with no device.
    proc = subprocess.run(
        [
            FIRMWARE,
            "-c",
            "import sys; sys.path.insert(0, {!r}); import driver_template; "
            "print(type(driver_template.make()).__name__)".format(os.path.dirname(TEMPLATE)),
        ],
        cwd=tempfile.gettempdir(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if k != "MYMODEM_DEVICE"},
    )
    checks.check(
        "the annotated template runs on the firmware ({})".format(proc.stdout.strip()),
        proc.returncode == 0 and proc.stdout.strip() == "MyModem",
    )
    with open(TEMPLATE) as f:
        source = f.read()
    for what, old, new in (
        (
            "socket_recv returning the bytes read, not their count",
            "        return self._got\n",
            "        return bytes(buf[: self._got])\n",
        ),
        (
            "socket_recv annotated to return bytes",
            "def socket_recv(self, link: _Link, buf: memoryview) -> int | None:",
            "def socket_recv(self, link: _Link, buf: memoryview) -> bytes | None:",
        ),
        (
            "a misspelt call of the AT engine, at.comand()",
            'self.at.command(b"AT")',
            'self.at.comand(b"AT")',
        ),
    ):
        path, line = variant(source, old, new, "mymodem.py")
        found, _ = mypy(path)
        checks.check(
            "a copy of the template with {} is caught (line {}; found {})".format(
                what, line, found
            ),
            line in found and (found == [line] or "annotated" in what),
        )
    # The package itself, as its directories (a manifest.py is not a module).
    for package in ("python/pint/pint", "python/pint-at"):
        found, elsewhere = mypy(package, cwd=ROOT)
        checks.check(
            "tools/check-types {} reports nothing ({} {})".format(package, found, elsewhere),
            found == [] and elsewhere == [],
        )
    path = os.path.join(tempfile.mkdtemp(), "timed.py")
    with open(path, "w") as f:
        f.write(MICROPYTHON_MODULES)
    marked = [
        i + 1 for i, l in enumerate(MICROPYTHON_MODULES.splitlines()) if "CPython's only" in l
    ]
    found, _ = mypy(path)
    checks.check(
        "MicroPython's time.ticks_ms, sleep_ms and poll.ipoll are known, CPython's"
        " time.perf_counter is not (line {}; found {})".format(marked, found),
        found == marked,
    )
    bad = os.path.join(HERE, "bad_driver.py")
    with open(bad) as f:
        marked = [i + 1 for i, line in enumerate(f) if "# error:" in line]
    found, _ = mypy(bad)
    checks.check(
        "mypy reports the marked mistakes in bad_driver.py, lines {} (found {})".format(
            marked, found
        ),
        found == marked and marked != [],
    )
    checks.exit()


main()
