# MicroPython side of test_faults.py: argv: device echo_port address (what
# the emulated modem gives the data link). Each fault the
# test injects (at a STEP) gives a clear error, or none where the driver
# recovers by itself; a socket opened afterwards works.
import sys, socket, time, network
from _pintserial import Serial
from mp_lib import Driver, check, step, error_of, transfer, echo as echo_to

addr = ("127.0.0.1", int(sys.argv[2]))

# The network interface, before the faults: the data link as nic.connect(apn).
cell = network.PINT(Driver(Serial(sys.argv[1], 115200), timeout=2000))
check(
    "before connect: not connected, STAT_IDLE",
    not cell.isconnected() and cell.status() == Driver.STAT_IDLE,
)
check(
    "a socket before the data link: ENOTCONN",
    error_of(socket.socket().connect, addr) == "ENOTCONN",
)
check("a wrong APN: ECONNREFUSED", error_of(cell.connect, "wrong-apn") == "ECONNREFUSED")
check("after it: STAT_CONNECT_FAIL", cell.status() == Driver.STAT_CONNECT_FAIL)
cell.connect("internet")
check("connected: STAT_GOT_IP", cell.isconnected() and cell.status() == Driver.STAT_GOT_IP)
check("status('rssi'): -73 dBm (AT+CSQ 20)", cell.status("rssi") == -73)
check("status('csq'): (20, 99)", cell.status("csq") == (20, 99))
check("ipconfig('addr4')", cell.ipconfig("addr4") == (sys.argv[3], "255.255.255.255"))
cell.disconnect()
check("disconnect: not connected", not cell.isconnected() and cell.status() == Driver.STAT_IDLE)
cell.connect("internet")


def echo(size):
    return echo_to(addr, size)


check("before any fault", echo(5000))

s = socket.socket()
s.connect(addr)
step("error")  # the modem answers the next AT+CIPSEND with ERROR
check("ERROR from the modem: send fails with EIO", error_of(s.send, b"x") == "EIO")
s.close()
check("after ERROR", echo(3000))

s = socket.socket()
s.settimeout(5)
s.connect(addr)
step("drop")  # the peer goes away: +IPCLOSE
check("link dropped: recv sees the end", s.recv(10) == b"")
check("link dropped: send fails with ECONNRESET", error_of(s.send, b"x") == "ECONNRESET")
s.close()
check("after a dropped link", echo(3000))

s = socket.socket()
s.settimeout(5)
s.connect(addr)
s.sendall(bytes(3000))
step("reset")  # the modem restarts (RDY) in the middle of the transfer
check("modem reset: the socket fails with ECONNRESET", error_of(s.recv, 100000) == "ECONNRESET")
s.close()
check("after a modem reset: the data link opened again, a connection works", echo(3000))
check("after a modem reset, connected", cell.isconnected())

s = socket.socket()
s.settimeout(5)
s.connect(addr)
step("netlost")  # the network drops the data link (+CIPEVENT, +PDP: DEACT)
check("data link lost: the socket fails with ECONNRESET", error_of(s.recv, 10) == "ECONNRESET")
s.close()
check("after the data link was lost: opened again", echo(3000))

step("noise")  # garbage on the line
check("after noise on the line", echo(5000))

s = socket.socket()
s.settimeout(5)
s.connect(addr)
s.send(b"hello")
time.sleep_ms(300)
step("garbled")  # the next read's answer announces more than it asked for
check("a read answered with more than asked: recv fails with EIO", error_of(s.recv, 10) == "EIO")
s.close()
check("after it", echo(3000))

step("flood")  # "+CIPOPEN: 3,0" ("3, CONNECT OK") 500 times, for a link nobody opened
check("after a flood of open notices", echo(3000))

s = socket.socket()
s.connect(addr)
step("mute")  # the OK of the next AT+CIPCLOSE is lost on the line
t0 = time.ticks_ms()
s.close()
check("a close whose OK was lost returns", time.ticks_diff(time.ticks_ms(), t0) < 5000)
check("after a close whose OK was lost", echo(3000))

# Every link id in turn, each closed and opened again at once: an id is used
# again only once the modem confirmed its close.
good = 0
for i in range(25):
    good += echo(100)
check("25 connections one after another", good == 25)
print("LINKS")
step("links")  # the test looks at the modem's links: none open

s = socket.socket()
s.connect(addr)
step("hold")  # the modem answers everything with +CME ERROR: SIM busy
check("modem stuck: send fails", error_of(s.send, b"x") in ("EIO", "ETIMEDOUT"))
step("release")
s.close()
check("after the modem is free again", echo(3000))

step("lossy")  # the line loses bytes (a UART overrun)
results = [transfer(addr, 2000, 5) for i in range(10)]
print("LOSSY", results)
check("a lossy line: every transfer whole or an OSError, none corrupt", "corrupt" not in results)
step("lossless")
check("after the lossy line", echo(3000))

step("hangup")  # the serial line closes
t0 = time.ticks_ms()
e = error_of(socket.socket().connect, addr)
check("the line hung up: EIO, in time", e == "EIO" and time.ticks_diff(time.ticks_ms(), t0) < 5000)
print("DONE")
