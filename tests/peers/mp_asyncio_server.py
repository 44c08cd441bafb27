# MicroPython side of test_asyncio.py: an asyncio echo server over PINT.
# argv: port. Serves until a client sends b"quit\n"; then prints what it saw.
import sys
import asyncio

port = int(sys.argv[1])
stats = {"served": 0, "open": 0, "most_open": 0, "bytes": 0}
done = asyncio.Event()


async def echo(reader, writer):
    stats["open"] += 1
    stats["most_open"] = max(stats["most_open"], stats["open"])
    try:
        while True:
            data = await reader.read(4096)
            if not data:
                break
            if data == b"quit\n":
                done.set()
                break
            stats["bytes"] += len(data)
            writer.write(data)
            await writer.drain()
    finally:
        stats["open"] -= 1
        stats["served"] += 1
        writer.close()
        await writer.wait_closed()


async def main():
    server = await asyncio.start_server(echo, "0.0.0.0", port, backlog=128)
    print("listening")  # stdout is unbuffered
    await done.wait()
    server.close()
    await server.wait_closed()


asyncio.run(main())
print("SERVED", stats["served"] - 1, "MOST_OPEN", stats["most_open"], "BYTES", stats["bytes"])
