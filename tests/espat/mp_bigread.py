# MicroPython side of test_quirks.py (active mode) and test_at17.py (passive
# mode): argv: device port size [passive]. Reads a large reply a few bytes
# at a time, as a header parser does, until the peer closes: in active mode
# the driver buffers a bounded amount.
import sys, socket, gc
from mp_lib import nic, check

port, size = int(sys.argv[2]), int(sys.argv[3])
passive = sys.argv[4:] == ["passive"]
wlan = nic(passive=passive, rxbuf=4096)
check("receive mode as asked", wlan.driver.passive == passive)
s = socket.socket()
s.settimeout(10)
s.connect(("127.0.0.1", port))
s.send(b"go")
gc.collect()
base = gc.mem_alloc()
peak = 0
got = 0
digest = 0
while True:
    chunk = s.recv(7)
    if not chunk:
        break
    for b in chunk:
        digest = (digest * 31 + b) & 0xFFFFFFFF
    got += len(chunk)
    if got % 2000 < 7:
        gc.collect()
        peak = max(peak, gc.mem_alloc() - base)
print("PEAK", peak)
check("all {} bytes read 7 at a time".format(size), got == size)
print("DIGEST", digest)
print("DONE")
