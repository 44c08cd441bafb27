# PINT's main demo (make demo): micropython-lib's requests fetches a page
# from a real web server on this machine. Every byte goes through PINT and a
# network driver written in Python: pint.host.Host, which uses the host OS's
# sockets. The driver is wrapped so that each call PINT makes into it is
# printed.
#     build/micropython examples/demo.py http://127.0.0.1:PORT/
import sys
import network
import requests
from pint.host import Host


def show(v):
    if isinstance(v, memoryview):
        return "<{} bytes>".format(len(v))
    if hasattr(v, "fd"):
        return "sock{}".format(v.fd)
    if isinstance(v, tuple):
        return "(" + ", ".join(show(x) for x in v) + ")"
    return repr(v)


last = [None, 0]  # the previous line printed, and how often it repeated


def say(line):
    # Print a line; a run of identical lines is printed once, with a count
    # (requests reads headers a byte at a time).
    if line == last[0]:
        last[1] += 1
        return
    if last[1]:
        print("  ... the same {} more times".format(last[1]))
    last[0], last[1] = line, 0
    if line is not None:
        print(line)


def trace(name, result, *args):
    say("  driver.{}({}) -> {}".format(name, ", ".join(show(a) for a in args), show(result)))
    return result


class TracedHost(Host):
    # The host driver, printing each call. (Polls are not shown.)
    def gethostbyname(self, name):
        return trace("gethostbyname", Host.gethostbyname(self, name), name)

    def socket_socket(self, domain, kind, proto):
        return trace(
            "socket_socket", Host.socket_socket(self, domain, kind, proto), domain, kind, proto
        )

    def socket_connect(self, h, ip, port):
        return trace("socket_connect", Host.socket_connect(self, h, ip, port), h, ip, port)

    def socket_send(self, h, buf):
        return trace("socket_send", Host.socket_send(self, h, buf), h, buf)

    def socket_recv(self, h, buf):
        return trace("socket_recv", Host.socket_recv(self, h, buf), h, buf)

    def socket_settimeout(self, h, ms):
        return trace("socket_settimeout", Host.socket_settimeout(self, h, ms), h, ms)

    def socket_close(self, h):
        name = show(h)
        Host.socket_close(self, h)
        say("  driver.socket_close({})".format(name))


url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/"
nic = network.PINT(TracedHost())
print("MicroPython registered a network driver written in Python:", nic)
print("requests.get({!r}) -- PINT calls the driver:".format(url))
r = requests.get(url)
body = r.text
r.close()
say(None)
print("status", r.status_code, "- page:", repr(body))
if r.status_code != 200 or "PINT" not in body:
    raise SystemExit("demo failed")
print("demo OK: a real HTTP request and response, carried by a driver written in Python")
