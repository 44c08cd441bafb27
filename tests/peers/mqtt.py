# A minimal MQTT 3.1.1 client for the tests (MicroPython): connect,
# subscribe, publish at QoS 0 and 1, receive, disconnect. Blocking sockets.
import socket
import struct


class MQTT:
    def __init__(self, client_id, host, port, keepalive=60):
        self.sock = socket.socket()
        self.sock.settimeout(10)
        self.sock.connect(socket.getaddrinfo(host, port)[0][-1])
        self.next_id = 1
        body = (
            self._str(b"MQTT")
            + bytes([4, 0x02])
            + struct.pack("!H", keepalive)
            + self._str(client_id)
        )
        self._send(0x10, body)
        kind, _, body = self._packet()
        if kind != 0x20 or body[1] != 0:
            raise OSError("MQTT connect refused: %r" % body)

    @staticmethod
    def _str(b):
        return struct.pack("!H", len(b)) + b

    def _send(self, first, body):
        n = len(body)
        length = bytearray()
        while True:
            byte = n & 0x7F
            n >>= 7
            length.append(byte | (0x80 if n else 0))
            if not n:
                break
        self.sock.sendall(bytes([first]) + length + body)

    def _read(self, n):
        buf = bytearray(n)
        view = memoryview(buf)
        got = 0
        while got < n:
            k = self.sock.readinto(view[got:])
            if not k:
                raise OSError("MQTT connection closed")
            got += k
        return bytes(buf)

    def _packet(self):
        # (packet type, flags, body)
        first = self._read(1)[0]
        n = shift = 0
        while True:
            byte = self._read(1)[0]
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        return first & 0xF0, first & 0x0F, self._read(n) if n else b""

    def _id(self):
        pid = self.next_id
        self.next_id = pid % 65535 + 1
        return pid

    def subscribe(self, topic, qos=0):
        pid = self._id()
        self._send(0x82, struct.pack("!H", pid) + self._str(topic) + bytes([qos]))
        kind, _, body = self._packet()
        if kind != 0x90 or struct.unpack("!H", body[:2])[0] != pid or body[2] > 2:
            raise OSError("MQTT subscribe failed")

    def publish(self, topic, payload, qos=0):
        header = self._str(topic)
        if qos:
            pid = self._id()
            header += struct.pack("!H", pid)
        self._send(0x30 | qos << 1, header + payload)
        if qos:
            kind, _, body = self._packet()
            if kind != 0x40 or struct.unpack("!H", body)[0] != pid:
                raise OSError("MQTT publish not acknowledged")

    def receive(self):
        # The next PUBLISH as (topic, payload, qos); QoS 1 is acknowledged.
        kind, flags, body = self._packet()
        while kind != 0x30:
            kind, flags, body = self._packet()
        qos = (flags >> 1) & 3
        n = struct.unpack("!H", body[:2])[0]
        topic, rest = body[2 : 2 + n], body[2 + n :]
        if qos:
            self._send(0x40, rest[:2])
            rest = rest[2:]
        return topic, rest, qos

    def disconnect(self):
        self._send(0xE0, b"")
        self.sock.close()
