"""Firmware quirks the ESP-AT driver copes with, reproduced by the
emulator: in passive receive mode no +IPD announces data that arrives with
a server-side connection (the driver asks AT+CIPRECVLEN?), and <id>,CLOSED
waits until the data is read; a modem that refuses passive mode pushes
data (+IPD), which the driver buffers only up to rxbuf per link while a
program reads a large reply 7 bytes at a time."""
import socket
import time

from espatlib import (
    Checks,
    Emulator,
    Script,
    SendAndClose,
    free_port,
    record_checks,
    reply_digest,
    tcp_server,
)

SIZE = 300000


class Big(SendAndClose):
    size = SIZE


def main():
    checks = Checks()
    # 1. Servers: clients that send at once and close, in both modes.
    for mode in ("passive", "active"):
        emu = Emulator(modems=1, no_passive=mode == "active").start()
        port = free_port()
        mp = Script("mp_server.py", emu.paths[0], port, mode)
        mp.until("LISTENING")
        for i in range(3):
            c = socket.create_connection(("127.0.0.1", port))
            c.sendall(b"hello %d\n" % i * 100)
            c.close()
            time.sleep(0.2)
        rc = mp.finish()
        commands = emu.commands(0)
        emu.stop()
        record_checks(checks, mp)
        checks.check("{} server ran to the end".format(mode), rc == 0 and mp.saw("DONE"))
        if mode == "passive":
            checks.check(
                "passive: the driver asked AT+CIPRECVLEN? after each accept",
                commands.count(b"AT+CIPRECVLEN?") >= 3,
            )

    # 2. Active mode, a large reply read 7 bytes at a time.
    server, port = tcp_server(Big)
    emu = Emulator(modems=1, no_passive=True).start()
    mp = Script("mp_bigread.py", emu.paths[0], port, SIZE, heap="2M")
    rc = mp.finish(timeout=300)
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    peak = [int(l.split()[1]) for l in mp.lines if l.startswith("PEAK")]
    checks.check("active mode: the reply intact", "DIGEST %d" % reply_digest(SIZE) in mp.lines)
    checks.check(
        "active mode: heap held while reading stayed under 32 KiB (peak {} B for a {} B reply)".format(
            peak[0] if peak else "?", SIZE
        ),
        bool(peak) and peak[0] < 32768,
    )
    checks.check("active read ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


main()
