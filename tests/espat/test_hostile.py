"""A modem that sends what no modem should (headers with a negative, a
missing or a huge length, endless noise after them, an AT+CIPRECVDATA
answer shorter than it announces or cut by the modem's restart, a CONNECT
at every close, a flood of connections to the server, a garbled port at
accept, a connect never answered, a connect whose OK is lost (its link
closed on the modem all the same), passive mode refused after a restart, a
line that hangs up), in both receive modes, on AT v2 and as
ESP8266 AT 1.7: every socket call ends within its time, with an OSError or
a result, and later connections work."""
import socket
import threading
import time

from espatlib import Checks, Echo, Emulator, Script, free_port, record_checks, tcp_server


def noise_for(emu, seconds):
    # Endless noise: lines of junk, for seconds.
    def run():
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            emu.fault(0, "noise", b"junk junk junk junk junk junk\r\n" * 8)
            time.sleep(0.01)

    threading.Thread(target=run, daemon=True).start()


def clients(port):
    # Six connections to the modem's server, one after the other.
    for _ in range(6):
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            time.sleep(0.3)
            c.close()
        except OSError:
            pass


def inject(emu, name, at1, server_port):
    if name == "ipd-negative":
        emu.fault(0, "noise", b"+IPD,4,-5:\r\n")
    elif name == "ipd-garbled":
        emu.fault(0, "noise", b"+IPD,4:\r\n")
    elif name == "ipd-huge":
        emu.fault(0, "noise", b"+IPD,4,2000000000:")
        noise_for(emu, 4)
    elif name == "recvdata-short":
        answer = (
            b"+CIPRECVDATA,100:0123456789"
            if at1
            else b'+CIPRECVDATA:100,"127.0.0.1",80,0123456789'
        )
        emu.fault(0, "answer", (b"AT+CIPRECVDATA", answer))
    elif name == "recvdata-reset":
        head = b"+CIPRECVDATA,100:" if at1 else b'+CIPRECVDATA:100,"127.0.0.1",80,'
        ready = b"01234\r\nready\r\nWIFI CONNECTED\r\nWIFI GOT IP\r\n"
        emu.fault(0, "answer", (b"AT+CIPRECVDATA", head + ready))
    elif name == "orphan-loop":
        emu.fault(0, "answer", (b"AT+CIPCLOSE=3", b"3,CONNECT\r\n\r\nOK\r\n", "always"))
        emu.fault(0, "noise", b"3,CONNECT\r\n")
    elif name == "clear":
        emu.fault(0, "clear")
    elif name == "connect-flood":
        flood = b"0,CONNECT\r\n0,CLOSED\r\n" * 100
        for _ in range(10):
            emu.fault(0, "noise", flood)
    elif name == "accept-garbled":
        cmd, name = (b"AT+CIPSTATUS", b"+CIPSTATUS:") if at1 else (b"AT+CIPSTATE?", b"+CIPSTATE:")
        lines = b"".join(
            name + b'%d,"TCP","127.0.0.1",xx,%d,1\r\n' % (i, server_port) for i in range(5)
        )
        emu.fault(0, "answer", (cmd, lines + b"\r\nOK\r\n", "always"))
        threading.Thread(target=clients, args=(server_port,), daemon=True).start()
    elif name == "reset-refused":
        emu.fault(0, "reset")  # (a restart forgets the faults queued before it)
        emu.fault(0, "error", b"AT+CIPRECVMODE")
    elif name == "connect-silent":
        emu.fault(0, "answer", (b"AT+CIPSTART", b""))
    elif name == "connect-muted":
        emu.fault(0, "mute", b"AT+CIPSTART")
    elif name == "hangup":
        emu.fault(0, "hangup")


def main():
    checks = Checks()
    server, port = tcp_server(Echo)
    for mode, at1 in (("passive", False), ("active", False), ("passive", True), ("active", True)):
        emu = Emulator(modems=1, at1=at1).start()
        server_port = free_port()
        mp = Script("mp_hostile.py", emu.paths[0], port, mode, server_port, heap="256k", limit=240)
        while True:
            line = mp.until("STEP ")
            if line is None:
                break
            name = line.split()[1]
            if name == "modem-links":
                links = emu.call(
                    lambda: [i for i, l in enumerate(emu.modems[0].links) if l is not None]
                )
                ours = [l for l in mp.lines if l.startswith("DRIVER-LINKS")]
                ours = [int(i) for i in ours[-1].split()[1:]] if ours else None
                checks.check(
                    "{}{}: a connect whose OK is lost: no link open on the modem but the "
                    "driver's (modem {}, driver {})".format(
                        mode, ", AT 1.7" if at1 else "", links, ours
                    ),
                    ours is not None and set(links) <= set(ours),
                )
            inject(emu, name, at1, server_port)
            mp.step()
        rc = mp.finish(timeout=120)
        emu.stop()
        label = mode + (", AT 1.7" if at1 else "")
        record_checks(checks, mp, prefix=label + ": ")
        checks.check(label + ": the script ran to the end", rc == 0 and mp.saw("DONE"))
    server.shutdown()
    checks.exit()


main()
