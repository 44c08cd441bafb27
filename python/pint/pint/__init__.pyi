# The pint package for editors and type checkers: what drivers are asked
# and answer with (the values come from PINT and MicroPython at run time).
from typing import Any

IOCTL_POLL: int
POLL_RD: int
POLL_WR: int
POLL_ERR: int
POLL_HUP: int
POLL_NVAL: int
SO_CALLBACK: int
SOL_SOCKET: int
SO_REUSEADDR: int
SO_BROADCAST: int
SO_KEEPALIVE: int
EISCONN: int
EMSGSIZE: int
AF_INET: int
SOCK_STREAM: int
SOCK_DGRAM: int

def register(driver: Any) -> Any: ...
