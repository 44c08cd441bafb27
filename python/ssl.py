"""The `ssl` module of MicroPython's documentation, over the built-in `tls`
module: SSLContext (certificates and keys given as file paths, or as bytes),
the constants, and the older wrap_socket() function.

MicroPython's standard unix firmware freezes such a module from
micropython-lib; Debian's MicroPython source tree does not carry it, so the
PINT host firmware freezes this one, written here from the documented API.
"""

import tls
from tls import (
    CERT_NONE,
    CERT_OPTIONAL,
    CERT_REQUIRED,
    MBEDTLS_VERSION,
    PROTOCOL_TLS_CLIENT,
    PROTOCOL_TLS_SERVER,
)

try:
    from tls import PROTOCOL_DTLS_CLIENT, PROTOCOL_DTLS_SERVER
except ImportError:
    pass


def _data(source):
    # A file path -> its contents; bytes-like data as it is.
    if isinstance(source, str):
        with open(source, "rb") as f:
            return f.read()
    return source


class SSLContext:
    def __init__(self, protocol, *args):
        self._context = tls.SSLContext(protocol, *args)
        # As MicroPython's own ssl module: no verification until asked for
        # (tls makes a client context CERT_REQUIRED, which then refuses a
        # wrap_socket without server_hostname).
        self._context.verify_mode = CERT_NONE

    def __getattr__(self, name):
        # verify_mode, verify_callback, get_ciphers(), set_ciphers(), ...
        return getattr(self._context, name)

    def __setattr__(self, name, value):
        if name == "_context":
            object.__setattr__(self, name, value)
        else:
            setattr(self._context, name, value)

    def load_cert_chain(self, certfile, keyfile):
        self._context.load_cert_chain(_data(certfile), _data(keyfile))

    def load_verify_locations(self, cafile=None, cadata=None):
        if cafile is not None:
            self._context.load_verify_locations(_data(cafile))
        if cadata is not None:
            self._context.load_verify_locations(cadata)

    def wrap_socket(
        self, sock, server_side=False, do_handshake_on_connect=True, server_hostname=None
    ):
        return self._context.wrap_socket(
            sock,
            server_side=server_side,
            do_handshake_on_connect=do_handshake_on_connect,
            server_hostname=server_hostname,
        )


def wrap_socket(
    sock,
    server_side=False,
    key=None,
    cert=None,
    cert_reqs=CERT_NONE,
    cadata=None,
    server_hostname=None,
    do_handshake=True,
):
    """Wrap sock in TLS, as ssl.wrap_socket in MicroPython's documentation:
    key and cert for this end (bytes or file paths), cert_reqs whether to
    verify the peer, cadata the CA certificates to verify with."""
    ctx = SSLContext(PROTOCOL_TLS_SERVER if server_side else PROTOCOL_TLS_CLIENT)
    if cert is not None or key is not None:
        ctx.load_cert_chain(cert, key)
    if cadata is not None:
        ctx.load_verify_locations(cadata=cadata)
    ctx.verify_mode = cert_reqs
    return ctx.wrap_socket(
        sock,
        server_side=server_side,
        do_handshake_on_connect=do_handshake,
        server_hostname=server_hostname,
    )
