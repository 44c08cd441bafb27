# MicroPython side of test_requests.py: GET and POST with requests over PINT.
# argv: http_port https_port size...
import sys
import hashlib
import binascii
import requests

http_port, https_port = int(sys.argv[1]), int(sys.argv[2])
sizes = [int(a) for a in sys.argv[3:]]


def pattern(n):
    b = bytearray(n)
    for i in range(n):
        b[i] = i % 251
    return bytes(b)


for scheme, port in (("http", http_port), ("https", https_port)):
    base = "{}://localhost:{}".format(scheme, port)
    for size in sizes:
        expected = pattern(size)
        r = requests.get("{}/blob/{}".format(base, size))
        ok = r.status_code == 200 and r.content == expected
        print("RESULT", scheme, "GET", size, "intact" if ok else "CORRUPT")
        r.close()
    for size in sizes:
        body = pattern(size)
        r = requests.post(base + "/echo", data=body)
        digest, _, echo = r.content.partition(b"\n")
        ok = (
            r.status_code == 200
            and echo == body
            and digest == binascii.hexlify(hashlib.sha256(body).digest())
        )
        print("RESULT", scheme, "POST", size, "intact" if ok else "CORRUPT")
        r.close()
        del body, echo
