"""A network through a Python driver on an emulated UART: the Cortex-M3
board firmware runs under qemu, its second UART connected by qemu to a pty
where the ESP-AT modem emulator answers, carrying the traffic to real
servers on this machine: requests over HTTP (SHA-256 checked), MQTT
publish/subscribe through mosquitto, an asyncio client."""
import hashlib
import os
import socketserver
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from qemu_board import Board  # noqa: E402
from peerlib import Checks, mosquitto, page_server, tcp_server  # noqa: E402

PAGE = bytes((i * 7 + 3) & 255 for i in range(20000))


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


def main():
    checks = Checks()
    http_server, http_port = page_server(PAGE)
    echo, echo_port = tcp_server(Echo)
    broker, mqtt_port = mosquitto()
    with open(os.path.join(ROOT, "tests", "peers", "mqtt.py")) as f:
        mqtt_client = f.read()
    preamble = (
        mqtt_client
        + "\nHTTP_PORT = {}\nMQTT_PORT = {}\nECHO_PORT = {}\nPAGE_SHA256 = {!r}\n".format(
            http_port, mqtt_port, echo_port, hashlib.sha256(PAGE).hexdigest()
        )
    )
    try:
        with Board("MPS2_AN385", modem=True) as board:
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


main()
