"""Soak: at least 256 MiB each way through PINT, first with the host driver
(to a CPython server; connections in turn, then many at once), then with the
loopback driver (server and clients in one MicroPython program). SHA-256 at
both ends of every connection; afterwards the MicroPython heap must be back
at its starting level.

    python3 test_soak.py [MIB_PER_CONNECTION [ROUNDS]]
    (default 4 MiB x 32 connections x 2 rounds = 256 MiB each way, per driver)
"""
import hashlib
import socketserver
import struct
import sys

from peerlib import Checks, run_micropython, tcp_server

MIB = int(sys.argv[1]) if len(sys.argv) > 1 else 4
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 2
IN_TURN, AT_ONCE = 16, 16
# After the first round the heap may hold what grows once to the peak
# concurrency (dict and array capacities); after that it must not grow.
FIRST_ROUND_SLACK = 16 * 1024
LATER_ROUND_SLACK = 512


class HashingEcho(socketserver.BaseRequestHandler):
    def handle(self):
        (total,) = struct.unpack("!Q", self._exactly(8))
        digest = hashlib.sha256()
        left = total
        while left:
            data = self.request.recv(min(65536, left))
            if not data:
                break
            digest.update(data)
            self.request.sendall(data)
            left -= len(data)
        self.request.sendall(digest.digest())

    def _exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.request.recv(n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data


def check_run(checks, lines, driver):
    soak = [l.split() for l in lines if l.startswith("SOAK")]
    heap = [l.split() for l in lines if l.startswith("HEAP")]
    connections = (IN_TURN + AT_ONCE) * ROUNDS
    expected_bytes = connections * MIB * 1024 * 1024
    ok = bool(soak) and int(soak[0][5]) == connections and int(soak[0][7]) == expected_bytes
    checks.check(
        "{}: {} connections, {} MiB each way, all intact (SHA-256 both ends)".format(
            driver, connections, expected_bytes >> 20
        ),
        ok,
    )
    if not heap:
        checks.check("{}: heap measured".format(driver), False)
        return
    before, rounds = int(heap[0][2]), [int(h) for h in heap[0][4:]]
    checks.check(
        "{}: heap after the first round within {} bytes of the start ({} -> {})".format(
            driver, FIRST_ROUND_SLACK, before, rounds[0]
        ),
        rounds[0] <= before + FIRST_ROUND_SLACK,
    )
    checks.check(
        "{}: heap does not grow from round to round ({})".format(driver, rounds),
        all(b <= rounds[0] + LATER_ROUND_SLACK for b in rounds[1:]),
    )


def main():
    checks = Checks()
    server, port = tcp_server(HashingEcho)
    lines = run_micropython(
        "mp_soak.py", "host", port, IN_TURN, AT_ONCE, MIB, ROUNDS, timeout=1800
    )
    check_run(checks, lines, "host driver")
    server.shutdown()
    lines = run_micropython(
        "mp_soak.py", "loopback", 7000, IN_TURN, AT_ONCE, MIB, ROUNDS, timeout=1800
    )
    check_run(checks, lines, "loopback driver")
    checks.exit()


main()
