# MicroPython side of test_idle.py: argv: device port seconds. Driver calls
# per second while a program waits for data that does not come: a blocking
# recv with a timeout, and an asyncio read.
import sys, socket, time
import asyncio
from mp_lib import nic
from pint.espat import ESPAT

port, seconds = int(sys.argv[2]), float(sys.argv[3])


class Counting(ESPAT):
    calls = 0

    def socket_recv(self, link, buf):
        Counting.calls += 1
        return ESPAT.socket_recv(self, link, buf)

    def socket_ioctl(self, link, request, arg):
        Counting.calls += 1
        return ESPAT.socket_ioctl(self, link, request, arg)


import mp_lib
from _pintserial import Serial
import network

wlan = network.PINT(Counting(Serial(sys.argv[1], 115200)))
s = socket.socket()
s.connect(("127.0.0.1", port))
s.settimeout(seconds)
Counting.calls = 0
t0 = time.ticks_ms()
try:
    s.recv(10)
except OSError as e:
    pass
ms = time.ticks_diff(time.ticks_ms(), t0)
print("RECV_CALLS_PER_S", Counting.calls * 1000 // ms)
s.close()


async def idle_read():
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    Counting.calls = 0
    t0 = time.ticks_ms()
    try:
        await asyncio.wait_for(reader.read(10), seconds)
    except asyncio.TimeoutError:
        pass
    ms = time.ticks_diff(time.ticks_ms(), t0)
    print("ASYNCIO_CALLS_PER_S", Counting.calls * 1000 // ms)
    writer.close()


asyncio.run(idle_read())
print("DONE")
