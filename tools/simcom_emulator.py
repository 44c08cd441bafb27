#!/usr/bin/env python3
"""A SIMCom cellular modem emulator (CPython), for running PINT's SIMCom
drivers on a machine with no modem and no SIM card.

Each emulated modem is a pseudo-terminal speaking one of SIMCom's two
TCP/IP command sets, chosen by the model:

  - SIM7600 (and A7670, the A7600/A7670 series sharing it): the data link
    opened with AT+NETOPEN (on the PDP context AT+CGDCONT sets), up to 10
    links opened with AT+CIPOPEN and confirmed by +CIPOPEN, data sent at a
    '>' prompt and confirmed by +CIPSEND, +IPCLOSE when a peer closes,
    +CIPCLOSE confirming a close some time after its OK, DNS with
    AT+CDNSGIP;
  - SIM7000 (the "CIP" command set SIM800 has too), in multi-IP mode
    (AT+CIPMUX=1): the data link brought up through the states AT+CIPSTATUS
    reports, IP INITIAL, AT+CSTT="apn" (IP START), AT+CIICR (IP GPRSACT),
    AT+CIFSR (IP STATUS; IP PROCESSING while a link is open), and taken
    down by AT+CIPSHUT ('SHUT OK'); 8 links opened with AT+CIPSTART=<n>,...
    ('<n>, CONNECT OK' / '<n>, CONNECT FAIL'), data sent at a '> ' prompt
    ('<n>, SEND OK'), closed with AT+CIPCLOSE ('<n>, CLOSE OK'), '<n>,
    CLOSED' when a peer closes, +PDP: DEACT when the network drops the
    data link, DNS with AT+CDNSGIP.

Both keep received data until the host reads it with AT+CIPRXGET
(buffered receive, AT+CIPRXGET=1: +CIPRXGET: 1,<link> says a link has
some), and report signal quality with AT+CSQ. The traffic is real: links
are sockets of this machine (inside the tests' network namespace). As in
tools/espat_emulator.py, the line can be throttled to a baud rate and
faults injected (modem_emulator's, and "reset", "drop", "netlost").

How the emulated modem behaves where a driver can go wrong:
  - data written before the '>' prompt is lost (the modem is still reading
    the command): a driver must wait for the prompt;
  - a link's end of stream (+IPCLOSE, '<n>, CLOSED') comes once what the
    modem kept for the link is read;
  - a UDP link's AT+CIPRXGET=2 reads at most one datagram (the rest of a
    longer one is lost), and says nothing of its source.
The SIM7600 command set:
  - a link is "closing" from AT+CIPCLOSE's OK until its +CIPCLOSE notice
    (CLOSE_DELAY later): AT+CIPOPEN on it fails (+CIPOPEN: <link>,4).
The SIM7000 command set (errors are a plain ERROR):
  - AT+NETOPEN, AT+NETCLOSE, AT+CIPOPEN, AT+IPADDR and AT+CGDCONT are not
    in it: ERROR;
  - AT+CIPMUX=1 is taken in IP INITIAL only, and every link command
    (AT+CIPSTART, AT+CIPSEND, AT+CIPCLOSE, AT+CLPORT, AT+CIPRXGET=2 and
    =4) wants it: ERROR in single-IP mode;
  - AT+CSTT is taken in IP INITIAL only, AT+CIICR in IP START only: its OK
    comes ACTIVATE_DELAY later (IP CONFIG meanwhile); with an access
    point name the network does not know, or unregistered, ERROR then,
    and the state is IP START again (AT+CIICR may be tried again);
  - commands joined with ';' run in turn (AT+CIFSR;E0: the address, then
    OK, as a real modem answers it);
  - AT+CIFSR answers the address alone (10.64.0.7 for the first modem,
    10.64.0.8 for the second, ...), no OK, in IP GPRSACT or IP STATUS (else ERROR); AT+CIPSTART is taken
    in IP STATUS and IP PROCESSING only: AT+CIFSR is a step of the
    bring-up, not a question;
  - AT+CIPSTATUS: OK, then 'STATE: <state>' and, in multi-IP mode, a
    blank line and one line per link: 'C: <n>,0,"TCP","<ip>","<port>","CONNECTED"' (or
    CONNECTING, or CLOSED: the peer has closed and the data is not all
    read), 'C: <n>,,"","","","INITIAL"' for an id not in use;
  - AT+CIPSTART=<n>,"TCP"|"UDP","<ip or name>",<port>: OK at once, then
    '<n>, CONNECT OK' or '<n>, CONNECT FAIL' (a name that does not
    resolve, refused, nothing within CONNECT_TIMEOUT); on an id in use,
    '<n>, ALREADY CONNECT' then ERROR;
  - a UDP link is connected: what it sends goes to the address
    AT+CIPSTART gave, and only datagrams from there are received;
    AT+CLPORT=<n>,"TCP"|"UDP",<port> sets the local port of link n's
    CIPSTARTs of that kind (until AT+CIPSHUT), a port in use making them
    '<n>, CONNECT FAIL';
  - AT+CIPSEND=<n>,<length> only (1..CIP_MAX_SEND bytes; no address, no
    end-of-data character): ERROR on a link not connected, or whose peer
    has closed; the '> ' prompt after PROMPT_DELAY; once the data has
    come, '<n>, SEND OK' (no OK), '<n>, SEND FAIL' if the link has gone
    meanwhile;
  - AT+CIPRXGET=2 gives at most CIP_MAX_READ bytes; on a link that has
    nothing it answers '+CIPRXGET: 2,<n>,0,0' and OK;
  - AT+CIPCLOSE=<n> (or =<n>,1) answers '<n>, CLOSE OK' (no OK), and the
    id is free at once; ERROR on an id not in use;
  - AT+CIPSHUT closes every link ('SHUT OK', no OK; no '<n>, CLOSED'),
    the state is IP INITIAL: AT+CSTT, AT+CIICR, AT+CIFSR again;
  - AT+CDNSGIP="<name>" (with the data link up): OK, then
    '+CDNSGIP: 1,"<name>","<ip>"' or '+CDNSGIP: 0,8';
  - received data is only kept for AT+CIPRXGET: without AT+CIPRXGET=1 it
    is not pushed either (+RECEIVE is not emulated);
  - the "netlost" fault: '+PDP: DEACT', every link gone (no '<n>,
    CLOSED'), state PDP DEACT, where AT+CIPSTART gives ERROR until
    AT+CIPSHUT and the bring-up again; "drop": '<n>, CLOSED' (or '<n>,
    CONNECT FAIL' for a link still connecting).

    tools/simcom_emulator.py --modems 1 [--model SIM7000] [--baud 115200] [--trace]
        prints each modem's device path, then serves until killed

    from simcom_emulator import Emulator      # in a test
    emu = Emulator(modems=1).start()          # or Emulator(modems=1, model="SIM7000")
    emu.paths[0]; emu.fault(0, "netlost"); emu.stop()
"""

import argparse
import collections
import os
import selectors
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modem_emulator  # noqa: E402

LINKS = 10
MAX_SEND = 1500  # the most one AT+CIPSEND takes
MAX_READ = 1500  # the most one AT+CIPRXGET=2 gives
BUFFER = 8192  # what the modem keeps per link
CONNECT_TIMEOUT = 5.0
CLOSE_DELAY = 0.05  # from AT+CIPCLOSE's OK to its +CIPCLOSE notice
PROMPT_DELAY = 0.01  # from AT+CIPSEND to its '>' prompt
MODELS = {
    "SIM7600": b"SIMCOM_SIM7600E-H",
    "A7670": b"A7670E-LASE",
    "SIM7000": b"SIMCOM_SIM7000E",
}
# The SIM7000 / SIM800 command set (AT+CSTT, AT+CIPSTART, ...): its models.
CIP_MODELS = ("SIM7000",)
CIP_LINKS = 8
CIP_MAX_SEND = 1460
CIP_MAX_READ = 1460
ACTIVATE_DELAY = 0.1  # AT+CIICR's OK (or ERROR) comes this much later
DNS_DELAY = 0.02  # from AT+CDNSGIP's OK to its +CDNSGIP
# The emulated network: the access point names it takes, its operator.
APNS = ("internet", "pint")
OPERATOR = b"PINT Mobile"

# +CIPOPEN / +CIPCLOSE error codes (SIMCom's TCP/IP manual).
E_NETWORK = 1
E_NOT_OPENED = 2
E_PARAM = 3
E_NOT_ALLOWED = 4
E_TIMEOUT = 10
E_DNS = 11
# +CDNSGIP: 0,<code> of the SIM7000 command set: DNS common error.
CIP_E_DNS = 8


class Link(modem_emulator.Link):
    # peer_closed: +IPCLOSE once the data is read.
    def __init__(self, kind, sock, remote):
        super().__init__(kind, sock, remote)
        self.notified = False  # +CIPRXGET: 1 said, nothing read since
        self.closing = False  # AT+CIPCLOSE answered, +CIPCLOSE not yet


class Modem(modem_emulator.LineModem):
    """The SIM7600 / A7670 command set."""

    BUSY = b"+CME ERROR: SIM busy"
    LINKS = LINKS
    MAX_READ = MAX_READ
    # What a SIM7600 says when it has started.
    STARTED = b"\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n"

    def __init__(self, emu, index, device=None):
        super().__init__(emu, index, device)
        self.model = MODELS[emu.model]
        self.power_on(announce=False)

    def power_on(self, announce=True):
        self.echo = True
        self.line = bytearray()
        self.data = None
        self.busy = None
        self.faults = collections.deque()
        self.mute = False
        self.links = [None] * self.LINKS
        self.apn = b""
        self.net = False  # the data link (AT+NETOPEN) is open
        self.rxget = 0  # AT+CIPRXGET=1: buffered receive
        self.prompt_at = None  # when the '>' prompt was sent (data before it is lost)
        if announce:
            self.send(self.STARTED)

    # --- output helpers

    def fail(self, text=None):
        if text:
            self.send(b"\r\n" + text + b"\r\n")
        self.error()

    # --- general

    def at_i(self, args, query):
        self.send(
            b"Manufacturer: SIMCOM INCORPORATED\r\nModel: %s\r\n"
            b"Revision: emulated (PINT)\r\nIMEI: 86000000000000%d\r\n" % (self.model, self.index)
        )
        self.ok()

    def at_cgmm(self, args, query):
        self.send(self.model + b"\r\n")
        self.ok()

    def at_cpin(self, args, query):
        self.send(b"+CPIN: READY\r\n")
        self.ok()

    def at_csq(self, args, query):
        self.send(b"+CSQ: %d,99\r\n" % self.emu.csq)
        self.ok()

    def at_cops(self, args, query):
        self.send(b'+COPS: 0,0,"%s",7\r\n' % OPERATOR)
        self.ok()

    def _reg(self, name):
        self.send(b"+%s: 0,%d\r\n" % (name, 1 if self.emu.registered else 2))
        self.ok()

    def at_creg(self, args, query):
        self._reg(b"CREG")

    def at_cgreg(self, args, query):
        self._reg(b"CGREG")

    def at_cereg(self, args, query):
        self._reg(b"CEREG")

    def at_cgdcont(self, args, query):
        if query:
            self.send(b'+CGDCONT: 1,"IP","%s","0.0.0.0",0,0\r\n' % self.apn)
        else:
            if args[0] != b"1":
                self.fail()
                return
            self.apn = args[2] if len(args) > 2 else b""
        self.ok()

    def at_cipmode(self, args, query):
        if query:
            self.send(b"+CIPMODE: 0\r\n")
        elif args[0] != b"0":
            self.fail()  # transparent mode: not emulated
            return
        self.ok()

    def at_ciprxget(self, args, query):
        if query:
            self.send(b"+CIPRXGET: %d\r\n" % self.rxget)
            self.ok()
            return
        mode = int(args[0])
        if mode in (0, 1):
            self.rxget = mode
            self.ok()
        elif mode == 2:
            self.read(self.link_id(args[1]), int(args[2]) if len(args) > 2 else self.MAX_READ)
        elif mode == 4:
            i = self.link_id(args[1])
            link = self.links[i]
            if link is None:
                self.fail(b"+IP ERROR: No data")
                return
            self.send(b"+CIPRXGET: 4,%d,%d\r\n" % (i, link.held()))
            self.ok()
        else:
            self.fail()

    def at_creset(self, args, query):
        self.ok()
        self.emu.later(0.1, self.restart)

    # --- the data link

    def at_netopen(self, args, query):
        if query:
            self.send(b"+NETOPEN: %d\r\n" % self.net)
            self.ok()
            return
        if self.net:
            self.fail(b"+IP ERROR: Network is already opened")
            return
        self.ok()
        if self.emu.registered and self.apn.decode() in APNS:
            self.net = True
            self.emu.later(0.05, lambda: self.urc(b"+NETOPEN: 0"))
        else:
            self.emu.later(0.05, lambda: self.urc(b"+NETOPEN: %d" % E_NETWORK))

    def at_netclose(self, args, query):
        if not self.net:
            self.fail(b"+NETCLOSE: %d" % E_NOT_OPENED)
            return
        self.ok()
        self.net_down()
        self.urc(b"\r\n+NETCLOSE: 0")

    def net_down(self):
        self.net = False
        self.close_all()

    def at_ipaddr(self, args, query):
        if not self.net:
            self.fail(b"+IP ERROR: Network not opened")
            return
        self.send(b"+IPADDR: 127.0.0.1\r\n")
        self.ok()

    def at_cdnsgip(self, args, query):
        name = args[0]
        if not self.net:
            self.fail(b"+CDNSGIP: 0,%d" % E_NOT_OPENED)
            return
        try:
            ip = socket.gethostbyname(name.decode())
        except (OSError, UnicodeError):
            self.fail(b"+CDNSGIP: 0,10")
            return
        self.send(b'+CDNSGIP: 1,"%s","%s"\r\n' % (name, ip.encode()))
        self.ok()

    # --- links

    def at_cipopen(self, args, query):
        if query:
            for i, link in enumerate(self.links):
                if link is None or link.connecting or link.closing:
                    self.send(b"+CIPOPEN: %d\r\n" % i)
                else:
                    self.send(
                        b'+CIPOPEN: %d,"%s","%s",%d,-1\r\n'
                        % (i, link.kind, link.remote[0].encode(), link.remote[1])
                    )
            self.ok()
            return
        i = self.link_id(args[0])
        kind = args[1]
        if not self.net:
            self.fail(b"+IP ERROR: Network not opened")
            return
        if self.links[i] is not None:
            # In use, or still closing.
            self.send(b"+CIPOPEN: %d,%d\r\n" % (i, E_NOT_ALLOWED))
            self.fail()
            return
        if kind == b"TCP":
            host, port = args[2].decode(), int(args[3])
            self.ok()
            try:
                ip = socket.gethostbyname(host)
            except OSError:
                self.urc(b"+CIPOPEN: %d,%d" % (i, E_DNS))
                return
            self.start_connect(i, Link(b"TCP", socket.socket(), (ip, port)), CONNECT_TIMEOUT)
        elif kind == b"UDP":
            local = int(args[4]) if len(args) > 4 and args[4] else 0
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                s.bind(("0.0.0.0", local))
            except OSError:
                s.close()
                self.send(b"+CIPOPEN: %d,6\r\n" % i)
                self.fail()
                return
            s.setblocking(False)
            self.links[i] = Link(b"UDP", s, None)
            self.emu.watch(s, selectors.EVENT_READ, ("data", self, i))
            self.ok()
            self.urc(b"\r\n+CIPOPEN: %d,0" % i)
        else:
            self.fail()

    def connected(self, i):
        link = self.links[i]
        link.connecting = None
        self.emu.watch(link.sock, selectors.EVENT_READ, ("data", self, i))
        self.urc(b"\r\n+CIPOPEN: %d,0" % i)

    def connect_failed(self, i, refused):
        self.drop(i)
        self.urc(b"\r\n+CIPOPEN: %d,%d" % (i, E_NETWORK if refused else E_TIMEOUT))

    def at_cipclose(self, args, query):
        i = self.link_id(args[0])
        link = self.links[i]
        if link is None or link.closing or link.connecting:
            self.send(b"+CIPCLOSE: %d,%d\r\n" % (i, E_NOT_ALLOWED))
            self.fail()
            return
        link.closing = True
        self.emu.unwatch(link.sock)
        self.ok()

        def closed():
            if self.links[i] is link:
                self.drop(i)
                self.urc(b"\r\n+CIPCLOSE: %d,0" % i)

        self.emu.later(CLOSE_DELAY, closed)

    def at_cipsend(self, args, query):
        i = self.link_id(args[0])
        n = int(args[1])
        link = self.links[i]
        if link is None or link.connecting or link.closing or not 0 < n <= MAX_SEND:
            self.fail()
            return
        dest = None
        if len(args) >= 4:
            dest = (args[2].decode(), int(args[3]))
        elif link.kind == b"UDP":
            self.fail()  # a UDP link sends to an address given each time
            return
        # The prompt comes after a moment; what the host writes before it
        # is lost (the modem is still taking the command).
        self.busy = "prompt"

        def prompt():
            self.busy = None
            self.send(b"\r\n>")
            self.expect_data(n, lambda payload: self.transmit(i, dest, payload))

        self.emu.later(PROMPT_DELAY, prompt)

    def feed(self, data):
        if self.busy == "prompt":
            return  # before the prompt: lost
        super().feed(data)

    def transmit(self, i, dest, payload):
        link = self.links[i]
        if link is None or link.closing:
            self.fail(b"+CIPERROR: %d" % E_NOT_ALLOWED)
            return
        try:
            if link.kind == b"UDP":
                link.sock.sendto(payload, dest)
            else:
                link.sock.setblocking(True)
                try:
                    link.sock.sendall(payload)
                finally:
                    link.sock.setblocking(False)
        except OSError:
            self.fail(b"+CIPERROR: %d" % E_NETWORK)
            return
        self.ok()
        self.urc(b"\r\n+CIPSEND: %d,%d,%d" % (i, len(payload), len(payload)))

    # --- receiving

    def incoming(self, i):
        link = self.links[i]
        if link is None or link.closing:
            return
        if link.kind == b"UDP":
            try:
                data, addr = link.sock.recvfrom(65536)
            except OSError:
                return
            if link.held() + len(data) <= BUFFER:
                link.datagrams.append((data, addr))
                self.notify(i)
            return
        if len(link.rx) >= BUFFER:
            self.pause(i)  # full: TCP flow control takes over
            return
        try:
            data = link.sock.recv(BUFFER - len(link.rx))
        except OSError:
            data = b""
        if not data:
            self.emu.unwatch(link.sock)
            link.peer_closed = True
            if not link.held():
                self.peer_gone(i)
            return
        link.rx += data
        self.notify(i)

    def notify(self, i):
        # Buffered receive: +CIPRXGET: 1,<link> once, until a read.
        link = self.links[i]
        if self.rxget and not link.notified:
            link.notified = True
            self.urc(b"\r\n+CIPRXGET: 1,%d" % i)

    def peer_gone(self, i):
        self.drop(i)
        self.urc(b"\r\n+IPCLOSE: %d,1" % i)

    def read(self, i, want):
        link = self.links[i]
        if link is None or not self.rxget or want <= 0:
            self.fail()
            return
        link.notified = False
        if not link.held():
            self.no_data(i)
            return
        want = min(want, self.MAX_READ)
        if link.kind == b"UDP":
            d, a = link.datagrams.popleft()
            data = d[:want]
        else:
            data = bytes(link.rx[:want])
            del link.rx[:want]
        self.send(b"\r\n+CIPRXGET: 2,%d,%d,%d\r\n" % (i, len(data), link.held()) + data)
        self.ok()
        self.resume(i, BUFFER)
        if link.held():
            self.notify(i)
        elif link.peer_closed:
            self.peer_gone(i)

    def no_data(self, i):
        # AT+CIPRXGET=2 on a link the modem keeps nothing for.
        self.fail(b"+IP ERROR: No data")

    # --- faults

    def fault(self, kind, arg=None):
        if kind == "reset":
            self.restart()  # spontaneous: the host gets RDY
        elif kind == "drop":
            # The peer of link arg (default: every open link) goes away.
            for i in range(self.LINKS) if arg is None else (arg,):
                if self.links[i] is not None and not self.links[i].closing:
                    self.peer_gone(i)
        elif kind == "netlost":
            # The network drops the data link: every link is gone.
            if self.net:
                self.net_down()
                self.urc(b"\r\n+CIPEVENT: NETWORK CLOSED UNEXPECTEDLY")
        else:
            super().fault(kind, arg)


class CipModem(Modem):
    """The SIM7000 / SIM800 command set, in multi-IP mode (AT+CIPMUX=1)."""

    LINKS = CIP_LINKS
    MAX_READ = CIP_MAX_READ
    # What a SIM7000 says when it has started.
    STARTED = b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n"

    # The SIM7600's commands it has not: ERROR.
    at_netopen = at_netclose = at_cipopen = at_ipaddr = at_cgdcont = None

    def power_on(self, announce=True):
        super().power_on(announce)
        self.epoch = getattr(self, "epoch", 0) + 1  # a restart ends what was pending
        self.state = b"IP INITIAL"  # AT+CIPSTATUS's STATE (IP PROCESSING: see status())
        self.user = self.password = b""
        self.mux = 0  # AT+CIPMUX
        self.local_ports = {}  # (link, b"TCP" / b"UDP"): AT+CLPORT's port
        self.activating = None  # AT+CIICR's, while it runs

    def command(self, line):
        # Commands joined with ';' (AT+CIFSR;E0: the address, then an OK):
        # each in turn, answering as it would alone. (A real modem gives one
        # OK at the end: the same answer for a first command that has none
        # of its own, as AT+CIFSR.)
        if not line.startswith(b"AT") or b";" not in line:
            return super().command(line)
        for part in line[2:].split(b";"):
            super().command(b"AT" + part)

    def after(self, delay, fn):
        # fn() delay seconds later, unless the modem restarts meanwhile.
        epoch = self.epoch
        self.emu.later(delay, lambda: fn() if self.epoch == epoch else None)

    def final(self, text):
        # A line that ends a command instead of OK ('0, CLOSE OK', 'SHUT OK').
        if self.mute:
            self.mute = False  # done, but the host never hears it
            return
        self.send(b"\r\n" + text + b"\r\n")

    def status(self):
        if self.state == b"IP STATUS" and any(self.links):
            return b"IP PROCESSING"
        return self.state

    def multi(self):
        # The link commands need multi-IP mode (ValueError: ERROR).
        if not self.mux:
            raise ValueError

    # --- the data link: IP INITIAL, AT+CSTT, IP START, AT+CIICR, IP
    # GPRSACT, AT+CIFSR, IP STATUS (IP PROCESSING while a link is open)

    def at_cgatt(self, args, query):
        if query:
            self.send(b"+CGATT: %d\r\n" % self.emu.registered)
        self.ok()

    def at_cipmux(self, args, query):
        if query:
            self.send(b"+CIPMUX: %d\r\n" % self.mux)
            self.ok()
            return
        mux = int(args[0])
        if mux not in (0, 1) or self.state != b"IP INITIAL":
            self.fail()
            return
        self.mux = mux
        self.ok()

    def at_cstt(self, args, query):
        if query:
            self.send(b'+CSTT: "%s","%s","%s"\r\n' % (self.apn, self.user, self.password))
            self.ok()
            return
        if self.state != b"IP INITIAL" or args is None or len(args) > 3:
            self.fail()
            return
        self.apn, self.user, self.password = (list(args) + [b"", b""])[:3]
        self.state = b"IP START"
        self.ok()

    def at_ciicr(self, args, query):
        if self.state != b"IP START":
            self.fail()
            return
        self.state = b"IP CONFIG"
        token = self.activating = object()

        def done():
            if self.activating is not token:
                return  # a restart, or another AT+CIICR, came since
            self.activating = None
            if self.state != b"IP CONFIG":
                self.fail()  # AT+CIPSHUT or the network came between
            elif self.emu.registered and self.apn.decode() in APNS:
                self.state = b"IP GPRSACT"
                self.ok()
            else:
                self.state = b"IP START"
                self.fail()

        self.after(ACTIVATE_DELAY, done)

    def at_cifsr(self, args, query):
        if self.state not in (b"IP GPRSACT", b"IP STATUS"):
            self.fail()
            return
        self.state = b"IP STATUS"
        self.final(b"10.64.0.%d" % (7 + self.index))  # the address alone, no OK

    def at_cipstatus(self, args, query):
        self.ok()
        self.send(b"\r\nSTATE: %s\r\n" % self.status())
        if not self.mux:
            return
        self.send(b"\r\n")
        for i, link in enumerate(self.links):
            if link is None:
                self.send(b'C: %d,,"","","","INITIAL"\r\n' % i)
                continue
            if link.connecting:
                state = b"CONNECTING"
            elif link.peer_closed:
                state = b"CLOSED"
            else:
                state = b"CONNECTED"
            ip, port = link.remote
            self.send(
                b'C: %d,0,"%s","%s","%d","%s"\r\n' % (i, link.kind, ip.encode(), port, state)
            )

    def at_cipshut(self, args, query):
        self.close_all()
        self.state = b"IP INITIAL"
        self.local_ports = {}
        self.final(b"SHUT OK")

    def at_cdnsgip(self, args, query):
        name = args[0]
        if self.state not in (b"IP GPRSACT", b"IP STATUS") or not name:
            self.fail()
            return
        self.ok()
        try:
            answer = b'+CDNSGIP: 1,"%s","%s"' % (
                name,
                socket.gethostbyname(name.decode()).encode(),
            )
        except (OSError, UnicodeError):
            answer = b"+CDNSGIP: 0,%d" % CIP_E_DNS
        self.after(DNS_DELAY, lambda: self.urc(b"\r\n" + answer))

    # --- links

    def at_clport(self, args, query):
        self.multi()
        i = self.link_id(args[0])
        kind, port = args[1], int(args[2])
        if kind not in (b"TCP", b"UDP") or not 0 <= port < 65536:
            self.fail()
            return
        self.local_ports[(i, kind)] = port
        self.ok()

    def at_cipstart(self, args, query):
        self.multi()
        if len(args) != 4 or self.status() not in (b"IP STATUS", b"IP PROCESSING"):
            self.fail()
            return
        i = self.link_id(args[0])
        kind, host, port = args[1], args[2], int(args[3])
        if kind not in (b"TCP", b"UDP") or not 0 < port < 65536:
            self.fail()
            return
        if self.links[i] is not None:
            self.send(b"\r\n%d, ALREADY CONNECT\r\n" % i)
            self.fail()
            return
        self.ok()
        try:
            ip = socket.gethostbyname(host.decode())
        except (OSError, UnicodeError):
            self.urc(b"\r\n%d, CONNECT FAIL" % i)
            return
        local = self.local_ports.get((i, kind), 0)
        if kind == b"TCP":
            s = socket.socket()
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            if local:
                s.bind(("0.0.0.0", local))
            if kind == b"UDP":
                s.connect((ip, port))  # connected: datagrams from elsewhere are not taken
        except OSError:
            s.close()
            self.urc(b"\r\n%d, CONNECT FAIL" % i)
            return
        link = Link(kind, s, (ip, port))
        if kind == b"TCP":
            self.start_connect(i, link, CONNECT_TIMEOUT)
            return
        s.setblocking(False)
        self.links[i] = link
        self.connected(i)

    def connected(self, i):
        link = self.links[i]
        link.connecting = None
        self.emu.watch(link.sock, selectors.EVENT_READ, ("data", self, i))
        self.urc(b"\r\n%d, CONNECT OK" % i)

    def connect_failed(self, i, refused):
        self.drop(i)
        self.urc(b"\r\n%d, CONNECT FAIL" % i)

    def at_cipclose(self, args, query):
        self.multi()
        i = self.link_id(args[0])
        if self.links[i] is None or len(args) > 2:
            self.fail()
            return
        self.drop(i)  # no closing delay: the id is free at once
        self.final(b"%d, CLOSE OK" % i)

    def at_cipsend(self, args, query):
        self.multi()
        i = self.link_id(args[0])
        n = int(args[1])
        link = self.links[i]
        if len(args) != 2 or link is None or link.connecting or link.peer_closed:
            self.fail()
            return
        if not 0 < n <= CIP_MAX_SEND:
            self.fail()
            return
        # The prompt comes after a moment; what the host writes before it
        # is lost (the modem is still taking the command).
        self.busy = "prompt"

        def prompt():
            self.busy = None
            self.send(b"\r\n> ")
            self.expect_data(n, lambda payload: self.transmit(i, link, payload))

        self.after(PROMPT_DELAY, prompt)

    def feed(self, data):
        # A line at a time, so that what follows AT+CIPSEND in the same
        # read is lost too, as what comes later before the prompt.
        while data and self.busy != "prompt":
            end = data.find(b"\n") + 1 or len(data)
            super().feed(data[:end])
            data = data[end:]

    def transmit(self, i, link, payload):
        if self.links[i] is not link or link.peer_closed:
            self.final(b"%d, SEND FAIL" % i)
            return
        try:
            if link.kind == b"UDP":
                try:
                    link.sock.send(payload)
                except ConnectionRefusedError:
                    # An earlier datagram's port unreachable: this one goes.
                    link.sock.send(payload)
            else:
                link.sock.setblocking(True)
                try:
                    link.sock.sendall(payload)
                finally:
                    link.sock.setblocking(False)
        except OSError:
            self.final(b"%d, SEND FAIL" % i)
            return
        self.final(b"%d, SEND OK" % i)

    # --- receiving (Modem's: +CIPRXGET: 1,<link>, AT+CIPRXGET=2 and =4)

    def at_ciprxget(self, args, query):
        if not query and int(args[0]) in (2, 4):
            self.multi()
            if self.links[self.link_id(args[1])] is None:
                self.fail()
                return
        super().at_ciprxget(args, query)

    def no_data(self, i):
        self.send(b"\r\n+CIPRXGET: 2,%d,0,0\r\n" % i)
        self.ok()

    def peer_gone(self, i):
        self.drop(i)
        self.urc(b"\r\n%d, CLOSED" % i)

    # --- faults

    def fault(self, kind, arg=None):
        if kind == "drop":
            # Link arg (default: every open link) drops.
            for i in range(self.LINKS) if arg is None else (arg,):
                link = self.links[i]
                if link is not None and link.connecting:
                    self.connect_failed(i, False)
                elif link is not None:
                    self.peer_gone(i)
        elif kind == "netlost":
            # The network deactivates the data link: every link is gone.
            if self.state in (b"IP CONFIG", b"IP GPRSACT", b"IP STATUS"):
                self.close_all()
                self.state = b"PDP DEACT"
                self.urc(b"\r\n+PDP: DEACT")
        else:
            super().fault(kind, arg)


class Emulator(modem_emulator.Emulator):
    """modems: how many (each on a pty of its own), or devices: serial lines
    to be the modems on (a board's UART that qemu connects to a pty); baud,
    chunk, trace: as modem_emulator.Emulator's; model: "SIM7600" or
    "A7670" (the SIM7600 command set), or "SIM7000" (the SIM7000 / SIM800
    one), what ATI and AT+CGMM say; csq: the signal quality AT+CSQ reports
    (0-31, 99 unknown); registered: whether the modem is registered on the
    network (else AT+NETOPEN, or AT+CIICR, fails). Faults (fault()): those
    of modem_emulator.Emulator, and "reset" (the modem restarts: RDY),
    "drop" (the peer of link arg, or of every link, goes away: +IPCLOSE,
    or '<n>, CLOSED'), "netlost" (the network drops the data link:
    +CIPEVENT, or +PDP: DEACT)."""

    def __init__(
        self,
        modems=1,
        baud=0,
        model="SIM7600",
        csq=20,
        registered=True,
        trace=None,
        chunk=0,
        devices=None,
    ):
        self.model = model
        self.csq = csq
        self.registered = registered
        make = CipModem if model in CIP_MODELS else Modem
        super().__init__(make, devices or [None] * modems, baud=baud, trace=trace, chunk=chunk)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--modems", type=int, default=1)
    ap.add_argument("--baud", type=int, default=0, help="throttle each line (0: no limit)")
    ap.add_argument("--model", default="SIM7600", choices=sorted(MODELS))
    ap.add_argument("--trace", action="store_true", help="print what crosses each line")
    args = ap.parse_args()

    def trace(index, direction, data):
        print("modem{} {} {!r}".format(index, direction, data), file=sys.stderr, flush=True)

    emu = Emulator(args.modems, args.baud, args.model, trace=trace if args.trace else None)
    for path in emu.paths:
        print(path, flush=True)
    emu.serve()


if __name__ == "__main__":
    main()
