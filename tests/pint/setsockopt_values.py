# setsockopt values reach the driver as what they are: an int as an int, a
# buffer as a read-only memoryview of it, and for option 20
# (PINT.SO_CALLBACK) a callable as itself and None as None, to a driver that
# takes callables (pint_callbacks). An int or an 8-byte buffer given for
# option 20 is never taken for an object (the program's bytes would become a
# pointer); a driver without pint_callbacks is never given an object for
# option 20, not even for bytes forged to look like one. Levels and options
# arrive as the program gave them, negative ones too.
import errno, network, socket, struct, sys

seen = []


class D:
    pint_callbacks = True

    def socket_socket(self):
        return 1

    def socket_setsockopt(self, h, level, opt, value):
        self.levels = (level, opt)
        if isinstance(value, memoryview):
            seen.append(("memoryview", bytes(value)))
            self.kept = value
        else:
            seen.append((type(value).__name__, value))
        return True


network.PINT(D())
s = socket.socket()


def f():
    pass


def outer():
    x = 5

    def inner():
        return x

    return inner


class Callable:
    def __call__(self):
        pass


class Plain:
    pass


c = Callable()
cases = [
    ("int", 12345),
    ("negative int", -1),
    ("large int", 2**30 + 7),
    ("bool", True),
    ("8-byte bytearray", bytearray(b"AAAAAAAA")),
    ("8 zero bytes", bytes(8)),
    ("4-byte bytes", b"ABCD"),
    ("16-byte bytearray", bytearray(b"B" * 16)),
    ("8-byte slice", memoryview(b"0123456789abcdef")[3:11]),
    ("None", None),
    ("function", f),
    ("lambda", lambda: 1),
    ("closure", outer()),
    ("bound method", c.__call__),
    ("builtin", print),
    ("class", Plain),
    ("builtin type", dict),
    ("callable instance", c),
]
for name, value in cases:
    for opt in (20, 4):
        del seen[:]
        try:
            s.setsockopt(socket.SOL_SOCKET, opt, value)
        except Exception as e:
            print(name, opt, "->", type(e).__name__, e)
            continue
        kind, got = seen[0]
        if kind == "memoryview":
            print(name, opt, "-> memoryview", got)
        elif kind in ("int", "bool", "NoneType"):
            print(name, opt, "->", kind, got)
        else:
            print(name, opt, "->", kind, "same object:", got is value)
print("kept view revoked:", len(network.route()[0].driver.kept) == 0)

del seen[:]
s.setsockopt(-1, -20, 1)
print("negative level and option:", seen[0], network.route()[0].driver.levels)


class NoCallbacks(D):
    pint_callbacks = False


network.route()[0].deinit()
network.PINT(NoCallbacks())
s = socket.socket()
forged = struct.pack("<Q" if sys.maxsize > 2**32 else "<I", id(type(f)))
for name, value in (("function", f), ("forged bytes", forged), ("None", None), ("int", 7)):
    del seen[:]
    try:
        s.setsockopt(socket.SOL_SOCKET, 20, value)
        print("without pint_callbacks,", name, "20 ->", seen[0][0])
    except OSError as e:
        print("without pint_callbacks,", name, "20 -> OSError", errno.errorcode[e.errno], seen)
