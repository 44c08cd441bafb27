#!/usr/bin/env python3
"""An emulator of the made-up modem of examples/driver_template.py, on a
pty, for trying the template's path (docs/writing-a-driver.md) without a
device: it runs COMMAND with MYMODEM_DEVICE naming the modem's pty, as
MYMODEM_DEVICE=/dev/ttyUSB0 would name a real one. Its links are sockets of
this machine: run it inside tools/netns-exec, where the conformance
runner's peers are.

    tools/netns-exec tools/mymodem_emulator.py tools/conformance ~/mymodem.py:make
    tools/mymodem_emulator.py          prints the pty's path, serves until killed

The command set, what the template's TODOs stand for: AT; AT+OPEN=<id>,
"TCP"|"UDP","<ip>",<port> (OK, or ERROR: refused, unreachable);
AT+SEND=<id>,<n>, the prompt ">", n bytes, SEND OK; AT+RECV=<id>,<n>,
answered +RECV:<k>,<k bytes> then OK; AT+CLOSE=<id>. Unasked: +DATA:<id>,<n>
(n more bytes wait on link id) and +CLOSED:<id> (the peer closed it, after
the last +DATA). Built on tools/modem_emulator.py, as an emulator of a
real modem would be.
"""

import os
import selectors
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modem_emulator  # noqa: E402

LINKS = 4
HELD = 65536  # what the modem keeps per link before it stops reading
CONNECT_TIMEOUT = 5.0


class Link(modem_emulator.Link):
    # rx: what the modem holds for the host.
    def __init__(self, kind, sock):
        super().__init__(kind, sock)
        self.eof = False


class Modem(modem_emulator.LineModem):
    LINKS = LINKS  # (link_id, drop and close_all: modem_emulator's)

    def at_open(self, args, query):
        i = self.link_id(args[0])
        self.drop(i)  # a link the last host left open
        kind = socket.SOCK_STREAM if args[1] == b"TCP" else socket.SOCK_DGRAM
        sock = socket.socket(socket.AF_INET, kind)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect((args[2].decode(), int(args[3])))
        except OSError:
            sock.close()
            self.error()
            return
        sock.setblocking(False)
        self.links[i] = Link(args[1], sock)
        self.emu.watch(sock, selectors.EVENT_READ, ("data", self, i))
        self.ok()

    def at_send(self, args, query):
        i, n = self.link_id(args[0]), int(args[1])
        if self.links[i] is None or not 0 < n <= 4096:
            self.error()
            return
        self.expect_data(n, lambda payload: self.transmit(i, payload))
        self.send(b">")

    def transmit(self, i, payload):
        link = self.links[i]
        try:
            link.sock.setblocking(True)
            link.sock.sendall(payload)
            link.sock.setblocking(False)
        except (OSError, AttributeError):
            self.send(b"\r\nSEND FAIL\r\n")
            return
        self.send(b"\r\nSEND OK\r\n")

    def at_recv(self, args, query):
        i, n = self.link_id(args[0]), int(args[1])
        link = self.links[i]
        if link is None or n < 0:
            self.error()
            return
        data = bytes(link.rx[:n])
        del link.rx[:n]
        self.send(b"\r\n+RECV:%d,%s\r\n" % (len(data), data))
        self.ok()
        if len(link.rx) < HELD and not link.eof:
            self.emu.watch(link.sock, selectors.EVENT_READ, ("data", self, i))

    def at_close(self, args, query):
        i = self.link_id(args[0])
        if self.links[i] is None:
            self.error()
            return
        self.drop(i)
        self.ok()

    def incoming(self, i):
        link = self.links[i]
        if link is None:
            return
        try:
            data = link.sock.recv(4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            link.rx += data
            self.urc(b"+DATA:%d,%d" % (i, len(data)))
            if len(link.rx) >= HELD:
                self.emu.unwatch(link.sock)  # the peer waits, as TCP's window makes it
        elif link.kind == b"TCP":
            link.eof = True
            self.emu.unwatch(link.sock)
            self.urc(b"+CLOSED:%d" % i)


class Emulator(modem_emulator.Emulator):
    def __init__(self, modems=1, baud=0, trace=None):
        super().__init__(Modem, [None] * modems, baud=baud, trace=trace)


def main(argv):
    emu = Emulator().start()
    try:
        if not argv:
            print(emu.paths[0], flush=True)
            emu._thread.join()
            return 0
        return subprocess.call(argv, env=dict(os.environ, MYMODEM_DEVICE=emu.paths[0]))
    except KeyboardInterrupt:
        return 0
    finally:
        emu.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
