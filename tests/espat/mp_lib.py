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


def echo(addr, size):
    # A fresh connection to an echo server at addr, size bytes echoed;
    # whether they came back intact.
    import socket

    s = socket.socket()
    s.settimeout(10)
    s.connect(addr)
    data = bytes((i * 7) & 255 for i in range(size))
    s.sendall(data)
    got = b""
    while len(got) < size:
        chunk = s.recv(4096)
        if not chunk:
            break
        got += chunk
    s.close()
    return got == data
