"""Data through the ESP-AT driver, SHA-256 checked at both ends, over a
line that splits everything the modem says: at 115200 baud (a real
UART's rate: answers arrive in pieces of a few hundred bytes), and
unthrottled with every write cut into random pieces of 1 to 13 bytes, so
that each header, answer and payload arrives split at every point."""
from espatlib import Checks, Emulator, Peer, Script, tcp_server, udp_echo


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
        sent, received, count = Peer.digests.get(size, (None, None, 0))
        down = [l.split() for l in mp.lines if l.startswith("DOWNLOAD")]
        up = [l.split() for l in mp.lines if l.startswith("UPLOAD")]
        checks.check(
            "{}: download of {} bytes intact".format(name, size),
            bool(down) and down[0][1] == str(size) and down[0][2] == sent,
        )
        checks.check(
            "{}: upload of {} bytes intact".format(name, size // 2),
            bool(up) and count == size // 2 and up[0][2] == received,
        )
        checks.check(
            "{}: datagrams".format(name),
            mp.saw("CHECK 4 datagrams echoed whole, from the peer's address ok"),
        )
        checks.check("{}: the script ran to the end".format(name), rc == 0 and mp.saw("DONE"))
    server.shutdown()
    udp.close()
    checks.exit()


main()
