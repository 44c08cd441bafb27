"""The driver interface, for editors and type checkers.

    from pint.driver import Driver

    class MyModem(Driver):
        def socket_socket(self, domain, type, proto): ...

A driver need not derive from Driver (any object with the methods will do,
as the classic skeleton does); deriving gives an editor or a type checker
(mypy, pyright) the interface to check against: every method, its
arguments, what it may return, in pint/driver.pyi. At run time Driver is an
empty class: a method the driver does not write stays missing, which PINT
relies on (a missing method makes its operation raise EOPNOTSUPP, a
missing socket_settimeout lets PINT keep the time). docs/driver-guide.md
is the full contract.
"""


class Driver:
    pass
