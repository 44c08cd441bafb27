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

Everything is built twice, at MicroPython's normal and at its terse error
reporting (MICROPY_ERROR_REPORTING; terse is what small boards build with,
and where PINT, as MicroPython's own modules do, gives shorter messages).
The target: PINT at terse no larger than NINA-W10's NIC at normal.

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

# The error-reporting levels built, each into its own directory.
LEVELS = ("normal", "terse")

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


def level_flags(level):
    return FLAGS + ["-DMICROPY_ERROR_REPORTING=MICROPY_ERROR_REPORTING_" + level.upper()]


def build(mpy_dir, compiler, level):
    """Generates the headers and compiles the measured objects at an
    error-reporting level, into BUILD/level."""
    build_dir = os.path.join(BUILD, level)
    flags = level_flags(level)
    # Start afresh when what the objects depend on, besides sources, changed.
    stamp = os.path.join(build_dir, "config.stamp")
    config = "\n".join([mpy_dir, compiler] + flags) + "\n"
    if os.path.exists(stamp) and open(stamp).read() != config:
        shutil.rmtree(build_dir)
    os.makedirs(build_dir, exist_ok=True)
    cmd = [
        "make",
        "-C",
        CONFIG_DIR,
        "-j%d" % (os.cpu_count() or 2),
        "MICROPY_DIR=" + mpy_dir,
        "BUILD=" + build_dir,
        "USER_C_MODULES=" + ROOT,
        "CROSS_COMPILE=" + CROSS,
        "CODESIZE_CFLAGS=" + " ".join(flags),
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


def group(level, sources):
    """Sizes of some sources (paths relative to the build's source roots)."""
    files = {}
    for src in sources:
        files[os.path.basename(src)] = sizes(os.path.join(BUILD, level, src[:-2] + ".o"))
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
    titles = (
        ("pint", "PINT (pint/*.c)"),
        ("ninaw10", "NINA-W10 (extmod/network_ninaw10.c)"),
        ("wiznet5k", "WIZnet5K (extmod/network_wiznet5k.c)"),
        ("ninaw10_with_driver", "NINA-W10 + drivers/ninaw10/nina_wifi_drv.c"),
    )
    row = "%-44s %7s %7s %7s   %5s %5s"
    for level in LEVELS:
        print()
        print("error reporting: %s" % level)
        print(row % ("", ".text", ".rodata", "total", ".data", ".bss"))
        for key, title in titles:
            g = report[level][key]
            if key == "pint":
                print(title)
                for name, f in sorted(g["files"].items()):
                    line = row % (
                        "  " + name,
                        f["text"],
                        f["rodata"],
                        f["text"] + f["rodata"],
                        "",
                        "",
                    )
                    print(line.rstrip())
                title = "  total"
            print(row % (title, g["text"], g["rodata"], g["total"], g["data"], g["bss"]))
    print()
    terse, nina = report["terse"]["pint"]["total"], report["normal"]["ninaw10"]["total"]
    print(
        "Target, PINT at terse (%d B) no larger than NINA-W10 at normal (%d B): %s"
        % (terse, nina, "met" if report["target_met"] else "NOT met")
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
        for level in LEVELS:
            build(mpy_dir, compiler, level)
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
    }
    for level in LEVELS:
        report[level] = {
            "pint": group(level, pint_sources),
            "ninaw10": group(level, ["extmod/network_ninaw10.c"]),
            "wiznet5k": group(level, ["extmod/network_wiznet5k.c"]),
            # Not part of the target: what the NINA-W10 NIC needs in C
            # besides (its SPI protocol driver; WIZnet's ioLibrary is not in
            # every tree).
            "ninaw10_with_driver": group(
                level, ["extmod/network_ninaw10.c", "drivers/ninaw10/nina_wifi_drv.c"]
            ),
        }
    report["target_met"] = report["terse"]["pint"]["total"] <= report["normal"]["ninaw10"]["total"]

    print_table(report)
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
