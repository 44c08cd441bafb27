"""MQTT publish/subscribe round trips over PINT through a real broker
(Debian's mosquitto, started here on loopback), with the minimal client of
mqtt.py: QoS 0 and 1, payloads across the remaining-length boundaries."""
from peerlib import Checks, mosquitto, run_micropython

SIZES = [0, 1, 127, 128, 16383, 16384, 200000]


def main():
    checks = Checks()
    started = mosquitto()
    checks.check("mosquitto is installed", started is not None)
    if started is None:
        checks.exit()
    proc, port = started
    try:
        lines = run_micropython("mp_mqtt.py", port)
        for qos in (0, 1):
            for size in SIZES:
                checks.check(
                    "QoS {} {}-byte payload round trip".format(qos, size),
                    "ROUNDTRIP {} {} ok".format(qos, size) in lines,
                )
    finally:
        proc.terminate()
        proc.wait(10)
    checks.exit()


main()
