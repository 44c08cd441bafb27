#!/usr/bin/env python3
"""The ESP-AT soak: pint.espat on the host firmware, through an emulated
modem at serial speed (115200 baud), moving data to echo servers on this
machine (TCP, and UDP) for ten minutes while the modem misbehaves at random
every few seconds: an ERROR or a "busy p..." for the next command, every
link dropped by its peer, a reset, noise on the line, and a few seconds of
a lossy line (bytes to the board lost, as a UART without flow control
loses them). Checked: every transfer comes back whole (SHA-256) or fails
with an OSError; nothing else escapes; transfers keep succeeding between
faults; the heap stays bounded; after the last socket is closed, neither
the driver, PINT nor the modem holds a link.

    make soak-espat                       (ten minutes; not part of make test)
    python3 tests/espat/soak.py [--minutes M] [--seed N] [--at1]

tests/espat/test_lossy.py runs the same for a short while with only the
lossy line, in make test."""
import argparse
import random
import sys
import threading
import time

from espatlib import Checks, Echo, Emulator, Script, tcp_server, udp_echo

# Fault: how it is injected (emu, random).
FAULTS = {
    "error": lambda emu, rnd: emu.fault(0, "error"),
    "busy": lambda emu, rnd: emu.fault(0, "busy"),
    "drop": lambda emu, rnd: emu.fault(0, "drop"),
    "reset": lambda emu, rnd: emu.fault(0, "reset"),
    "noise": lambda emu, rnd: emu.fault(
        0,
        "noise",
        rnd.choice((b"\x00\xff\x13garbage\xfe\r\n", b"+IPD,", b"+CIPRECVDATA:", b"\r\n>")),
    ),
    "lossy": lambda emu, rnd: lossy(emu, rnd.uniform(1e-4, 5e-4), rnd.uniform(1, 4)),
}


def lossy(emu, rate, seconds):
    emu.fault(0, "lossy", rate)
    time.sleep(seconds)
    emu.fault(0, "lossy", 0)


def soak(checks, name, seconds, kinds, faults, at1=False, baud=115200, seed=1, every=(2.0, 6.0)):
    """Run mp_soak.py for seconds with faults (names of FAULTS) injected at
    random intervals (every: the range, in seconds); its checks go into
    checks, each named with name. Returns a line of its figures."""
    echo, tcp_port = tcp_server(Echo)
    udp, udp_port = udp_echo()
    emu = Emulator(modems=1, baud=baud, at1=at1).start()
    rnd = random.Random(seed)
    injected = {}
    done = threading.Event()

    def injector():
        while not done.wait(rnd.uniform(*every)):
            kind = rnd.choice(faults)
            injected[kind] = injected.get(kind, 0) + 1
            FAULTS[kind](emu, rnd)

    mp = Script(
        "mp_soak.py",
        emu.paths[0],
        tcp_port,
        udp_port,
        seconds,
        ",".join(kinds),
        seed,
        heap="256K",
        limit=seconds + 240,
    )
    thread = threading.Thread(target=injector, daemon=True)
    thread.start()
    started = time.monotonic()
    mp.until("nothing")  # every line, as it comes
    done.set()
    thread.join()
    rc = mp.finish()
    took = time.monotonic() - started
    modem_links = emu.call(lambda: [i for i, l in enumerate(emu.modems[0].links) if l is not None])
    lost = emu.modems[0].lost
    emu.stop()
    echo.shutdown()
    udp.close()

    def field(prefix):
        line = [l for l in mp.lines if l.startswith(prefix + " ")]
        return line[-1].split()[1:] if line else []

    counts = dict(kv.split("=") for kv in field("COUNTS"))
    counts = {k: int(v) for k, v in counts.items()}
    heap = [int(l.split()[1]) for l in mp.lines if l.startswith("HEAP ")]
    summary = (
        "{}: {:.0f} s, faults injected {}, bytes lost on the line {}, counts {}, errnos {}".format(
            name, took, injected, lost, counts, " ".join(field("ERRNOS"))
        )
    )
    print(summary)
    checks.check("{}: the script ran to the end".format(name), rc == 0 and mp.saw("DONE"))
    checks.check(
        "{}: no transfer came back corrupted ({} whole, {} failed with an OSError)".format(
            name, counts.get("ok"), counts.get("oserror")
        ),
        counts.get("corrupted", 1) == 0 and counts.get("ok", 0) > 0,
    )
    checks.check(
        "{}: nothing but OSError escaped the socket calls".format(name),
        counts.get("unexpected", 1) == 0,
    )
    third = max(1, len(heap) // 3)
    checks.check(
        "{}: the heap stayed bounded (in use after a collection: first third at most {:,} B, "
        "last third at most {:,} B)".format(
            name, max(heap[:third], default=0), max(heap[-third:], default=0)
        ),
        len(heap) >= 3 and max(heap[-third:]) <= max(heap[:third]) + 8192,
    )
    checks.check(
        "{}: no link left, in the driver or PINT (LINKS {}, HELD {})".format(
            name, " ".join(field("LINKS")), " ".join(field("HELD"))
        ),
        field("LINKS") == ["0", "0", "0"] and field("HELD") == ["0", "0"],
    )
    checks.check(
        "{}: no link left open on the modem ({})".format(name, modem_links), modem_links == []
    )
    if "lossy" in faults and injected.get("lossy"):
        checks.check("{}: the line did lose bytes ({})".format(name, lost), lost > 0)
    return summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--at1", action="store_true", help="the modem speaks ESP8266 AT 1.7")
    args = ap.parse_args()
    checks = Checks()
    # AT 1.7 pushes UDP (+IPD), where a lost byte cannot be told: TCP only.
    summary = soak(
        checks,
        "soak" + (" AT 1.7" if args.at1 else ""),
        int(args.minutes * 60),
        ("tcp",) if args.at1 else ("tcp", "udp"),
        tuple(FAULTS),
        at1=args.at1,
        seed=args.seed,
    )
    # The figures last, where tools/run-tests shows them.
    print("{} checks, {} failed; {}".format(checks.total, checks.failed, summary))
    sys.exit(1 if checks.failed or not checks.total else 0)


if __name__ == "__main__":
    main()
