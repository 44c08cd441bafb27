"""Short reads over the ESP-AT driver in passive mode: readline reads a
byte at a time, and each AT+CIPRECVDATA costs as much UART time as about
40 bytes of data, so a TCP read of fewer than 128 bytes pulls up to 128
and the next reads take the rest from the link's read-ahead. Checked:
HTTP-like headers read with readline take one AT+CIPRECVDATA per 128
bytes (not one per byte), every byte arrives in order (SHA-256) whatever
mix of read sizes follows, and a peer's close is reported only after the
read-ahead is drained."""
import hashlib
import socketserver

from espatlib import Checks, Emulator, Script, record_checks, tcp_server

HEADERS = (
    b"HTTP/1.0 200 OK\r\n"
    + b"".join(b"X-Header-%d: %s\r\n" % (i, b"v" * (i * 3 % 40)) for i in range(24))
    + b"\r\n"
)
BODY = bytes((i * 13 + 5) & 255 for i in range(5000))


class Server(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.recv(100)
        self.request.sendall(HEADERS + BODY)


def main():
    checks = Checks()
    server, port = tcp_server(Server)
    emu = Emulator(modems=1).start()
    mp = Script("mp_readahead.py", emu.paths[0], port, len(HEADERS), len(BODY))
    rc = mp.finish()
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    got = [l.split() for l in mp.lines if l.startswith("SHA256 ")]
    checks.check(
        "headers and body arrived whole and in order (SHA-256)",
        got == [["SHA256", hashlib.sha256(HEADERS + BODY).hexdigest()]],
    )
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


if __name__ == "__main__":
    main()
