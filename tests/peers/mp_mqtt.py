# MicroPython side of test_mqtt.py: publish/subscribe round trips through a
# real broker over PINT. argv: broker_port
import sys
from mqtt import MQTT

port = int(sys.argv[1])
sub = MQTT(b"pint-sub", "localhost", port)
sub.subscribe(b"pint/test/#", qos=1)
pub = MQTT(b"pint-pub", "localhost", port)
sizes = [0, 1, 127, 128, 16383, 16384, 200000]  # remaining-length boundaries
for qos in (0, 1):
    for size in sizes:
        payload = bytes((i * 7 + size) & 255 for i in range(size))
        topic = b"pint/test/%d/%d" % (qos, size)
        pub.publish(topic, payload, qos)
        got_topic, got, got_qos = sub.receive()
        ok = got_topic == topic and got == payload and got_qos == qos
        print("ROUNDTRIP", qos, size, "ok" if ok else "BAD")
pub.disconnect()
sub.disconnect()
