# Network interface conventions: active(), isconnected(), ifconfig(),
# ipconfig(), config(), status() forward to the driver when it defines them
# (arguments and keywords as given); several PINT NICs can be registered and
# network.route() lists them; deinit() unregisters one.
import network, socket


class Modem:
    def __init__(self, name):
        self.name = name
        self.up = False
        self.settings = {"ssid": "pint", "channel": 6}
        self.deinits = 0

    def active(self, *args):
        if args:
            self.up = bool(args[0])
        return self.up

    def isconnected(self):
        return self.up

    def ifconfig(self, *args):
        if args:
            self.ip = args[0]
        return ("10.0.0.2", "255.255.255.0", "10.0.0.1", "8.8.8.8")

    def ipconfig(self, *args, **kw):
        return sorted(kw.items()) if kw else args

    def config(self, *args, **kw):
        if kw:
            self.settings.update(kw)
            return None
        return self.settings[args[0]]

    def status(self, *args):
        return ("status", self.name) + args

    def deinit(self):
        self.deinits += 1

    def socket_socket(self):
        return self.name

    def socket_connect(self, h, ip, port):
        print(self.name, "connects to", ip, port)
        return True


wlan = network.PINT(Modem("wlan"))
lte = network.PINT(Modem("lte"))
print(network.route() == [wlan, lte])
print(wlan.active(), wlan.active(True), wlan.active(), wlan.isconnected())
print(wlan.ifconfig())
wlan.ifconfig(("10.0.0.3", "255.255.255.0", "10.0.0.1", "1.1.1.1"))
print(wlan.driver.ip)
print(wlan.ipconfig("addr4"), wlan.ipconfig(dhcp4=True, gw4="10.0.0.1"))
wlan.config(channel=11, txpower=8)
print(wlan.config("channel"), wlan.config("ssid"), wlan.config("txpower"))
print(wlan.status(), lte.status("rssi"))
print(wlan.driver is not lte.driver, type(wlan).__name__)

# Sockets use the first NIC in network.route().
s = socket.socket()
s.connect(("1.2.3.4", 80))
wlan.deinit()
wlan.deinit()  # a second deinit does nothing
print(
    "wlan deinit calls:", wlan.driver.deinits, "route:", [n.driver.name for n in network.route()]
)
s2 = socket.socket()
s2.connect(("1.2.3.4", 80))
lte.deinit()
print(network.route())
try:
    socket.socket().connect(("1.2.3.4", 80))
except OSError as e:
    print("no NIC:", e)


class Legacy:
    # No deinit: the seed's __del__ is called instead.
    def __del__(self):
        print("__del__ called")


network.PINT(Legacy()).deinit()
print(
    network.PINT.POLL_RD,
    network.PINT.POLL_WR,
    network.PINT.POLL_ERR,
    network.PINT.POLL_HUP,
    network.PINT.IOCTL_POLL,
)
import pint, select

print(
    pint.POLL_RD == select.POLLIN,
    pint.POLL_WR == select.POLLOUT,
    pint.POLL_ERR == select.POLLERR,
    pint.POLL_HUP == select.POLLHUP,
)
try:
    network.PINT()
except TypeError as e:
    print("TypeError", e)
