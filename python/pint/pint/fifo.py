"""A bounded byte FIFO for drivers: bytes go in at the back and come out at
the front, without moving what stays (a bytearray has no cheap
consume-from-front), and without allocating: its storage is allocated once,
and it reads a stream straight into its room (the C module _pint, part of
PINT's firmware).

    f = Fifo(1024)
    f.fill(uart)           # what the UART has, straight into the FIFO
    n = f.readinto(buf)    # the oldest bytes out (or into another Fifo)
    f.find(b"\\n"), f.startswith(b"OK"), f.number(0, 3), f[0]   # in place
    f.peek(0, 10), f.read(10)                                 # as bytes

fill(stream[, limit]) answers as a stream read does: the count, None when
nothing has come (or there is no room), 0 at the end of the stream.
Offsets count from the front; a negative one from the back.
"""

from _pint import Fifo  # noqa: F401
