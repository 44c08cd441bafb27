# The board demo, run on the Cortex-M3 board firmware under qemu (make
# demo-board) or on the Raspberry Pi Pico firmware (make demo-pico): a board
# with no network of its own gets one through a driver written in Python,
# pint.espat, talking AT commands over its second UART to a Wi-Fi modem
# (emulated on the host). The host prepends URL and UDP_PORT.
import gc
import sys
import network
import socket
import requests
from pint.espat import ESPAT

if sys.platform == "rp2":
    from machine import UART

    uart = UART(1, 115200, timeout=0)  # GP4 (TX) and GP5 (RX)
else:
    from pintuart import UART  # the qemu board's second UART

    uart = UART(1)
nic = network.PINT(ESPAT(uart))
print("board: networks in range:", [n[0] for n in nic.scan()])
nic.connect("pint-net", "pint-pass")
print("board: joined, ifconfig:", nic.ifconfig())
r = requests.get(URL)
print("board: GET", URL, "->", r.status_code, r.text.strip())
r.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"ping from " + sys.platform, ("127.0.0.1", UDP_PORT))
print("board: UDP echo:", u.recvfrom(64)[0])
u.close()
gc.collect()
print("board: heap free", gc.mem_free(), "of", gc.mem_free() + gc.mem_alloc())
print(
    "demo OK: a board with no network ("
    + sys.platform
    + "), networked by a driver written in Python"
)
