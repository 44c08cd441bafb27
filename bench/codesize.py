#!/usr/bin/env python3
"""Code size of PINT on a microcontroller, next to MicroPython's own NICs.

Compiles PINT's C files (pint/*.c) and MicroPython's extmod/network_ninaw10.c
and extmod/network_wiznet5k.c for a Cortex-M0+ (thumb) with arm-none-eabi-gcc,
all with the same flags and the same MicroPython configuration
(bench/codesize/: a bare port with networking as rp2/stm32 boards have it,
no lwIP), and reports the .text and .rodata bytes of each object (every
.text* and .rodata* section). MicroPython's own build rules (py/mkrules.mk)
generate the headers the files need; everything goes to build/codesize/.

    python3 bench/codesize.py [--json]

With --json the last line printed is one JSON object with the figures.
Exit status: 0 measured, 1 build failed, 2 skipped (toolchain missing).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG_DIR = os.path.join(ROOT, "bench", "codesize")
BUILD = os.path.join(ROOT, "build", "codesize")

CROSS = "arm-none-eabi-"
FLAGS = [
    "-Os",
    "-mthumb",
    "-mcpu=cortex-m0plus",
    "-ffunction-sections",
    "-fdata-sections",
    "-DNDEBUG",
]
APT_INSTALL = "apt-get install -y gcc-arm-none-eabi libnewlib-arm-none-eabi"

# The section families counted, by name prefix (".text.foo" is ".text").
KINDS = ("text", "rodata", "data", "bss")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def micropython_dir():
    """The MicroPython tree the project uses (honours MICROPY_DIR)."""
    out = run(["make", "-s", "-C", ROOT, "micropython-dir"]).strip().splitlines()
    path = out[-1] if out else ""
    if not os.path.isfile(os.path.join(path, "py", "mpconfig.h")):
        raise RuntimeError("no MicroPython tree found (make micropython-dir)")
    return path


def build(mpy_dir, compiler):
    """Generates the headers and compiles the measured objects."""
    # Start afresh when what the objects depend on, besides sources, changed.
    stamp = os.path.join(BUILD, "config.stamp")
    config = "\n".join([mpy_dir, compiler] + FLAGS) + "\n"
    if os.path.exists(stamp) and open(stamp).read() != config:
        shutil.rmtree(BUILD)
    os.makedirs(BUILD, exist_ok=True)
    cmd = [
        "make",
        "-C",
        CONFIG_DIR,
        "-j%d" % (os.cpu_count() or 2),
        "MICROPY_DIR=" + mpy_dir,
        "BUILD=" + BUILD,
        "USER_C_MODULES=" + ROOT,
        "CROSS_COMPILE=" + CROSS,
        "CODESIZE_CFLAGS=" + " ".join(FLAGS),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise RuntimeError("build failed: " + " ".join(cmd))
    with open(stamp, "w") as f:
        f.write(config)


def sizes(obj):
    """Bytes per section family of an object file, from size -A."""
    result = dict.fromkeys(KINDS, 0)
    for line in run([CROSS + "size", "-A", obj]).splitlines():
        fields = line.split()
        if len(fields) != 3 or not fields[1].isdigit():
            continue
        for kind in KINDS:
            name = "." + kind
            if fields[0] == name or fields[0].startswith(name + "."):
                result[kind] += int(fields[1])
    return result


def group(sources):
    """Sizes of some sources (paths relative to the build's source roots)."""
    files = {}
    for src in sources:
        files[os.path.basename(src)] = sizes(os.path.join(BUILD, src[:-2] + ".o"))
    totals = {kind: sum(f[kind] for f in files.values()) for kind in KINDS}
    return {
        "files": {name: {"text": f["text"], "rodata": f["rodata"]} for name, f in files.items()},
        "text": totals["text"],
        "rodata": totals["rodata"],
        "total": totals["text"] + totals["rodata"],
        # Not part of the comparison: .data (RAM, its initial image in
        # flash) and .bss (RAM) of the objects.
        "data": totals["data"],
        "bss": totals["bss"],
    }


def print_table(report):
    print("Code size, Cortex-M0+ thumb: %s" % report["compiler"])
    print("flags: %s" % report["flags"])
    print("MicroPython: %s" % report["micropython"])
    if not report["wiznet5k_library_headers"]:
        print(
            "(lib/wiznet5k is missing from that tree: network_wiznet5k.c is"
            " compiled against the declarations in bench/codesize/wiznet5k/)"
        )
    print()
    row = "%-38s %7s %7s %7s   %5s %5s"
    print(row % ("", ".text", ".rodata", "total", ".data", ".bss"))
    titles = (
        ("pint", "PINT (pint/*.c)"),
        ("ninaw10", "NINA-W10 (extmod/network_ninaw10.c)"),
        ("wiznet5k", "WIZnet5K (extmod/network_wiznet5k.c)"),
    )
    for key, title in titles:
        g = report[key]
        if key == "pint":
            print(title)
            for name, f in sorted(g["files"].items()):
                print(
                    (
                        row
                        % ("  " + name, f["text"], f["rodata"], f["text"] + f["rodata"], "", "")
                    ).rstrip()
                )
            title = "  total"
        print(row % (title, g["text"], g["rodata"], g["total"], g["data"], g["bss"]))
    g = report["ninaw10_with_driver"]
    print(
        row
        % (
            "NINA-W10 + drivers/ninaw10/nina_wifi_drv.c",
            g["text"],
            g["rodata"],
            g["total"],
            g["data"],
            g["bss"],
        )
    )
    print()
    pint = report["pint"]["total"]
    for key, title in titles[1:]:
        other = report[key]["total"]
        print(
            "PINT vs %s: %+d bytes (%+.0f%%)"
            % (title.split()[0], pint - other, 100.0 * (pint - other) / other)
        )
    print(
        "Target, PINT smaller than each: %s"
        % ("met" if report["pint_smaller_than_each"] else "NOT met")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--json", action="store_true", help="end with the figures as one line of JSON"
    )
    args = parser.parse_args()

    gcc = shutil.which(CROSS + "gcc")
    if gcc is None or shutil.which(CROSS + "size") is None:
        print(
            "skipped: %sgcc is not installed; install it with:\n  %s" % (CROSS, APT_INSTALL),
            file=sys.stderr,
        )
        return 2
    compiler = run([gcc, "--version"]).splitlines()[0]

    try:
        mpy_dir = micropython_dir()
        build(mpy_dir, compiler)
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1

    pint_sources = sorted(
        os.path.join("pint", name)
        for name in os.listdir(os.path.join(ROOT, "pint"))
        if name.endswith(".c")
    )
    report = {
        "compiler": compiler,
        "flags": " ".join(FLAGS),
        "micropython": mpy_dir,
        "wiznet5k_library_headers": os.path.isfile(
            os.path.join(mpy_dir, "lib", "wiznet5k", "Ethernet", "wizchip_conf.h")
        ),
        "pint": group(pint_sources),
        "ninaw10": group(["extmod/network_ninaw10.c"]),
        "wiznet5k": group(["extmod/network_wiznet5k.c"]),
        # Not part of the target: what the NINA-W10 NIC needs in C besides
        # (its SPI protocol driver; WIZnet's ioLibrary is not in every tree).
        "ninaw10_with_driver": group(
            ["extmod/network_ninaw10.c", "drivers/ninaw10/nina_wifi_drv.c"]
        ),
    }
    report["pint_smaller_than_each"] = all(
        report["pint"]["total"] < report[k]["total"] for k in ("ninaw10", "wiznet5k")
    )

    print_table(report)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
