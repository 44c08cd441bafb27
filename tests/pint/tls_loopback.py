# MicroPython's tls module over a PINT socket: a TLS server and client, both
# in this program, over the loopback driver (asyncio streams), and a
# blocking TLS client wrapping a plain socket. The key and certificate are
# test fixtures made with openssl (see tests/pint/README.md).
import asyncio, network, socket, tls
from pint.loopback import Loopback


class Recording(Loopback):
    # Keeps a copy of every byte the driver carries.
    wire = bytearray()

    def socket_send(self, s, buf):
        n = Loopback.socket_send(self, s, buf)
        if n:
            Recording.wire.extend(buf[:n])
        return n


network.PINT(Recording())
with open("tls_cert.der", "rb") as f:
    cert = f.read()
with open("tls_key.der", "rb") as f:
    key = f.read()

server_ctx = tls.SSLContext(tls.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(cert, key)
client_ctx = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
client_ctx.verify_mode = tls.CERT_REQUIRED
client_ctx.load_verify_locations(cert)

PAYLOAD = bytes(range(256)) * 64  # 16 KiB: several TLS records


async def serve(reader, writer):
    try:
        data = await reader.readexactly(len(PAYLOAD))
    except OSError as e:
        # A client that rejected our certificate sent a fatal alert.
        print("server: handshake failed:", e.errno == -30592)
        writer.close()
        return
    writer.write(b"sum:" + bytes([sum(data) & 255]) + bytes(b ^ 0xFF for b in data))
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(serve, "0.0.0.0", 4433, ssl=server_ctx)
    reader, writer = await asyncio.open_connection(
        "localhost", 4433, ssl=client_ctx, server_hostname="pint.test"
    )
    writer.write(PAYLOAD)
    await writer.drain()
    head = await reader.readexactly(5)
    body = await reader.readexactly(len(PAYLOAD))
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    return head, body


head, body = asyncio.run(asyncio.wait_for(main(), 20))
print(
    "tls asyncio round trip:",
    head == b"sum:" + bytes([sum(PAYLOAD) & 255]),
    body == bytes(b ^ 0xFF for b in PAYLOAD),
)
# What crossed the driver was TLS records, not the payload.
wire = bytes(Recording.wire)
print(
    "on the wire: more than both payloads",
    len(wire) > 2 * len(PAYLOAD),
    "TLS handshake record first",
    wire[:2] == b"\x16\x03",
    "plaintext seen",
    PAYLOAD[:64] in wire,
)


# A wrong server name fails verification: the error comes from mbedtls, the
# bytes of the handshake went through PINT.
async def wrong_name():
    server = await asyncio.start_server(serve, "0.0.0.0", 4434, ssl=server_ctx)
    try:
        reader, writer = await asyncio.open_connection(
            "localhost", 4434, ssl=client_ctx, server_hostname="other.test"
        )
        writer.write(b"x")  # the handshake runs on first use
        await writer.drain()
        await reader.read(1)
        result = "connected"
    except (OSError, ValueError) as e:
        # MicroPython's tls raises ValueError for a failed verification.
        result = "rejected: " + str(e).strip()
    server.close()
    await server.wait_closed()
    return result


print("wrong server name:", asyncio.run(asyncio.wait_for(wrong_name(), 20)))
