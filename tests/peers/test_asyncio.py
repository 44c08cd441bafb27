"""asyncio over PINT with real peers: a MicroPython asyncio server serving
many concurrent CPython clients, and MicroPython asyncio clients talking to a
CPython asyncio server."""
import asyncio
import os
import random
import socket
import subprocess
import threading

import peerlib
from peerlib import FIRMWARE, HERE, Checks, free_port, micropython_env, run_micropython

# An ESP-AT modem has 5 links.
CLIENTS = 100 if peerlib.DRIVER == "host" else 4


def cpython_client(port, seed, results, barrier):
    rnd = random.Random(seed)
    data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 20000)))
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    barrier.wait()  # every client connected before any sends: all open at once
    s.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
    s.close()
    results[seed] = (got == data, len(data))


def main():
    checks = Checks()
    # 1. MicroPython serves, CPython clients connect all at once.
    port = free_port()
    server = subprocess.Popen(
        [FIRMWARE, "-X", "heapsize=64M", os.path.join(HERE, "mp_asyncio_server.py"), str(port)],
        env=micropython_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout.readline().strip() == "listening"
    results = {}
    barrier = threading.Barrier(CLIENTS)
    threads = [
        threading.Thread(target=cpython_client, args=(port, i, results, barrier))
        for i in range(CLIENTS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    q = socket.create_connection(("127.0.0.1", port))
    q.sendall(b"quit\n")
    q.close()
    out, _ = server.communicate(timeout=60)
    print(out, end="")
    ok = [r for r in results.values() if r[0]]
    checks.check(
        "{} concurrent CPython clients all echoed intact".format(CLIENTS), len(ok) == CLIENTS
    )
    stats = out.split()
    served = int(stats[stats.index("SERVED") + 1])
    most = int(stats[stats.index("MOST_OPEN") + 1])
    total = int(stats[stats.index("BYTES") + 1])
    checks.check("server counted {} connections".format(served), served == CLIENTS)
    if peerlib.DRIVER == "host":
        checks.check(
            "all {} were open at once (most open: {})".format(CLIENTS, most), most == CLIENTS
        )
    else:
        # The modem has one server and hands over connections one by one: a
        # client may be served and gone before the next is accepted.
        print("most open at once: {} of {}".format(most, CLIENTS))
    checks.check(
        "server echoed every byte ({})".format(total), total == sum(r[1] for r in results.values())
    )
    checks.check("server exited cleanly", server.returncode == 0)

    # 2. CPython serves, MicroPython asyncio clients.
    port = free_port()

    async def upper(reader, writer):
        while line := await reader.readline():
            writer.write(line.upper())
            await writer.drain()
        writer.close()

    loop = asyncio.new_event_loop()
    srv = loop.run_until_complete(asyncio.start_server(upper, "127.0.0.1", port))
    threading.Thread(target=loop.run_forever, daemon=True).start()
    clients = 20 if peerlib.DRIVER == "host" else 5
    lines = run_micropython("mp_asyncio_client.py", port, clients, 10)
    checks.check(
        "{} MicroPython asyncio clients x 10 rounds".format(clients),
        "CLIENT_ROUNDS_OK {0} OF {0}".format(clients * 10) in lines,
    )
    loop.call_soon_threadsafe(srv.close)
    checks.exit()


main()
