#!/usr/bin/env python3
"""An ESP-AT modem emulator (CPython), for running PINT's ESP-AT driver on a
machine with no ESP module.

Each emulated modem is a pseudo-terminal: the firmware opens its slave side
as it would a USB-serial adapter (/dev/pts/N), and speaks Espressif's AT
command set (AT v2.x formats: multiple links, +CIPDINFO, active and passive
receive mode, servers, DNS, the Wi-Fi commands) to it. The traffic is real:
links are sockets of this machine (inside the tests' network namespace).
Like a real UART, the line can be throttled to a baud rate, and faults can
be injected: ERROR answers, "busy p...", a link dropped by the peer, a
modem reset mid-transfer, noise on the line, a line that loses bytes. Firmware quirks are reproduced
where the driver has to cope with them: no +IPD for data that comes with a
server-side connection in passive mode, UDP datagrams read together in
passive mode, <id>,CLOSED held back until the data is read.

With at1, it speaks as ESP8266 NonOS AT 1.7 instead, the firmware many
ESP-01 modules still ship with, where it differs in what the driver uses:
passive mode is for TCP only (UDP data comes pushed in +IPD), AT+CIPRECVDATA
answers +CIPRECVDATA,<len>:<data> with no source address, <id>,CLOSED comes
at once while the data it holds is still read afterwards, +IPD addresses
and AT+CIPDOMAIN's answer are unquoted, the data prompt is "> ", a failed
join ends in FAIL, AT+CIPSTATE? and AT+CIPDNS are missing (AT+CIPSTATUS,
AT+CIPDNS_CUR), AT+CWMODE_CUR sets the mode.

    tools/espat_emulator.py --modems 2 --baud 115200
        prints each modem's device path, then serves until killed

    from espat_emulator import Emulator      # in a test
    emu = Emulator(modems=1).start()
    emu.paths[0]; emu.fault(0, "reset"); emu.stop()
"""

import argparse
import collections
import os
import selectors
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modem_emulator  # noqa: E402

LINKS = 5
MAX_SEND = 2048
PASSIVE_BUFFER = 5760  # what the modem keeps per link in passive mode
IPD_MAX = 2920  # the most one active +IPD carries
CONNECT_TIMEOUT = 5.0  # AT+CIPSTART gives up after this long
VERSION = b"AT version:2.2.0.0(emulated - ESP32 - PINT)"
# ESP8266 NonOS AT 1.7, what many ESP-01 modules still ship with.
VERSION_AT1 = b"AT version:1.7.4.0(emulated - ESP8266 NonOS - PINT)"
NETWORKS = {"pint-net": "pint-pass", "pint-open": ""}


class Link(modem_emulator.Link):
    # Passive mode: rx and datagrams what the modem holds; peer_closed:
    # <id>,CLOSED waits for the data.
    def __init__(self, kind, sock, remote, local_port, server_side=False, mode=0):
        super().__init__(kind, sock, remote)
        self.local_port = local_port
        self.server_side = server_side
        self.mode = mode
        self.announced = 0  # passive: announced by +IPD and not yet read
        self.quiet = server_side  # quirk: no +IPD for data with the connection


class Modem(modem_emulator.LineModem):
    LINKS = LINKS

    def __init__(self, emu, index, joined, device=None):
        super().__init__(emu, index, device)
        self.remembered = "pint-net" if joined else None  # the AP it rejoins
        self.wifi_mode = emu.wifi_mode  # AT+CWMODE (kept in its flash)
        self.power_on()

    # --- state

    def power_on(self):
        self.echo = True
        self.mux = 0
        self.dinfo = 0
        self.recvmode = 0
        self.links = [None] * LINKS
        self.leftover = {}  # AT 1.7: link id -> a closed link whose data is unread
        self.server = None  # (listening socket, port)
        self.maxconn = LINKS
        self.line = bytearray()
        self.data = None
        self.busy = None  # what the modem is doing (commands get busy p...)
        self.hostname = "espressif"
        self.ssid = None
        self.ip = "0.0.0.0"
        self.faults = collections.deque()  # (kind, arg) for upcoming commands
        self.mute = False  # the running command's OK is lost on the line
        if self.remembered:
            self.join(self.remembered)

    def join(self, ssid):
        self.ssid = ssid
        self.ip = "127.0.0.1"

    def close_all(self):
        super().close_all()
        if self.server:
            self.emu.unwatch(self.server[0])
            self.server[0].close()
            self.server = None

    def close_link(self, i):
        # Drop link i and say so (<id>,CLOSED); the link, or None if none.
        link = self.drop(i)
        if link is not None:
            self.urc(b"%d,CLOSED" % i)
        return link

    def at_rst(self, args, query):
        self.ok()
        self.emu.later(0.05, self.restart)

    def restart(self):
        super().restart()
        self.send(b"\r\nready\r\n")
        if self.ssid:
            self.send(b"WIFI CONNECTED\r\nWIFI GOT IP\r\n")

    def at_gmr(self, args, query):
        if self.emu.at1:
            self.send(VERSION_AT1 + b"\r\nSDK version:3.0.4\r\ncompile time:emulated\r\n")
        else:
            self.send(
                VERSION + b"\r\nSDK version:v4.0\r\ncompile time:emulated\r\nBin version:2.2.0\r\n"
            )
        self.ok()

    def at_cwmode(self, args, query):
        if query:
            self.send(b"+CWMODE:%d\r\n" % self.wifi_mode)
        elif self.emu.at1:
            # AT 1.7 takes it too, deprecated: it writes the flash. Refused
            # here, so that the tests see the driver use AT+CWMODE_CUR.
            self.error()
            return
        else:
            self.wifi_mode = int(args[0])
        self.ok()

    def at_cwmode_cur(self, args, query):
        if not self.emu.at1:
            self.error()
            return
        self.wifi_mode = int(args[0])
        self.ok()

    def at_sysstore(self, args, query):
        self.error() if self.emu.at1 else self.ok()  # AT 1.7 has _CUR/_DEF commands

    # --- Wi-Fi

    def at_cwjap(self, args, query):
        if not self.wifi_mode & 1:
            self.error()  # no station: an access point only
            return
        if query:
            if self.ssid is None:
                self.send(b"No AP\r\n")
            else:
                more = b"" if self.emu.at1 else b",0,0,0,0,0"
                self.send(
                    b'+CWJAP:"%s","02:00:00:00:00:01",6,-42%s\r\n' % (self.ssid.encode(), more)
                )
            self.ok()
            return
        ssid, key = args[0].decode(), args[1].decode() if len(args) > 1 else ""
        # A failed join: +CWJAP:<code>, then ERROR (AT 1.7: FAIL).
        fail = (lambda: self.send(b"\r\nFAIL\r\n")) if self.emu.at1 else self.error
        if ssid not in NETWORKS:
            self.send(b"+CWJAP:3\r\n")
            fail()
        elif NETWORKS[ssid] != key:
            self.send(b"+CWJAP:2\r\n")
            fail()
        else:
            self.join(ssid)
            self.remembered = ssid
            self.send(b"WIFI CONNECTED\r\nWIFI GOT IP\r\n")
            self.ok()

    def at_cwqap(self, args, query):
        was = self.ssid
        self.ssid = None
        self.ip = "0.0.0.0"
        self.remembered = None
        self.ok()
        if was:
            self.urc(b"WIFI DISCONNECT")

    def at_cwlapopt(self, args, query):
        self.ok()

    def at_cwlap(self, args, query):
        if not self.wifi_mode & 1:
            self.error()
            return
        for i, (ssid, key) in enumerate(sorted(NETWORKS.items())):
            self.send(
                b'+CWLAP:(%d,"%s",%d,"02:00:00:00:00:%02x",%d)\r\n'
                % (3 if key else 0, ssid.encode(), -40 - 10 * i, i + 1, 1 + 5 * i)
            )
        self.ok()

    def at_cipsta(self, args, query):
        if not query:
            self.ip = args[0].decode()
            self.ok()
            return
        gw = "127.0.0.1" if self.ssid else "0.0.0.0"
        mask = "255.0.0.0" if self.ssid else "0.0.0.0"
        self.send(
            b'+CIPSTA:ip:"%s"\r\n+CIPSTA:gateway:"%s"\r\n+CIPSTA:netmask:"%s"\r\n'
            % (self.ip.encode(), gw.encode(), mask.encode())
        )
        self.ok()

    def at_cipdns(self, args, query):
        if self.emu.at1:
            self.error()  # AT 1.7: AT+CIPDNS_CUR and AT+CIPDNS_DEF only
            return
        if query:
            self.send(b'+CIPDNS:1,"127.0.0.53"\r\n')
        self.ok()

    def at_cipdns_cur(self, args, query):
        if not self.emu.at1:
            self.error()
            return
        if query:
            self.send(b"+CIPDNS_CUR:127.0.0.53\r\n")
        self.ok()

    def at_cipstamac(self, args, query):
        self.send(b'+CIPSTAMAC:"02:50:49:4e:54:%02x"\r\n' % self.index)
        self.ok()

    def at_cwhostname(self, args, query):
        if query:
            self.send(b"+CWHOSTNAME:%s\r\n" % self.hostname.encode())
        else:
            self.hostname = args[0].decode()
        self.ok()

    def at_cifsr(self, args, query):
        self.send(
            b'+CIFSR:STAIP,"%s"\r\n+CIFSR:STAMAC,"02:50:49:4e:54:%02x"\r\n'
            % (self.ip.encode(), self.index)
        )
        self.ok()

    # --- TCP/IP settings

    def at_cipmux(self, args, query):
        if query:
            self.send(b"+CIPMUX:%d\r\n" % self.mux)
        else:
            self.mux = int(args[0])
        self.ok()

    def at_cipdinfo(self, args, query):
        if query:
            self.send(b"+CIPDINFO:%s\r\n" % (b"true" if self.dinfo else b"false"))
        else:
            self.dinfo = int(args[0])
        self.ok()

    def at_ciprecvmode(self, args, query):
        if query:
            self.send(b"+CIPRECVMODE:%d\r\n" % self.recvmode)
        elif self.emu.no_passive:
            self.error()  # older firmware
            return
        else:
            self.recvmode = int(args[0])
        self.ok()

    def at_cipservermaxconn(self, args, query):
        if query:
            self.send(b"+CIPSERVERMAXCONN:%d\r\n" % self.maxconn)
        else:
            self.maxconn = int(args[0])
        self.ok()

    def at_cipdomain(self, args, query):
        try:
            ip = socket.gethostbyname(args[0].decode())
        except OSError:
            self.error()
            return
        answer = b"+CIPDOMAIN:%s\r\n" if self.emu.at1 else b'+CIPDOMAIN:"%s"\r\n'
        self.send(answer % ip.encode())
        self.ok()

    # --- links

    def at_cipstart(self, args, query):
        i = self.link_id(args[0])
        kind = args[1]
        if self.links[i] is not None:
            self.send(b"ALREADY CONNECTED\r\n")
            self.error()
            return
        if self.ssid is None:
            self.error()
            return
        host, port = args[2].decode(), int(args[3])
        try:
            ip = socket.gethostbyname(host)
        except OSError:
            self.send(b"DNS Fail\r\n")
            self.error()
            return
        self.leftover.pop(i, None)
        if kind == b"TCP":
            link = Link(b"TCP", socket.socket(), (ip, port), 0)
            self.start_connect(i, link, CONNECT_TIMEOUT)
            if link.connecting is not None:
                self.busy = "connect"  # until it is done
        elif kind == b"UDP":
            local = int(args[4]) if len(args) > 4 else 0
            mode = int(args[5]) if len(args) > 5 else 0
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            try:
                s.bind(("0.0.0.0", local))
            except OSError:
                s.close()
                self.error()
                return
            s.setblocking(False)
            link = Link(b"UDP", s, (ip, port), s.getsockname()[1], mode=mode)
            self.links[i] = link
            self.emu.watch(s, selectors.EVENT_READ, ("data", self, i))
            self.send(b"%d,CONNECT\r\n" % i)
            self.ok()
        else:
            self.error()  # SSL links: not emulated (use MicroPython's tls)

    def connected(self, i):
        link = self.links[i]
        link.connecting = None
        link.local_port = link.sock.getsockname()[1]
        self.busy = None
        self.emu.watch(link.sock, selectors.EVENT_READ, ("data", self, i))
        self.send(b"%d,CONNECT\r\n" % i)
        self.ok()

    def connect_failed(self, i, refused):
        self.busy = None
        self.error()
        self.close_link(i)

    def at_cipserver(self, args, query):
        mode = int(args[0])
        if mode == 1:
            port = int(args[1]) if len(args) > 1 else 333
            if self.server is not None:
                self.ok() if self.server[1] == port else self.error()
                return
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                s.close()
                self.error()
                return
            s.listen(LINKS)
            s.setblocking(False)
            self.server = (s, port)
            self.emu.watch(s, selectors.EVENT_READ, ("accept", self, None))
        elif self.server is not None:
            self.emu.unwatch(self.server[0])
            self.server[0].close()
            self.server = None
            if len(args) > 1 and int(args[1]):
                for i, link in enumerate(self.links):
                    if link is not None and link.server_side:
                        self.close_link(i)
        self.ok()

    def accept(self):
        try:
            s, addr = self.server[0].accept()
        except OSError:
            return
        serving = sum(1 for l in self.links if l is not None and l.server_side)
        free = [i for i in range(LINKS) if self.links[i] is None]
        if not free or serving >= self.maxconn:
            s.close()
            return
        i = free[0]  # the lowest free id
        self.leftover.pop(i, None)
        s.setblocking(False)
        self.links[i] = Link(b"TCP", s, addr, self.server[1], server_side=True)
        self.emu.watch(s, selectors.EVENT_READ, ("data", self, i))
        self.urc(b"%d,CONNECT" % i)

    def at_cipclose(self, args, query):
        i = int(args[0])
        if i == LINKS:
            for j in range(LINKS):
                self.close_link(j)
            self.ok()
            return
        if self.close_link(self.link_id(i)) is None:
            self.error()
            return
        self.ok()

    def at_cipstate(self, args, query):
        if self.emu.at1:
            self.error()  # AT 1.7 has AT+CIPSTATUS only
            return
        self.link_states(b"+CIPSTATE:")

    def at_cipstatus(self, args, query):
        self.send(b"STATUS:%d\r\n" % (3 if any(self.links) else 2 if self.ssid else 5))
        self.link_states(b"+CIPSTATUS:")

    def link_states(self, name):
        for i, link in enumerate(self.links):
            if link is not None and link.connecting is None:
                self.send(
                    name
                    + b'%d,"%s","%s",%d,%d,%d\r\n'
                    % (
                        i,
                        link.kind,
                        link.remote[0].encode(),
                        link.remote[1],
                        link.local_port,
                        link.server_side,
                    )
                )
        self.ok()

    def at_cipsend(self, args, query):
        i = self.link_id(args[0])
        n = int(args[1])
        link = self.links[i]
        if link is None or link.connecting is not None or not 0 < n <= MAX_SEND:
            self.error()
            return
        dest = None
        if len(args) >= 4:
            dest = (args[2].decode(), int(args[3]))
        self.expect_data(n, lambda payload: self.transmit(i, dest, payload))
        self.send(b"\r\nOK\r\n\r\n> " if self.emu.at1 else b"\r\nOK\r\n\r\n>")

    def transmit(self, i, dest, payload):
        link = self.links[i]
        self.send(b"\r\nRecv %d bytes\r\n" % len(payload))
        if link is None:
            self.send(b"\r\nSEND FAIL\r\n")
            return
        try:
            if link.kind == b"UDP":
                link.sock.sendto(payload, dest or link.remote)
            else:
                link.sock.setblocking(True)
                try:
                    link.sock.sendall(payload)
                finally:
                    link.sock.setblocking(False)
        except OSError:
            self.send(b"\r\nSEND FAIL\r\n")
            return
        self.send(b"\r\nSEND OK\r\n")

    # --- receiving

    def incoming(self, i):
        # A link's socket has something.
        link = self.links[i]
        if link is None:
            return
        if link.kind == b"UDP":
            try:
                data, addr = link.sock.recvfrom(65536)
            except OSError:
                return
            if self.recvmode and not self.emu.at1:  # AT 1.7: passive is TCP only
                if link.held() + len(data) <= PASSIVE_BUFFER:
                    link.datagrams.append((data, addr))
                    self.announce(i)
            else:
                self.push(i, data, addr)
            return
        if self.recvmode and len(link.rx) >= PASSIVE_BUFFER:
            self.pause(i)  # full: TCP flow control takes over
            return
        try:
            data = link.sock.recv(PASSIVE_BUFFER - len(link.rx) if self.recvmode else IPD_MAX)
        except OSError:
            data = b""
        if not data:
            self.peer_closed(i)
            return
        if self.recvmode:
            link.rx += data
            self.announce(i)
        else:
            self.push(i, data, link.remote)

    def push(self, i, data, addr):
        # Active mode: +IPD with the data.
        head = b"\r\n+IPD,%d,%d" % (i, len(data))
        if self.dinfo:
            where = b",%s,%d" if self.emu.at1 else b',"%s",%d'  # AT 1.7: unquoted
            head += where % (addr[0].encode(), addr[1])
        self.send(head + b":" + data)

    def announce(self, i):
        # Passive mode: +IPD,<id>,<len> when nothing announced is unread.
        link = self.links[i]
        if link.announced == 0 and link.held():
            if link.quiet:
                return  # the firmware says nothing: the host must ask
            link.announced = link.held()
            self.send(b"\r\n+IPD,%d,%d\r\n" % (i, link.announced))

    def peer_closed(self, i):
        link = self.links[i]
        self.emu.unwatch(link.sock)
        if self.recvmode and link.held():
            if not self.emu.at1:
                link.peer_closed = True  # CLOSED after the data is read
                return
            # AT 1.7 says CLOSED at once; what it holds is still read.
            self.leftover[i] = link
        self.close_link(i)

    def at_ciprecvlen(self, args, query):
        fields = []
        for i, link in enumerate(self.links):
            link = link or self.leftover.get(i)
            if link is None:
                fields.append(b"0" if self.emu.at1 else b"-1")
            else:
                fields.append(b"%d" % link.held())
                link.quiet = False
        self.send(b"+CIPRECVLEN:" + b",".join(fields) + b"\r\n")
        self.ok()

    def at_ciprecvdata(self, args, query):
        i = self.link_id(args[0])
        want = int(args[1])
        link = self.links[i] or self.leftover.get(i)
        if not self.recvmode or link is None or not link.held() or want <= 0:
            self.error()
            return
        link.quiet = False
        if link.kind == b"UDP":
            # Datagrams read together; a short read loses the rest of one.
            data = b""
            addr = link.datagrams[0][1]
            while link.datagrams and len(data) < want:
                d, a = link.datagrams.popleft()
                data += d[: want - len(data)]
        else:
            data = bytes(link.rx[:want])
            del link.rx[:want]
            addr = link.remote
        if self.emu.at1:
            head = b"+CIPRECVDATA,%d:" % len(data)  # no source address
        else:
            head = b"+CIPRECVDATA:%d," % len(data)
            if self.dinfo:
                head += b'"%s",%d,' % (addr[0].encode(), addr[1])
        self.send(head + data)
        self.ok()
        if link is not self.links[i]:
            # A closed link's data (AT 1.7): gone once read.
            if not link.held():
                del self.leftover[i]
            return
        link.announced = max(0, link.announced - len(data))
        self.resume(i, PASSIVE_BUFFER)
        if link.held():
            self.announce(i)
        elif link.peer_closed:
            self.close_link(i)

    # --- faults

    def fault(self, kind, arg=None):
        if kind == "reset":
            self.restart()  # spontaneous: the host gets "ready"
        elif kind == "drop":
            # The peer of link arg (default: every open link) goes away.
            for i in range(LINKS) if arg is None else (arg,):
                link = self.links[i]
                if link is not None:
                    try:
                        link.sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0"
                        )
                    except OSError:
                        pass
                    self.close_link(i)
        else:
            super().fault(kind, arg)


parse_args = modem_emulator.parse_args


class Emulator(modem_emulator.Emulator):
    """modems: how many (each on a pty of its own), or devices: serial lines
    to be the modems on (a board's UART that qemu connects to a pty); baud,
    chunk, trace: as modem_emulator.Emulator's; joined: the modems start
    joined to "pint-net"; no_passive: refuse passive receive mode (as
    ESP8266 firmware before AT 1.7); at1: speak as ESP8266 NonOS AT 1.7
    (see Modem); wifi_mode: the modems' AT+CWMODE (2: an access point
    only, as ESP-01s often come). Faults (fault()): those of
    modem_emulator.Emulator, and "reset" (the modem restarts: "ready"),
    "drop" (the peer of link arg, or of every link, goes away)."""

    def __init__(
        self,
        modems=1,
        baud=0,
        joined=True,
        no_passive=False,
        at1=False,
        wifi_mode=1,
        trace=None,
        chunk=0,
        devices=None,
    ):
        self.no_passive = no_passive
        self.at1 = at1
        self.wifi_mode = wifi_mode  # AT+CWMODE: 1 station, 2 access point, 3 both
        super().__init__(
            lambda emu, i, d: Modem(emu, i, joined, d),
            devices or [None] * modems,
            baud=baud,
            trace=trace,
            chunk=chunk,
        )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--modems", type=int, default=1)
    ap.add_argument("--baud", type=int, default=0, help="throttle each line (0: no limit)")
    ap.add_argument("--not-joined", action="store_true", help="start without a Wi-Fi network")
    ap.add_argument("--no-passive", action="store_true", help="refuse passive receive mode")
    ap.add_argument("--at1", action="store_true", help="speak as ESP8266 NonOS AT 1.7")
    ap.add_argument("--trace", action="store_true", help="print what crosses each line")
    args = ap.parse_args()

    def trace(index, direction, data):
        print("modem{} {} {!r}".format(index, direction, data), file=sys.stderr, flush=True)

    emu = Emulator(
        args.modems,
        args.baud,
        not args.not_joined,
        no_passive=args.no_passive,
        at1=args.at1,
        trace=trace if args.trace else None,
    )
    for path in emu.paths:
        print(path, flush=True)
    emu.serve()


if __name__ == "__main__":
    main()
