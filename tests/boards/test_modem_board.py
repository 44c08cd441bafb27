"""A network through a Python driver on an emulated UART: a board firmware
(the Cortex-M3 under qemu, or with argument PINT_PICO the Pico under
rp2040js), its second UART connected to a pty where a modem emulator
answers (ESP-AT, or with argument simcom a SIMCom cellular modem, sim7000
one with the SIM7000 command set),
carrying the traffic to real servers on this machine: requests over HTTP
(SHA-256 checked), MQTT publish/subscribe through mosquitto, an asyncio
client.

    tests/boards/test_modem_board.py [MPS2_AN385 | PINT_PICO] [espat | simcom | sim7000]"""
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


def doc_lines(doc, heading, names):
    """The three lines of a doc that network a Pico (in the first python
    block after the heading), with the emulated network's names (names:
    {the doc's placeholder: the emulator's}) for the user's."""
    with open(os.path.join(ROOT, "docs", doc)) as f:
        text = f.read()
    block = re.search(re.escape(heading) + r".*?```python\n(.*?)```", text, re.S)
    code = block.group(1)
    assert code.count("\n") == 3, code
    for placeholder, name in names.items():
        code = code.replace(placeholder, name)
    return code


# Per board: how it is started with a modem, and its second UART.
BOARDS = {
    "MPS2_AN385": (
        lambda modem: Board("MPS2_AN385", modem=modem),
        "from pintuart import UART\nuart = UART(1)\n",
    ),
    "PINT_PICO": (
        lambda modem: PicoBoard(modem=modem),
        "from machine import UART\nuart = UART(1, 115200, timeout=0)\n",
    ),
}
# On the Pico, the lines a user types (docs/pico.md, docs/simcom.md).
PICO_LINES = {
    "espat": lambda: doc_lines(
        "pico.md",
        "## 3. Three lines of Python",
        {"your-ssid": "pint-net", "your-key": "pint-pass"},
    ),
    "simcom": lambda: doc_lines("simcom.md", "## Three lines of Python", {"your-apn": "internet"}),
    "sim7000": lambda: doc_lines("simcom.md", "## SIM7000", {"your-apn": "internet"}),
}
# Per modem: the lines that make and connect the NIC elsewhere, the
# commands that show it went through the modem, the address the emulated
# network gives.
MODEMS = {
    "espat": (
        'import network\nfrom pint.espat import ESPAT\nnic = network.PINT(ESPAT(uart))\nnic.connect("pint-net", "pint-pass")\n',
        (b"AT+CIPSTART=", b"AT+CIPRECVMODE=1"),
        "127.0.0.1",
    ),
    "simcom": (
        'import network\nfrom pint.simcom import SIMCom\nnic = network.PINT(SIMCom(uart))\nnic.connect("internet")\n',
        (b"AT+CIPOPEN=", b"AT+CIPRXGET=1"),
        "127.0.0.1",
    ),
    "sim7000": (
        'import network\nfrom pint.sim7000 import SIM7000\nnic = network.PINT(SIM7000(uart))\nnic.connect("internet")\n',
        (b"AT+CIPSTART=", b"AT+CIICR"),
        "10.64.0.7",
    ),
}


def main(board_name, modem):
    checks = Checks()
    start, uart = BOARDS[board_name]
    connect, commands_used, address = MODEMS[modem]
    make_nic = PICO_LINES[modem]() if board_name == "PINT_PICO" else uart + connect
    http_server, http_port = page_server(PAGE)
    echo, echo_port = tcp_server(Echo)
    broker, mqtt_port = mosquitto()
    with open(os.path.join(ROOT, "tests", "peers", "mqtt.py")) as f:
        mqtt_client = f.read()
    preamble = (
        mqtt_client
        + make_nic
        + "\nHTTP_PORT = {}\nMQTT_PORT = {}\nECHO_PORT = {}\nPAGE_SHA256 = {!r}\n".format(
            http_port, mqtt_port, echo_port, hashlib.sha256(PAGE).hexdigest()
        )
    )
    try:
        with start(modem) as board:
            out = board.run(os.path.join(HERE, "board_modem.py"), preamble)
            commands = board.emu.commands(0)
    finally:
        broker.terminate()
        http_server.shutdown()
        echo.shutdown()
    print(out)
    lines = out.splitlines()
    checks.check("the board joined the emulated network", "JOINED True " + address in lines)
    checks.check(
        "requests.get over HTTP: 20000 bytes, SHA-256 intact", "HTTP 200 20000 True" in lines
    )
    checks.check("MQTT: 8 publish/subscribe round trips", "MQTT 8 OF 8" in lines)
    checks.check("asyncio client: 5 lines echoed", "ASYNCIO 5 OF 5" in lines)
    checks.check("the script ran to the end", "DONE" in lines)
    checks.check(
        "it all went through AT commands on the UART",
        any(c.startswith(commands_used[0]) for c in commands) and commands_used[1] in commands,
    )
    checks.exit()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        next((a for a in args if a in BOARDS), "MPS2_AN385"),
        next((a for a in args if a in MODEMS), "espat"),
    )
