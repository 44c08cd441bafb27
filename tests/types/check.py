"""The typed driver interface checks drivers as docs/driver-guide.md says
to (tools/check-types: mypy with pint/driver.pyi and the stubs of the pint
package, pint.fifo and pint.at): the driver template (unannotated) checks
clean, and nothing is reported inside the pint package; a typo in one of
its unannotated methods (a call of the AT engine) is caught; exactly the
lines marked "# error:" in bad_driver.py are reported. One test each; exits
0 when all hold."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import BUILD, Checks  # noqa: E402


def mypy(path):
    """The lines of path that tools/check-types reports, and the files
    other than path that it reports on."""
    proc = subprocess.run(
        [os.path.join(ROOT, "tools", "check-types"), path],
        env=dict(os.environ, PINT_BUILD=BUILD),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=os.path.dirname(path),
    )
    print(proc.stdout)
    errors = re.findall(r"^([^:\n]+):(\d+): error:", proc.stdout, re.M)
    name = os.path.basename(path)
    return (
        sorted({int(n) for f, n in errors if os.path.basename(f) == name}),
        sorted({f for f, n in errors if os.path.basename(f) != name}),
    )


def main():
    checks = Checks()
    template = os.path.join(ROOT, "examples", "driver_template.py")
    lines, elsewhere = mypy(template)
    checks.check("the driver template type-checks clean ({})".format(lines), lines == [])
    checks.check(
        "nothing reported inside the pint package ({})".format(elsewhere), elsewhere == []
    )
    with open(template) as f:
        source = f.read()
    typo = source.replace('self.at.command(b"AT")', 'self.at.comand(b"AT")', 1)
    at = typo.splitlines().index(next(l for l in typo.splitlines() if "self.at.comand(" in l)) + 1
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "typo_driver.py")
    with open(path, "w") as f:
        f.write(typo)
    lines, _ = mypy(path)
    checks.check(
        "a typo in an unannotated method, at.comand(), is caught (line {}; found {})".format(
            at, lines
        ),
        typo != source and lines == [at],
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
