"""MQTT publish/subscribe round trips over PINT through a real broker
(Debian's mosquitto, started here on loopback), with the minimal client of
mqtt.py: QoS 0 and 1, payloads across the remaining-length boundaries."""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from peerlib import Checks, free_port, run_micropython

SIZES = [0, 1, 127, 128, 16383, 16384, 200000]


def main():
    checks = Checks()
    broker = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    checks.check("mosquitto is installed ({})".format(broker), os.path.exists(broker))
    if not os.path.exists(broker):
        checks.exit()
    port = free_port()
    conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    conf.write("listener {} 127.0.0.1\nallow_anonymous true\npersistence false\n".format(port))
    conf.close()
    proc = subprocess.Popen([broker, "-c", conf.name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        lines = run_micropython("mp_mqtt.py", port)
        for qos in (0, 1):
            for size in SIZES:
                checks.check("QoS {} {}-byte payload round trip".format(qos, size),
                             "ROUNDTRIP {} {} ok".format(qos, size) in lines)
    finally:
        proc.terminate()
        proc.wait(10)
        os.unlink(conf.name)
    checks.exit()


main()
