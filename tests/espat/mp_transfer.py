# MicroPython side of test_transfer.py: argv: device tcp_port udp_port
# size. Downloads and uploads size bytes and exchanges datagrams, printing
# SHA-256 digests for the test to compare. A client program as most are
# (join, TCP, UDP): pint.espat loads none of its modules kept for other
# uses.
import sys, socket, hashlib, binascii
from mp_lib import nic, check

port, uport, size = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
wlan = nic()
wlan.connect("pint-net", "pint-pass")
check("joined", wlan.isconnected() and wlan.status() == 1010)
s = socket.socket()
s.settimeout(60)
s.connect(("127.0.0.1", port))
s.sendall(b"%d\n" % size)
h = hashlib.sha256()
got = 0
buf = bytearray(1500)
while got < size:
    n = s.readinto(buf, min(len(buf), size - got))
    if not n:
        break
    h.update(memoryview(buf)[:n])
    got += n
print("DOWNLOAD", got, binascii.hexlify(h.digest()).decode())
data = bytes((i * 11 + 3) & 255 for i in range(size // 2))
s.sendall(data)
print("UPLOAD", len(data), binascii.hexlify(hashlib.sha256(data).digest()).decode())
s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(10)
u.bind(("0.0.0.0", 0))
ok = 0
for n in (1, 17, 300, 1472):
    d = bytes((i + n) & 255 for i in range(n))
    u.sendto(d, ("127.0.0.1", uport))
    r, a = u.recvfrom(2048)
    ok += r == d and a == ("127.0.0.1", uport)
check("4 datagrams echoed whole, from the peer's address", ok == 4)
u.close()
# On AT 1.7, whose passive mode is TCP's only, datagrams come pushed:
# pint.espat_push keeps them.
loaded = sorted(m for m in sys.modules if m.startswith("pint"))
client = ["pint", "pint.at", "pint.driver", "pint.espat"]
client += ["pint.espat_push"] if wlan.driver.v1 else []
check(
    "a client loads {} only ({})".format(", ".join(client), ", ".join(loaded)),
    loaded == client,
)
print("DONE")
