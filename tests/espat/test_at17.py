"""The ESP-AT driver against ESP8266 NonOS AT 1.7, the firmware many ESP-01
modules still ship with (the emulator's at1 mode): passive receive mode with
AT+CIPRECVDATA's older answer (+CIPRECVDATA,<len>:<data>), UDP data pushed
in +IPD while TCP is passive, <id>,CLOSED said at once while the modem still
holds data for the link, unquoted addresses, the "> " prompt, and
AT+CIPSTATUS for a connection's peer (no AT+CIPSTATE?). Every transfer is
checked whole: a driver that took the v2 formats for granted loses data
here."""
import socket
import time

from espatlib import (
    Checks,
    Emulator,
    Peer,
    Script,
    SendAndClose,
    check_transfer,
    free_port,
    record_checks,
    reply_digest,
    tcp_server,
    udp_echo,
)

SIZE = 40000


class Reply(SendAndClose):
    # The modem says CLOSED while it still holds most of the reply.
    size = SIZE


def main():
    checks = Checks()

    # 1. TCP both ways and UDP, with every modem write cut into pieces.
    server, port = tcp_server(Peer)
    udp, udp_port = udp_echo()
    size = 64 * 1024
    emu = Emulator(modems=1, at1=True, chunk=13).start()
    mp = Script("mp_transfer.py", emu.paths[0], port, udp_port, size)
    rc = mp.finish(timeout=300)
    commands = emu.commands(0)
    emu.stop()
    server.shutdown()
    udp.close()
    check_transfer(checks, 'TCP both ways, UDP (+CIPRECVDATA,<len>:<data>, "> ")', mp, size)
    checks.check(
        "the driver used passive mode (AT+CIPRECVDATA)",
        any(c.startswith(b"AT+CIPRECVDATA=") for c in commands),
    )
    checks.check("transfer script ran to the end", rc == 0 and mp.saw("DONE"))

    # 2. A reply the peer sends and closes at once, read 7 bytes at a time:
    # CLOSED comes long before the data is read.
    server, port = tcp_server(Reply)
    emu = Emulator(modems=1, at1=True, baud=115200).start()
    mp = Script("mp_bigread.py", emu.paths[0], port, SIZE, "passive", heap="2M")
    rc = mp.finish(timeout=300)
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    checks.check(
        "all {} bytes read after the modem said CLOSED".format(SIZE),
        "DIGEST %d" % reply_digest(SIZE) in mp.lines,
    )
    checks.check("read script ran to the end", rc == 0 and mp.saw("DONE"))

    # 3. A server: each client sends a line, waits, and closes; the
    # driver learns its address from AT+CIPSTATUS and reads its line after
    # the modem said CLOSED.
    emu = Emulator(modems=1, at1=True).start()
    port = free_port()
    mp = Script("mp_server.py", emu.paths[0], port, "passive")
    mp.until("LISTENING")

    def client(i):
        c = socket.create_connection(("127.0.0.1", port))
        # Accepted, and its address asked, meanwhile: a few milliseconds.
        time.sleep(1.0)
        c.sendall(b"hello %d\n" % i * 100)
        c.close()

    for i in range(3):
        client(i)
        time.sleep(0.2)
    rc = mp.finish()
    commands = emu.commands(0)
    emu.stop()
    record_checks(checks, mp)
    checks.check("server script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.check(
        "the driver asked AT+CIPSTATUS for the peers (AT 1.7 has no AT+CIPSTATE?)",
        commands.count(b"AT+CIPSTATUS") >= 3,
    )
    checks.exit()


main()
