"""A bounded byte FIFO for drivers: bytes go in at the back and come out at
the front, without moving what stays (a bytearray has no cheap
consume-from-front). Its storage is allocated once.

    f = Fifo(1024)
    f.fill(uart)          # what the UART has, straight into the FIFO
    n = f.readinto(buf)   # the oldest bytes out
"""


class Fifo:
    def __init__(self, size):
        self._buf = bytearray(size)
        self._mv = memoryview(self._buf)
        self._start = 0
        self._end = 0

    def __len__(self):
        return self._end - self._start

    def room(self):
        """How many more bytes fit."""
        return len(self._buf) - (self._end - self._start)

    def clear(self):
        self._start = self._end = 0

    def _make_room(self, n):
        # Move the content to the front when the back has less than n free.
        if len(self._buf) - self._end < n and self._start:
            count = self._end - self._start
            self._buf[0:count] = self._mv[self._start : self._end]
            self._start, self._end = 0, count

    def write(self, data):
        """Append what fits of data; returns how many bytes were taken."""
        n = min(len(data), self.room())
        if n:
            self._make_room(n)
            self._mv[self._end : self._end + n] = data[:n] if n < len(data) else data
            self._end += n
        return n

    def fill(self, stream, limit=None):
        """Read what stream has (without waiting) into the free room, at most
        limit bytes; returns the count (0: nothing there, or no room)."""
        return self.fill_with(stream.readinto, limit)

    def fill_with(self, readinto, limit=None):
        """As fill, with a function that reads into the buffer it is given
        and returns the count."""
        n = self.room() if limit is None else min(limit, self.room())
        if not n:
            return 0
        self._make_room(n)
        got = readinto(self._mv[self._end : self._end + n])
        if not got:
            return 0
        self._end += got
        return got

    def readinto(self, buf, n=None):
        """Move up to n (default len(buf)) of the oldest bytes into buf."""
        n = min(len(buf) if n is None else n, self._end - self._start)
        if n:
            buf[:n] = self._mv[self._start : self._start + n]
            self.consume(n)
        return n

    def read(self, n):
        """The oldest n bytes (or fewer), as bytes."""
        n = min(n, self._end - self._start)
        data = bytes(self._mv[self._start : self._start + n])
        self.consume(n)
        return data

    def consume(self, n):
        """Drop the oldest n bytes."""
        self._start = min(self._start + n, self._end)
        if self._start == self._end:
            self._start = self._end = 0

    def find(self, sub, start=0, end=None):
        """Offset from the front of the first sub (searching offsets
        start..end), or -1."""
        stop = self._end if end is None else min(self._end, self._start + end)
        i = self._buf.find(sub, self._start + start, stop)
        return -1 if i < 0 else i - self._start

    def peek(self, start=0, end=None):
        """The bytes at offsets start..end from the front, as bytes."""
        count = self._end - self._start
        end = count if end is None else min(end, count)
        return bytes(self._mv[self._start + start : self._start + end])

    def startswith(self, prefix, start=0):
        """Whether the bytes at offset start begin with prefix."""
        return self._end - self._start - start >= len(prefix) and self._buf.startswith(
            prefix, self._start + start
        )
