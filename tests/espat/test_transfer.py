"""Data through the ESP-AT driver, SHA-256 checked at both ends, over a
line that splits everything the modem says: at 115200 baud (a real
UART's rate: answers arrive in pieces of a few hundred bytes), and
unthrottled with every write cut into random pieces of 1 to 13 bytes, so
that each header, answer and payload arrives split at every point."""
from espatlib import Checks, Emulator, Peer, Script, check_transfer, tcp_server, udp_echo


def main():
    checks = Checks()
    server, port = tcp_server(Peer)
    udp, udp_port = udp_echo()
    for name, options, size in (
        ("115200 baud", {"baud": 115200}, 48 * 1024),
        ("pieces of 1-13 bytes", {"chunk": 13}, 200 * 1024),
    ):
        emu = Emulator(modems=1, **options).start()
        mp = Script("mp_transfer.py", emu.paths[0], port, udp_port, size)
        rc = mp.finish(timeout=300)
        emu.stop()
        check_transfer(checks, name, mp, size)
        checks.check("{}: the script ran to the end".format(name), rc == 0 and mp.saw("DONE"))
    server.shutdown()
    udp.close()
    checks.exit()


main()
