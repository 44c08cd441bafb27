# MicroPython side of test_asyncio.py: asyncio clients over PINT talking to a
# CPython asyncio server. argv: port clients rounds
import sys
import asyncio

port, clients, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])


async def client(i):
    reader, writer = await asyncio.open_connection("localhost", port)
    good = 0
    for r in range(rounds):
        line = b"client %d round %d %s\n" % (i, r, b"z" * (i * 37 % 900))
        writer.write(line)
        await writer.drain()
        reply = await reader.readline()
        good += reply == line.upper()
    writer.close()
    await writer.wait_closed()
    return good


async def main():
    return await asyncio.gather(*(client(i) for i in range(clients)))


results = asyncio.run(main())
print("CLIENT_ROUNDS_OK", sum(results), "OF", clients * rounds)
