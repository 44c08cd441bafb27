# A NIC lives as long as PINT holds handles for it, however the program
# treats network.route() (a list it may change): a NIC taken out of it by
# hand, then dropped with its sockets, still gets socket_close for every
# handle (run after the GC, on a NIC that is not freed meanwhile), and
# deinit() of a NIC no longer in the list works.
import network, socket, gc


class D:
    made = 0
    closed = 0

    def socket_socket(self):
        D.made += 1
        return [D.made]

    def socket_close(self, h):
        D.closed += 1

    def socket_bind(self, h, ip, port):
        return True


def make_and_drop():
    nic = network.PINT(D())
    sockets = []
    for i in range(20):
        s = socket.socket()
        s.bind(("0.0.0.0", i))
        sockets.append(s)
    network.route().remove(nic)


def scrub(n):
    # Overwrite stale pointers on the C stack, where the GC looks
    # conservatively (a stale word could keep a dropped socket alive).
    a = b = c = d = e = f = g = h = None
    if n:
        scrub(n - 1)


for round in range(10):
    make_and_drop()
    scrub(5)
    # The collection finalises the sockets and would free the NIC; the
    # allocations right after it reuse freed memory before the deferred
    # closes run (at the loop's next jump).
    gc.collect()
    a1 = b"A" * 200
    a2 = b"A" * 200
    a3 = b"A" * 200
    a4 = b"A" * 200
    a5 = b"A" * 200
    a6 = b"A" * 200
    a7 = b"A" * 64
    a8 = b"A" * 64
    a9 = b"A" * 64
    a10 = b"A" * 32
    a11 = b"A" * 32
    a12 = b"A" * 32
    a13 = b"A" * 32
for i in range(3):
    gc.collect()
# One round's sockets may be kept alive a while longer by a stale word on the
# C stack pointing at their list (MicroPython's GC is conservative).
print(
    "handles made:",
    D.made,
    "closed at least:",
    D.closed >= D.made - 20,
    "closed twice:",
    D.closed > D.made,
)

# deinit() of a NIC taken out of route() by hand.
nic = network.PINT(D())
network.route().remove(nic)
nic.deinit()
print("deinit after remove:", repr(nic).endswith(" deinit>"), nic in network.route())
nic.deinit()
print("second deinit: ok")
