# MicroPython side of the ESP-AT soak (tests/espat/soak.py) and of
# test_lossy.py: pint.espat on the modem at argv[1] (the host firmware's
# serial line), transfers to echo servers on this machine (TCP on argv[2],
# UDP on argv[3]) for argv[4] seconds, with the test injecting faults
# meanwhile. argv[5]: the kinds of transfer ("tcp", "udp" or "tcp,udp");
# argv[6]: a random seed. Every transfer either comes back whole (SHA-256
# of what was sent and of what came back) or fails with an OSError; any
# other outcome is counted against the driver. Prints per transfer nothing,
# every 20 transfers "HEAP <bytes in use after a collection>", and at the
# end the counts, what the driver and PINT still hold after every socket is
# closed, and DONE.
import sys, time, gc, errno, hashlib, random, socket, struct
import network
from _pintserial import Serial
from pint.espat import ESPAT

device, tcp_port, udp_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seconds, kinds, seed = int(sys.argv[4]), sys.argv[5].split(","), int(sys.argv[6])
random.seed(seed)
drv = ESPAT(Serial(device, 115200), timeout=3000)
nic = network.PINT(drv)
nic.connect("pint-net", "pint-pass")
counts = {"ok": 0, "oserror": 0, "corrupted": 0, "unexpected": 0, "udp_lost": 0, "udp_source": 0}
errnos = {}
BLOCK = bytes((i * 31 + 7) & 255 for i in range(4096))


def digest(data):
    return hashlib.sha256(data).digest()


def tcp_round(s, n):
    # n bytes out, the same n back from the echo server.
    off = random.randrange(0, 4096 - n + 1)
    data = memoryview(BLOCK)[off : off + n]
    s.write(data)
    back = bytearray(n)
    got = 0
    while got < n:
        k = s.readinto(memoryview(back)[got:])
        if not k:
            raise OSError(errno.ECONNRESET)  # the end of the stream, early
        got += k
    return digest(data) == digest(back)


UDP_BUF = 2048
seq = 0
detail = ""  # what a damaged UDP answer looked like


def udp_round(u, n):
    # A datagram of n bytes (after its sequence number and length, followed
    # by the first 8 bytes of the SHA-256 of both), echoed back. What comes
    # back is checked datagram by datagram: passive mode reads datagrams
    # waiting together in one go (docs/espat.md), and one that arrives late
    # (its round gave up on it) is whole, not ours: the wait goes on.
    global seq, detail
    seq += 1
    off = random.randrange(0, 4096 - n + 1)
    body = struct.pack(">IH", seq, n) + BLOCK[off : off + n]
    u.sendto(body + hashlib.sha256(body).digest()[:8], ("127.0.0.1", udp_port))
    while True:
        try:
            back, addr = u.recvfrom(UDP_BUF)
        except OSError as e:
            if e.errno == errno.ETIMEDOUT:
                counts["udp_lost"] += 1  # UDP may lose a datagram; never damage one
                return None
            raise
        detail = "{} B from {}: {}".format(len(back), addr, bytes(back[:12]))
        # A source other than the echo's, the data whole: a digit lost on
        # the line from the source's port or address that still reads as one
        # (docs/espat.md says it goes unnoticed), counted apart.
        foreign = addr != ("127.0.0.1", udp_port)
        mine = False
        i = 0
        while i + 6 <= len(back):
            number, k = struct.unpack_from(">IH", back, i)
            end = i + 6 + k + 8
            if end > len(back) and len(back) == UDP_BUF:
                break  # the last one cut by the buffer (the modem drops the rest)
            if (
                end > len(back)
                or hashlib.sha256(back[i : i + 6 + k]).digest()[:8] != back[end - 8 : end]
            ):
                return False
            mine = mine or number == seq
            i = end
        if i < len(back) and len(back) < UDP_BUF:
            return False  # bytes that are no datagram
        if mine and foreign:
            counts["udp_source"] += 1
            print("SOURCE", seq, detail)
            return None
        if mine:
            return True
        if foreign:
            return False


tcp = None
udp = None
end = time.ticks_add(time.ticks_ms(), seconds * 1000)
rounds = 0
while time.ticks_diff(end, time.ticks_ms()) > 0:
    kind = random.choice(kinds)
    try:
        if kind == "tcp":
            if tcp is None:
                tcp = socket.socket()
                tcp.settimeout(5)
                tcp.connect(("127.0.0.1", tcp_port))
            result = tcp_round(tcp, random.choice((1, 17, 300, 1460, 2048, 4096)))
        else:
            if udp is None:
                udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                udp.settimeout(2)
            result = udp_round(udp, random.choice((1, 64, 512, 1400)))
        if result is not None:
            counts["ok" if result else "corrupted"] += 1
            if not result:
                print("CORRUPTED", kind, seq if kind == "udp" else "", detail)
    except OSError as e:
        counts["oserror"] += 1
        code = e.errno if isinstance(e.errno, int) else str(e)
        errnos[code] = errnos.get(code, 0) + 1
        # The socket may be dead: a new one for the next round.
        s = tcp if kind == "tcp" else udp
        try:
            s.close()
        except OSError:
            pass
        if kind == "tcp":
            tcp = None
        else:
            udp = None
    except Exception as e:
        counts["unexpected"] += 1
        print("UNEXPECTED", kind, repr(e))
        sys.print_exception(e)
    rounds += 1
    if rounds % 20 == 0:
        gc.collect()
        print("HEAP", gc.mem_alloc())
for s in (tcp, udp):
    if s is not None:
        s.close()
# Let the modem's answers to the last closes come, then what is held.
for i in range(20):
    drv._service()
    time.sleep_ms(50)
gc.collect()
print("HEAP", gc.mem_alloc())
print("COUNTS", " ".join("{}={}".format(k, v) for k, v in sorted(counts.items())))
print("ERRNOS", " ".join("{}={}".format(k, v) for k, v in sorted(errnos.items())))
print("ROUNDS", rounds)
# Links in use, those of them closed with data still read (AT 1.7), and ids
# left to close.
held = [link for link in drv.links if link is not None]
print("LINKS", len(held), sum(link.eof for link in held), len(drv._orphans))
held_open, held_closing = nic.held()
print("HELD", len(held_open), len(held_closing))
print("DROPPED", drv.dropped, drv.at.dropped)
print("DONE")
