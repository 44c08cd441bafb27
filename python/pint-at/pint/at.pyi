# pint.at for editors and type checkers: the AT command engine's interface.
from typing import Any, Callable, Optional, Sequence, Union

from pint.fifo import Fifo

Buffer = Union[bytes, bytearray, memoryview]
# done(final, lines) / late(final, lines): final is b"OK", an error, b"busy"
# or b"timeout".
Done = Callable[[bytes, Sequence[bytes]], Any]

class ATError(Exception):
    final: bytes
    lines: Sequence[bytes]
    def __init__(self, final: bytes, lines: Sequence[bytes] = ...) -> None: ...

class ATTimeout(ATError): ...

def uart_setting(stream: Any, name: str) -> Optional[int]: ...
def put(buf: bytearray, offset: int, *items: Union[bytes, str, int]) -> int: ...

class AT:
    rx: Fifo
    timeout: int
    buf: bytearray
    dropped: int
    trace: Optional[Callable[[str, bytes], Any]]
    def __init__(
        self,
        stream: Any,
        buffer: int = ...,
        timeout: int = ...,
        trace: Optional[Callable[[str, bytes], Any]] = ...,
    ) -> None: ...
    def __enter__(self) -> None: ...
    def __exit__(self, kind: Any, value: Any, trace: Any) -> None: ...
    def urc(self, prefix: bytes, handler: Callable[[bytes], Any]) -> None: ...
    def frame(self, prefix: bytes, handler: Callable[[], Optional[bool]]) -> None: ...
    def write(self, data: Buffer, n: Optional[int] = ...) -> None: ...
    def read_into(self, buf: Union[bytearray, memoryview, Fifo, None], n: int) -> None: ...
    def expect(self, word: bytes) -> bool: ...
    def pump(self, wait_ms: int = ...) -> None: ...
    def busy(self) -> bool: ...
    def abandon(self) -> None: ...
    def command(
        self,
        cmd: Union[bytes, int],
        timeout: Optional[int] = ...,
        prompt: bool = ...,
        late: Optional[Done] = ...,
        keep: bool = ...,
        then: Optional[bytes] = ...,
        ok: Sequence[bytes] = ...,
    ) -> Sequence[bytes]: ...
    def start(self, cmd: bytes, done: Done, timeout: Optional[int] = ...) -> None: ...
    def wait_final(
        self,
        ok: Sequence[bytes] = ...,
        timeout: Optional[int] = ...,
        keep: bool = ...,
        then: Optional[bytes] = ...,
    ) -> Sequence[bytes]: ...
