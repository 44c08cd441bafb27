# MicroPython side of test_readahead.py: argv: device port header-bytes
# body-bytes.
import sys, time, socket, select, hashlib, binascii
import network
from _pintserial import Serial
from pint.espat import ESPAT
from mp_lib import check

port, n_headers, n_body = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


class Counting(ESPAT):
    pulls = 0

    def _pull(self, link, buf):
        Counting.pulls += 1
        return ESPAT._pull(self, link, buf)


nic = network.PINT(Counting(Serial(sys.argv[1], 115200)))
s = socket.socket()
s.connect(("127.0.0.1", port))
s.send(b"GET / HTTP/1.0\r\n\r\n")
h = hashlib.sha256()
got = 0
while True:
    line = s.readline()
    h.update(line)
    got += len(line)
    if line == b"\r\n" or not line:
        break
most = (n_headers + 127) // 128 + 1
check(
    "{} header bytes by readline in {} AT+CIPRECVDATA (at most {})".format(
        got, Counting.pulls, most
    ),
    got == n_headers and Counting.pulls <= most,
)
# The body in a mix of sizes: what the read-ahead holds comes first.
body = 0
sizes = (1, 7, 300, 2, 127, 128, 129, 1000, 5)
i = 0
while body < n_body - 100:
    data = s.recv(min(sizes[i % len(sizes)], n_body - 100 - body))
    i += 1
    h.update(data)
    body += len(data)
# One byte: the last bytes come into the read-ahead, after which the modem
# reports the peer's close. It must not show while they remain.
data = s.recv(1)
h.update(data)
body += len(data)
time.sleep(0.5)
poller = select.poll()
poller.register(s, select.POLLIN)
ready = poller.poll(2000)
check(
    "readable, not hung up, while the read-ahead holds data: {}".format(ready and ready[0][1]),
    bool(ready) and not ready[0][1] & select.POLLHUP,
)
while True:
    data = s.recv(1)
    if not data:
        break
    h.update(data)
    body += len(data)
check("{} body bytes, then the end of stream".format(body), body == n_body)
ready = poller.poll(2000)
check("hung up once drained", bool(ready) and ready[0][1] & select.POLLHUP)
print("SHA256", binascii.hexlify(h.digest()).decode())
s.close()
print("DONE")
