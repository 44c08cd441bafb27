"""The ESP-AT driver's server side: socket listen and accept, and the
connections the modem's server takes until they are accepted. pint.espat
imports it at the first listen (its methods call these functions, with the
driver first), so that a program that only connects out never loads it.
"""


import errno

from micropython import const
from pint.at import ATError
from pint.espat import _Link, _module, _unquote

# As in pint.espat.
_SOCK_STREAM = const(1)
_CONNECTED = const(2)
_LISTENING = const(3)
_BACKLOG = const(8)  # connections to the server kept until accepted
_NOWHERE = const(("0.0.0.0", 0))  # a peer not known


def socket_listen(nic, link, backlog):
    if link.kind != _SOCK_STREAM:
        raise OSError(errno.EOPNOTSUPP)
    if nic._server is not None and nic._server is not link:
        raise OSError(errno.EADDRINUSE)  # the modem has one server
    if link.state != _LISTENING:
        nic._service()
        try:
            nic._command(b"AT+CIPSERVER=1,%d" % (link.port or 333))
        except ATError:
            raise OSError(errno.EADDRINUSE)
        link.state = _LISTENING
        link.backlog = []
        nic._server = link
    return True


def incoming(nic, i):
    # <id>,CONNECT from the modem's server: a connection, kept until
    # accepted.
    conn = _Link(_SOCK_STREAM)
    conn.id = i
    conn.state = _CONNECTED
    nic.links[i] = conn
    backlog = nic._server.backlog
    if len(backlog) >= _BACKLOG:
        # Connections that closed before they were accepted, with nothing
        # to read, go first; then the oldest.
        dead = [c for c in backlog if c.eof and not c.pending and not c.rx]
        victim = dead[0] if dead else backlog[0]
        backlog.remove(victim)
        if victim.id is not None and nic.links[victim.id] is victim:
            nic.links[victim.id] = None
            nic._orphans.append(victim.id)  # closed at the next call
        nic.dropped += 1
    backlog.append(conn)


def socket_accept(nic, link):
    nic._check(link)
    if link.state != _LISTENING:
        raise OSError(errno.EINVAL)
    nic._service()
    if not link.backlog:
        return None
    conn = link.backlog.pop(0)
    peer = conn.peer
    if conn.id is not None and peer is None:
        # AT+CIPSTATE?, or on AT 1.7 AT+CIPSTATUS: the same fields,
        # <id>,"TCP","<ip>",<port>,...
        cmd, name = (
            (b"AT+CIPSTATUS", b"+CIPSTATUS:") if nic.v1 else (b"AT+CIPSTATE?", b"+CIPSTATE:")
        )
        name += b"%d," % conn.id
        for line in nic._command(cmd, quiet=True) or ():
            if line.startswith(name):
                f = line.split(b",")
                try:
                    peer = (_unquote(f[2]).decode(), int(f[3]))
                except (ValueError, IndexError, UnicodeError):
                    pass  # garbled: as if not listed
        # A connection that closed meanwhile is no longer listed; in active
        # mode its data (+IPD) told its source.
        peer = peer or conn.peer
        # Data that came with the connection gets no +IPD (a firmware
        # quirk): ask how much the modem holds.
        if nic.passive:
            _module("espat_recvlen").recvlen(nic)
    conn.peer = peer = peer or _NOWHERE
    return conn, peer


def close(nic, link):
    # The server closed, and the connections not accepted.
    nic._command(b"AT+CIPSERVER=0", quiet=True)
    for conn in link.backlog:
        if conn.id is not None:
            nic._command(b"AT+CIPCLOSE=%d" % conn.id, quiet=True)
            nic.links[conn.id] = None
    if nic._server is link:
        nic._server = None
