#!/usr/bin/env python3
"""PINT on the Raspberry Pi Pico (make firmware-rp2, the PINT_PICO board),
run on the emulated Pico (tools/pico_board.py): figures from the real rp2
firmware.

  - flash: text and rodata of the firmware with PINT and without (the same
    board built with -DPINT_RP2_NO_PINT=1, no USER_C_MODULES and a manifest
    without the pint package), and within it PINT's C and the frozen pint
    package (from the linker map);
  - heap free at the REPL, after a soft reset;
  - cycles per socket call through PINT on the RP2040, over calling the
    driver method directly (the emulator runs the chip's clock by the cycles
    it counts, 125 a microsecond); a driver that does nothing
    (bench/mp_board.py, as on the qemu boards); heap held per open socket;
  - downloads through pint.espat on UART1 at 115200 baud from a server on
    this machine, with machine.UART's default receive ring and with
    rxbuf=4096: bytes per second of the chip's time, against the line rate.

Needs MICROPY_RP2_DIR (a MicroPython tree with the rp2 port's submodules),
PINT_RP2040_BOOTROM and Node.js; without them it says so and measures
nothing ({"skipped": why} with --json).

    python3 bench/pico.py [--json]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "boards"))
from boards import flash, from_map, per_call  # noqa: E402
from pico_board import BOARD, PicoBoard, bootrom  # noqa: E402
from project import BUILD  # noqa: E402
from test_pico_transfer import download  # noqa: E402

PREFIX = "arm-none-eabi-"
CYCLES_PER_US = 125
BAUD = 115200
SIZE = 32768
LINE_RATE = BAUD / 10  # 8N1: ten bits a byte
PINT_C = r"/pint/pint_\w+\.c\.o$"
FROZEN = r"frozen_content\.c\.o$"


def missing():
    tree = os.environ.get("MICROPY_RP2_DIR")
    if not tree:
        return "no MICROPY_RP2_DIR (a MicroPython tree with the rp2 port's submodules)"
    if bootrom() is None:
        return "no RP2040 boot ROM (PINT_RP2040_BOOTROM)"
    if shutil.which("node") is None:
        return "no Node.js"
    return None


def build(tree):
    """The firmware with PINT (make firmware-rp2) and without it: their ELF
    files."""
    subprocess.run(
        ["make", "-C", ROOT, "MICROPY_DIR=" + tree, "firmware-rp2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out = os.path.join(BUILD, "rp2-nopint-" + BOARD)
    os.makedirs(out, exist_ok=True)
    manifest = os.path.join(out, "manifest-nopint.py")
    with open(manifest, "w") as f:
        # The board's manifest less the pint package.
        f.write('include("$(PORT_DIR)/boards/manifest.py")\nrequire("requests")\n')
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS"):
        env.pop(var, None)
    env["MICROPY_MPYCROSS"] = os.path.join(tree, "mpy-cross", "build", "mpy-cross")
    env["CMAKE_ARGS"] = "-DPICO_NO_PICOTOOL=1 -DPINT_RP2_NO_PINT=1"
    subprocess.run(
        [
            "make",
            "-C",
            os.path.join(tree, "ports", "rp2"),
            "-j2",
            "BOARD_DIR=" + os.path.join(ROOT, "ports", "rp2", BOARD),
            "BUILD=" + out,
            "FROZEN_MANIFEST=" + manifest,
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return os.path.join(BUILD, "rp2-" + BOARD, "firmware.elf"), os.path.join(out, "firmware.elf")


def on_pico():
    """Heap at the REPL; per-call cycles and heap per socket."""
    script = os.path.join(BUILD, "bench", "pico-heap.py")
    os.makedirs(os.path.dirname(script), exist_ok=True)
    with open(script, "w") as f:
        f.write(
            "import gc\ngc.collect()\n"
            "print('HEAP', gc.mem_free(), gc.mem_free() + gc.mem_alloc())\n"
        )
    # A board for each script (pyboard reaches the emulated REPL once).
    with PicoBoard() as board:
        heap_out = board.run(script, timeout=120)
    with PicoBoard() as board:
        calls_out = board.run(os.path.join(HERE, "mp_board.py"), timeout=300)
    m = re.search(r"^HEAP (\d+) (\d+)", heap_out, re.M)
    if not m:
        raise RuntimeError("heap at the REPL: " + heap_out[-2000:])
    calls, per_socket = per_call(calls_out, CYCLES_PER_US, "the Pico")
    return int(m.group(1)), int(m.group(2)), calls, per_socket


def rate(rxbuf):
    """A download at BAUD: {bytes, ms (the chip's), rate, share, chunk}."""
    out, report = download(BAUD, SIZE, rxbuf=rxbuf, busy=False)
    ms = re.search(r"^MS (\d+)", out, re.M)
    chunk = re.search(r"^CHUNK (\d+)", out, re.M)
    lost = re.search(r"uart1 in \d+ out \d+ lost (\d+)", report)
    if "GOT {} SHA True".format(SIZE) not in out or not ms or not lost or lost.group(1) != "0":
        raise RuntimeError("download at {} baud: {}\n{}".format(BAUD, out[-2000:], report))
    r = SIZE * 1000 / int(ms.group(1))
    return {
        "bytes": SIZE,
        "ms": int(ms.group(1)),
        "rate": r,
        "share": r / LINE_RATE,
        "chunk": int(chunk.group(1)),
        "rxbuf": rxbuf or 256,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    why = missing()
    if why:
        print("bench/pico.py: nothing measured: " + why)
        if args.json:
            print(json.dumps({"skipped": why}))
        return
    with_pint, without = build(os.environ["MICROPY_RP2_DIR"])
    mapfile = with_pint + ".map"
    r = {
        "flash_with": flash(with_pint, PREFIX),
        "flash_without": flash(without, PREFIX),
        "pint_c": from_map(mapfile, PINT_C),
        "frozen_with": from_map(mapfile, FROZEN),
        "frozen_without": from_map(without + ".map", FROZEN),
    }
    r["flash_pint"] = r["flash_with"] - r["flash_without"]
    r["frozen_pint"] = r["frozen_with"] - r["frozen_without"]
    r["heap_free"], r["heap_total"], r["calls"], r["heap_per_socket"] = on_pico()
    r["downloads"] = [rate(0), rate(4096)]
    print(
        "flash {:,} B with PINT, {:,} B without: +{:,} B (PINT's C {:,} B, the pint package frozen "
        "{:,} B)".format(
            r["flash_with"], r["flash_without"], r["flash_pint"], r["pint_c"], r["frozen_pint"]
        )
    )
    print("heap free at the REPL: {:,} B of {:,} B".format(r["heap_free"], r["heap_total"]))
    for op, c in sorted(r["calls"].items()):
        print(
            "  {}: {:,} cycles through PINT, {:,} calling the driver directly: PINT and the socket "
            "module {:+,}".format(op, c["through_pint"], c["direct"], c["pint"])
        )
    print("  heap per open socket: {} B".format(r["heap_per_socket"]))
    for d in r["downloads"]:
        print(
            "  download at {} baud, rxbuf {}: {:,} B in {:,} ms, {:,.0f} B/s, {:.0f}% of the line rate"
            " (reads of {} B)".format(
                BAUD, d["rxbuf"], d["bytes"], d["ms"], d["rate"], 100 * d["share"], d["chunk"]
            )
        )
    if args.json:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
