"""What the project's CPython tools share: where the firmware is built, the
MicroPython tree in use, the list of MicroPython's network tests run over
PINT, and the private network namespace the networked tools run in."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where make builds: PINT_BUILD (which make exports) for a build against
# another MicroPython tree, else build/.
BUILD = os.environ.get("PINT_BUILD") or os.path.join(ROOT, "build")
# The host firmware the tools run: PINT_FIRMWARE for another one (the
# sanitizer build, say), else the build's.
FIRMWARE = os.environ.get("PINT_FIRMWARE") or os.path.join(BUILD, "micropython")
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


def pyboard():
    """MicroPython's tools/pyboard.py (boards run scripts through it): the
    tree in use's, else, in a tree pruned to what a port builds from, the
    cached Debian source's."""
    path = os.path.join(micropython_dir(), "tools", "pyboard.py")
    if os.path.exists(path):
        return path
    debian = subprocess.check_output(
        [os.path.join(ROOT, "tools", "fetch-micropython")], text=True
    ).strip()
    return os.path.join(debian, "tools", "pyboard.py")


def micropython_version(tree=None):
    """The version of a MicroPython tree (default: the one in use) as
    (major, minor, micro), from its py/mpconfig.h."""
    with open(os.path.join(tree or micropython_dir(), "py", "mpconfig.h")) as f:
        text = f.read()
    return tuple(
        int(re.search(r"#define MICROPY_VERSION_" + part + r" (\d+)", text).group(1))
        for part in ("MAJOR", "MINOR", "MICRO")
    )


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


def micropython_version_name(tree=None):
    """The version of a MicroPython tree as it names itself: 1.28.0, or
    1.29.0-preview for a development tree."""
    name = ".".join(map(str, micropython_version(tree)))
    with open(os.path.join(tree or micropython_dir(), "py", "mpconfig.h")) as f:
        if re.search(r"#define MICROPY_VERSION_PRERELEASE 1\b", f.read()):
            name += "-preview"
    return name


def own_mbedtls(tree=None):
    """Whether a MicroPython tree builds its own mbedTLS (lib/mbedtls, as
    upstream checkouts do) rather than linking the system's (Debian's)."""
    tree = tree or micropython_dir()
    return os.path.exists(os.path.join(tree, "lib", "mbedtls", "library", "ssl_tls.c"))


def runs(status, tree=None):
    """Whether a status of the list runs a test on a MicroPython tree:
    "run", "excluded", or "run" with a condition: "run before 1.28" (on
    MicroPython before that version), "run with MicroPython's mbedTLS" (on a
    tree that builds its own mbedTLS)."""
    if status == "run":
        return True
    m = re.match(r"run before (\d+)\.(\d+)$", status)
    if m:
        return micropython_version(tree)[:2] < (int(m.group(1)), int(m.group(2)))
    if status == "run with MicroPython's mbedTLS":
        return own_mbedtls(tree)
    if status == "excluded":
        return False
    raise ValueError("tests/micropython-tests.txt: unknown status " + repr(status))


def expired_certificates(tree=None):
    """The certificate files of a MicroPython tree's network tests whose
    validity has ended (openssl checks each), as {file name: end date}, but
    for expired_cert.der, expired on purpose. MicroPython 1.23's expired in
    January 2025 (1.24 renewed them)."""
    tests = os.path.join(tree or micropython_dir(), "tests", "multi_net")
    expired = {}
    for name in sorted(os.listdir(tests)):
        if name.endswith("_cert.der") and name != "expired_cert.der":
            check = ["openssl", "x509", "-inform", "der", "-in", os.path.join(tests, name)]
            if subprocess.run(
                check + ["-noout", "-checkend", "0"], capture_output=True
            ).returncode:
                end = subprocess.run(
                    check + ["-noout", "-enddate"], capture_output=True, text=True
                )
                expired[name] = end.stdout.strip().partition("=")[2]
    return expired


def micropython_tests(suite, driver, missing=None):
    """The tests of a suite (net_hosted, multi_net) that run over a driver
    (host, espat; any other as host) on the tree in use, as (test, instances). The list names
    the tests of the newest MicroPython; those the tree lacks, and those that
    read its test certificates once they have expired (they would fail on
    any firmware), are left out, and appended to missing as (suite/test,
    why) when it is given."""
    # A driver from elsewhere gets the host driver's list: every test a
    # driver with no limits of its own runs.
    column = DRIVER_COLUMNS.get(driver, DRIVER_COLUMNS["host"])
    tree = micropython_dir()
    version = micropython_version_name(tree)
    expired = None
    found = []
    for row in micropython_tests_rows():
        if row[0] != suite or not runs(row[column], tree):
            continue
        path = os.path.join(tree, "tests", suite, row[1])
        why = None
        if not os.path.exists(path):
            why = "not in MicroPython " + version
        else:
            if expired is None:
                expired = expired_certificates(tree)
            with open(path) as f:
                source = f.read()
            used = [name for name in expired if name in source]
            if used:
                why = "MicroPython {}'s test certificate {} expired on {}".format(
                    version, used[0], expired[used[0]]
                )
        if why is None:
            found.append((row[1], row[2].split()))
        elif missing is not None:
            missing.append((suite + "/" + row[1], why))
    return found


def multitest_instances(instances):
    """run-multitests.py's arguments that start the instances (micropython,
    cpython): its --instance before MicroPython 1.27, --test-instance (the
    firmware named unix) since."""
    with open(os.path.join(micropython_dir(), "tests", "run-multitests.py")) as f:
        new = "--test-instance" in f.read()
    args = []
    for instance in instances:
        if new:
            args += ["--test-instance", "unix" if instance == "micropython" else instance]
        else:
            args += ["--instance", instance]
    return args


def enter_netns():
    """Run this program again inside tools/netns-exec's private network
    namespace, and exit with its status; returns at once when already
    inside one (PINT_IN_NETNS)."""
    if not os.environ.get("PINT_IN_NETNS"):
        netns = os.path.join(ROOT, "tools", "netns-exec")
        sys.exit(
            subprocess.call([netns, sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]])
        )
