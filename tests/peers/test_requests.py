"""micropython-lib's requests, over PINT, against CPython HTTP and HTTPS
servers: GET and POST with bodies from empty to several MiB, checked byte for
byte on both sides."""
import hashlib
import http.server
import os
import ssl
import threading

from peerlib import CERTS, Checks, free_port, run_micropython

SIZES = [0, 1, 1000, 100 * 1024, 3 * 1024 * 1024 + 7]
received = {}  # size -> sha256 of what the server got in a POST


def pattern(n):
    # The same deterministic bytes on both sides: 0, 1, ..., 250, 0, 1, ...
    return bytes(i % 251 for i in range(n))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        size = int(self.path.rsplit("/", 1)[1])
        body = pattern(size)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        received[len(body)] = hashlib.sha256(body).hexdigest()
        reply = hashlib.sha256(body).hexdigest().encode() + b"\n" + body
        self.send_response(200)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


def server(port, tls):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(CERTS, "chain.pem"), os.path.join(CERTS, "server.key"))
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main():
    checks = Checks()
    http_port, https_port = free_port(), free_port()
    server(http_port, False)
    server(https_port, True)
    lines = run_micropython("mp_requests.py", http_port, https_port, *SIZES)
    results = [line.split() for line in lines if line.startswith("RESULT")]
    for scheme in ("http", "https"):
        for method in ("GET", "POST"):
            for size in SIZES:
                row = ["RESULT", scheme, method, str(size)]
                match = [r for r in results if r[:4] == row]
                checks.check(
                    "{} {} {} bytes: intact".format(scheme, method, size),
                    len(match) == 1 and match[0][4] == "intact",
                )
    for size in SIZES:
        checks.check(
            "server received the {}-byte POST body intact".format(size),
            received.get(size) == hashlib.sha256(pattern(size)).hexdigest(),
        )
    checks.exit()


main()
