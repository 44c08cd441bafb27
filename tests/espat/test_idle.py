"""An idle program costs the ESP-AT driver a handful of calls a second:
the UART is PINT's wake object, so while nothing arrives on it PINT leaves
the driver alone (a blocking recv that times out, an asyncio read that
waits). Goal: at most 20 driver calls a second (without a wake object it
is about 1,700)."""
import socketserver
import time

from espatlib import Checks, Emulator, Script, tcp_server

SECONDS = 2


class Silent(socketserver.BaseRequestHandler):
    def handle(self):
        time.sleep(SECONDS * 3)


def main():
    checks = Checks()
    server, port = tcp_server(Silent)
    emu = Emulator(modems=1).start()
    mp = Script("mp_idle.py", emu.paths[0], port, SECONDS)
    rc = mp.finish()
    emu.stop()
    server.shutdown()
    rates = {
        l.split()[0]: int(l.split()[1])
        for l in mp.lines
        if l.endswith(tuple("0123456789")) and "_PER_S" in l
    }
    for name in ("RECV_CALLS_PER_S", "ASYNCIO_CALLS_PER_S"):
        rate = rates.get(name)
        checks.check(
            "{}: {} driver calls a second (at most 20)".format(name, rate),
            rate is not None and rate <= 20,
        )
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


main()
