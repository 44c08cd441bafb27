"""Faults injected into an emulated SIMCom modem while MicroPython moves
data through it: an ERROR answer, a link dropped by the peer, a modem
restart in the middle of a transfer, the data link dropped by the network,
noise on the line, a read answered with more than it asked for, a flood of
notices for a link nobody opened, a close whose OK is lost, a modem answering only errors,
a line that loses bytes, the serial line hung up. Each gives the program a clear error (or none,
where the driver recovers by itself), later sockets work, and no link is
left open on the modem."""

import sys

from simcomlib import Checks, Echo, Emulator, open_links, record_checks, script, tcp_server

FAULTS = {
    "error": ("error", b"AT+CIPSEND"),
    "drop": ("drop", None),
    "reset": ("reset", None),
    "netlost": ("netlost", None),
    "noise": ("noise", b"\x00\xff\x13#~garbage\r\n\xfe+CIPRXGET: 2,zz\r\n+IPCLOSE: x\r\n"),
    "garbled": ("answer", (b"AT+CIPRXGET=2", b"\r\n+CIPRXGET: 2,0,99999,0\r\nhello\r\nOK\r\n")),
    "flood": ("noise", b"\r\n+CIPOPEN: 3,0\r\n" * 500),
    "mute": ("mute", b"AT+CIPCLOSE"),
    "hold": ("hold", None),
    "release": ("release", None),
    "lossy": ("lossy", 0.0003),
    "lossless": ("lossy", 0),
    "hangup": ("hangup", None),
}
# The SIM7000 command set's: its notices, the command that opens the data
# link, the address the emulated network gives the first modem.
SIM7000 = {
    "noise": ("noise", b"\x00\xff\x13#~garbage\r\n\xfe+CIPRXGET: 2,zz\r\n9, CLOSED\r\n"),
    "flood": ("noise", b"\r\n3, CONNECT OK\r\n" * 500),
}


def main(model="SIM7600"):
    checks = Checks()
    server, port = tcp_server(Echo)
    emu = Emulator(modems=1, model=model).start()
    cip = model == "SIM7000"
    faults = dict(FAULTS, **SIM7000) if cip else FAULTS
    mp = script(
        "mp_faults.py",
        emu.paths[0],
        port,
        "10.64.0.7" if cip else "127.0.0.1",
        env={"SIMCOM_MODEL": model},
    )
    links = None
    while True:
        line = mp.until("STEP ")
        if line is None:
            break
        name = line.split()[1]
        if name == "links":
            links = open_links(emu)
        else:
            emu.fault(0, *faults[name])
        mp.step()
    rc = mp.finish()
    commands = emu.commands(0)
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.check("no link left open on the modem ({})".format(links), links == [])
    checks.check(
        "the modem was set up again after its restart", commands.count(b"AT+CIPRXGET=1") >= 2
    )
    checks.check(
        "the data link was opened again (after the restart, after the network dropped it)",
        commands.count(b"AT+CIICR" if cip else b"AT+NETOPEN") >= 3,
    )
    checks.exit()


if __name__ == "__main__":
    main(*sys.argv[1:])
