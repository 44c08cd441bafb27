# MicroPython side of test_soak.py. Each connection: send an 8-byte length
# and that many bytes; the server echoes them and then sends the SHA-256 of
# what it received. Both ends' digests and the echo are checked.
# argv: driver(host|loopback) port connections_in_turn concurrent mib_per_connection rounds
import sys
import gc
import hashlib
import struct
import asyncio
import network

driver, port, in_turn, at_once, mib = (
    sys.argv[1],
    int(sys.argv[2]),
    int(sys.argv[3]),
    int(sys.argv[4]),
    int(sys.argv[5]),
)
rounds = int(sys.argv[6])
CHUNK = 32 * 1024


def block(seed):
    return bytes(((seed * 131 + i * 7) >> 1) & 255 for i in range(CHUNK))


# The 32 KiB chunks are made once, before the heap is first measured: a
# stale pointer to a chunk made during a round (the GC scans the C stack
# conservatively) would otherwise count as 32 KiB the round left behind.
# Connection i at once uses slot i (connections in turn, slot 0).
BLOCKS = [block(seed) for seed in range(at_once)]
CLIENT_BUFS = [bytearray(CHUNK) for _ in range(at_once)]
SERVER_BUFS = [bytearray(CHUNK) for _ in range(at_once)] if driver == "loopback" else []


async def exchange(slot, host, port):
    reader, writer = await asyncio.open_connection(host, port)
    total = mib * 1024 * 1024
    data = BLOCKS[slot]
    sent, echoed = hashlib.sha256(), hashlib.sha256()
    buf = CLIENT_BUFS[slot]
    writer.write(struct.pack("!Q", total))
    done_out = done_in = 0
    while done_out < total:
        writer.write(data)
        await writer.drain()
        sent.update(data)
        done_out += CHUNK
        # Read back what is echoed so far, at most what was sent.
        while done_in < done_out:
            n = await reader.readinto(memoryview(buf)[: min(CHUNK, done_out - done_in)])
            if not n:
                raise OSError("connection closed early")
            echoed.update(memoryview(buf)[:n])
            done_in += n
    digest = await reader.readexactly(32)
    writer.close()
    await writer.wait_closed()
    s = sent.digest()
    return s == echoed.digest() and s == digest, total


async def echo_server(reader, writer):
    # The peer for the loopback driver, in this same program.
    (total,) = struct.unpack("!Q", await reader.readexactly(8))
    got = hashlib.sha256()
    buf = SERVER_BUFS.pop()
    left = total
    while left:
        n = await reader.readinto(memoryview(buf)[: min(CHUNK, left)])
        if not n:
            break
        got.update(memoryview(buf)[:n])
        writer.write(memoryview(buf)[:n])
        await writer.drain()
        left -= n
    SERVER_BUFS.append(buf)
    writer.write(got.digest())
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = None
    if driver == "loopback":
        server = await asyncio.start_server(echo_server, "0.0.0.0", port, backlog=at_once + 2)
    good = moved = 0
    for i in range(in_turn):
        ok, n = await exchange(0, "127.0.0.1", port)
        good += ok
        moved += n
    results = await asyncio.gather(*(exchange(i, "127.0.0.1", port) for i in range(at_once)))
    for ok, n in results:
        good += ok
        moved += n
    if server:
        server.close()
        await server.wait_closed()
    return good, moved


if driver == "host":
    import pint.host

    nic = pint.host.register()
else:
    from pint.loopback import Loopback

    nic = network.PINT(Loopback(buffer=64 * 1024))


def heap():
    # MicroPython's select.poll keeps the values of removed entries until
    # their slots are reused, so asyncio's poller holds on to closed sockets
    # (as many as were open at once). A fresh event loop drops that poller;
    # then what remains allocated is what PINT and the driver hold.
    asyncio.new_event_loop()
    gc.collect()
    gc.collect()
    return gc.mem_alloc()


async def warm_up():
    await asyncio.sleep_ms(1)


asyncio.run(warm_up())
before = heap()
heaps = []
good = moved = 0
for r in range(rounds):
    g, m = asyncio.run(main())
    good += g
    moved += m
    heaps.append(heap())
print("SOAK", driver, "connections", (in_turn + at_once) * rounds, "intact", good, "bytes", moved)
print("HEAP before", before, "after_rounds", " ".join(str(h) for h in heaps))
