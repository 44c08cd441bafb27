# Every network-interface method the driver has is reached through the NIC
# (MicroPython's WLAN API: connect, disconnect, scan, ... not only a fixed
# list), with its arguments and keywords, as a driver call: a socket the GC
# finalises meanwhile is closed after the method returns, not inside it (a
# modem's join command is a transaction too). The NIC protocol's own
# methods and private names are not reachable this way.
import network, socket, gc


class Wifi:
    def __init__(self):
        self.joined = None
        self.busy = None
        self.closes = []

    def connect(self, ssid, key=None, *, bssid=None):
        self.busy = "connect"
        drop()  # a socket dropped, and collected, in the middle of the join
        gc.collect()
        for i in range(200):  # the scheduler runs here
            pass
        self.joined = (ssid, key, bssid)
        self.busy = None

    def disconnect(self):
        self.joined = None

    def scan(self):
        return [(b"pint-net", b"\x02\x00\x00\x00\x00\x01", 6, -40, 3, False)]

    def isconnected(self):
        return self.joined is not None

    @staticmethod
    def describe():
        return "a static method"

    def _private(self):
        return "private"

    def socket_socket(self):
        return len(self.closes)

    def socket_close(self, h):
        self.closes.append(self.busy)

    def socket_connect(self, h, ip, port):
        return True


def drop():
    s = socket.socket()
    s.connect(("10.0.0.1", 80))


nic = network.PINT(Wifi())
nic.connect("pint-net", "secret", bssid=b"\x02\x00\x00\x00\x00\x01")
for i in range(3):
    pass
print("joined:", nic.driver.joined, nic.isconnected())
print("no deferred close ran inside connect:", "connect" not in nic.driver.closes)
print("scan:", nic.scan())
print("static:", nic.describe())
nic.disconnect()
print("after disconnect:", nic.isconnected())
for name in ("socket_connect", "gethostbyname", "_private", "nothing", "__init__"):
    try:
        getattr(nic, name)
        print(name, "reachable")
    except AttributeError:
        print(name, "-> AttributeError")
try:
    nic.connect()
except TypeError:
    print("wrong arguments -> TypeError from the driver")
