# Every handle the driver gives PINT during accept is closed exactly once
# unless it becomes the accepted socket's: when socket_accept raises any
# exception, returns a malformed answer, closes the listening socket
# itself, or the wait is interrupted; in both forms of accept. None or
# False is never taken for a handle.
import network, socket, errno, gc


class Base:
    def __init__(self):
        self.made = 0
        self.closed = []
        self.answer = None
        self.listener = None

    def socket_socket(self):
        self.made += 1
        return "made%d" % self.made

    def socket_close(self, h):
        self.closed.append(h)

    def socket_bind(self, h, ip, port):
        return True

    def socket_listen(self, h, backlog):
        return True

    def respond(self):
        a = self.answer
        if a == "raise":
            raise ValueError("driver bug")
        if a == "interrupt":
            raise KeyboardInterrupt
        if a == "close listener":
            self.listener.close()
            self.made += 1
            return ("own%d" % self.made, ("10.0.0.2", 1))
        if a == "own, bad address":
            self.made += 1
            return ("own%d" % self.made, ("300.0.0.1", 1))
        return a


class Skeleton(Base):
    def socket_accept(self, h, h2, ip, port):
        if self.answer == "close listener, use h2":
            self.listener.close()
            return True
        return self.respond()


class OneParam(Base):
    def socket_accept(self, h):
        return self.respond()


ANSWERS = [
    "raise",
    "interrupt",
    "junk",
    (1, 2, 3),
    ("10.0.0.1",),
    (None, ("10.0.0.1", 5)),
    (False, ("10.0.0.1", 5)),
    "own, bad address",
    "close listener",
    "close listener, use h2",
]


def attempt(drv, answer):
    srv = socket.socket()
    srv.bind(("0.0.0.0", 80))
    srv.listen(1)
    drv.listener = srv
    drv.answer = answer
    try:
        c, addr = srv.accept()
        r = "accepted " + addr[0]
    except OSError as e:
        r = "OSError " + errno.errorcode.get(e.errno, str(e.errno))
    except KeyboardInterrupt:
        r = "KeyboardInterrupt"
    except Exception as e:
        r = type(e).__name__ + " " + str(e)
    srv.close()
    return r


for cls in (Skeleton, OneParam):
    for answer in ANSWERS:
        if answer == "close listener, use h2" and cls is OneParam:
            continue
        drv = cls()
        nic = network.PINT(drv)
        r = attempt(drv, answer)
        for i in range(3):
            pass  # deferred closes run
        # Every handle made is closed once (the listener's too), except none.
        ok = sorted(drv.closed) == sorted(set(drv.closed)) and len(drv.closed) == drv.made
        print(cls.__name__, repr(answer), "->", r, "| every handle closed once:", ok)
        nic.deinit()
