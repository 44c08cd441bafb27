"""The PINT Pico firmware (make firmware-rp2) on an emulated Raspberry Pi
Pico, from CPython: rp2040js (npm) runs it through tools/pico_runner.mjs,
its UART0 (the REPL) on one pty and, with a modem, its UART1 on another,
wired to an emulated modem (as qemu_board's: ESP-AT, or modem="simcom").
Scripts run on
it through MicroPython's tools/pyboard.py, as on the qemu boards:

    with PicoBoard(modem=True) as board:
        output = board.run("script.py")

    python3 tools/pico_board.py --serve     # for MicroPython's runners:
                                            # prints the REPL's pty, then runs

Needs Node.js, the rp2040js package (installed from npm into the cache the
first time) and the RP2040's boot ROM, which rp2040js does not ship: its
path in PINT_RP2040_BOOTROM.
"""
import os
import subprocess
import sys
import threading
import time
import tty

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import BUILD  # noqa: E402
from qemu_board import modem_emulator, run_script  # noqa: E402

RP2040JS_VERSION = "1.4.1"
BOARD = "PINT_PICO"


def firmware(board=BOARD):
    """The board's firmware image from the start of flash (make
    firmware-rp2)."""
    return os.path.join(BUILD, "rp2-" + board, "firmware.bin")


def bootrom():
    """The RP2040 boot ROM (PINT_RP2040_BOOTROM), or None."""
    path = os.environ.get("PINT_RP2040_BOOTROM")
    return path if path and os.path.exists(path) else None


def rp2040js():
    """The rp2040js package, installed from npm into the cache once."""
    cache = os.environ.get("PINT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pint"
    )
    prefix = os.path.join(cache, "npm-rp2040js-" + RP2040JS_VERSION)
    package = os.path.join(prefix, "node_modules", "rp2040js")
    if not os.path.exists(os.path.join(package, "dist", "esm", "index.js")):
        os.makedirs(prefix, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                prefix,
                "--no-audit",
                "--no-fund",
                "--no-save",
                "rp2040js@" + RP2040JS_VERSION,
            ],
            check=True,
            stdout=sys.stderr,
        )
    return package


def open_pty():
    """A pty in raw mode: (master fd, slave path)."""
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    os.close(slave)
    return master, path


class PicoBoard:
    def __init__(self, modem=False, trace=None, baud=0, board=BOARD, elf=None, profile=None):
        self.modem = modem
        self.profile = profile  # a file for where the chip ran (pico_runner.mjs)
        self.trace = trace
        self.baud = baud
        self.image = elf or firmware(board)
        self.emu = None
        self.node = None
        self.masters = []
        self.report = ""

    def __enter__(self):
        rom = bootrom()
        if rom is None:
            raise RuntimeError("the RP2040 boot ROM: set PINT_RP2040_BOOTROM to its file")
        uart0, self.repl = open_pty()
        self.masters = [uart0]
        cmd = [
            "node",
            os.path.join(ROOT, "tools", "pico_runner.mjs"),
            "--rp2040js",
            rp2040js(),
            "--bootrom",
            rom,
            "--firmware",
            self.image,
            "--uart0",
            str(uart0),
        ]
        fds = [uart0]
        if self.profile:
            cmd += ["--profile", self.profile]
        if self.modem:
            uart1, modem_pty = open_pty()
            self.masters.append(uart1)
            cmd += ["--uart1", str(uart1)]
            fds.append(uart1)
        self.node = subprocess.Popen(
            cmd,
            pass_fds=fds,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr = []
        threading.Thread(target=self._collect, daemon=True).start()
        if self.modem:
            self.emu = modem_emulator(self.modem, modem_pty, self.baud, self.trace)
        return self

    def _collect(self):
        for line in self.node.stderr:
            self.stderr.append(line)

    def run(self, script, preamble="", timeout=600, echo=None):
        """Run script (a path) on the board, after preamble (source); its
        output (cut short if it has not ended after timeout seconds).
        echo(line) sees each line as it comes."""
        path = os.path.join(BUILD, "rp2-" + BOARD, "script.py")
        return run_script(self.repl, path, script, preamble, timeout, echo)

    def __exit__(self, *exc):
        if self.emu:
            self.emu.stop()
        if self.node:
            self.node.terminate()
            try:
                self.node.wait(10)
            except subprocess.TimeoutExpired:
                self.node.kill()
            time.sleep(0.1)
            self.report = "".join(self.stderr)
        for fd in self.masters:
            os.close(fd)


def serve():
    """For MicroPython's runners (execpty:): the board, its REPL's pty on
    the first line of output, until terminated."""
    import signal

    with PicoBoard() as board:
        print("pico: REPL on", board.repl, flush=True)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        board.node.wait()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        sys.exit(__doc__)
