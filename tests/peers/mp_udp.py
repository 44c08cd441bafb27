# MicroPython side of test_udp.py. argv: peer_port my_port size...
import sys
import socket

peer_port, my_port = int(sys.argv[1]), int(sys.argv[2])
sizes = [int(a) for a in sys.argv[3:]]
peer = socket.getaddrinfo("127.0.0.1", peer_port)[0][-1]

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", my_port))
s.settimeout(5)
for size in sizes:
    data = bytes(j & 255 for j in range(size))
    s.sendto(data, peer)
    reply, addr = s.recvfrom(70000)
    head, _, echo = reply.partition(b"|")
    ok = head == b"%d %d" % (size, my_port) and echo == data and addr == ("127.0.0.1", peer_port)
    print("REPLY", size, "ok" if ok else "BAD {} {}".format(head, addr))
s.sendto(b"x" * 300, peer)
reply, addr = s.recvfrom(10)
expected = (b"300 %d|" % my_port + b"x" * 300)[:10]
print("TRUNCATED", "ok" if reply == expected and addr[1] == peer_port else "BAD {}".format(reply))
s.sendto(b"quit", peer)
s.close()
