# The ESP-AT demo (make demo-espat): a Wi-Fi modem speaking Espressif's AT
# commands on a serial line becomes MicroPython's network interface through
# pint.espat, a driver written in Python. It joins a Wi-Fi network, fetches
# a page with requests, and talks UDP; every line that crosses the serial
# line is printed. On a board: ESPAT(machine.UART(1, 115200, timeout=0)).
#     build/micropython examples/espat_demo.py /dev/ttyUSB0 http://HOST:PORT/
import sys
import network
import socket
import requests
from _pintserial import Serial
from pint.espat import ESPAT

device, url = sys.argv[1], sys.argv[2]


def trace(direction, data):
    # What crosses the UART: ">" to the modem, "<" from it (long runs of
    # payload shortened).
    text = bytes(data)
    if len(text) > 120:
        text = text[:100] + b"...(%d bytes)" % len(text)
    for line in text.replace(b"\r", b"").split(b"\n"):
        if line:
            print("    uart {} {}".format(direction, line.decode("latin-1")))


nic = network.PINT(ESPAT(Serial(device, 115200), trace=trace))
print("modem ready; networks in range:", [n[0] for n in nic.scan()])
nic.connect("pint-net", "pint-pass")
print("joined, ifconfig:", nic.ifconfig())
print("GET", url)
r = requests.get(url)
print("status", r.status_code, "body", r.text.strip())
r.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("0.0.0.0", 5005))
u.sendto(b"ping over ESP-AT", ("127.0.0.1", int(sys.argv[3])))
print("UDP echo:", u.recvfrom(64))
u.close()
print("demo OK: a Wi-Fi modem on a serial line, driven by Python")
