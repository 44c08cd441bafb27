"""Shared by the real-peer tests: each is a CPython program that starts real
peers on loopback, runs a MicroPython script on the host firmware with
PINT_NIC=host (so its sockets go through PINT and the host driver; or the
driver the runner chose, see micropython_env), checks
what both sides saw, and exits 0 when all is right. tools/run-tests runs
them inside tools/netns-exec's private network namespace."""
import http.server
import os
import socket
import socketserver
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from project import BUILD, FIRMWARE  # noqa: E402,F401

CERTS = os.path.join(HERE, "certs")
# The driver the firmware runs over: host, or espat (emulated ESP-AT modems,
# which limit a test to 5 connections at once and datagrams of 1 to 2048
# bytes).
DRIVER = os.environ.get("PINT_NIC", "host")


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128  # listen() backlog: many clients connect at once


def tcp_server(handler):
    """Serve handler (a socketserver.BaseRequestHandler) on a free loopback
    port, in threads; returns (server, port)."""
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def page_server(page):
    """Answer every HTTP GET with page (bytes), on a free loopback port, in
    threads; returns (server, port)."""

    class Page(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def udp_echo():
    """Send every datagram back where it came from, on a free loopback port,
    in a thread; returns (socket, port). Closing the socket ends it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def echo():
        while True:
            try:
                data, addr = sock.recvfrom(65536)
                sock.sendto(data, addr)
            except OSError:
                return

    threading.Thread(target=echo, daemon=True).start()
    return sock, sock.getsockname()[1]


def mosquitto():
    """Start Debian's mosquitto on a free loopback port: (process, port);
    terminate the process when done. None when it is not installed."""
    import shutil
    import tempfile
    import time

    broker = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not os.path.exists(broker):
        return None
    port = free_port()
    conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    conf.write("listener {} 127.0.0.1\nallow_anonymous true\npersistence false\n".format(port))
    conf.close()
    proc = subprocess.Popen(
        [broker, "-c", conf.name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    os.unlink(conf.name)  # read at start-up
    return proc, port


def micropython_env():
    """The environment for the firmware: PINT_NIC=host, unless the runner
    chose another driver (PINT_NIC=espat with emulated modems)."""
    env = dict(os.environ)
    env.setdefault("PINT_NIC", "host")
    return env


def run_micropython(script, *args, heap="64M", timeout=300):
    """Run a MicroPython script of this directory over PINT; return its
    stdout lines. Raises if it fails."""
    env = micropython_env()
    cmd = [FIRMWARE, "-X", "heapsize=" + heap, os.path.join(HERE, script), *map(str, args)]
    proc = subprocess.run(
        cmd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        cwd=HERE,
    )
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        raise SystemExit("micropython exited with {}".format(proc.returncode))
    return proc.stdout.splitlines()


class Checks:
    """Counts checks; prints each; exit status says whether all passed."""

    def __init__(self):
        self.failed = 0
        self.total = 0

    def check(self, what, ok):
        self.total += 1
        if not ok:
            self.failed += 1
        print("{}: {}".format("ok" if ok else "FAILED", what), flush=True)

    def exit(self):
        print("{} checks, {} failed".format(self.total, self.failed))
        sys.exit(1 if self.failed or not self.total else 0)
