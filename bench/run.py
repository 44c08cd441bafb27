#!/usr/bin/env python3
"""PINT's benchmark suite: every measurement in one run, one table, and
docs/performance.md written from it (make bench).

    python3 bench/run.py             everything; writes docs/performance.md
    python3 bench/run.py --quick     the regression gate (tools/run-tests
                                     bench): glue, payload and heap figures
                                     only, checked, nothing written

Parts (each also runs on its own, see its docstring):
  bench/glue.py         instructions per operation (valgrind callgrind):
                        glue cost against the floor, payload independence,
                        heap per call
  bench/throughput.py   TCP and UDP through PINT + the host driver against
                        the same firmware's native sockets, in one run
  bench/concurrency.py  an asyncio echo server over PINT, 200 connections
  bench/codesize.py     pint/ for a Cortex-M0+, next to MicroPython's NICs
  bench/espat.py        the ESP-AT driver against emulated modems: idle cost,
                        throughput at 115200 baud and unthrottled, heap per link
  bench/boards.py       the qemu boards: flash, instructions per call, heap
  bench/pico.py         the Pico firmware on the emulated Pico: flash, heap,
                        cycles per call, ESP-AT downloads at 115200 baud
                        (when MICROPY_RP2_DIR and the boot ROM are given)

The gate (--quick, and also checked by the full run) fails when:
  - PINT's own instructions for a 64 KiB send or readinto are more than 5%
    above those for 16 bytes (a copy, or anything else per byte, in PINT);
  - a send, readinto or sendto through PINT allocates more than the one
    memoryview it lends the driver per call, or a connect or poll allocates
    at all; recv and recvfrom allocate MicroPython's own result objects
    besides, checked against their sizes;
  - pint.espat allocates anything per send, recv, sendto, recvfrom or poll
    on an open link (either receive mode; AT v2 and AT 1.7 on the host
    firmware, and on the qemu board in the full run).
Exit status: 0 every check passed, 1 a check failed or a part broke.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import espat as espat_bench  # noqa: E402  (bench/espat.py: its figures in words)

DOC = os.path.join(ROOT, "docs", "performance.md")
PAYLOAD_LIMIT = 0.05  # PINT's own work, 64 KiB against 16 B
GLUE_TARGET = 0.25
THROUGHPUT_TARGET = 0.70
# Per call, PINT lends the driver one new memoryview for a transfer (a
# view it never lends again, so that one a driver kept stays dead), and
# allocates nothing else.
VIEW_OPS = ("send", "readinto", "sendto")
NO_HEAP_OPS = ("connect", "poll")
# What MicroPython's socket module allocates per call for its results,
# beyond the payload (and the view): recv's bytes object; recvfrom's bytes,
# the address string and the tuples (16-byte blocks, a 64-bit build).
RESULT_SLACK = {"recv": 64, "recvfrom": 192}


def part(name, *args):
    """Runs bench/<name>.py with --json; its figures, or None if it could
    not run (its output is shown)."""
    cmd = [sys.executable, os.path.join(HERE, name + ".py"), "--json", *args]
    print("== {} ==".format(" ".join(["bench/" + name + ".py", *args])), flush=True)
    proc = subprocess.run(cmd, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = proc.stdout.rstrip().splitlines()
    print("\n".join(lines[:-1] if proc.returncode == 0 else lines), flush=True)
    if proc.returncode != 0 or not lines:
        print("bench/{}.py failed (exit {})".format(name, proc.returncode))
        return None
    return json.loads(lines[-1])


def checks(glue):
    """The gate: [(description, passed)]."""
    out = []
    for op, p in sorted(glue["payload"].items()):
        growth = p.get("own_growth")
        if growth is None:  # no symbols: the whole socket call instead
            growth = p["growth"]
        out.append(
            (
                "payload independence, {}: PINT's own work for 64 KiB {:+.2f}% over 16 B (limit {:+.0f}%)".format(
                    op, 100 * growth, 100 * PAYLOAD_LIMIT
                ),
                growth <= PAYLOAD_LIMIT,
            )
        )
    view = glue["view"]
    for size, per_op in sorted(glue["heap"].items()):
        for op, (pint, _floor) in sorted(per_op.items()):
            if op in VIEW_OPS + NO_HEAP_OPS:
                limit = view if op in VIEW_OPS else 0
                out.append(
                    (
                        "heap, {} ({}): {:.1f} B per call through PINT (limit {:g}{})".format(
                            op, size, pint, limit, ", one memoryview" if limit else ""
                        ),
                        pint <= limit,
                    )
                )
            elif op in RESULT_SLACK:
                payload = 16 if size == "small" else 64 * 1024
                limit = payload + RESULT_SLACK[op] + view
                out.append(
                    (
                        "heap, {} ({}): {:.1f} B per call, MicroPython's result objects (limit {})".format(
                            op, size, pint, limit
                        ),
                        pint <= limit,
                    )
                )
    # The measurement sees what is allocated: recv's 64 KiB result.
    recv = glue["heap"]["large"]["recv"][0]
    out.append(
        (
            "heap measurement sees allocations: recv of 64 KiB allocates {:.0f} B (at least 65536)".format(
                recv
            ),
            recv >= 64 * 1024,
        )
    )
    return out


def espat_heap_checks(espat, boards):
    """The gate on pint.espat: 0 B per socket operation on an open link, in
    both receive modes, on the host firmware (AT v2 and AT 1.7) and on the
    qemu board; and a control that allocates, seen."""
    runs = []
    if espat and "heap_per_op" in espat:
        for fw, modes in sorted(espat["heap_per_op"].items()):
            runs.append(("host firmware, AT " + ("1.7" if fw == "at1" else "v2"), modes))
    for board, r in sorted((boards or {}).items()):
        if "espat_heap" in r:
            runs.append((board, r["espat_heap"]))
    out = []
    for where, modes in runs:
        for mode, ops in sorted(modes.items()):
            if mode == "control":
                b = ops["bytearray(64)"]
                out.append(
                    (
                        "heap, pint.espat ({}): the measurement sees a bytearray(64): {:g} B (at least 64)".format(
                            where, b
                        ),
                        b >= 64,
                    )
                )
                continue
            worst = max(ops.values())
            out.append(
                (
                    "heap, pint.espat ({}, {} mode): {} (limit 0 B)".format(
                        where,
                        mode,
                        ", ".join("{} {:g} B".format(op, b) for op, b in sorted(ops.items())),
                    ),
                    worst == 0,
                )
            )
    return out


def pct(x):
    return "-" if x is None else "{:.1f}%".format(100 * x)


def glue_tables(g):
    rows = [
        "| operation | floor (driver called from Python) | `socket` call through PINT | over the floor "
        "| PINT's own | PINT's own / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for op, r in g["glue"].items():
        own = "-" if r["pint_own"] is None else "{:,.0f}".format(r["pint_own"])
        rows.append(
            "| {} | {:,.0f} | {:,.0f} | {} | {} | {} |".format(
                op, r["floor"], r["pint"], pct(r["overhead"]), own, pct(r["own_share"])
            )
        )
    pay = [
        "| operation | socket call, 16 B | 64 KiB | growth | PINT's own, 16 B | 64 KiB | growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for op, p in g["payload"].items():
        pay.append(
            "| {} | {:,.0f} | {:,.0f} | {} | {:,.0f} | {:,.0f} | {} |".format(
                op,
                p["small"],
                p["large"],
                pct(p["growth"]),
                p.get("own_small", 0),
                p.get("own_large", 0),
                pct(p.get("own_growth")),
            )
        )
    heap = [
        "| operation | through PINT, 16 B | floor, 16 B | through PINT, 64 KiB | floor, 64 KiB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for op in g["heap"]["small"]:
        s, l = g["heap"]["small"][op], g["heap"]["large"][op]
        heap.append("| {} | {:g} | {:g} | {:g} | {:g} |".format(op, s[0], s[1], l[0], l[1]))
    return "\n".join(rows), "\n".join(pay), "\n".join(heap)


def throughput_table(t):
    units = {
        "tcp_send": "MiB/s",
        "tcp_recv": "MiB/s",
        "udp_send": "datagrams/s",
        "udp_burst": "datagrams/s",
        "udp_pingpong": "round trips/s",
    }
    rows = [
        "| test | PINT | native | PINT / native | CPU cost, native / PINT |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for test, r in t["results"].items():
        rows.append(
            "| {} | {:,.0f} {u} | {:,.0f} {u} | {} | {} |".format(
                test,
                r["pint"],
                r["native"],
                pct(r["ratio"]),
                pct(r.get("cpu_ratio")),
                u=units.get(test, ""),
            )
        )
    return "\n".join(rows)


def codesize_table(c):
    rows = [
        "| | .text | .rodata | .text + .rodata | at terse error reporting |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    n, t = c["normal"], c["terse"]
    for key, title in (
        ("pint", "PINT (`pint/*.c`)"),
        ("ninaw10", "NINA-W10 (`extmod/network_ninaw10.c`)"),
        ("wiznet5k", "WIZnet5K (`extmod/network_wiznet5k.c`)"),
        (
            "ninaw10_with_driver",
            "(not in the target) NINA-W10 with its SPI driver, `drivers/ninaw10/nina_wifi_drv.c`",
        ),
    ):
        g = n[key]
        rows.append(
            "| {} | {:,} | {:,} | {:,} | {:,} |".format(
                title, g["text"], g["rodata"], g["total"], t[key]["total"]
            )
        )
    for name, f in sorted(n["pint"]["files"].items()):
        ft = t["pint"]["files"][name]
        rows.append(
            "| &nbsp;&nbsp;{} | {:,} | {:,} | {:,} | {:,} |".format(
                name, f["text"], f["rodata"], f["text"] + f["rodata"], ft["text"] + ft["rodata"]
            )
        )
    return "\n".join(rows)


def summary(results):
    """[(target, figure, met)] for the table printed and written."""
    out = []
    g, t, k, c, e = (
        results.get(x) for x in ("glue", "throughput", "concurrency", "codesize", "espat")
    )
    if g:
        worst_own = max(r["own_share"] for r in g["glue"].values() if r["own_share"] is not None)
        worst_total = max(r["overhead"] for r in g["glue"].values())
        out.append(
            (
                "glue: PINT adds <= 25% over the floor (PINT's own work)",
                "largest {} (of every operation measured)".format(pct(worst_own)),
                worst_own <= GLUE_TARGET,
            )
        )
        out.append(
            (
                "glue: whole `socket` call <= 25% over the floor",
                "largest {} (MicroPython's socket module's own work included)".format(
                    pct(worst_total)
                ),
                worst_total <= GLUE_TARGET,
            )
        )
        growth = max(p.get("own_growth", p["growth"]) for p in g["payload"].values())
        out.append(
            (
                "payload: PINT's own work, 64 KiB <= 5% over 16 B",
                "largest {:+.2f}%".format(100 * growth),
                growth <= PAYLOAD_LIMIT,
            )
        )
        heap = max(g["heap"][s][op][0] for s in g["heap"] for op in VIEW_OPS)
        still = max(g["heap"][s][op][0] for s in g["heap"] for op in NO_HEAP_OPS)
        out.append(
            (
                "heap: PINT allocates at most one small object per call",
                "{:g} B per send/readinto/sendto (one memoryview: {:g} B), {:g} B per connect/poll".format(
                    heap, g["view"], still
                ),
                heap <= g["view"] and still == 0,
            )
        )
    if t:
        for test in ("tcp_send", "tcp_recv", "udp_send", "udp_burst", "udp_pingpong"):
            r = t["results"].get(test)
            if r and r["ratio"] is not None:
                tcp = test.startswith("tcp")
                out.append(
                    (
                        "throughput: {} >= 70% of native".format(test)
                        if tcp
                        else "throughput: {} (reported)".format(test),
                        pct(r["ratio"]),
                        r["ratio"] >= THROUGHPUT_TARGET if tcp else None,
                    )
                )
    if k:
        out.append(
            (
                "concurrency: >= 200 connections, all served",
                "{}/{} served, {:,.0f} B heap per connection".format(
                    k["served"], k["connections"], k["heap_per_connection"]
                ),
                k["ok"] and k["served"] >= 200,
            )
        )
    if c:
        out.append(
            (
                "code size: PINT at terse error reporting <= NINA-W10's NIC",
                "{:,} B ({:,} B at normal) vs {:,} B".format(
                    c["terse"]["pint"]["total"],
                    c["normal"]["pint"]["total"],
                    c["normal"]["ninaw10"]["total"],
                ),
                c["target_met"],
            )
        )
    if e:
        idle = max(
            e["idle"].get("RECV_CALLS_PER_S", 999), e["idle"].get("ASYNCIO_CALLS_PER_S", 999)
        )
        out.append(
            (
                "ESP-AT: idle blocking recv / asyncio read <= 20 driver calls a second",
                "{} / {}".format(
                    e["idle"].get("RECV_CALLS_PER_S"), e["idle"].get("ASYNCIO_CALLS_PER_S")
                ),
                idle <= 20,
            )
        )
        b = e["baud"]
        out.append(
            (
                "ESP-AT: download at 115200 baud >= 90% of the line rate",
                "{} ({:,.0f} of {:,.0f} B/s; upload {})".format(
                    pct(b["download_share"]), b["download"], b["line_rate"], pct(b["upload_share"])
                ),
                b["download_share"] >= 0.9,
            )
        )
        u = e["unthrottled"]
        out.append(
            (
                "ESP-AT: unthrottled, next to the host driver (reported)",
                "download {:,.0f} B/s (host {:,.0f}), upload {:,.0f} B/s (host {:,.0f})".format(
                    u["espat_download"], u["host_download"], u["espat_upload"], u["host_upload"]
                ),
                None,
            )
        )
        out.append(
            (
                "ESP-AT: heap held per open link (reported)",
                "{:,} B".format(e["heap_per_link"]),
                None,
            )
        )
        if "bytecode" in e:
            out.append(
                (
                    "ESP-AT: the path's bytecode under 12 KB (armv6m)",
                    "{:,} B as frozen, {:,} B with line numbers".format(
                        e["bytecode"]["total"], e["bytecode"]["total_O0"]
                    ),
                    e["bytecode"]["total"] < 12 * 1024,
                )
            )
    b = results.get("boards")
    if b:
        for board, r in sorted(b.items()):
            out.append(
                (
                    "{}: flash PINT adds (reported)".format(board),
                    "{:,} B: its C {:,} B, the frozen pint package {:,} B".format(
                        r["flash_pint"], r["pint_c"], r["frozen_pint"]
                    ),
                    None,
                )
            )
            out.append(
                (
                    "{}: instructions PINT and the socket module add per send / readinto (reported)".format(
                        board
                    ),
                    "{:+,} / {:+,}".format(
                        r["calls"]["send"]["pint"], r["calls"]["readinto"]["pint"]
                    ),
                    None,
                )
            )
    p = results.get("pico")
    if p and "skipped" not in p:
        out.append(
            (
                "PINT_PICO: flash PINT adds, heap free at the REPL (reported)",
                "{:,} B (C {:,} B, frozen package {:,} B); {:,} B free".format(
                    p["flash_pint"], p["pint_c"], p["frozen_pint"], p["heap_free"]
                ),
                None,
            )
        )
        out.append(
            (
                "PINT_PICO: cycles PINT and the socket module add per send / readinto (reported)",
                "{:+,} / {:+,}".format(p["calls"]["send"]["pint"], p["calls"]["readinto"]["pint"]),
                None,
            )
        )
        out.append(
            (
                "PINT_PICO: ESP-AT download at 115200 baud (reported)",
                " / ".join(
                    "{:,.0f} B/s with rxbuf={}".format(d["rate"], d["rxbuf"])
                    for d in p["downloads"]
                ),
                None,
            )
        )
    return out


def mark(met):
    return {True: "met", False: "NOT met", None: "-"}[met]


def write_doc(results, rows, started):
    with open(os.path.join(HERE, "performance.md.in")) as f:
        template = f.read()
    g, t, k, c = (results.get(x) for x in ("glue", "throughput", "concurrency", "codesize"))
    fill = {
        "date": started.strftime("%Y-%m-%d"),
        "machine": "{} {}, {} CPUs, Python {}".format(
            platform.system(), platform.machine(), os.cpu_count(), platform.python_version()
        ),
        "summary": "\n".join(
            ["| target | measured | |", "| --- | --- | --- |"]
            + ["| {} | {} | {} |".format(a, b, mark(m)) for a, b, m in rows]
        ),
    }
    os.makedirs(os.path.join(ROOT, "build", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "build", "bench", "results.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    if g:
        over = [
            op
            for op, r in g["glue"].items()
            if r["own_share"] is None or r["own_share"] > GLUE_TARGET
        ]
        fill["glue_verdict"] = (
            "PINT's own work is within the 25% target for every operation."
            if not over
            else "**Target not met**: PINT's own work is above 25% of the floor for {}.".format(
                ", ".join(over)
            )
        )
        fill["glue"], fill["payload"], fill["heap"] = glue_tables(g)
        fill["loop"] = "{:,.0f}".format(g["loop"])
        fill["view"] = "{:g}".format(g["view"])
    if t:
        fill["throughput"] = throughput_table(t)
        fill["throughput_reps"] = t["reps"]
        fill["throughput_mib"] = t["tcp_mib"]
    if k:
        fill.update(
            {key: k[key] for key in ("connections", "served", "echo_ok", "server_most_open")}
        )
        fill["heap_per_connection"] = "{:,.0f}".format(k["heap_per_connection"])
        fill["rss_per_connection"] = "{:.1f}".format(k["rss_per_connection_kb"])
        fill["peak_rss"] = "{:,}".format(k["peak_rss_kb"])
        fill["idle_cpu"] = pct(k["idle_cpu_all_open"])
    if c:
        p, n = c["terse"]["pint"]["total"], c["normal"]["ninaw10"]["total"]
        fill["codesize_verdict"] = (
            "**Target met.**"
            if c["target_met"]
            else (
                "**Target not met**: PINT at terse error reporting is {:+,} B ({:+.0%}) against "
                "NINA-W10's file.".format(p - n, (p - n) / n)
            )
        )
        fill["codesize"] = codesize_table(c)
        fill["pint_rodata"] = "{:,}".format(c["normal"]["pint"]["rodata"])
        fill["compiler"] = c["compiler"]
        fill["flags"] = c["flags"]
    e = results.get("espat")
    if e:
        b, u = e["baud"], e["unthrottled"]
        fill["espat"] = "\n".join(
            [
                "| measured | figure |",
                "| --- | --- |",
                "| driver calls a second, idle blocking recv (2 s timeout) | {} |".format(
                    e["idle"].get("RECV_CALLS_PER_S")
                ),
                "| driver calls a second, idle asyncio read (2 s) | {} |".format(
                    e["idle"].get("ASYNCIO_CALLS_PER_S")
                ),
                "| download at {} baud, {} KiB | {:,.0f} B/s, {} of the line rate ({:,.0f} B/s) |".format(
                    b["baud"],
                    b["bytes"] // 1024,
                    b["download"],
                    pct(b["download_share"]),
                    b["line_rate"],
                ),
                "| upload at {} baud, {} KiB | {:,.0f} B/s, {} of the line rate |".format(
                    b["baud"], b["bytes"] // 1024, b["upload"], pct(b["upload_share"])
                ),
                "| download, line unthrottled, {} MiB | {:,.0f} B/s (host driver: {:,.0f} B/s) |".format(
                    u["bytes"] // 2**20, u["espat_download"], u["host_download"]
                ),
                "| upload, line unthrottled, {} MiB | {:,.0f} B/s (host driver: {:,.0f} B/s) |".format(
                    u["bytes"] // 2**20, u["espat_upload"], u["host_upload"]
                ),
                "| heap held per open link | {:,} B |".format(e["heap_per_link"]),
            ]
            + [
                "| heap per operation on an open link, AT {}, {} mode | {} |".format(
                    "1.7" if fw == "at1" else "v2",
                    mode,
                    ", ".join("{} {:g} B".format(op, b) for op, b in sorted(ops.items())),
                )
                for fw, modes in sorted(e.get("heap_per_op", {}).items())
                for mode, ops in sorted(modes.items())
                if mode != "control"
            ]
            + (
                [
                    "| bytecode of the ESP-AT path, armv6m | {} |".format(
                        espat_bench.bytecode_line(e["bytecode"])
                    )
                ]
                if "bytecode" in e
                else []
            )
        )
    b = results.get("boards")
    if b:
        rows = ["| | " + " | ".join(sorted(b)) + " |", "| --- |" + " --- |" * len(b)]

        def row(label, f):
            rows.append("| {} | {} |".format(label, " | ".join(f(b[k]) for k in sorted(b))))

        row(
            "firmware flash (text + rodata), with PINT", lambda r: "{:,} B".format(r["flash_with"])
        )
        row("the same firmware without PINT", lambda r: "{:,} B".format(r["flash_without"]))
        row("PINT adds", lambda r: "{:,} B".format(r["flash_pint"]))
        row("of which PINT's C (`pint/*.o`)", lambda r: "{:,} B".format(r["pint_c"]))
        row("of which the frozen `pint` package", lambda r: "{:,} B".format(r["frozen_pint"]))
        for op in ("send", "readinto"):
            row(
                "`{}` of 16 bytes: instructions through PINT / calling the driver directly".format(
                    op
                ),
                lambda r, op=op: "{:,} / {:,} ({:+,})".format(
                    r["calls"][op]["through_pint"],
                    r["calls"][op]["direct"],
                    r["calls"][op]["pint"],
                ),
            )
        row("heap held per open socket", lambda r: "{} B".format(r["heap_per_socket"]))
        fill["boards"] = "\n".join(rows)
    p = results.get("pico")
    if p and "skipped" in p:
        fill["pico"] = "(not measured in this run: {})".format(p["skipped"])
    elif p:
        rows = ["| | PINT_PICO |", "| --- | --- |"]
        rows += [
            "| firmware flash (text + rodata), with PINT | {:,} B |".format(p["flash_with"]),
            "| the same firmware without PINT | {:,} B |".format(p["flash_without"]),
            "| PINT adds | {:,} B |".format(p["flash_pint"]),
            "| of which PINT's C (`pint/*.c`) | {:,} B |".format(p["pint_c"]),
            "| of which the frozen `pint` package | {:,} B |".format(p["frozen_pint"]),
            "| heap free at the REPL | {:,} B of {:,} B |".format(p["heap_free"], p["heap_total"]),
        ]
        for op in ("send", "readinto"):
            c = p["calls"][op]
            rows.append(
                "| `{}` of 16 bytes: cycles through PINT / calling the driver directly | "
                "{:,} / {:,} ({:+,}) |".format(op, c["through_pint"], c["direct"], c["pint"])
            )
        rows.append("| heap held per open socket | {} B |".format(p["heap_per_socket"]))
        for d in p["downloads"]:
            rows.append(
                "| ESP-AT download at 115200 baud, rxbuf={} (reads of {} B) | {:,} B in {:,} ms: "
                "{:,.0f} B/s, {:.0f}% of the line rate |".format(
                    d["rxbuf"], d["chunk"], d["bytes"], d["ms"], d["rate"], 100 * d["share"]
                )
            )
        fill["pico"] = "\n".join(rows)
    for key in ("glue", "payload", "heap", "throughput", "codesize", "espat", "boards", "pico"):
        fill.setdefault(key, "(not measured in this run)")
    with open(DOC, "w") as f:
        f.write(template.format_map(Missing(fill)))
    print("wrote", os.path.relpath(DOC, ROOT))


class Missing(dict):
    def __missing__(self, key):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="the regression gate only (CI)")
    ap.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    args = ap.parse_args()
    started = datetime.datetime.now()
    results = {}
    if args.quick:
        results["glue"] = part("glue", "--quick")
        results["espat_heap"] = part("espat", "--heap")
    else:
        results["glue"] = part("glue")
        results["throughput"] = part("throughput", "--reps", "21")
        results["concurrency"] = part("concurrency")
        results["codesize"] = part("codesize")
        results["espat"] = part("espat")
        results["boards"] = part("boards")
        results["pico"] = part("pico")
    broken = [name for name, r in results.items() if r is None]
    gate = checks(results["glue"]) if results["glue"] else []
    gate += espat_heap_checks(
        results.get("espat") or results.get("espat_heap"), results.get("boards")
    )
    print("== checks ==")
    for text, ok in gate:
        print("{}  {}".format("pass" if ok else "FAIL", text))
    rows = summary(results)
    if not args.quick:
        print("== targets ==")
        for a, b, m in rows:
            print("{:<8} {}: {}".format(mark(m), a, b))
        if not args.no_doc:
            write_doc(results, rows, started)
    failed = sum(not ok for _, ok in gate) + len(broken)
    print(
        "bench: {} checks passed, {} failed{}".format(
            sum(ok for _, ok in gate),
            failed,
            "; parts that broke: " + ", ".join(broken) if broken else "",
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
