"""The heap a socket operation costs through pint.simcom on an open link,
on the host firmware against an emulated modem: 0 B for send + readinto,
sendto + read, and poll (commands written in place, answers read in place,
the modem's notices parsed in place). argv: the model (SIM7600, or
SIM7000: pint.sim7000 on the other command set)."""
import socket
import sys
import threading

from simcomlib import Checks, Echo, Emulator, record_checks, script, tcp_server


def udp_echo():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def run():
        while True:
            data, addr = sock.recvfrom(65536)
            sock.sendto(data, addr)

    threading.Thread(target=run, daemon=True).start()
    return sock.getsockname()[1]


def main(model="SIM7600"):
    checks = Checks()
    server, port = tcp_server(Echo)
    emu = Emulator(modems=1, model=model).start()
    mp = script("mp_heap.py", emu.paths[0], port, udp_echo(), env={"SIMCOM_MODEL": model})
    rc = mp.finish()
    emu.stop()
    server.shutdown()
    record_checks(checks, mp)
    checks.check("the script ran to the end", rc == 0 and mp.saw("DONE"))
    checks.exit()


if __name__ == "__main__":
    main(*sys.argv[1:])
