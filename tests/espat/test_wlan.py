"""The WLAN API of the ESP-AT driver, through the NIC (nic.connect(...)
and the rest), against an emulated modem that starts with no network:
scan, joining with a wrong password and an unknown network (errors and
status), joining, ifconfig/ipconfig/config/status, disconnect. Against AT
v2 and against ESP8266 NonOS AT 1.7 (a failed join ends in FAIL, the DNS
server is asked with AT+CIPDNS_CUR?), each modem set up as an access point
only, as ESP-01s often come: the driver adds the station."""
from espatlib import Checks, Emulator, Script, record_checks


def main():
    checks = Checks()
    for firmware, at1, set_mode in (
        ("v2", False, b"AT+CWMODE=3"),
        ("AT 1.7", True, b"AT+CWMODE_CUR=3"),
    ):
        emu = Emulator(modems=1, joined=False, at1=at1, wifi_mode=2).start()
        mp = Script("mp_wlan.py", emu.paths[0])
        rc = mp.finish()
        emu.stop()
        record_checks(checks, mp)
        checks.check("{}: the script ran to the end".format(firmware), rc == 0 and mp.saw("DONE"))
        commands = [c for c in emu.modems[0].log]
        checks.check(
            "{}: joining went through AT+CWJAP".format(firmware),
            any(c.startswith(b'AT+CWJAP="pint-net","pint-pass"') for c in commands),
        )
        checks.check(
            "{}: the station added to the access point ({})".format(firmware, set_mode.decode()),
            set_mode in commands,
        )
    checks.exit()


main()
