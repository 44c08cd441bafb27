# On the emulated Pico: a download through pint.espat on machine.UART(1) at
# BAUD, written as a user writes it (RXBUF 0: the ring buffer's default
# size), with BUSY in a busy program: a copy of every chunk, and a timer
# whose callback works 5 ms and collects garbage every 20 ms, so that the
# program is away from the UART while data arrives (5 ms is 460 bytes at
# 921600 baud, more than the FIFO and the ring hold). The test (and
# bench/pico.py) prepends BAUD, RXBUF, BUSY, PORT, SIZE, SHA.
import binascii, gc, hashlib, network, socket, time
from machine import Timer, UART
from pint.espat import ESPAT

if RXBUF:
    uart = UART(1, BAUD, timeout=0, rxbuf=RXBUF)
else:
    uart = UART(1, BAUD, timeout=0)
nic = network.PINT(ESPAT(uart))
nic.connect("pint-net", "pint-pass")
print("CHUNK", nic.driver.chunk)
s = socket.socket()
s.connect(("127.0.0.1", PORT))
h = hashlib.sha256()
n = 0
buf = bytearray(1024)


def work(timer):
    t0 = time.ticks_us()
    while time.ticks_diff(time.ticks_us(), t0) < 5000:
        pass
    gc.collect()


busy = Timer(period=20, callback=work) if BUSY else None
t0 = time.ticks_ms()
try:
    while True:
        k = s.readinto(buf)
        if not k:
            break
        h.update(bytes(memoryview(buf)[:k]))
        n += k
    print("GOT", n, "SHA", binascii.hexlify(h.digest()).decode() == SHA)
except OSError as e:
    print("ERROR", e, "after", n)
print("MS", time.ticks_diff(time.ticks_ms(), t0))
if busy:
    busy.deinit()
s.close()
print("DONE")
