#!/usr/bin/env python3
"""Throughput of PINT (socket module served by the host driver, pint.host)
against the same firmware's native POSIX sockets (_hostsocket), in one run.

    python3 bench/throughput.py [--quick] [--json] [--reps N] [--mib N]
                                [--udp-count N] [--pingpong-ms N] [--cpus split|same|none]
                                [--tests a,b] [--impls pint,native] [--wrap CMD]

CPython (this program) runs the peers on loopback; one MicroPython process
(bench/mp_throughput.py on build/micropython, PINT_NIC=host) runs every
measurement, PINT and native alternating, each repetition starting with the
other one. MicroPython times each transfer with time.ticks_us (the transfer
only: connection set-up and start-up are outside). Figures are medians over
the repetitions; ratios are PINT/native within this one run.

  tcp_send      MicroPython writes N MiB in 64 KiB writes to a sink, which
                acknowledges with one byte once it has them all (in the time).
  tcp_recv      a source sends N MiB; MicroPython reads them with readinto()
                into one preallocated 64 KiB buffer (neither socket type has
                recv_into; readinto fills the whole buffer).
  udp_send      MicroPython sendto()s 512-byte datagrams as fast as it can;
                rate from MicroPython's clock, and the sink counts what it got
                (delivered %).
  udp_burst     receive rate: MicroPython asks for 32 datagrams, receives
                them with recvfrom(), asks again (at most 32 in flight, so no
                loss on loopback; a loss would cost a 1 s timeout, counted).
  udp_pingpong  request/response round trips for a fixed time: sendto, then
                recvfrom the echo (a loss would cost a 1 s timeout, counted).

Besides each rate, MicroPython's CPU time (time.clock(): user + system, 1 ms
resolution) over the same span gives a CPU cost per MiB / datagram; its
ratio (native cost / PINT cost) hardly moves with other load on the machine,
and where it is far above the rate ratio, PINT spent the difference waiting.

CPU placement (--cpus): split (default) puts the CPython peers on one CPU and
MicroPython on another, as a real peer would be elsewhere; same puts both on
one CPU (steadier figures, every wait-up is a context switch, no cross-CPU
wake-up latency); none leaves it to the scheduler.

--wrap runs the firmware under a profiler, e.g.
--impls pint --tests udp_send --wrap "perf record -g -o /tmp/perf.data".

Runs itself inside tools/netns-exec (a private network namespace) unless
already inside one (PINT_IN_NETNS) or given --no-netns. With --json the last
line of output is one JSON object with every figure.
"""
import argparse
import json
import os
import shlex
import socket
import socketserver
import statistics
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import FIRMWARE, enter_netns  # noqa: E402

CHUNK = 64 * 1024
DGRAM = 512
WINDOW = 32
TARGET = 0.70  # the target: PINT at least 70% of native, for TCP
TESTS = ("tcp_send", "tcp_recv", "udp_send", "udp_burst", "udp_pingpong")
UNITS = {  # (rate unit, CPU cost unit)
    "tcp_send": ("MiB/s", "us CPU/MiB"),
    "tcp_recv": ("MiB/s", "us CPU/MiB"),
    "udp_send": ("datagrams/s", "us CPU/datagram"),
    "udp_burst": ("datagrams/s", "us CPU/datagram"),
    "udp_pingpong": ("round trips/s", "us CPU/round trip"),
}


def exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise OSError("peer closed")
        data += chunk
    return data


class Sink(socketserver.BaseRequestHandler):
    # 8-byte length, that many bytes (discarded), then one byte back.
    def handle(self):
        (total,) = struct.unpack("!Q", exactly(self.request, 8))
        buf = bytearray(1 << 20)
        left = total
        while left:
            n = self.request.recv_into(buf, min(len(buf), left))
            if not n:
                return
            left -= n
        self.request.sendall(b"k")


SOURCE_BLOCK = bytes((i * 7 + 3) & 255 for i in range(1 << 20))


class Source(socketserver.BaseRequestHandler):
    # 8-byte length; sends that many bytes.
    def handle(self):
        (total,) = struct.unpack("!Q", exactly(self.request, 8))
        view = memoryview(SOURCE_BLOCK)
        left = total
        while left:
            n = min(len(view), left)
            self.request.sendall(view[:n])
            left -= n
        # Wait for MicroPython to close, so that our close cannot reset data
        # still in flight.
        self.request.recv(1)


class _TCPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve_tcp(handler):
    server = _TCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def udp_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    return s


def big_rcvbuf(s, size=64 << 20):
    try:
        s.setsockopt(socket.SOL_SOCKET, 33, size)  # SO_RCVBUFFORCE (root in the netns)
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
    return s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)


def udp_sink(s, counts):
    buf = bytearray(65536)
    while True:
        n = s.recv_into(buf)
        if n >= 4:
            session = int.from_bytes(buf[:4], "big")
            counts[session] = counts.get(session, 0) + 1


def udp_burst_server(s):
    while True:
        req, addr = s.recvfrom(64)
        window, size = struct.unpack("!HH", req[:4])
        data = bytes(size)
        for _ in range(window):
            s.sendto(data, addr)


def udp_echo_server(s):
    while True:
        data, addr = s.recvfrom(65536)
        s.sendto(data, addr)


def pin(mode):
    """CPU placement. split: this process (the peers) on one CPU and
    MicroPython on another; same: both on one CPU; none: the scheduler's
    choice. Returns the CPU set for MicroPython (None: unchanged)."""
    cpus = sorted(os.sched_getaffinity(0))
    if mode == "none":
        return None
    if mode == "same" or len(cpus) < 2:
        os.sched_setaffinity(0, {cpus[-1]})
        return {cpus[-1]}
    os.sched_setaffinity(0, {cpus[0]})
    return {cpus[1]}


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def median(xs):
    return statistics.median(xs) if xs else None


def run(args):
    # Pin first: the peers' threads inherit this thread's CPUs.
    mp_cpus = pin(args.cpus)
    servers = []
    sink, sink_port = serve_tcp(Sink)
    source, source_port = serve_tcp(Source)
    servers += [sink, source]
    counts = {}
    usink = udp_socket()
    rcvbuf = big_rcvbuf(usink)
    uburst = udp_socket()
    uecho = udp_socket()
    for target, sock, extra in (
        (udp_sink, usink, (counts,)),
        (udp_burst_server, uburst, ()),
        (udp_echo_server, uecho, ()),
    ):
        threading.Thread(target=target, args=(sock, *extra), daemon=True).start()

    cfg = {
        "chunk": CHUNK,
        "dgram": DGRAM,
        "window": WINDOW,
        "reps": args.reps,
        "tcp_mib": args.mib,
        "udp_count": args.udp_count,
        "pingpong_ms": args.pingpong_ms,
        "tests": args.tests,
        "impls": args.impls,
        "tcp_sink": sink_port,
        "tcp_source": source_port,
        "udp_sink": usink.getsockname()[1],
        "udp_burst": uburst.getsockname()[1],
        "udp_echo": uecho.getsockname()[1],
    }
    # One short argument per setting: the unix port turns each argument into
    # a qstr, and one longer than 255 bytes is fatal.
    cmd = (
        shlex.split(args.wrap)
        + [FIRMWARE, "-X", "heapsize=64M", os.path.join(HERE, "mp_throughput.py")]
        + ["{}={}".format(k, ",".join(v) if isinstance(v, list) else v) for k, v in cfg.items()]
    )
    t0 = time.monotonic()
    proc = subprocess.run(
        cmd,
        env=dict(os.environ, PINT_NIC="host"),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=1200,
        preexec_fn=(lambda: os.sched_setaffinity(0, mp_cpus)) if mp_cpus else None,
    )
    wall = time.monotonic() - t0
    time.sleep(0.2)  # let the UDP sink drain
    lines = proc.stdout.splitlines()
    if proc.returncode != 0 or "DONE" not in lines:
        sys.stdout.write(proc.stdout)
        raise SystemExit("micropython failed (exit status {})".format(proc.returncode))

    raw = {t: {"pint": [], "native": []} for t in TESTS}
    for line in lines:
        f = line.split()
        if not f or f[0] != "R":
            continue
        test, impl, rep = f[1], f[2], int(f[3])
        count, wall_us, cpu_us = int(f[4]), int(f[5]), int(f[6])
        units = count / (1 << 20) if test.startswith("tcp") else count  # MiB, or datagrams
        entry = {
            "rep": rep,
            "count": count,
            "wall_us": wall_us,
            "cpu_us": cpu_us,
            "rate": units / (wall_us / 1e6),
            # CPU time of the MicroPython process per unit: us per MiB, us per datagram
            "cpu_per_unit": cpu_us / units if units else None,
        }
        if test == "udp_send":
            entry["delivered"] = counts.get(int(f[7]), 0)
        if test in ("udp_burst", "udp_pingpong"):
            entry["lost"] = int(f[7])
        raw[test][impl].append(entry)

    results = {}
    for test in args.tests:
        r = {"unit": UNITS[test][0], "cpu_unit": UNITS[test][1]}
        for impl in ("pint", "native"):
            runs = raw[test][impl]
            r[impl] = median([e["rate"] for e in runs])
            r[impl + "_runs"] = [round(e["rate"], 1) for e in runs]
            r[impl + "_cpu"] = median([e["cpu_per_unit"] for e in runs])
            r[impl + "_cpu_runs"] = [round(e["cpu_per_unit"], 2) for e in runs]
            if test == "udp_send":
                sent = sum(e["count"] for e in runs)
                r[impl + "_delivered_pct"] = (
                    round(100.0 * sum(e["delivered"] for e in runs) / sent, 2) if sent else None
                )
            if test in ("udp_burst", "udp_pingpong"):
                r[impl + "_lost"] = sum(e["lost"] for e in runs)
        # Throughput ratio, and the same from CPU time:
        # native CPU per unit / PINT CPU per unit (1.0: PINT costs no more
        # CPU than native). The CPU figure hardly moves with other load on
        # the machine; wall-clock rates do.
        r["ratio"] = r["pint"] / r["native"] if r["pint"] and r["native"] else None
        r["cpu_ratio"] = (
            r["native_cpu"] / r["pint_cpu"] if r["pint_cpu"] and r["native_cpu"] else None
        )
        results[test] = r
    for server in servers:
        server.shutdown()
    return cfg, results, wall, rcvbuf


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="a few seconds (CI): fewer, smaller runs")
    p.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    p.add_argument("--reps", type=int, help="repetitions of each (PINT and native alternating)")
    p.add_argument("--mib", type=int, help="MiB per TCP transfer")
    p.add_argument("--udp-count", type=int, help="datagrams per UDP send / burst run")
    p.add_argument("--pingpong-ms", type=int, help="milliseconds per UDP ping-pong run")
    p.add_argument(
        "--cpus",
        choices=("split", "same", "none"),
        default="split",
        help="split: peers and MicroPython on two different CPUs (default); same: one CPU; "
        "none: unpinned",
    )
    p.add_argument(
        "--tests", default=",".join(TESTS), help="comma-separated subset of: " + ", ".join(TESTS)
    )
    p.add_argument(
        "--impls", default="pint,native", help="pint,native (default), or one of them (profiling)"
    )
    p.add_argument(
        "--wrap",
        default="",
        help="command prefix for the firmware (profiling), e.g. "
        "'valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out'",
    )
    p.add_argument("--no-netns", action="store_true", help="do not enter tools/netns-exec")
    args = p.parse_args()
    if not args.no_netns:
        enter_netns()
    defaults = (
        dict(reps=3, mib=64, udp_count=10000, pingpong_ms=300)
        if args.quick
        else dict(reps=11, mib=512, udp_count=50000, pingpong_ms=500)
    )
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    args.tests = args.tests.split(",")
    args.impls = args.impls.split(",")
    if not set(args.impls) <= {"pint", "native"} or not args.impls:
        p.error("--impls: pint, native or both")
    unknown = set(args.tests) - set(TESTS)
    if unknown:
        p.error("unknown tests: " + ", ".join(sorted(unknown)))
    if not os.path.exists(FIRMWARE):
        raise SystemExit("no firmware at {}".format(FIRMWARE))

    load = [loadavg()]
    cfg, results, wall, rcvbuf = run(args)
    load.append(loadavg())

    print(
        "PINT (host driver) vs native _hostsocket: {} repetitions alternating, medians; CPUs {}; {} s; "
        "load average before/after {} / {}".format(
            args.reps, args.cpus, round(wall, 1), load[0], load[1]
        )
    )
    print(
        "{:<13} {:>10} {:>10} {:>6} | {:>8} {:>8} {:>6} | {}".format(
            "test", "PINT", "native", "ratio", "PINT", "native", "ratio", "rate unit / CPU unit"
        )
    )
    for test in args.tests:
        r = results[test]
        print(
            "{:<13} {:>10} {:>10} {:>6} | {:>8} {:>8} {:>6} | {} / {}".format(
                test,
                fmt(r["pint"], ".0f"),
                fmt(r["native"], ".0f"),
                fmt(r["ratio"], ".1%"),
                fmt(r["pint_cpu"], ".2f"),
                fmt(r["native_cpu"], ".2f"),
                fmt(r["cpu_ratio"], ".1%"),
                r["unit"],
                r["cpu_unit"],
            )
        )
    print("ratio = PINT/native rate; CPU ratio = native/PINT CPU cost of the MicroPython process")
    print("each run's rate (PINT | native):")
    for test in args.tests:
        r = results[test]
        print(
            "  {:<13} {} | {}".format(
                test,
                " ".join("{:.0f}".format(x) for x in r["pint_runs"]),
                " ".join("{:.0f}".format(x) for x in r["native_runs"]),
            )
        )
    print(
        "sizes: tcp {} MiB per run in {} KiB writes/reads; udp {}-byte datagrams, {} per send/burst run "
        "(bursts of {}), ping-pong runs of {} ms".format(
            args.mib, CHUNK // 1024, DGRAM, args.udp_count, WINDOW, args.pingpong_ms
        )
    )
    if "udp_send" in results:
        u = results["udp_send"]
        print(
            "udp_send delivered: PINT {}%, native {}% (sink SO_RCVBUF {} bytes)".format(
                u["pint_delivered_pct"], u["native_delivered_pct"], rcvbuf
            )
        )
    for test in ("udp_burst", "udp_pingpong"):
        if test in results:
            print(
                "{} lost: PINT {}, native {}".format(
                    test, results[test]["pint_lost"], results[test]["native_lost"]
                )
            )
    tcp = [t for t in ("tcp_send", "tcp_recv") if t in results]
    tcp = [t for t in tcp if results[t]["ratio"] is not None]
    tcp_ok = all(results[t]["ratio"] >= TARGET for t in tcp) if tcp else None
    tcp_cpu_ok = all(results[t]["cpu_ratio"] >= TARGET for t in tcp) if tcp else None
    if tcp:
        print(
            "TCP target PINT >= {:.0%} of native: throughput {}, CPU cost {}".format(
                TARGET, "met" if tcp_ok else "NOT met", "met" if tcp_cpu_ok else "NOT met"
            )
        )
    if args.json:
        out = {
            "bench": "throughput",
            "quick": args.quick,
            "reps": args.reps,
            "tcp_mib": args.mib,
            "chunk": CHUNK,
            "dgram": DGRAM,
            "window": WINDOW,
            "udp_count": args.udp_count,
            "pingpong_ms": args.pingpong_ms,
            "wall_s": round(wall, 2),
            "target_ratio": TARGET,
            "tcp_target_met": tcp_ok,
            "tcp_cpu_target_met": tcp_cpu_ok,
            "cpus": args.cpus,
            "loadavg_before": load[0],
            "loadavg_after": load[1],
            "results": results,
        }
        print(json.dumps(out))


if __name__ == "__main__":
    main()
