"""Several _thread threads using sockets on one PINT NIC (host driver)
concurrently, each connection's data checked with SHA-256, with gc.collect()
running in every thread: no corruption, no deadlock, no starving (a thread
that waits lets the others run, so the run takes a small fraction of its
deadline). On the normal and, when built, the sanitizer firmware."""
import os
import socketserver

import peerlib
from peerlib import Checks, run_micropython, tcp_server

THREADS, ROUNDS, SIZE = 8, 30, 128 * 1024


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            self.request.sendall(data)


def main():
    checks = Checks()
    server, port = tcp_server(Echo)
    firmwares = [peerlib.FIRMWARE]
    asan = os.path.join(peerlib.BUILD, "micropython-asan")
    if os.path.exists(asan):
        firmwares.append(asan)
    for firmware in firmwares:
        peerlib.FIRMWARE = firmware
        os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=0:halt_on_error=1")
        os.environ.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
        lines = run_micropython("mp_threads.py", port, THREADS, ROUNDS, SIZE, timeout=300)
        name = os.path.basename(firmware)
        elapsed = [l.split()[1:] for l in lines if l.startswith("ELAPSED_MS")]
        ms, deadline = (int(elapsed[0][0]), int(elapsed[0][2])) if elapsed else (None, None)
        print(
            "{}: {} threads x {} connections took {} ms of the {} ms deadline".format(
                name, THREADS, ROUNDS, ms, deadline
            )
        )
        # Waiting threads release the GIL: the work takes a small fraction
        # of the deadline (it took most of it when they did not).
        checks.check(
            "{}: done within a quarter of the deadline".format(name),
            ms is not None and ms < deadline // 4,
        )
        checks.check(
            "{}: all {} threads finished".format(name, THREADS),
            "THREADS %d OF %d" % (THREADS, THREADS) in lines,
        )
        checks.check(
            "{}: every connection's data intact".format(name),
            "ROUNDS_OK %d OF %d" % (THREADS * ROUNDS, THREADS * ROUNDS) in lines,
        )
        checks.check(
            "{}: no sanitizer report".format(name),
            not any("Sanitizer" in l or "runtime error" in l for l in lines),
        )
    server.shutdown()
    checks.exit()


main()
