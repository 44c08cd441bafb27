# MicroPython side of test_wlan.py: the WLAN API through the NIC.
import errno
from mp_lib import nic, check, step
from pint.espat import ESPAT

wlan = nic()
check("not joined at first", not wlan.isconnected() and wlan.status() == ESPAT.STAT_IDLE)
nets = wlan.scan()
check("scan finds the two networks", sorted(n[0] for n in nets) == [b"pint-net", b"pint-open"])
check(
    "scan entries are (ssid, bssid, channel, rssi, security, hidden)",
    all(len(n) == 6 and len(n[1]) == 6 and n[3] < 0 for n in nets),
)
for ssid, key, err, status in (
    ("pint-net", "wrong", errno.EACCES, ESPAT.STAT_WRONG_PASSWORD),
    ("nowhere", "x", errno.ENOENT, ESPAT.STAT_NO_AP_FOUND),
):
    try:
        wlan.connect(ssid, key)
        check("connect {} fails".format(ssid), False)
    except OSError as e:
        check(
            "connect {} fails with {}".format(ssid, e.errno),
            e.errno == err and wlan.status() == status,
        )
wlan.connect("pint-net", "pint-pass")
check("joined", wlan.isconnected() and wlan.status() == ESPAT.STAT_GOT_IP)
ip, mask, gw, dns = wlan.ifconfig()
check(
    "ifconfig",
    ip == "127.0.0.1" and mask == "255.0.0.0" and gw == "127.0.0.1" and dns == "127.0.0.53",
)
check("ipconfig addr4", wlan.ipconfig("addr4") == ("127.0.0.1", "255.0.0.0"))
check("config ssid", wlan.config("ssid") == "pint-net")
mac = wlan.config("mac")
check("config mac", isinstance(mac, bytes) and len(mac) == 6 and mac[:5] == b"\x02PINT")
wlan.config(hostname="pint-board")
check("config hostname", wlan.config("hostname") == "pint-board")
check("status rssi", wlan.status("rssi") == -42)
wlan.disconnect()
check("disconnected", not wlan.isconnected())
wlan.connect("pint-open")
check("joined an open network", wlan.isconnected() and wlan.config("ssid") == "pint-open")
print("DONE")
