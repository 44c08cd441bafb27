#!/usr/bin/env python3
"""The ESP-AT driver's figures, against emulated modems
(tools/espat_emulator.py) on this machine:

  - driver calls a second while a program waits for data: a blocking recv
    and an asyncio read (goal: at most 20);
  - download and upload at 115200 baud, as a share of the line rate
    (11,520 bytes a second; goal for download: at least 90%);
  - throughput with the line unthrottled (the driver and the emulator as
    fast as they go), next to the host driver's on the same machine;
  - heap held per open link;
  - heap allocated per socket operation on an open link (send, recv,
    sendto, recvfrom, poll), in both receive modes, on AT v2 and AT 1.7
    (bench/mp_espat_heap.py; the gate: 0 B);
  - the bytecode of the ESP-AT path for a Cortex-M0+ (mpy-cross
    -march=armv6m, as the packages' manifests freeze it, and with line
    numbers): the modules a program that joins a network and uses sockets
    through pint.espat loads (goal: under 12 KB); beside it, the modules
    pint.espat loads only when they are used (the server side, the WLAN
    methods beyond joining, active receive mode, what the modem holds
    where no notice said, recovery from faults).

    python3 bench/espat.py [--json] [--heap]

--heap: the heap per operation only (bench/run.py --quick checks it).

Runs itself inside tools/netns-exec (a private network namespace) unless
already inside one. With --json the last line is a JSON object of the
figures. Wall-clock figures: expect some spread between runs.
"""
import argparse
import hashlib
import json
import os
import re
import socket
import socketserver
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from espat_emulator import Emulator  # noqa: E402
from project import FIRMWARE, enter_netns, micropython_dir  # noqa: E402
from peerlib import tcp_server, udp_echo  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "tests", "espat"))
from espatlib import Echo  # noqa: E402

BAUD = 115200
LINE_RATE = BAUD / 10  # bytes a second, 8N1


class Peer(socketserver.BaseRequestHandler):
    # "download N": sends N bytes; "upload N": reads N, answers the count.
    @staticmethod
    def payload(n):
        return (bytes(range(256)) * (n // 256 + 1))[:n]

    def handle(self):
        f = self.request.makefile("rb")
        line = f.readline().split()
        if len(line) != 2:
            return  # a connection only held open (the heap measurement)
        what, n = line
        n = int(n)
        if what == b"download":
            self.request.sendall(self.payload(n))
            self.request.recv(1)
        else:
            got = 0
            while got < n:
                # Acknowledge at once: a delayed ACK holds up the sender's
                # last segment (Nagle) for up to 40 ms, a third of a fast
                # upload's time, in some runs and not in others.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                data = f.read1(65536) if hasattr(f, "read1") else self.request.recv(65536)
                if not data:
                    break
                got += len(data)
            self.request.sendall(b"%d" % got)


def micropython(driver, *args, timeout=600):
    # The RESULT figures, and the SHA256 line if any. driver: the
    # environment that has the firmware register the driver (PINT_NIC).
    proc = subprocess.run(
        [FIRMWARE, "-X", "heapsize=8M", os.path.join(HERE, "mp_espat.py"), *map(str, args)],
        env=dict(os.environ, **driver),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
    )
    result, digest = None, None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT"):
            result = [int(x) for x in line.split()[1:]]
        elif line.startswith("SHA256"):
            digest = line.split()[1]
    if result is None:
        raise RuntimeError("mp_espat.py {}: {}".format(args, proc.stdout[-2000:]))
    return result, digest


def heap_per_op():
    """bench/mp_espat_heap.py on the host firmware against an emulated modem
    speaking AT v2, then AT 1.7: {firmware: {mode: {operation: bytes}}}."""
    echo, echo_port = tcp_server(Echo)
    udp, udp_port = udp_echo()
    out = {}
    for name, at1 in (("v2", False), ("at1", True)):
        emu = Emulator(modems=1, at1=at1).start()
        try:
            out[name] = run_heap_script(
                [FIRMWARE, "-X", "heapsize=1M"],
                "from _pintserial import Serial\n_uart = Serial({!r}, 115200)\n".format(
                    emu.paths[0]
                )
                + "def uart():\n    return _uart\n",
                echo_port,
                udp_port,
            )
        finally:
            emu.stop()
    echo.shutdown()
    udp.close()
    return out


def heap_script(uart_preamble, echo_port, udp_port):
    """bench/mp_espat_heap.py with its preamble (uart(), the ports)."""
    with open(os.path.join(HERE, "mp_espat_heap.py")) as f:
        body = f.read()
    return "{}ECHO_PORT = {}\nUDP_PORT = {}\n{}".format(uart_preamble, echo_port, udp_port, body)


def heap_results(out):
    """The HEAP lines of mp_espat_heap.py's output: {mode: {op: bytes}}."""
    if "HEAP_DONE" not in out:
        raise RuntimeError("mp_espat_heap.py did not finish: " + out[-2000:])
    found = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[0] == "HEAP":
            found.setdefault(f[1], {})[f[2]] = float(f[3])
    return found


def run_heap_script(cmd, uart_preamble, echo_port, udp_port):
    path = os.path.join(ROOT, "build", "bench", "mp_espat_heap_host.py")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(heap_script(uart_preamble, echo_port, udp_port))
    proc = subprocess.run(
        cmd + [path], text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300
    )
    return heap_results(proc.stdout)


# The modules a board freezes for pint.espat (python/<package>/pint/<module>.py).
ESPAT_PATH = (
    ("pint", "__init__"),
    ("pint", "driver"),
    ("pint-at", "at"),
    ("pint-espat", "espat"),
)
# Loaded by pint.espat at their first use.
ESPAT_OPTIONAL = (
    ("pint-espat", "espat_server"),
    ("pint-espat", "espat_wlan"),
    ("pint-espat", "espat_push"),
    ("pint-espat", "espat_recvlen"),
    ("pint-espat", "espat_recover"),
)


def frozen_opt(package):
    """The optimisation level python/<package>/manifest.py freezes with
    (package("pint", opt=N); 0 without)."""
    with open(os.path.join(ROOT, "python", package, "manifest.py")) as f:
        m = re.search(r"^package\(.*opt=(\d)", f.read(), re.M)
    return int(m.group(1)) if m else 0


def bytecode():
    """The .mpy size of each module of ESPAT_PATH and ESPAT_OPTIONAL for
    armv6m, as frozen (the manifest's opt) and with line numbers (-O0); the
    path's totals."""
    mpy_cross = os.path.join(micropython_dir(), "mpy-cross", "build", "mpy-cross")
    out = os.path.join(ROOT, "build", "bench", "mpy")
    os.makedirs(out, exist_ok=True)
    sizes = {}
    for package, name in ESPAT_PATH + ESPAT_OPTIONAL:
        for key, opt in (("frozen", frozen_opt(package)), ("-O0", 0)):
            dest = os.path.join(out, "{}-O{}.mpy".format(name, opt))
            # From the package's directory: the source's name in the .mpy is
            # pint/<module>.py, as frozen.
            subprocess.run(
                [
                    mpy_cross,
                    "-O{}".format(opt),
                    "-march=armv6m",
                    "-o",
                    dest,
                    "pint/" + name + ".py",
                ],
                check=True,
                cwd=os.path.join(ROOT, "python", package),
            )
            sizes.setdefault(name, {})[key] = os.path.getsize(dest)
    path = [name for _, name in ESPAT_PATH]
    return {
        "modules": {name: sizes[name] for name in path},
        "optional": {name: sizes[name]["frozen"] for _, name in ESPAT_OPTIONAL},
        "opt": frozen_opt("pint-espat"),
        "total": sum(sizes[name]["frozen"] for name in path),
        "total_O0": sum(sizes[name]["-O0"] for name in path),
    }


def bytecode_line(b):
    """The bytecode figures in words (bench/run.py's report too)."""
    return (
        "{:,} B as frozen (opt={}; {}), {:,} B with line numbers; loaded at first use: {}".format(
            b["total"],
            b["opt"],
            ", ".join("{} {:,}".format(k, v["frozen"]) for k, v in b["modules"].items()),
            b["total_O0"],
            ", ".join("{} {:,}".format(k, v) for k, v in b["optional"].items()),
        )
    )


def transfer(driver, what, port, n):
    (got, us), digest = micropython(driver, what, port, n)
    assert got == n, (what, got, n)
    if what == "download":
        assert digest == hashlib.sha256(Peer.payload(n)).hexdigest(), "download corrupted"
    return n / (us / 1e6)


def idle(path):
    # tests/espat/mp_idle.py: driver calls a second over 2 s of waiting.
    port_server, port = tcp_server(Silent)
    script = os.path.join(ROOT, "tests", "espat", "mp_idle.py")
    proc = subprocess.run(
        [FIRMWARE, script, path, str(port), "2"],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
        cwd=os.path.dirname(script),
    )
    port_server.shutdown()
    rates = {}
    for line in proc.stdout.splitlines():
        if "_CALLS_PER_S" in line:
            rates[line.split()[0]] = int(line.split()[1])
    return rates


class Silent(socketserver.BaseRequestHandler):
    def handle(self):
        time.sleep(6)


def measure():
    server, port = tcp_server(Peer)
    out = {}

    emu = Emulator(modems=1, baud=BAUD).start()
    driver = {"PINT_NIC": "espat", "PINT_ESPAT": emu.paths[0]}
    size = 64 * 1024
    down = transfer(driver, "download", port, size)
    up = transfer(driver, "upload", port, size)
    emu.stop()
    out["baud"] = {
        "baud": BAUD,
        "line_rate": LINE_RATE,
        "bytes": size,
        "download": down,
        "download_share": down / LINE_RATE,
        "upload": up,
        "upload_share": up / LINE_RATE,
    }

    emu = Emulator(modems=1).start()
    driver = {"PINT_NIC": "espat", "PINT_ESPAT": emu.paths[0]}
    out["idle"] = idle(emu.paths[0])
    size = 4 * 1024 * 1024
    out["unthrottled"] = {
        "bytes": size,
        "espat_download": transfer(driver, "download", port, size),
        "espat_upload": transfer(driver, "upload", port, size),
    }
    (per_link, links), _ = micropython(driver, "heap", port, 4)
    out["heap_per_link"] = per_link
    emu.stop()
    out["unthrottled"]["host_download"] = transfer({"PINT_NIC": "host"}, "download", port, size)
    out["unthrottled"]["host_upload"] = transfer({"PINT_NIC": "host"}, "upload", port, size)
    server.shutdown()
    return out


def print_heap(h):
    for fw, modes in h.items():
        for mode, ops in modes.items():
            print(
                "heap per operation, {} {}: {}".format(
                    fw, mode, ", ".join("{} {:g} B".format(op, b) for op, b in ops.items())
                )
            )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--heap", action="store_true", help="the heap per operation only")
    args = ap.parse_args()
    enter_netns()
    if args.heap:
        r = {"heap_per_op": heap_per_op()}
        print_heap(r["heap_per_op"])
        if args.json:
            print(json.dumps(r))
        return
    r = measure()
    r["heap_per_op"] = heap_per_op()
    print_heap(r["heap_per_op"])
    r["bytecode"] = bytecode()
    print(bytecode_line(r["bytecode"]))
    b, u = r["baud"], r["unthrottled"]
    print(
        "idle driver calls a second: blocking recv {}, asyncio read {} (goal <= 20)".format(
            r["idle"].get("RECV_CALLS_PER_S"), r["idle"].get("ASYNCIO_CALLS_PER_S")
        )
    )
    print(
        "at {} baud ({:,.0f} B/s): download {:,.0f} B/s = {:.1%} of the line, upload {:,.0f} B/s = {:.1%}".format(
            b["baud"],
            b["line_rate"],
            b["download"],
            b["download_share"],
            b["upload"],
            b["upload_share"],
        )
    )
    print(
        "unthrottled, {} MiB: ESP-AT download {:,.0f} B/s, upload {:,.0f} B/s; host driver {:,.0f} / {:,.0f} B/s".format(
            u["bytes"] // 2**20,
            u["espat_download"],
            u["espat_upload"],
            u["host_download"],
            u["host_upload"],
        )
    )
    print("heap per open link: {:,} B".format(r["heap_per_link"]))
    if args.json:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
