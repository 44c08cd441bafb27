# Other threads keep running while one waits: a thread blocked in recv() or
# accept() on a loopback socket, or sleeping, lets the thread that will
# wake it run (the firmware releases the GIL whenever it waits).
try:
    import _thread
except ImportError:
    print("SKIP")
    raise SystemExit
import network, socket, time
from pint.loopback import Loopback

network.PINT(Loopback())
srv = socket.socket()
srv.bind(("0.0.0.0", 7))
srv.listen(2)
c = socket.socket()
c.connect(("127.0.0.1", 7))
a, _ = srv.accept()
done = []


def later(what, *args):
    time.sleep_ms(50)
    what(*args)
    done.append(what)


def elapsed(t0):
    # Generous: the deadline (10 s) is what a starved thread would hit.
    return "in time" if time.ticks_diff(time.ticks_ms(), t0) < 5000 else "too late"


a.settimeout(10)
t0 = time.ticks_ms()
_thread.start_new_thread(later, (c.send, b"wake up"))
print("recv:", a.recv(10), elapsed(t0))

srv.settimeout(10)
t0 = time.ticks_ms()
c2 = socket.socket()
_thread.start_new_thread(later, (c2.connect, ("127.0.0.1", 7)))
conn, addr = srv.accept()
print("accept:", addr[0], elapsed(t0))

# sleep_ms in one thread, work in another.
count = [0]


def work():
    for i in range(20):
        count[0] += 1
        time.sleep_ms(1)
    done.append(work)


t0 = time.ticks_ms()
_thread.start_new_thread(work, ())
while count[0] < 20 and time.ticks_diff(time.ticks_ms(), t0) < 10000:
    time.sleep_ms(5)
print("worker ran while main slept:", count[0] == 20, elapsed(t0))
while len(done) < 3 and time.ticks_diff(time.ticks_ms(), t0) < 10000:
    time.sleep_ms(5)
print("threads finished:", len(done))
