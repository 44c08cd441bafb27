"""Faults injected into an emulated ESP-AT modem while MicroPython moves
data through it: an ERROR answer, busy p..., a link dropped by the peer, a
modem reset in the middle of a transfer, noise on the line, a modem busy
for longer than a command may take. Each gives the program a clear error
(or none, where the driver recovers by itself), and later sockets work."""

from espatlib import Checks, Echo, Emulator, Script, record_checks, tcp_server


FAULTS = {
    "error": ("error", b"AT+CIPSEND"),
    "busy": ("busy", None),
    "drop": ("drop", None),
    "reset": ("reset", None),
    "noise": ("noise", b"\x00\xff\x13#~garbage\r\n\xfe+IPD,zz,\r\n"),
    "hold": ("hold", None),
    "release": ("release", None),
}


def main():
    checks = Checks()
    server, port = tcp_server(Echo)
    emu = Emulator(modems=1).start()
    mp = Script("mp_faults.py", emu.paths[0], port)
    while True:
        line = mp.until("STEP ")
        if line is None:
            break
        kind, arg = FAULTS[line.split()[1]]
        emu.fault(0, kind, arg)
        mp.step()
    rc = mp.finish()
    commands = emu.commands(0)
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.check(
        "the modem was set up again after its reset", commands.count(b"AT+CIPRECVMODE=1") >= 2
    )
    checks.exit()


main()
