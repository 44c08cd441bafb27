"""PINT: write a MicroPython network driver as a plain Python class.

Register a driver with ``network.PINT(driver)``; MicroPython's ``socket``
module (and ``select``, ``asyncio``, ``tls``, ``requests``) then runs over it.
This package holds what drivers share: the constants they are asked and
answer with, helpers for device drivers (``pint.at``, ``pint.fifo``) and
ready drivers (``pint.espat``, ``pint.host``, ``pint.loopback``).
"""

import socket
from network import PINT

# socket_ioctl(sock, request, arg): request IOCTL_POLL asks which of the
# events in arg are ready; answer with a mask of POLL_* flags.
IOCTL_POLL = PINT.IOCTL_POLL
POLL_RD = PINT.POLL_RD
POLL_WR = PINT.POLL_WR
POLL_ERR = PINT.POLL_ERR
POLL_HUP = PINT.POLL_HUP
POLL_NVAL = PINT.POLL_NVAL
# socket_setsockopt(sock, level, opt, value): the option that carries a
# callable, and the options MicroPython's socket module names.
SO_CALLBACK = PINT.SO_CALLBACK
SOL_SOCKET = socket.SOL_SOCKET
SO_REUSEADDR = socket.SO_REUSEADDR
SO_BROADCAST = socket.SO_BROADCAST
SO_KEEPALIVE = socket.SO_KEEPALIVE

# Errnos drivers raise that MicroPython's errno module does not name
# (MicroPython's numbering, py/mperrno.h, which Linux shares).
EISCONN = 106
EMSGSIZE = 90

# socket_socket(domain, type, proto) receives these.
AF_INET = socket.AF_INET
SOCK_STREAM = socket.SOCK_STREAM
SOCK_DGRAM = socket.SOCK_DGRAM


def register(driver):
    """Register driver as a network interface and return the network.PINT
    (the same as network.PINT(driver))."""
    return PINT(driver)


def start(spec):
    """Register the driver spec names and return the network.PINT: "name"
    for a driver of this package (pint.<name>.register()), or
    "module:factory" for any other, where factory() returns a driver (or
    the network.PINT it registered); module may be the path of a .py file,
    whose directory is then importable. The host firmware calls it with
    PINT_NIC at start-up."""
    if ":" not in spec:
        module = __import__("pint." + spec, None, None, ("register",))
        return module.register()
    name, factory = spec.rsplit(":", 1)
    mounted = False
    if name.endswith(".py"):
        import sys
        import vfs

        slash = name.rfind("/")
        sys.path.insert(0, name[:slash] if slash > 0 else "/" if slash == 0 else ".")
        name = name[slash + 1 : -3]
        try:
            # At start-up the host's filesystem is not mounted yet: mount it
            # for the import (the firmware mounts it for good right after).
            vfs.mount(vfs.VfsPosix(), "/")
            mounted = True
        except OSError:
            pass
    try:
        module = __import__(name, None, None, (factory,))
    finally:
        if mounted:
            vfs.umount("/")
    made = getattr(module, factory)()
    return made if isinstance(made, PINT) else PINT(made)
