# MicroPython side of test_faults.py: argv: device echo_port. Each fault the
# test injects (at a STEP) gives a clear error, or none where the driver
# recovers by itself; a socket opened afterwards works.
import sys, errno, socket
from mp_lib import nic, check, step, echo as echo_to

port = int(sys.argv[2])
addr = ("127.0.0.1", port)
wlan = nic(timeout=2000)


def echo(size):
    return echo_to(addr, size)


def error_of(f, *args):
    try:
        f(*args)
        return None
    except OSError as e:
        return errno.errorcode.get(e.errno, e.errno)


check("before any fault", echo(3000))

s = socket.socket()
s.connect(addr)
step("error")  # the modem answers the next AT+CIPSEND with ERROR
check("ERROR from the modem: send fails with EIO", error_of(s.send, b"x") == "EIO")
s.close()
check("after ERROR", echo(3000))

s = socket.socket()
s.connect(addr)
step("busy")  # the modem drops the next command (busy p...)
check(
    "busy p...: the driver sends the command again", s.send(b"abc") == 3 and s.recv(10) == b"abc"
)
s.close()

s = socket.socket()
s.settimeout(5)
s.connect(addr)
step("drop")  # the peer goes away
check("link dropped: recv sees the end", s.recv(10) == b"")
check("link dropped: send fails with ECONNRESET", error_of(s.send, b"x") == "ECONNRESET")
s.close()
check("after a dropped link", echo(3000))

s = socket.socket()
s.settimeout(5)
s.connect(addr)
s.sendall(bytes(20000))
step("reset")  # the modem restarts in the middle of the transfer
check("modem reset: the socket fails with ECONNRESET", error_of(s.recv, 100000) == "ECONNRESET")
s.close()
check("after a modem reset", echo(3000))
check("after a modem reset, still joined", wlan.isconnected())

step("noise")  # garbage on the line
check("after noise on the line", echo(5000))

s = socket.socket()
s.connect(addr)
step("hold")  # the modem answers busy p... to everything for a while
check("modem busy too long: ETIMEDOUT", error_of(s.send, b"x") == "ETIMEDOUT")
step("release")
s.close()
check("after the modem is free again", echo(3000))
print("DONE")
