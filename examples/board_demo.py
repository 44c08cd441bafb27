# The board demo (make demo-board), run on the Cortex-M3 board firmware
# under qemu: a board with no network of its own gets one through a driver
# written in Python, pint.espat, talking AT commands over its second UART to
# a Wi-Fi modem (emulated on the host). The host prepends URL and UDP_PORT.
import gc
import network
import socket
import requests
from pintuart import UART
from pint.espat import ESPAT

nic = network.PINT(ESPAT(UART(1)))
print("board: networks in range:", [n[0] for n in nic.scan()])
nic.connect("pint-net", "pint-pass")
print("board: joined, ifconfig:", nic.ifconfig())
r = requests.get(URL)
print("board: GET", URL, "->", r.status_code, r.text.strip())
r.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b"ping from a Cortex-M3", ("127.0.0.1", UDP_PORT))
print("board: UDP echo:", u.recvfrom(64)[0])
u.close()
gc.collect()
print("board: heap free", gc.mem_free(), "of", gc.mem_free() + gc.mem_alloc())
print("demo OK: a Cortex-M3 with no network, networked by a driver written in Python")
