"""A line that loses bytes on the way to the board (a UART without flow
control that overran): in passive mode every AT+CIPRECVDATA answer has its
line end right after the data, so a byte lost anywhere in it shows, and the
link fails with EIO instead of handing over data that is not the stream's
(without the check, a lost byte shifted the next bytes of the answer into
the payload: corrupted data, silently). TCP echo rounds over AT v2 (and UDP
there: a damaged datagram is dropped) and over AT 1.7, unthrottled, with
the line losing about one byte in 5,000 throughout (tests/espat/soak.py's
run, short). Every round comes back whole or fails with an OSError; no
link is left behind."""
from espatlib import Checks
from soak import soak


def main():
    checks = Checks()
    for name, at1, kinds in (("AT v2", False, ("tcp", "udp")), ("AT 1.7", True, ("tcp",))):
        soak(
            checks,
            "lossy line, " + name,
            30,
            kinds,
            ("lossy",),
            at1=at1,
            baud=0,
            every=(0.5, 1.0),
        )
    checks.exit()


if __name__ == "__main__":
    main()
