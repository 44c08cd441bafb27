#!/usr/bin/env python3
"""Glue cost and payload independence, in instructions (callgrind).

For each operation, bench/mp_glue.py runs it N times through PINT (a socket
over a driver whose methods do nothing) and as the floor (the same driver
method called directly from Python with the same arguments). Each is run
under valgrind --tool=callgrind at two loop counts; the difference divided
by the difference of counts is the cost of one iteration, with start-up
cancelled. The cost of an empty loop iteration is taken off both, so what
is compared is one `sock.send(b)` against one `drv.socket_send(h, mv)`.

Also the heap allocated per call (gc.mem_alloc deltas with the GC off).

usage: glue.py [--quick] [--json] [--firmware PATH]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPT = os.path.join(HERE, "mp_glue.py")
OPS = ("send", "recv", "readinto", "sendto", "recvfrom", "connect", "poll")
SMALL, LARGE = 16, 64 * 1024
# Heap for the heap-per-call runs: the GC is off there, so it must hold every
# result of the run.
HEAP = "16M"


# The NIC-protocol function of PINT each operation enters.
ENTRY = {
    "send": "pint_socket_send",
    "recv": "pint_socket_recv",
    "readinto": "pint_socket_recv",
    "sendto": "pint_socket_sendto",
    "recvfrom": "pint_socket_recvfrom",
    "connect": "pint_socket_connect",
    "poll": "pint_socket_ioctl",
}


def callgrind(firmware, op, path, n, size):
    """(total instructions, PINT's own instructions) of one run of
    mp_glue.py. PINT's own: inclusive cost of PINT's entry point for the
    operation less what its calls of driver methods cost (known from the
    call graph when the firmware has symbols; else None)."""
    with tempfile.NamedTemporaryFile(suffix=".cg") as out:
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=" + out.name,
            firmware,
            SCRIPT,
            op,
            path,
            str(n),
            str(size),
        ]
        proc = subprocess.run(cmd, text=True, capture_output=True)
        if proc.returncode != 0 or "DONE" not in proc.stdout:
            sys.exit(
                "glue: {} failed:\n{}{}".format(" ".join(cmd), proc.stdout, proc.stderr[-2000:])
            )
        total = int(re.search(r"Collected : (\d+)", proc.stderr).group(1))
        if path != "pint":
            return total, None
        tree = subprocess.run(
            [
                "callgrind_annotate",
                "--inclusive=yes",
                "--tree=calling",
                "--threshold=100",
                out.name,
            ],
            text=True,
            capture_output=True,
        ).stdout
    return total, pint_own(tree, ENTRY[op])


def pint_own(tree, entry):
    """From callgrind_annotate --tree=calling: inclusive(entry) minus the
    driver calls made from pint_call."""
    entry_cost = driver = None
    caller = None
    for line in tree.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+([*>])\s+(\S+)", line)
        if not m:
            continue
        cost, kind, name = int(m.group(1).replace(",", "")), m.group(2), m.group(3).split(":")[-1]
        if kind == "*":
            caller = name
            if name == entry and entry_cost is None:
                entry_cost = cost
        elif caller == "pint_call" and name.startswith("mp_call_function_n_kw"):
            driver = (driver or 0) + cost
    if entry_cost is None or driver is None:
        return None  # a stripped firmware: no names
    return entry_cost - driver


def per_iteration(firmware, op, path, size, counts):
    """(instructions per iteration, PINT's own per iteration or None)."""
    lo, hi = counts
    (t0, p0), (t1, p1) = callgrind(firmware, op, path, lo, size), callgrind(
        firmware, op, path, hi, size
    )
    own = None if p0 is None or p1 is None else (p1 - p0) / (hi - lo)
    return (t1 - t0) / (hi - lo), own


def heap(firmware, n, size):
    """{op: (pint bytes per call, floor bytes per call)} at one payload size,
    and the size of one memoryview (what PINT lends per transfer)."""
    cmd = [firmware, "-X", "heapsize=" + HEAP, SCRIPT, "-", "heap", str(n), str(size)]
    proc = subprocess.run(cmd, text=True, capture_output=True)
    if proc.returncode != 0:
        sys.exit("glue: {} failed:\n{}{}".format(" ".join(cmd), proc.stdout, proc.stderr))
    result, view = {}, None
    for line in proc.stdout.splitlines():
        f = line.split()
        if f and f[0] == "HEAP":
            result[f[1]] = (float(f[3]), float(f[4]))
        elif f and f[0] == "VIEW":
            view = float(f[1])
    return result, view


def measure(firmware, quick):
    counts = (200, 2200) if quick else (2000, 22000)
    loop = per_iteration(firmware, "send", "empty", SMALL, counts)[0]
    glue = {}
    ops = ("send", "readinto") if quick else OPS
    for op in ops:
        pint, own = per_iteration(firmware, op, "pint", SMALL, counts)
        floor = per_iteration(firmware, op, "floor", SMALL, counts)[0] - loop
        pint -= loop
        glue[op] = {
            "pint": round(pint, 1),
            "floor": round(floor, 1),
            "overhead": round(pint / floor - 1, 4),
            "pint_own": None if own is None else round(own, 1),
            "own_share": None if own is None else round(own / floor, 4),
        }
    payload = {}
    for op in ("send", "readinto"):
        small = per_iteration(firmware, op, "pint", SMALL, counts)
        large = per_iteration(firmware, op, "pint", LARGE, counts)
        payload[op] = {
            "small": round(small[0] - loop, 1),
            "large": round(large[0] - loop, 1),
            "growth": round((large[0] - small[0]) / (small[0] - loop), 4),
        }
        if small[1] is not None and large[1] is not None:
            payload[op].update(
                own_small=round(small[1], 1),
                own_large=round(large[1], 1),
                own_growth=round(large[1] / small[1] - 1, 4),
            )
    n = 1000 if quick else 10000
    (small, view), (large, _) = heap(firmware, n, SMALL), heap(firmware, 100, LARGE)
    heaps = {"small": small, "large": large}
    return {"loop": round(loop, 1), "glue": glue, "payload": payload, "heap": heaps, "view": view}


def show(r):
    print(
        "Glue cost per operation, instructions (an empty loop iteration, {}, taken off)".format(
            r["loop"]
        )
    )
    print(
        "  {:<10} {:>8} {:>8} {:>9} {:>10} {:>9}".format(
            "op", "floor", "socket", "overhead", "PINT own", "of floor"
        )
    )
    for op, g in r["glue"].items():
        own = "-" if g["pint_own"] is None else "{:.0f}".format(g["pint_own"])
        share = "-" if g["own_share"] is None else "{:.1f}%".format(100 * g["own_share"])
        print(
            "  {:<10} {:>8.0f} {:>8.0f} {:>8.1f}% {:>10} {:>9}".format(
                op, g["floor"], g["pint"], 100 * g["overhead"], own, share
            )
        )
    print(
        "Payload independence, instructions per call through PINT ({} B vs {} B)".format(
            SMALL, LARGE
        )
    )
    for op, p in r["payload"].items():
        line = "  {:<10} socket call {:>6.0f} {:>6.0f} {:+.2f}%".format(
            op, p["small"], p["large"], 100 * p["growth"]
        )
        if "own_small" in p:
            line += "   PINT own {:>5.0f} {:>5.0f} {:+.2f}%".format(
                p["own_small"], p["own_large"], 100 * p["own_growth"]
            )
        print(line)
    print("Heap allocated per call, bytes (through the socket / by the floor)")
    for op in r["heap"]["small"]:
        s, l = r["heap"]["small"][op], r["heap"]["large"][op]
        print(
            "  {:<10} {:>6} B: {:>7.1f} / {:<5.1f} {:>6} B: {:>8.1f} / {:.1f}".format(
                op, SMALL, s[0], s[1], LARGE, l[0], l[1]
            )
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--firmware", default=os.path.join(ROOT, "build", "micropython"))
    args = ap.parse_args()
    r = measure(args.firmware, args.quick)
    show(r)
    if args.json:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
