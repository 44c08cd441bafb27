"""The typed driver interface (python/pint/pint/driver.pyi) checks drivers: mypy
finds no error in the driver template (examples/driver_template.py), and
reports exactly the lines marked "# error:" in bad_driver.py. One test
each; exits 0 when both hold."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import BUILD, Checks  # noqa: E402


def mypy(path):
    # Imported modules are read but not reported on (they use MicroPython's
    # own modules, which mypy does not know).
    proc = subprocess.run(
        [
            "/usr/bin/python3",
            "-m",
            "mypy",
            "--follow-imports=silent",
            "--ignore-missing-imports",
            "--no-error-summary",
            "--hide-error-context",
            # Its cache with the other build outputs, not beside the sources.
            "--cache-dir",
            os.path.join(BUILD, "mypy-cache"),
            path,
        ],
        env=dict(os.environ, MYPYPATH=os.path.join(ROOT, "python", "pint")),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=os.path.dirname(path),
    )
    print(proc.stdout)
    return sorted(
        {int(m.group(1)) for m in re.finditer(r"^[^:]+:(\d+): error:", proc.stdout, re.M)}
    )


def main():
    checks = Checks()
    checks.check(
        "the driver template type-checks clean",
        mypy(os.path.join(ROOT, "examples", "driver_template.py")) == [],
    )
    bad = os.path.join(HERE, "bad_driver.py")
    with open(bad) as f:
        marked = [i + 1 for i, line in enumerate(f) if "# error:" in line]
    found = mypy(bad)
    checks.check(
        "mypy reports the marked mistakes in bad_driver.py, lines {} (found {})".format(
            marked, found
        ),
        found == marked and marked != [],
    )
    checks.exit()


main()
