"""The ESP-AT driver's network-interface methods beyond joining: scan,
config, ifconfig, ipconfig, status("rssi") and disconnect, and what
joining needs only at times (an access point's station turned on, a
BSSID, why it failed). pint.espat imports this module at the first call
of one of them (its methods call these functions, with the driver
first), so that a program that only joins (a station on, no BSSID, the
join a success) and uses sockets never loads it.
"""


import errno

from micropython import const
from pint.at import ATError
from pint.espat import _quote, _unquote

# The DNS server's query, its line, the field of the address, and the
# command that sets it: on AT v2.x, and on AT 1.7 (ESPAT.v1).
_DNS = (b"AT+CIPDNS?", b"+CIPDNS:", 1, b"AT+CIPDNS=1,")
_DNS_AT1 = (b"AT+CIPDNS_CUR?", b"+CIPDNS_CUR:", 0, b"AT+CIPDNS_CUR=1,")
# MicroPython's network.STAT_* numbers (ESPAT.STAT_*).
_STAT_IDLE = const(1000)
_STAT_NO_AP_FOUND = const(201)
_STAT_WRONG_PASSWORD = const(202)
_STAT_CONNECT_FAIL = const(203)


def _fields(line, start):
    # The comma-separated fields of line after start (quotes kept).
    out = []
    i = start
    n = len(line)
    while i <= n:
        if i < n and line[i] == 34:  # '"'
            j = line.find(b'"', i + 1)
            j = n if j < 0 else j + 1
        else:
            j = i
        k = line.find(b",", j)
        if k < 0:
            k = n
        out.append(line[i:k])
        i = k + 1
    return out


def _joined(nic):
    # The fields of AT+CWJAP?, or None when not joined.
    for line in nic._command(b"AT+CWJAP?"):
        if line.startswith(b"+CWJAP:"):
            return _fields(line, 7)
    return None


def _dns(nic, gateway):
    # AT+CIPDNS? answers +CIPDNS:<enabled>,"<dns>"...; AT 1.7 has only
    # AT+CIPDNS_CUR?, a line +CIPDNS_CUR:<dns> per server.
    ask, name, field, _ = _DNS_AT1 if nic.v1 else _DNS
    for line in nic._command(ask, quiet=True) or ():
        if line.startswith(name):
            f = _fields(line, len(name))
            if len(f) > field:
                return _unquote(f[field]).decode()
    return gateway


def _sta(nic):
    # (ip, netmask, gateway) from AT+CIPSTA?
    found = {}
    for line in nic._command(b"AT+CIPSTA?"):
        if line.startswith(b"+CIPSTA:"):
            k, _, v = line[8:].partition(b":")
            found[k] = _unquote(v).decode()
    return (
        found.get(b"ip", "0.0.0.0"),
        found.get(b"netmask", "0.0.0.0"),
        found.get(b"gateway", "0.0.0.0"),
    )


def station(nic, line):
    # The station added to a module whose mode (+CWMODE:<mode>, line) has
    # none: 0 becomes 1, 2 (an access point) 3, the access point kept. AT
    # 1.7: the _CUR form (plain AT+CWMODE writes the flash).
    mode = b"%d" % (int(line[8:9]) | 1)
    nic._command((b"AT+CWMODE_CUR=" if nic.v1 else b"AT+CWMODE=") + mode)


def bssid(mac):
    # connect's bssid=, as AT+CWJAP's last argument.
    return b',"%02x:%02x:%02x:%02x:%02x:%02x"' % tuple(mac)


def disconnect(nic):
    nic._command(b"AT+CWQAP")
    nic._status = _STAT_IDLE


def refused(nic, e):
    # AT+CWJAP's error e (an ATError; an OSError: no answer in time):
    # +CWJAP:<code>: 1 timed out, 2 wrong password, 3 no access point
    # found, else failed. Sets nic's status, and raises.
    if not isinstance(e, ATError):
        nic._status = _STAT_CONNECT_FAIL
        raise e
    code = 0
    for line in e.lines:
        if line.startswith(b"+CWJAP:") and line[7:].isdigit():
            code = int(line[7:])
    code = code if code < 4 else 0
    nic._status = (
        _STAT_CONNECT_FAIL,
        _STAT_CONNECT_FAIL,
        _STAT_WRONG_PASSWORD,
        _STAT_NO_AP_FOUND,
    )[code]
    raise OSError((errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EACCES, errno.ENOENT)[code])


def status(nic, param):
    if param == "rssi":
        info = _joined(nic)
        if info is None:
            raise OSError(errno.ENOTCONN)
        return int(info[3])
    raise ValueError("unknown status param")


def ifconfig(nic, *config):
    if config:
        ip, mask, gw, dns = config[0]
        nic._command(b"AT+CIPSTA=" + _quote(ip) + b"," + _quote(gw) + b"," + _quote(mask))
        nic._command((_DNS_AT1 if nic.v1 else _DNS)[3] + _quote(dns))
        return None
    ip, mask, gw = _sta(nic)
    return (ip, mask, gw, _dns(nic, gw))


def ipconfig(nic, *what, **kw):
    if kw:
        raise OSError(errno.EOPNOTSUPP)
    ip, mask, gw = _sta(nic)
    key = what[0] if what else None
    if key == "addr4":
        return (ip, mask)
    if key == "gw4":
        return gw
    if key == "dhcp4":
        return True
    raise ValueError("unknown ipconfig param")


def config(nic, *what, **kw):
    if kw:
        for k, v in kw.items():
            if k == "hostname":
                nic._command(b"AT+CWHOSTNAME=" + _quote(v))
            else:
                raise ValueError("unknown config param")
        return None
    key = what[0] if what else None
    if key == "mac":
        for line in nic._command(b"AT+CIPSTAMAC?"):
            if line.startswith(b"+CIPSTAMAC:"):
                return bytes(int(x, 16) for x in _unquote(line[11:]).split(b":"))
    elif key == "hostname":
        for line in nic._command(b"AT+CWHOSTNAME?"):
            if line.startswith(b"+CWHOSTNAME:"):
                return _unquote(line[12:]).decode()
    elif key == "ssid":
        info = _joined(nic)
        return "" if info is None else _unquote(info[0]).decode()
    raise ValueError("unknown config param")


def scan(nic):
    nic._station()
    try:
        nic._command(b"AT+CWLAPOPT=1,31")
    except ATError:
        pass
    found = []
    for line in nic._command(b"AT+CWLAP", 15000):
        if line.startswith(b"+CWLAP:("):
            f = _fields(line.rstrip(b")"), 8)
            mac = bytes(int(x, 16) for x in _unquote(f[3]).split(b":")) if len(f) > 3 else b""
            found.append(
                (
                    _unquote(f[1]),
                    mac,
                    int(f[4]) if len(f) > 4 else 0,
                    int(f[2]),
                    int(f[0]),
                    False,
                )
            )
    return found
