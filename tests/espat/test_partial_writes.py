"""pint.at writes everything it is given over a stream that takes part of
each write (machine.UART with timeout=0 when its transmit buffer is full),
and gives up with ATTimeout on one that takes nothing."""
from espatlib import Checks, Script, record_checks


def main():
    checks = Checks()
    mp = Script("mp_partial_writes.py")
    rc = mp.finish()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


main()
