"""pint.sim7000, the driver for SIMCom's other TCP/IP command set (SIM7000:
AT+CSTT/AT+CIICR/AT+CIFSR, AT+CIPSTART, "<n>, SEND OK", "<n>, CLOSED"),
against the emulated SIM7000: every fault of test_faults.py (each a clear
error or a recovery, no link left open on the modem), then the heap per
socket operation of test_heap.py (0 B)."""
import sys

import test_faults
import test_heap


def main():
    failed = 0
    for test in (test_faults, test_heap):
        try:
            test.main("SIM7000")
        except SystemExit as e:
            failed += 1 if e.code else 0
    sys.exit(1 if failed else 0)


main()
