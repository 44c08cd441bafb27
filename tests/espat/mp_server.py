# MicroPython side of test_quirks.py (server): argv: device port mode.
# A server on the modem; each client sends a line at once and closes.
import sys, socket
from mp_lib import nic, check, step

port = int(sys.argv[2])
passive = sys.argv[3] == "passive"
wlan = nic(passive=passive)
check("receive mode as asked", wlan.driver.passive == passive)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", port))
srv.listen(2)
srv.settimeout(10)
print("LISTENING")
for i in range(3):
    c, addr = srv.accept()
    c.settimeout(5)
    got = b""
    while True:
        chunk = c.recv(1000)
        if not chunk:
            break
        got += chunk
    c.close()
    check(
        "client {}: its data, then the end ({} bytes from {})".format(i, len(got), addr[0]),
        got == b"hello %d\n" % i * 100 and addr[0] == "127.0.0.1",
    )
print("DONE")
