"""Shared by the SIMCom driver tests: each is a CPython program that starts
emulated SIMCom modems (tools/simcom_emulator.py), runs a MicroPython
script of this directory on the host firmware with the modem's device
path, injects faults at the moments the script asks for, and checks what
both sides saw (the ESP-AT tests' Script and checks: tests/espat/espatlib.py).
tools/run-tests runs them inside tools/netns-exec's private network
namespace."""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "espat"))

from espatlib import Checks, Echo, Script, record_checks, tcp_server  # noqa: E402,F401
from simcom_emulator import Emulator  # noqa: E402,F401


def script(name, *args, **kw):
    """A MicroPython script of this directory, running (espatlib.Script)."""
    return Script(name, *args, here=HERE, **kw)


def open_links(emu, modem=0, within=3.0):
    """The link ids the emulated modem has open (or still closing), once
    none is, or after within seconds (closes the driver asked for are
    confirmed a moment later)."""
    deadline = time.monotonic() + within
    while True:
        ids = emu.call(lambda: [i for i, l in enumerate(emu.modems[modem].links) if l is not None])
        if not ids or time.monotonic() > deadline:
            return ids
        time.sleep(0.05)
