"""PINT: write a MicroPython network driver as a plain Python class.

Register a driver with ``network.PINT(driver)``; MicroPython's ``socket``
module (and ``select``, ``asyncio``, ``tls``, ``requests``) then runs over it.
This package holds what drivers share: the constants they are asked and
answer with, and ready drivers (``pint.loopback``).
"""

from network import PINT

# socket_ioctl(sock, request, arg): request IOCTL_POLL asks which of the
# events in arg are ready; answer with a mask of POLL_* flags.
IOCTL_POLL = PINT.IOCTL_POLL
POLL_RD = PINT.POLL_RD
POLL_WR = PINT.POLL_WR
POLL_ERR = PINT.POLL_ERR
POLL_HUP = PINT.POLL_HUP
POLL_NVAL = PINT.POLL_NVAL
SO_CALLBACK = PINT.SO_CALLBACK

# socket_socket(domain, type, proto) receives these.
AF_INET = 2
SOCK_STREAM = 1
SOCK_DGRAM = 2


def register(driver):
    """Register driver as a network interface and return the network.PINT."""
    return PINT(driver)
