# MicroPython side of test_threads.py: several _thread threads, each with
# its own connections through one PINT NIC (the host driver), moving data to
# a CPython echo server and checking it; gc.collect() runs meanwhile.
# argv: port threads rounds size
import sys
import gc
import _thread
import socket
import hashlib
import time

port, threads, rounds, size = (int(a) for a in sys.argv[1:5])
DEADLINE_MS = 120000
addr = socket.getaddrinfo("127.0.0.1", port)[0][-1]
lock = _thread.allocate_lock()
results = []


def worker(n):
    good = 0
    for r in range(rounds):
        block = bytes(((n * 31 + r * 7 + i) & 255) for i in range(256)) * (size // 256)
        s = socket.socket()
        s.settimeout(30)
        s.connect(addr)
        s.sendall(block)
        got = bytearray()
        while len(got) < len(block):
            chunk = s.recv(65536)
            if not chunk:
                break
            got.extend(chunk)
        s.close()
        good += hashlib.sha256(got).digest() == hashlib.sha256(block).digest()
        if r % 3 == 0:
            gc.collect()
    with lock:
        results.append((n, good))


start = time.ticks_ms()
for n in range(threads):
    _thread.start_new_thread(worker, (n,))
deadline = time.ticks_add(start, DEADLINE_MS)
while time.ticks_diff(deadline, time.ticks_ms()) > 0:
    with lock:
        if len(results) == threads:
            break
    gc.collect()
    time.sleep_ms(5)
print("ELAPSED_MS", time.ticks_diff(time.ticks_ms(), start), "OF", DEADLINE_MS)
print("THREADS", len(results), "OF", threads)
print("ROUNDS_OK", sum(g for _, g in results), "OF", threads * rounds)
