"""Stand-in peers for MicroPython's tests/net_hosted, which expect the
Internet's micropython.org: inside the private network namespace of
tools/netns-exec that name is 127.0.0.1, where this serves HTTP on port 80
and HTTPS on port 443 (a certificate chain of depth 2, see certs/).

Prints "ready" once listening; runs until killed.
"""
import os
import socket
import ssl
import sys
import threading

CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "certs")
RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    return s


def answer(conn):
    # Read a request (or nothing: some tests only connect), answer, close.
    try:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        if data:
            conn.sendall(RESPONSE)
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()


def serve(sock, context=None):
    while True:
        conn, _ = sock.accept()
        if context is not None:
            try:
                conn.settimeout(5)
                conn = context.wrap_socket(conn, server_side=True)
            except (OSError, ssl.SSLError):
                conn.close()
                continue
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(CERTS, "chain.pem"), os.path.join(CERTS, "server.key"))
    http, https = listener(80), listener(443)
    threading.Thread(target=serve, args=(http,), daemon=True).start()
    threading.Thread(target=serve, args=(https, context), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    sys.exit(main())
