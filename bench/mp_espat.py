# MicroPython side of bench/espat.py, over the driver the firmware registered
# at start-up (PINT_NIC). argv: a measurement:
#   download PORT BYTES   read BYTES the server sends, into a 4 KiB buffer
#   upload PORT BYTES     send BYTES; the server answers with its count
#   heap PORT LINKS       heap held per open connection
import sys, socket, time, gc, hashlib, binascii

args = sys.argv[1:]
what, port, n = args[0], int(args[1]), int(args[2])
addr = ("127.0.0.1", port)

if what == "download":
    s = socket.socket()
    s.connect(addr)
    buf = bytearray(4096)
    s.send(b"download %d\n" % n)
    h = hashlib.sha256()
    t0 = time.ticks_us()
    got = 0
    while got < n:
        k = s.readinto(buf, min(len(buf), n - got))
        if not k:
            break
        h.update(memoryview(buf)[:k])
        got += k
    us = time.ticks_diff(time.ticks_us(), t0)
    print("RESULT", got, us)
    print("SHA256", binascii.hexlify(h.digest()).decode())
elif what == "upload":
    s = socket.socket()
    s.connect(addr)
    s.send(b"upload %d\n" % n)
    block = bytes(4096)
    t0 = time.ticks_us()
    left = n
    while left:
        k = min(left, len(block))
        s.sendall(block[:k] if k < len(block) else block)
        left -= k
    answer = s.recv(32)
    us = time.ticks_diff(time.ticks_us(), t0)
    print("RESULT", int(answer), us)
elif what == "heap":
    held = []
    gc.collect()
    before = gc.mem_alloc()
    for i in range(n):
        s = socket.socket()
        s.connect(addr)
        held.append(s)
    gc.collect()
    print("RESULT", (gc.mem_alloc() - before) // n, n)
s.close()
