# A driver with the mistakes the interface's stub lets a type checker
# catch: tests/types/check.py expects mypy to report exactly the lines
# marked "error".
from pint.driver import Driver


class Bad(Driver):
    def socket_socket(self, domain: int, type: int, proto: int) -> object:
        return object()

    def socket_send(self, h: object, buf: memoryview) -> str:  # error: returns a str, not a count
        return "sent"

    def socket_recv(self, h: object) -> int:  # error: buf is missing
        return 0

    # A status is a bool, not an int:
    def socket_connect(self, h: object, ip: tuple, port: int) -> int:  # error: an int
        return 1
