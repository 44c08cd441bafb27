"""The pint package installs with MicroPython's mip, the way a board gets
it: this repository served over HTTP (here on this machine), a package.json
made by tools/package-json, and mip.install on the host firmware, whose
sockets go through PINT and the host driver. The installed copy (not the
frozen one) then runs a loopback exchange, and the files are the
repository's."""
import filecmp
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from peerlib import FIRMWARE, Checks  # noqa: E402


# Where each installed file comes from: python/<package>/pint/<file>.
PACKAGE_OF = {
    "__init__.py": "pint",
    "driver.py": "pint",
    "fifo.py": "pint",
    "at.py": "pint-at",
    "espat.py": "pint-espat",
    "espat_push.py": "pint-espat",
    "espat_recover.py": "pint-espat",
    "espat_recvlen.py": "pint-espat",
    "espat_server.py": "pint-espat",
    "espat_wlan.py": "pint-espat",
    "simcom.py": "pint-simcom",
    "sim7000.py": "pint-simcom",
    "loopback.py": "pint-loopback",
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    checks = Checks()
    served = tempfile.mkdtemp()
    os.symlink(os.path.join(ROOT, "python"), os.path.join(served, "python"))
    handler = functools.partial(Quiet, directory=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    with open(os.path.join(served, "package.json"), "w") as f:
        f.write(
            subprocess.check_output([os.path.join(ROOT, "tools", "package-json"), base], text=True)
        )
    lib = tempfile.mkdtemp()
    install = subprocess.run(
        [
            FIRMWARE,
            "-c",
            "import mip; mip.install({!r}, target={!r})".format(base + "/package.json", lib),
        ],
        env=dict(os.environ, PINT_NIC="host"),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
    )
    print(install.stdout)
    installed = (
        sorted(os.listdir(os.path.join(lib, "pint")))
        if os.path.isdir(os.path.join(lib, "pint"))
        else []
    )
    checks.check(
        "mip installed the package's files ({})".format(", ".join(installed)),
        installed == sorted(PACKAGE_OF),
    )
    checks.check(
        "each is the repository's file",
        installed != []
        and all(
            filecmp.cmp(
                os.path.join(lib, "pint", n),
                os.path.join(ROOT, "python", PACKAGE_OF[n], "pint", n),
                shallow=False,
            )
            for n in installed
        ),
    )
    # The installed copy, not the frozen one: sys.path has only lib.
    use = subprocess.run(
        [
            FIRMWARE,
            "-c",
            """
import pint, network, socket
from pint.loopback import Loopback
print("FROM", pint.__file__)
network.PINT(Loopback())
srv = socket.socket(); srv.bind(("0.0.0.0", 7)); srv.listen(1)
c = socket.socket(); c.connect(("127.0.0.1", 7)); a, _ = srv.accept()
c.send(b"installed with mip"); print("GOT", a.recv(64))
""",
        ],
        env=dict(os.environ, MICROPYPATH=lib),
        cwd="/",
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=60,
    )
    print(use.stdout)
    checks.check(
        "the installed package is the one imported",
        "FROM " + os.path.join(lib, "pint", "__init__.py") in use.stdout,
    )
    checks.check("and it works (a loopback exchange)", "GOT b'installed with mip'" in use.stdout)
    server.shutdown()
    checks.exit()


main()
