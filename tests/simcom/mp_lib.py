# Shared by this directory's MicroPython scripts: the driver for the
# emulated modem's command set (SIMCOM_MODEL=SIM7000: pint.sim7000's, else
# pint.simcom's), the NIC on the modem (argv[1]), the test's steps and the
# scripts' checks.
import os, sys, errno, socket, network
from _pintserial import Serial

if os.getenv("SIMCOM_MODEL") == "SIM7000":
    from pint.sim7000 import SIM7000 as Driver
else:
    from pint.simcom import SIMCom as Driver


def nic(timeout=2000):
    n = network.PINT(Driver(Serial(sys.argv[1], 115200), timeout=timeout))
    n.connect("internet")
    return n


def step(name):
    # Ask the test to do something (inject a fault), and wait until it has.
    print("STEP", name)
    sys.stdin.readline()


def check(what, ok):
    print("CHECK", what, "ok" if ok else "FAILED")


def error_of(f, *args):
    # The errno name f(*args) raised, or None.
    try:
        f(*args)
        return None
    except OSError as e:
        return errno.errorcode.get(e.errno, e.errno)


def echo(addr, size, timeout=10):
    # size bytes to the echo server at addr and back, whole.
    return transfer(addr, size, timeout) == "intact"


def transfer(addr, size, timeout=10):
    # size bytes to the echo server at addr and back: "intact", "error" (an
    # OSError) or "corrupt" (bytes that are not the ones sent).
    data = bytes((i * 7 + 3) & 255 for i in range(size))
    s = socket.socket()
    s.settimeout(timeout)
    try:
        s.connect(addr)
        got = bytearray()
        sent = 0
        while len(got) < size:
            if sent < size:
                sent += s.send(data[sent : sent + 1500])
            chunk = s.recv(4096)
            if not chunk:
                break
            got.extend(chunk)
        return "intact" if bytes(got) == data else "corrupt"
    except OSError as e:
        print("transfer:", e)
        return "error"
    finally:
        s.close()
