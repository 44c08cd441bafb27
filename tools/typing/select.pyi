# MicroPython's select module, for tools/check-types: mypy knows CPython's,
# whose poll objects have no ipoll.
from typing import Any, Iterator, List, Optional, Sequence, Tuple

POLLIN: int
POLLOUT: int
POLLERR: int
POLLHUP: int

class poll:
    def register(self, obj: Any, eventmask: int = ...) -> None: ...
    def unregister(self, obj: Any) -> None: ...
    def modify(self, obj: Any, eventmask: int) -> None: ...
    def poll(self, timeout: int = ...) -> List[Tuple[Any, int]]: ...
    # The same tuple each time: no list made.
    def ipoll(self, timeout: int = ..., flags: int = ...) -> Iterator[Tuple[Any, int]]: ...

def select(
    rlist: Sequence[Any],
    wlist: Sequence[Any],
    xlist: Sequence[Any],
    timeout: Optional[float] = ...,
) -> Tuple[List[Any], List[Any], List[Any]]: ...
