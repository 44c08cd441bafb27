"""What the project's CPython tools share: the MicroPython tree in use, the
list of MicroPython's network tests run over PINT, and the private network
namespace the networked tools run in."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS_LIST = os.path.join(ROOT, "tests", "micropython-tests.txt")
# The columns of that list that say, for each driver, whether a test runs.
DRIVER_COLUMNS = {"host": 3, "espat": 4}


def micropython_dir():
    """The MicroPython tree: MICROPY_DIR, else the cached Debian source
    (tools/fetch-micropython fetches it the first time)."""
    d = os.environ.get("MICROPY_DIR")
    if d:
        return d
    return subprocess.check_output(
        [os.path.join(ROOT, "tools", "fetch-micropython")], text=True
    ).strip()


def micropython_tests_rows():
    """The rows of tests/micropython-tests.txt: suite, test, instances,
    host driver, ESP-AT driver, notes (missing fields empty)."""
    rows = []
    with open(TESTS_LIST) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = [x.strip() for x in line.split("|")] + [""] * 6
            rows.append(fields[:6])
    return rows


def micropython_tests(suite, driver):
    """The tests of a suite (net_hosted, multi_net) that run over a driver
    (host, espat), as (test, instances)."""
    column = DRIVER_COLUMNS[driver]
    return [
        (row[1], row[2].split())
        for row in micropython_tests_rows()
        if row[0] == suite and row[column] == "run"
    ]


def enter_netns():
    """Run this program again inside tools/netns-exec's private network
    namespace, and exit with its status; returns at once when already
    inside one (PINT_IN_NETNS)."""
    if not os.environ.get("PINT_IN_NETNS"):
        netns = os.path.join(ROOT, "tools", "netns-exec")
        sys.exit(
            subprocess.call([netns, sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]])
        )
