"""The WLAN API of the ESP-AT driver, through the NIC (nic.connect(...)
and the rest), against an emulated modem that starts with no network:
scan, joining with a wrong password and an unknown network (errors and
status), joining, ifconfig/ipconfig/config/status, disconnect."""
from espatlib import Checks, Emulator, Script, record_checks


def main():
    checks = Checks()
    emu = Emulator(modems=1, joined=False).start()
    mp = Script("mp_wlan.py", emu.paths[0])
    rc = mp.finish()
    emu.stop()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    commands = [c for c in emu.modems[0].log]
    checks.check(
        "joining went through AT+CWJAP",
        any(c.startswith(b'AT+CWJAP="pint-net","pint-pass"') for c in commands),
    )
    checks.exit()


main()
