"""The ESP-AT driver's active receive mode: data the modem pushes (+IPD
with its payload) kept per link until read. pint.espat loads it when the
modem refuses passive mode (older ESP8266 firmware), or for UDP on AT 1.7,
whose passive mode is for TCP only; a modem in passive mode never needs it
(but for data it pushes after a restart, before the driver has set it up
again: read here, and dropped).
"""

from micropython import const
from _pint import Fifo

# As in pint.espat.
_SOCK_STREAM = const(1)
_SOCK_DGRAM = const(2)
_LINKS = const(5)

_IPD_MAX = const(8192)  # the most one +IPD pushes (a few TCP segments)
_DGRAMS = const(16)  # datagrams kept per UDP link


def full(nic):
    # Active mode: whether a link's buffer is full and unread (the UART
    # then waits).
    if not nic.passive:
        for link in nic.links:
            if (
                link is not None
                and link.rx is not None
                and link.kind == _SOCK_STREAM
                and not link.rx.room()
            ):
                return True
    return False


def data(nic, i, n, c2, colon):
    # +IPD,<id>,<len>[,"<ip>",<port>]:<data> at the front of the input
    # (link id i, length n, the comma before the source at c2 and the colon
    # at colon): n bytes for the link, from its source (None: not given, or
    # garbled). Read in place: a packet costs no heap. Returns True (the
    # frame handled).
    source = nic._source_at(c2 + 1, colon) if c2 > 0 and nic.dinfo else None
    nic.at.rx.consume(colon + 1)
    if i < 0 or not 0 < n <= _IPD_MAX:
        return True  # a garbled header, or a length no modem sends: its data reads as noise
    link = nic.links[i] if i < _LINKS else None
    if link is None:
        nic._payload(None, n)
        return True
    if link.peer is None and link.kind == _SOCK_STREAM:
        link.peer = source  # a connection not yet accepted (it may close first)
    rx = link.rx
    if link.kind == _SOCK_DGRAM:
        # Into the link's buffer, its length and source in the rings
        # beside; what does not fit is dropped and counted.
        if rx is None:
            rx = link.rx = Fifo(nic.rxbuf)
            link.lengths = [0] * _DGRAMS
            link.sources = [None] * _DGRAMS
            link.first = 0
        # A datagram with no source where the modem should give one
        # (pushed before the driver set the restarted modem up again, its
        # settings lost; or damaged) is dropped too: not handed over from
        # nowhere.
        if (source is not None or not nic.dinfo) and link.queued < _DGRAMS and rx.room() >= n:
            j = (link.first + link.queued) % _DGRAMS
            link.lengths[j] = n
            link.sources[j] = source
            link.queued += 1
            nic._payload(rx, n, link)
        else:
            nic.dropped += 1
            nic._payload(None, n)
        return True
    # TCP: straight into the link's buffer, the rest kept aside while it is
    # full.
    if rx is None:
        rx = link.rx = Fifo(nic.rxbuf)
    taken = min(n, rx.room())
    if taken:
        nic._payload(rx, taken, link)
    if taken < n:
        rest = bytearray(n - taken)
        nic._payload(rest, n - taken, link)
        link.spill += rest
    return True


def datagram(nic, link, buf):
    # The oldest datagram kept for link into buf (what does not fit is
    # dropped): its length, its source in nic._source.
    i = link.first
    n = link.lengths[i]
    k = link.rx.readinto(buf, min(n, len(buf)))
    link.rx.consume(n - k)
    nic._source = link.sources[i]
    link.sources[i] = None
    link.first = (i + 1) % _DGRAMS
    link.queued -= 1
    return k
