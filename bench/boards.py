#!/usr/bin/env python3
"""PINT on the bare-metal boards under qemu (make firmware-qemu): figures
from the real firmware.

  - flash: text and rodata of each board's firmware with PINT and without
    (the same firmware built with PINT_QEMU_NO_PINT=1), and within it
    PINT's C (pint/*.o, from the linker map) and the frozen pint package;
  - instructions per socket call through PINT on the board, over calling
    the driver method directly (qemu -icount shift=0: each instruction takes
    one nanosecond of the board's clock, so ticks_us counts thousands of
    instructions); a driver that does nothing (bench/mp_board.py);
  - heap held per open socket on the board;
  - on the Cortex-M3 board, the heap pint.espat allocates per socket
    operation, over its second UART to an emulated modem
    (bench/mp_espat_heap.py; the gate: 0 B).

    python3 bench/boards.py [--json]

(Any Python: tools/qemu_board.py runs MicroPython's pyboard.py with the
system Python, which has Debian's python3-serial.)
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import micropython_dir  # noqa: E402
from qemu_board import Board  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from peerlib import tcp_server, udp_echo  # noqa: E402
import espat as espat_bench  # noqa: E402  (bench/espat.py)

BOARDS = {"MPS2_AN385": "arm-none-eabi-", "VIRT_RV32": "riscv64-unknown-elf-"}


def build_with_pint(board):
    # The board's firmware as make test builds it (make's rule: rebuilt when
    # PINT's sources changed, so that the figures are this tree's).
    elf = os.path.join(ROOT, "build", "qemu-" + board, "firmware.elf")
    subprocess.run(["make", "-C", ROOT, elf], check=True, stdout=subprocess.DEVNULL)
    return elf


def build_without_pint(board):
    build = os.path.join(ROOT, "build", "qemu-nopint-" + board)
    subprocess.run(
        [
            "make",
            "-C",
            os.path.join(micropython_dir(), "ports", "qemu"),
            "-j2",
            "BOARD=" + board,
            "BOARD_DIR=" + os.path.join(ROOT, "ports", "qemu", board),
            "BUILD=" + build,
            "PINT_QEMU_NO_PINT=1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return os.path.join(build, "firmware.elf")


def flash(elf, prefix):
    # text + rodata: every allocated, non-writable section.
    out = subprocess.run(
        [prefix + "objdump", "-h", elf], text=True, stdout=subprocess.PIPE, check=True
    ).stdout
    total = 0
    lines = out.splitlines()
    for i, line in enumerate(lines):
        f = line.split()
        if len(f) >= 7 and f[0].isdigit():
            flags = lines[i + 1] if i + 1 < len(lines) else ""
            if "ALLOC" in flags and "READONLY" in flags:
                total += int(f[2], 16)
    return total


def from_map(mapfile, pattern):
    # Bytes of code and read-only data linked from input files matching
    # pattern (the memory map part of an ld map file).
    total = 0
    section = None
    in_map = False
    with open(mapfile) as f:
        for line in f:
            if line.startswith("Linker script and memory map"):
                in_map = True
                continue
            if not in_map:
                continue
            m = re.match(r"^ (\.\S+)(.*)$", line)
            rest = line
            if m:
                section = m.group(1)
                rest = m.group(2)
            m = re.match(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", rest)
            if (
                m
                and section
                and re.search(pattern, m.group(2))
                and section.startswith((".text", ".rodata", ".srodata"))
            ):
                total += int(m.group(1), 16)
    return total


def per_call(out, per_us, where):
    """mp_board.py's output: ({op: {through_pint, direct, pint}} per call,
    in per_us units a microsecond of the board's clock), heap per socket."""
    calls, heap = {}, None
    for line in out.splitlines():
        f = line.split()
        if f[:1] == ["CALL"]:
            n = int(f[4])
            through, direct = int(f[2]) * per_us // n, int(f[3]) * per_us // n
            calls[f[1]] = {"through_pint": through, "direct": direct, "pint": through - direct}
        elif f[:1] == ["HEAP_PER_SOCKET"]:
            heap = int(f[1])
    if not calls or heap is None:
        raise RuntimeError("{}: {}".format(where, out[-2000:]))
    return calls, heap


def on_board(board):
    with Board(board, qemu_args=["-icount", "shift=0"]) as b:
        out = b.run(os.path.join(HERE, "mp_board.py"), timeout=300)
    return per_call(out, 1000, board)  # 1 ns an instruction


def espat_heap(board):
    """bench/mp_espat_heap.py on the board, pint.espat over its second UART
    to an emulated modem: {mode: {operation: bytes per call}}."""
    echo, echo_port = tcp_server(espat_bench.Echo)
    udp, udp_port = udp_echo()
    try:
        with Board(board, modem=True) as b:
            path = os.path.join(ROOT, "build", "bench", "mp_espat_heap_board.py")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(
                    espat_bench.heap_script(
                        "from pintuart import UART\n_uart = UART(1)\ndef uart():\n    return _uart\n",
                        echo_port,
                        udp_port,
                    )
                )
            out = b.run(path, timeout=300)
    finally:
        echo.shutdown()
        udp.close()
    return espat_bench.heap_results(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = {}
    for board, prefix in BOARDS.items():
        elf = build_with_pint(board)
        without = build_without_pint(board)
        mapfile = elf[: -len(".elf")] + ".map"
        calls, heap = on_board(board)
        r = results[board] = {
            "flash_with": flash(elf, prefix),
            "flash_without": flash(without, prefix),
            "pint_c": from_map(mapfile, r"/pint/pint_\w+\.o$"),
            "frozen_with": from_map(mapfile, r"frozen_content\.o$"),
            "frozen_without": from_map(without[: -len(".elf")] + ".map", r"frozen_content\.o$"),
            "calls": calls,
            "heap_per_socket": heap,
        }
        if board == "MPS2_AN385":
            r["espat_heap"] = espat_heap(board)
            espat_bench.print_heap({board: r["espat_heap"]})
        r["flash_pint"] = r["flash_with"] - r["flash_without"]
        r["frozen_pint"] = r["frozen_with"] - r["frozen_without"]
        print(
            "{}: flash {:,} B with PINT, {:,} B without: +{:,} B (PINT's C {:,} B, the pint package frozen "
            "{:,} B)".format(
                board,
                r["flash_with"],
                r["flash_without"],
                r["flash_pint"],
                r["pint_c"],
                r["frozen_pint"],
            )
        )
        for op, c in sorted(calls.items()):
            print(
                "  {}: {:,} instructions through PINT, {:,} calling the driver directly: PINT and the socket "
                "module {:+,}".format(op, c["through_pint"], c["direct"], c["pint"])
            )
        print("  heap per open socket: {} B".format(heap))
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
