# MicroPython side of bench/concurrency.py: an asyncio echo server over PINT
# (run with PINT_NIC=host, so `socket`, and asyncio on it, go through PINT
# and the host driver).
#
# argv: echo_port control_port backlog
#
# The echo server echoes every byte of every connection until the client
# closes. The control server (a second listening socket, so that control
# traffic never mixes with echo traffic) answers one line per command line:
#   count  -> a JSON object: connections open / accepted / served (closed),
#             most open at once, bytes echoed (cheap: for polling)
#   stats  -> the same, and the heap after gc.collect() (mem_alloc,
#             mem_free), measured at that moment (a full collection and two
#             scans of the heap: not for polling)
#   quit   -> "bye", then the program ends
# It prints "listening" once both servers listen, and "SERVER" with its final
# counts on exit.
import sys
import gc
import json
import time
import asyncio

echo_port, control_port, backlog = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
stats = {"open": 0, "accepted": 0, "served": 0, "bytes": 0, "most_open": 0}
done = asyncio.Event()


async def echo(reader, writer):
    stats["open"] += 1
    stats["accepted"] += 1
    if stats["open"] > stats["most_open"]:
        stats["most_open"] = stats["open"]
    try:
        while True:
            data = await reader.read(4096)
            if not data:
                break
            stats["bytes"] += len(data)
            writer.write(data)
            await writer.drain()
    finally:
        stats["open"] -= 1
        stats["served"] += 1
        writer.close()
        await writer.wait_closed()


def snapshot():
    t0 = time.ticks_ms()
    gc.collect()
    gc.collect()
    t1 = time.ticks_ms()
    s = dict(stats)
    s["mem_alloc"] = gc.mem_alloc()
    s["mem_free"] = gc.mem_free()
    s["gc_ms"] = time.ticks_diff(t1, t0)  # the two collections
    s["mem_info_ms"] = time.ticks_diff(time.ticks_ms(), t1)
    return s


async def control(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = line.strip()
        if cmd == b"count":
            writer.write(json.dumps(stats).encode() + b"\n")
        elif cmd == b"stats":
            writer.write(json.dumps(snapshot()).encode() + b"\n")
        elif cmd == b"quit":
            writer.write(b"bye\n")
            done.set()
        else:
            writer.write(b"error unknown command\n")
        await writer.drain()
        if done.is_set():
            break
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(echo, "0.0.0.0", echo_port, backlog=backlog)
    ctl = await asyncio.start_server(control, "127.0.0.1", control_port, backlog=4)
    print("listening")
    await done.wait()
    ctl.close()
    server.close()
    await ctl.wait_closed()
    await server.wait_closed()


import network

if not network.route():
    print("ERROR no PINT NIC registered (run with PINT_NIC=host)")
    sys.exit(1)
asyncio.run(main())
print("SERVER", json.dumps(stats))
