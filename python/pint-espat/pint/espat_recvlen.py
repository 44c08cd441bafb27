"""The ESP-AT driver asks the modem what it holds for its links
(AT+CIPRECVLEN?, passive mode) where no +IPD told: for a link that
ESP8266 NonOS AT 1.7 said closed while it still held data for it (v2 says
<id>,CLOSED after that data is read), and for a connection the modem's
server took with data (a firmware quirk: no +IPD for it). pint.espat
imports this module at the first read of such a link, pint.espat_server at
the first accept in passive mode, so that a client on AT v2 never loads
it.
"""

from micropython import const

_LINKS = const(5)  # as in pint.espat


def recvlen(nic):
    # Each link's count of what the modem holds for it.
    for line in nic._command(b"AT+CIPRECVLEN?", quiet=True) or ():
        if line.startswith(b"+CIPRECVLEN:"):
            for i, v in enumerate(line[12:].split(b",")):
                link = nic.links[i] if i < _LINKS else None
                if link is not None and v.isdigit():
                    link.pending = int(v)


def drain(nic, link):
    # A link AT 1.7 closed, all that was announced for it read: what the
    # modem holds, also what it never announced; the link drained (its id
    # dropped) when there is nothing.
    recvlen(nic)
    if not link.pending:
        nic._drop(link.id)
