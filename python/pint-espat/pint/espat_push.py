"""The ESP-AT driver's active receive mode: data the modem pushes (+IPD
with its payload) kept per link until read. pint.espat loads it when the
modem refuses passive mode (older ESP8266 firmware), or for UDP on AT 1.7,
whose passive mode is for TCP only; a modem in passive mode never needs it.
"""

from micropython import const
from _pint import Fifo

_SOCK_STREAM = const(1)  # as in pint.espat
_SOCK_DGRAM = const(2)
_DGRAMS = const(16)  # datagrams kept per UDP link


def data(nic, link, n, source):
    # +IPD's n bytes for link, from source (None: not given, or garbled).
    if link.peer is None and link.kind == _SOCK_STREAM:
        link.peer = source  # a connection not yet accepted (it may close first)
    rx = link.rx
    if link.kind == _SOCK_DGRAM:
        # Into the link's buffer after a 2-byte length, its source in the
        # ring beside; what does not fit is dropped and counted.
        if rx is None:
            rx = link.rx = Fifo(nic.rxbuf)
            link.sources = [None] * _DGRAMS
        # A datagram with no source where the modem should give one
        # (pushed before the driver set the restarted modem up again, its
        # settings lost; or damaged) is dropped too: not handed over from
        # nowhere.
        if (source is not None or not nic.dinfo) and link.queued < _DGRAMS and rx.room() >= n + 2:
            link.sources[(link.first + link.queued) % _DGRAMS] = source
            link.queued += 1
            head = nic._head
            head[0] = n >> 8
            head[1] = n & 255
            rx.write(head)
            nic._payload(rx, n, link)
        else:
            nic.dropped += 1
            nic._payload(None, n)
        return
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


def datagram(nic, link, buf):
    # The oldest datagram kept for link into buf (what does not fit is
    # dropped): its length, its source in nic._source.
    rx = link.rx
    n = rx[0] << 8 | rx[1]
    rx.consume(2)
    k = rx.readinto(buf, min(n, len(buf)))
    rx.consume(n - k)
    i = link.first
    source = link.sources[i]
    link.sources[i] = None
    link.first = (i + 1) % _DGRAMS
    link.queued -= 1
    nic._source = source
    return k
