"""The ESP-AT driver after a fault: a modem that restarted (its links fail,
and it is set up again), link ids left open on the modem (closed at the
next call), a connect answered after its wait gave up, a payload that never
came whole. pint.espat imports this module at the first of these (calling
its functions with the driver first), so that a program whose modem and
line never fail never loads it.
"""

import errno

from micropython import const
from pint.at import ATError

# As in pint.espat.
_LINKS = const(5)
_DRAINING = const(4)
_EIO = const(5)


def reset(nic):
    # The modem restarted: every link is gone (a closed one's data too).
    for i in range(_LINKS):
        link = nic.links[i]
        if link is not None:
            if link.state != _DRAINING:
                link.error = errno.ECONNRESET
            nic._drop(i, True)
    if nic._server is not None:
        nic._server.error = errno.ECONNRESET
        nic._server = None


def again(nic):
    # The restarted modem set up again; if that fails, at the next call.
    try:
        nic._sync()
        nic._setup(True)
    except ATError:  # ATTimeout too
        nic._reset_seen = True
        raise OSError(_EIO)
    except OSError:
        nic._reset_seen = True
        raise


def close(nic):
    # The ids to close of now: a modem that answers each close with another
    # CONNECT gets them closed at the next call, not in an endless loop.
    orphans, nic._orphans = nic._orphans, []
    for i in orphans:
        if nic.links[i] is None and i not in nic._orphans:
            nic._command(b"AT+CIPCLOSE=%d" % i, quiet=True)


def late(nic, i, link, final):
    # Link id i's AT+CIPSTART, given up on (link None) or not waited for,
    # answered final, not OK for its link. One that never came (its OK lost
    # on the line, say) may have opened the link all the same: it is closed
    # to be sure, as one opened after all is.
    if final == b"OK" or final == b"timeout":
        nic._orphans.append(i)  # closed at the next call
    if link is not None:
        link.error = errno.ECONNREFUSED if final != b"timeout" else errno.ETIMEDOUT
        link.id = None
        if nic.links[i] is link:
            nic.links[i] = None


def lost(nic, e, link):
    # A payload that never came whole (e: pint.at's ATTimeout, with the last
    # bytes read): ECONNRESET when the modem restarted in the middle (its
    # "ready" read as data), else ETIMEDOUT; link (active mode) loses data,
    # so it fails from then on.
    if b"\r\nready\r\n" in e.lines[0]:
        nic._on_ready(b"ready")
        raise OSError(errno.ECONNRESET)
    if link is not None:
        link.error = _EIO
    raise OSError(errno.ETIMEDOUT)
