"""A PINT board firmware under qemu (make firmware-qemu), from CPython:
start it with its REPL on one pty and, on mps2-an385, its second UART on
another, wired to an emulated modem (modem=True or "espat": ESP-AT,
tools/espat_emulator.py; "simcom": a SIMCom cellular modem,
tools/simcom_emulator.py); run MicroPython scripts on it through
MicroPython's tools/pyboard.py.

    with Board("MPS2_AN385", modem=True, trace=print_uart) as board:
        output = board.run("script.py")

Used by the board tests, the board benchmark and make demo-board. pyboard
runs with the system Python, which has pyserial (Debian's python3-serial),
whatever Python runs this module.
"""
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import BUILD, pyboard  # noqa: E402

QEMU = {
    "MPS2_AN385": ["qemu-system-arm", "-machine", "mps2-an385"],
    "VIRT_RV32": ["qemu-system-riscv32", "-machine", "virt", "-bios", "none"],
}

# MicroPython's tools/pyboard.py and its test runner need pyserial for a pty:
# the system Python has it from Debian's python3-serial, a virtualenv may not.
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def firmware(board):
    """The board's firmware (make firmware-qemu)."""
    return os.path.join(BUILD, "qemu-" + board, "firmware.elf")


def qemu_command(board, serials=1, extra=(), elf=None):
    """The qemu command line that runs the board's firmware, each of its
    serials UARTs on a pty."""
    return (
        QEMU[board]
        + ["-nographic", "-monitor", "null", "-semihosting"]
        + ["-serial", "pty"] * serials
        + list(extra)
        + ["-kernel", elf or firmware(board)]
    )


def modem_emulator(modem, device, baud, trace):
    """The emulated modem (modem: True or "espat", "simcom", "sim7000": a
    SIMCom modem with the SIM7000 command set) on device, started: ESP-AT's
    not joined to a network yet."""
    if modem in ("simcom", "sim7000"):
        from simcom_emulator import Emulator

        options = {"model": "SIM7000"} if modem == "sim7000" else {}
    else:
        from espat_emulator import Emulator

        options = {"joined": False}
    return Emulator(
        devices=[device],
        baud=baud,
        trace=(lambda i, d, data: trace(d, data)) if trace else None,
        **options,
    ).start()


def run_script(repl, path, script, preamble, timeout, echo):
    """Board.run (and PicoBoard.run): script (a path), after preamble, written
    to path and run through pyboard on the REPL's pty repl; its output, cut
    short after timeout seconds; echo(line) sees each line as it comes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(script) as f, open(path, "w") as out:
        out.write(preamble + f.read())
    proc = subprocess.Popen(
        [PYTHON, pyboard(), "--device", repl, path],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if echo:
            echo(line.rstrip("\n"))
    proc.wait()
    timer.cancel()
    return "".join(lines)


class Board:
    def __init__(self, board, modem=False, trace=None, baud=0, qemu_args=(), elf=None):
        self.qemu_args = list(qemu_args)
        self.elf = elf
        self.board = board
        self.modem = modem
        self.trace = trace
        self.baud = baud
        self.emu = None
        self.qemu = None

    def __enter__(self):
        serials = 2 if self.modem else 1
        self.qemu = subprocess.Popen(
            qemu_command(self.board, serials, self.qemu_args, self.elf),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        ptys = []
        while len(ptys) < serials:
            # "char device redirected to /dev/pts/N (label serialK)"
            line = self.qemu.stdout.readline().decode()
            if not line:
                raise RuntimeError("qemu exited: " + self.qemu.stdout.read().decode())
            m = re.search(r"/dev/pts/[0-9]+", line)
            if m:
                ptys.append(m.group(0))
        self.repl = ptys[0]
        if self.modem:
            self.emu = modem_emulator(self.modem, ptys[1], self.baud, self.trace)
        return self

    def run(self, script, preamble="", timeout=300, echo=None):
        """Run script (a path) on the board, after preamble (source); its
        output (cut short if it has not ended after timeout seconds).
        echo(line) sees each line as it comes."""
        path = os.path.join(BUILD, "qemu-" + self.board, "script.py")
        return run_script(self.repl, path, script, preamble, timeout, echo)

    def __exit__(self, *exc):
        if self.emu:
            self.emu.stop()
        if self.qemu:
            self.qemu.terminate()
            try:
                self.qemu.wait(10)
            except subprocess.TimeoutExpired:
                self.qemu.kill()
        time.sleep(0.1)
