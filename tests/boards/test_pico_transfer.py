"""Downloads through pint.espat on the emulated Pico's UART1 at 115200 and
at 921600 baud, machine.UART as a user writes it (its 256-byte receive
ring), while the program makes garbage: no byte is lost (the UART model
loses what finds the receive FIFO full, as the chip does; the driver asks
the modem for no more than the ring holds), and the data is intact. A loss
would have to be reported as an error: a transfer that ends without one,
with bytes lost or the data wrong, fails."""
import hashlib
import os
import re
import socketserver
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from pico_board import PicoBoard  # noqa: E402
from peerlib import Checks, tcp_server  # noqa: E402

RUNS = ((115200, 16384), (921600, 65536))


def download(baud, size, rxbuf=0, busy=True, profile=None):
    """size bytes from a server on this machine to the emulated Pico,
    through pint.espat on its UART1 at baud (rxbuf: the UART's ring, 0 for
    the default; busy: with the busy timer): the board's output and the
    runner's report. Also bench/pico.py's."""
    data = bytes((i * 7 + baud) & 255 for i in range(size))

    class Send(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(data)

    server, port = tcp_server(Send)
    preamble = "BAUD = {}\nRXBUF = {}\nBUSY = {}\nPORT = {}\nSIZE = {}\nSHA = {!r}\n".format(
        baud, rxbuf, busy, port, size, hashlib.sha256(data).hexdigest()
    )
    try:
        with PicoBoard(modem=True, profile=profile) as board:
            out = board.run(os.path.join(HERE, "board_transfer.py"), preamble, timeout=300)
    finally:
        server.shutdown()
    return out, board.report


def main():
    checks = Checks()
    for baud, size in RUNS:
        out, report = download(baud, size)
        print(out)
        print(report)
        m = re.search(r"uart1 in (\d+) out (\d+) lost (\d+)", report)
        lost = int(m.group(3)) if m else None
        ms = re.search(r"^MS (\d+)", out, re.M)
        chunk = re.search(r"^CHUNK (\d+)", out, re.M)
        intact = "GOT {} SHA True".format(size) in out
        checks.check(
            "{} baud: {} bytes, intact, {} lost on the UART ({} ms of the chip's time,"
            " reads of {} bytes)".format(
                baud, size, lost, ms.group(1) if ms else "?", chunk.group(1) if chunk else "?"
            ),
            intact and lost == 0 and "DONE" in out,
        )
        checks.check(
            "{} baud: a loss is never silent".format(baud),
            lost is not None and (lost == 0 or "ERROR" in out) and "SHA False" not in out,
        )
    checks.exit()


if __name__ == "__main__":
    main()
