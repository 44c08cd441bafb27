# Handles the driver made are never lost when what follows fails: the heap
# running out right after socket_socket returns (PINT set room aside for the
# handle before the call, which sockets the driver opens from inside it do not
# take: taking it in needs no memory), and KeyboardInterrupt or SystemExit
# raised by socket_close while accept gives back two handles.
import micropython, network, socket, time


class Ledger:
    # Makes numbered handles and records every close, without allocating
    # in socket_close (which may run with the heap exhausted).
    def __init__(self):
        self.made = 0
        self.closes = [None] * 32
        self.n_closed = 0
        self.nested = None
        self.lock_heap = False
        self.raise_in_close = None
        self.accept_answer = None

    def socket_socket(self):
        self.made += 1
        h = self.made
        if self.lock_heap:
            self.lock_heap = False
            # Sockets of its own, opened from inside this call (PINT's handle
            # array grows 5 slots at a time: 5 would fill it); then the heap
            # is gone.
            self.nested = []
            for port in range(5):
                n = socket.socket()
                n.connect(("10.0.0.9", port))
                self.nested.append(n)
            micropython.heap_lock()
        return h

    def socket_close(self, h):
        self.closes[self.n_closed] = h
        self.n_closed += 1
        if self.raise_in_close is not None:
            exc, self.raise_in_close = self.raise_in_close, None
            raise exc

    def socket_connect(self, h, ip, port):
        return True

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, backlog):
        return True

    def socket_accept(self, h, h2, ip, port):
        # A handle of its own, with an address PINT cannot read: PINT gives
        # back both its own and the one it made (h2).
        self.made += 1
        return (self.made, ("not", "an address"))

    def closed(self):
        return sorted(self.closes[: self.n_closed])


# 1. MemoryError while PINT takes in the handle socket_socket returned.
drv = Ledger()
nic = network.PINT(drv)
drv.lock_heap = True
s = socket.socket()
try:
    s.connect(("10.0.0.1", 1))
    print("connected?")
except MemoryError:
    print("MemoryError reaches the program")
finally:
    micropython.heap_unlock()
print("made", drv.made, "closed", drv.closed(), "held", nic.held())
for n in drv.nested:
    n.close()
print("after the nested sockets' close: held", nic.held(), "closed", drv.closed())
s.close()
print("after the socket's own close: held", nic.held(), "closed", drv.closed())
nic.deinit()

# 2. accept gives back two handles; the first close raises.
for exc in (KeyboardInterrupt, SystemExit):
    drv = Ledger()
    nic = network.PINT(drv)
    srv = socket.socket()
    srv.bind(("0.0.0.0", 80))
    srv.listen(1)
    drv.raise_in_close = exc
    try:
        srv.accept()
        print("accepted?")
    except exc:
        print(exc.__name__, "reaches the program")
    except TypeError as e:
        print("TypeError", e)
    time.sleep_ms(1)  # the closes still due run from the scheduler
    print("closed", drv.closed(), "held", nic.held())
    srv.close()
    print("at the end: held", nic.held(), "closed", drv.closed())
    nic.deinit()
