"""UDP between MicroPython over PINT and a CPython peer: datagram boundaries
kept in both directions, and source addresses right on both sides."""
import os
import socket
import threading

import peerlib
from peerlib import Checks, free_port, run_micropython

# Up to the largest datagram the driver sends (PINT_DATAGRAM_MAX, which the
# conformance runner sets; an ESP-AT modem's are 1 to 2048 bytes, AT+CIPSEND).
LIMIT = int(os.environ.get("PINT_DATAGRAM_MAX") or (65000 if peerlib.DRIVER == "host" else 2048))
SIZES = [n for n in (0, 1, 2, 100, 1472, 2048, 8000, 65000) if n <= LIMIT]
SIZES = SIZES if peerlib.DRIVER == "host" else [n for n in SIZES if n]


def peer(sock, seen):
    # Echo each datagram back prefixed with its length and the sender's port.
    while True:
        data, addr = sock.recvfrom(70000)
        if data == b"quit":
            break
        seen.append((len(data), addr, data))
        sock.sendto(b"%d %d|" % (len(data), addr[1]) + data, addr)


def main():
    checks = Checks()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    peer_port = sock.getsockname()[1]
    mp_port = free_port(socket.SOCK_DGRAM)
    seen = []
    t = threading.Thread(target=peer, args=(sock, seen), daemon=True)
    t.start()
    lines = run_micropython("mp_udp.py", peer_port, mp_port, *SIZES)
    t.join(10)
    for i, size in enumerate(SIZES):
        ok = (
            i < len(seen)
            and seen[i][0] == size
            and seen[i][2] == bytes(j & 255 for j in range(size))
        )
        checks.check("peer got a {}-byte datagram whole".format(size), ok)
        checks.check(
            "it came from MicroPython's bound port {}".format(mp_port),
            i < len(seen) and seen[i][1] == ("127.0.0.1", mp_port),
        )
    for size in SIZES:
        checks.check(
            "MicroPython got the {}-byte reply whole, from the peer's address".format(size),
            "REPLY %d ok" % size in lines,
        )
    checks.check(
        "MicroPython: recvfrom into a short buffer truncates the datagram", "TRUNCATED ok" in lines
    )
    checks.exit()


main()
