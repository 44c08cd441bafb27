# MicroPython side of the ESP-AT tests: the driver over the modem whose
# device path is argv[1].
import sys
import network
from _pintserial import Serial
from pint.espat import ESPAT


def trace(direction, data):
    print("uart", direction, bytes(data))


def nic(**kw):
    # PINT_TRACE=1 in the environment prints what crosses the line.
    import os

    if os.getenv("PINT_TRACE"):
        kw["trace"] = trace
    return network.PINT(ESPAT(Serial(sys.argv[1], 115200), **kw))


def step(name):
    # Tell the test we reached name, and wait for it to go on.
    print("STEP", name)
    sys.stdin.readline()


def check(what, ok):
    print("CHECK", what, "ok" if ok else "FAILED")
