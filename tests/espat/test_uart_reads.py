"""pint.at over a stream that shows itself as machine.UART: reads never ask
for more than has come (machine.UART's readinto would wait, busy, for the
rest), a long payload is read in few wakes rather than a byte at a time,
and pint.espat sizes its reads to the UART's receive ring."""
from espatlib import Checks, Script, record_checks


def main():
    checks = Checks()
    mp = Script("mp_uart_reads.py")
    rc = mp.finish()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


main()
