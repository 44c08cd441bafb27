"""A network through a Python driver on an emulated UART: a board firmware
(the Cortex-M3 under qemu, or with argument PINT_PICO the Pico under
rp2040js), its second UART connected to a pty where the ESP-AT modem
emulator answers, carrying the traffic to real servers on this machine:
requests over HTTP (SHA-256 checked), MQTT publish/subscribe through
mosquitto, an asyncio client.

    tests/boards/test_espat_board.py [MPS2_AN385 | PINT_PICO]"""
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
from qemu_board import Board  # noqa: E402
from peerlib import Checks, mosquitto, page_server, tcp_server  # noqa: E402

PAGE = bytes((i * 7 + 3) & 255 for i in range(20000))


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


def pico_lines():
    """The three lines of docs/pico.md that network a Pico, with the
    emulated modem's network name and key for the user's."""
    with open(os.path.join(ROOT, "docs", "pico.md")) as f:
        doc = f.read()
    block = re.search(r"## 3\. Three lines of Python.*?```python\n(.*?)```", doc, re.S)
    code = block.group(1)
    assert code.count("\n") == 3, code
    return code.replace("your-ssid", "pint-net").replace("your-key", "pint-pass")


# Per board: how it is started, and what makes its NIC: the qemu board's
# second UART (its own stream type), for the script to make the NIC with;
# on the Pico, the lines a user types (docs/pico.md).
BOARDS = {
    "MPS2_AN385": (
        lambda: Board("MPS2_AN385", modem=True),
        lambda: "def uart():\n    from pintuart import UART\n    return UART(1)\n",
    ),
    "PINT_PICO": (lambda: PicoBoard(modem=True), pico_lines),
}


def main(board_name):
    checks = Checks()
    start, make_uart = BOARDS[board_name]
    http_server, http_port = page_server(PAGE)
    echo, echo_port = tcp_server(Echo)
    broker, mqtt_port = mosquitto()
    with open(os.path.join(ROOT, "tests", "peers", "mqtt.py")) as f:
        mqtt_client = f.read()
    preamble = (
        mqtt_client
        + make_uart()
        + "\nHTTP_PORT = {}\nMQTT_PORT = {}\nECHO_PORT = {}\nPAGE_SHA256 = {!r}\n".format(
            http_port, mqtt_port, echo_port, hashlib.sha256(PAGE).hexdigest()
        )
    )
    try:
        with start() as board:
            out = board.run(os.path.join(HERE, "board_espat.py"), preamble)
            commands = board.emu.commands(0)
    finally:
        broker.terminate()
        http_server.shutdown()
        echo.shutdown()
    print(out)
    lines = out.splitlines()
    checks.check("the board joined the emulated Wi-Fi", "JOINED True 127.0.0.1" in lines)
    checks.check(
        "requests.get over HTTP: 20000 bytes, SHA-256 intact", "HTTP 200 20000 True" in lines
    )
    checks.check("MQTT: 8 publish/subscribe round trips", "MQTT 8 OF 8" in lines)
    checks.check("asyncio client: 5 lines echoed", "ASYNCIO 5 OF 5" in lines)
    checks.check("the script ran to the end", "DONE" in lines)
    checks.check(
        "it all went through AT commands on the UART",
        any(c.startswith(b"AT+CIPSTART=") for c in commands) and b"AT+CIPRECVMODE=1" in commands,
    )
    checks.exit()


main(sys.argv[1] if len(sys.argv) > 1 else "MPS2_AN385")
