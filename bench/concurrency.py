#!/usr/bin/env python3
"""Many concurrent connections to a MicroPython asyncio echo server over PINT.

    python3 bench/concurrency.py [--connections N] [--size BYTES] [--quick] [--json]

bench/mp_echo_server.py runs on build/micropython with PINT_NIC=host
(asyncio.start_server over PINT and the host driver). CPython (this program,
asyncio) then:
  1. opens all N connections (default 200) and waits until the server has
     accepted every one (its own count);
  2. with all N open and idle: reads the server's heap (gc.mem_alloc() after
     gc.collect(), over a separate control connection), its RSS, and its CPU
     use over one second of idleness (also measured before any connection),
     and how long it takes to answer a control command (one turn of its
     event loop);
  3. on every connection at once, sends one message (random bytes, 1..SIZE
     long) and checks that the echo is the same, byte for byte;
  4. closes all and waits until the server counts them all served (closed).
Memory per connection = (heap with all open - heap before) / N. Peak RSS is
VmHWM from /proc/<pid>/status at the end.

Runs itself inside tools/netns-exec unless already inside one (PINT_IN_NETNS)
or given --no-netns. With --json the last line is one JSON object.
"""
import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import FIRMWARE, enter_netns  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def proc_status(pid):
    out = {}
    try:
        with open("/proc/{}/status".format(pid)) as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS", "FDSize"):
                    out[key] = int(value.split()[0])  # kB, or a count
        out["fds"] = len(os.listdir("/proc/{}/fd".format(pid)))
    except OSError:
        pass
    return out


def cpu_seconds(pid):
    # Time on CPU of the whole process (all threads), in seconds.
    try:
        with open("/proc/{}/schedstat".format(pid)) as f:
            return int(f.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        with open("/proc/{}/stat".format(pid)) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK


async def idle_cpu(pid, seconds=1.0):
    """Fraction of one CPU the process used over `seconds` of wall time."""
    c0, t0 = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    return (cpu_seconds(pid) - c0) / (time.monotonic() - t0)


class Control:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    async def command(self, cmd):
        self.writer.write(cmd.encode() + b"\n")
        await self.writer.drain()
        line = await asyncio.wait_for(self.reader.readline(), 60)
        return line.decode().strip()

    async def stats(self):
        # With the time the server took to answer (it answers from its event
        # loop, so this is also how long one turn of the loop takes).
        t0 = time.monotonic()
        s = json.loads(await self.command("stats"))
        s["reply_s"] = round(
            max(0.0, time.monotonic() - t0 - s["gc_ms"] / 1000 - s["mem_info_ms"] / 1000), 4
        )
        return s

    async def count(self):
        return json.loads(await self.command("count"))

    async def wait_for(self, key, value, timeout):
        # Polls the cheap count (a collection of a big heap takes
        # milliseconds and would slow the server down); then full stats.
        deadline = time.monotonic() + timeout
        while True:
            s = await self.count()
            if s[key] == value or time.monotonic() > deadline:
                return await self.stats()
            await asyncio.sleep(0.02)


async def bench(args):
    port, control_port = free_port(), free_port()
    proc = subprocess.Popen(
        [
            FIRMWARE,
            "-X",
            "heapsize=" + args.heap,
            os.path.join(HERE, "mp_echo_server.py"),
            str(port),
            str(control_port),
            str(min(args.connections + 16, 4096)),
        ],
        env=dict(os.environ, PINT_NIC="host"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    loop = asyncio.get_running_loop()
    first = await loop.run_in_executor(None, proc.stdout.readline)
    if first.strip() != "listening":
        proc.kill()
        raise SystemExit("server did not start: " + first + proc.stdout.read())
    r = {
        "connections": args.connections,
        "size_max": args.size,
        "pid_status_start": proc_status(proc.pid),
    }
    ctl = Control(*await asyncio.open_connection("127.0.0.1", control_port))
    before = await ctl.stats()
    idle_s = 0.5 if args.quick else 1.0
    r["idle_cpu_0_connections"] = await idle_cpu(proc.pid, idle_s)

    # 1. Open all connections.
    t0 = time.monotonic()
    results = await asyncio.gather(
        *(asyncio.open_connection("127.0.0.1", port) for _ in range(args.connections)),
        return_exceptions=True
    )
    conns = [c for c in results if not isinstance(c, BaseException)]
    errors = [repr(c) for c in results if isinstance(c, BaseException)]
    r["connect_errors"] = len(errors)
    if errors:
        r["connect_error_sample"] = errors[:3]
    r["t_connect_s"] = time.monotonic() - t0
    opened = await ctl.wait_for("accepted", len(conns), timeout=120)
    r["t_all_accepted_s"] = time.monotonic() - t0
    r["server_open_after_connect"] = opened["open"]

    # 2. Everything open and idle: memory, RSS, idle CPU.
    r["pid_status_open"] = proc_status(proc.pid)
    r["idle_cpu_all_open"] = await idle_cpu(proc.pid, idle_s)
    all_open = await ctl.stats()

    # 3. One message each, all at once; echo checked byte for byte.
    rnd = random.Random(1234)
    messages = [rnd.randbytes(rnd.randint(1, args.size)) for _ in conns]

    async def exchange(conn, msg):
        reader, writer = conn
        writer.write(msg)
        await writer.drain()
        try:
            got = await asyncio.wait_for(reader.readexactly(len(msg)), 120)
        except (asyncio.IncompleteReadError, asyncio.TimeoutError, OSError):
            return False
        return got == msg

    t1 = time.monotonic()
    echoed = await asyncio.gather(*(exchange(c, m) for c, m in zip(conns, messages)))
    r["t_echo_s"] = time.monotonic() - t1
    r["echo_ok"] = sum(echoed)
    r["bytes_sent"] = sum(len(m) for m in messages)
    after_traffic = await ctl.stats()

    # 4. Close all; the server counts each connection served when it closes.
    t2 = time.monotonic()
    for reader, writer in conns:
        writer.close()
    await asyncio.gather(*(w.wait_closed() for _, w in conns), return_exceptions=True)
    closed = await ctl.wait_for("served", len(conns), timeout=120)
    r["t_close_s"] = time.monotonic() - t2
    r["t_total_s"] = time.monotonic() - t0
    r["pid_status_end"] = proc_status(proc.pid)
    await ctl.command("quit")
    ctl.writer.close()
    out, _ = await loop.run_in_executor(None, proc.communicate)
    r["server_exit"] = proc.returncode
    final = None
    for line in out.splitlines():
        if line.startswith("SERVER "):
            final = json.loads(line[7:])
    r["server_final"] = final
    r["server_output_tail"] = out.splitlines()[-5:]

    r["server_stats"] = {
        "before": before,
        "all_open": all_open,
        "after_traffic": after_traffic,
        "after_close": closed,
    }
    n = len(conns) or 1
    r["server_most_open"] = final["most_open"] if final else opened.get("most_open")
    r["served"] = closed["served"]
    r["server_bytes"] = closed["bytes"]
    r["heap_before"] = before["mem_alloc"]
    r["heap_all_open"] = all_open["mem_alloc"]
    r["heap_after_traffic"] = after_traffic["mem_alloc"]
    r["heap_after_close"] = closed["mem_alloc"]
    r["heap_per_connection"] = (all_open["mem_alloc"] - before["mem_alloc"]) / n
    r["heap_per_connection_after_traffic"] = (after_traffic["mem_alloc"] - before["mem_alloc"]) / n
    r["rss_kb_open"] = r["pid_status_open"].get("VmRSS")
    r["peak_rss_kb"] = r["pid_status_end"].get("VmHWM")
    r["rss_per_connection_kb"] = (
        r["pid_status_open"].get("VmRSS", 0) - r["pid_status_start"].get("VmRSS", 0)
    ) / n
    r["ok"] = (
        len(conns) == args.connections
        and r["echo_ok"] == args.connections
        and r["served"] == args.connections
        and r["server_most_open"] == args.connections
        and r["server_bytes"] == r["bytes_sent"]
        and r["server_exit"] == 0
    )
    return r


def raise_fd_limit(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        new = need if hard == resource.RLIM_INFINITY else min(hard, max(need, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--connections", type=int, default=200)
    p.add_argument("--size", type=int, help="largest message, bytes (default 8192; --quick 2048)")
    p.add_argument("--heap", default="64M", help="MicroPython heap (-X heapsize)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="smaller messages, shorter idle samples (still all connections)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object on the last line")
    p.add_argument("--no-netns", action="store_true", help="do not enter tools/netns-exec")
    args = p.parse_args()
    if not args.no_netns:
        enter_netns()
    if args.size is None:
        args.size = 2048 if args.quick else 8192
    if not os.path.exists(FIRMWARE):
        raise SystemExit("no firmware at {}".format(FIRMWARE))
    # Both ends hold one descriptor per connection (the server one host
    # socket per PINT socket), plus a few; the server inherits the limit.
    limit = raise_fd_limit(args.connections + 64)
    if limit[0] < args.connections + 64:
        raise SystemExit(
            "open-file limit {} is too low for {} connections (ulimit -n)".format(
                limit[0], args.connections
            )
        )

    r = asyncio.run(bench(args))
    r["fd_limit"] = list(limit)

    n = args.connections
    print(
        "asyncio echo server over PINT (host driver): {} connections, messages 1..{} bytes".format(
            n, args.size
        )
    )
    print(
        "connections held at once: {} (server's count; connect errors: {})".format(
            r["server_most_open"], r["connect_errors"]
        )
    )
    print(
        "echoed intact: {}/{}; served (closed by the server): {}/{}; bytes echoed {} of {}".format(
            r["echo_ok"], n, r["served"], n, r["server_bytes"], r["bytes_sent"]
        )
    )
    print(
        "time: connect {:.3f} s, all accepted {:.3f} s, echo round {:.3f} s, close {:.3f} s, total {:.3f} s".format(
            r["t_connect_s"], r["t_all_accepted_s"], r["t_echo_s"], r["t_close_s"], r["t_total_s"]
        )
    )
    print(
        "heap: before {} B, all open {} B, after traffic {} B, after close {} B".format(
            r["heap_before"], r["heap_all_open"], r["heap_after_traffic"], r["heap_after_close"]
        )
    )
    print(
        "heap per connection: {:.0f} B idle (all open), {:.0f} B after the echo".format(
            r["heap_per_connection"], r["heap_per_connection_after_traffic"]
        )
    )
    print(
        "RSS: {} kB at start, {} kB all open ({:.1f} kB per connection), peak (VmHWM) {} kB; "
        "fds at all-open {}".format(
            r["pid_status_start"].get("VmRSS"),
            r["rss_kb_open"],
            r["rss_per_connection_kb"],
            r["peak_rss_kb"],
            r["pid_status_open"].get("fds"),
        )
    )
    print(
        "server's reply to a control command (less its gc.collect): {:.3f} s before, {:.3f} s all open, "
        "{:.3f} s after the echo, {:.3f} s after close".format(
            *(
                r["server_stats"][k]["reply_s"]
                for k in ("before", "all_open", "after_traffic", "after_close")
            )
        )
    )
    print(
        "server CPU while idle: {:.1%} of a CPU with no connection, {:.1%} with all {} open".format(
            r["idle_cpu_0_connections"], r["idle_cpu_all_open"], n
        )
    )
    print("open-file limit (soft, hard): {}".format(tuple(limit)))
    print("result: {}".format("OK" if r["ok"] else "FAILED"))
    if args.json:
        print(json.dumps(dict(r, bench="concurrency", quick=args.quick)))
    sys.exit(0 if r["ok"] else 1)


if __name__ == "__main__":
    main()
