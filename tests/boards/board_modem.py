# On a board (the Cortex-M3 under qemu, the emulated Pico): a modem driver
# (pint.espat, or pint.simcom) over the board's second UART, which the
# emulator connects to an emulated modem on the host. The test prepends the
# addresses: HTTP_PORT, MQTT_PORT, ECHO_PORT, PAGE_SHA256, mqtt.py's MQTT
# client class, and lines that make and connect the NIC (nic: on the Pico
# with ESP-AT, the three lines of docs/pico.md).
import gc, hashlib, binascii
import network, socket
import asyncio
import requests

print("JOINED", nic.isconnected(), nic.ipconfig("addr4")[0])

# requests over HTTP, the body read in chunks (as a board with a small heap
# does) and SHA-256 checked.
r = requests.get("http://127.0.0.1:%d/page" % HTTP_PORT, stream=True)
h = hashlib.sha256()
size = 0
buf = bytearray(1024)
while True:
    n = r.raw.readinto(buf)
    if not n:
        break
    h.update(memoryview(buf)[:n])
    size += n
print("HTTP", r.status_code, size, binascii.hexlify(h.digest()).decode() == PAGE_SHA256)
r.close()
del r, h
gc.collect()

# MQTT publish/subscribe through the broker.
sub = MQTT(b"board-sub", "127.0.0.1", MQTT_PORT)
sub.subscribe(b"board/#", qos=1)
pub = MQTT(b"board-pub", "127.0.0.1", MQTT_PORT)
good = 0
for qos in (0, 1):
    for size in (0, 1, 200, 1500):
        payload = bytes((i * 3 + size) & 255 for i in range(size))
        topic = b"board/%d/%d" % (qos, size)
        pub.publish(topic, payload, qos)
        t, got, q = sub.receive()
        good += t == topic and got == payload and q == qos
print("MQTT", good, "OF", 8)
pub.disconnect()
sub.disconnect()
gc.collect()


# An asyncio client.
async def client():
    reader, writer = await asyncio.open_connection("127.0.0.1", ECHO_PORT)
    ok = 0
    for i in range(5):
        line = b"line %d from the board\n" % i
        writer.write(line)
        await writer.drain()
        ok += await reader.readline() == line
    writer.close()
    await writer.wait_closed()
    return ok


print("ASYNCIO", asyncio.run(client()), "OF", 5)
gc.collect()
print("FREE", gc.mem_free())
print("DONE")
