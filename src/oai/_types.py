"""Shared aliases and sentinels used by the core and by generated code; no logic."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from os import PathLike
from typing import IO, TYPE_CHECKING, Any, Dict, Mapping, Protocol, SupportsIndex, Tuple, TypeVar, Union, overload

import httpx
from typing_extensions import Literal, TypedDict, final

__all__ = [
    "NOT_GIVEN",
    "Body",
    "DataResidency",
    "FileContent",
    "FileTypes",
    "Headers",
    "NoneType",
    "NotGiven",
    "Omit",
    "Override",
    "ProxiesTypes",
    "Query",
    "RequestFiles",
    "RequestOptions",
    "SequenceNotStr",
    "Timeout",
    "Transport",
    "not_given",
    "omit",
    "override",
]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)
NoneType: type[None] = type(None)

if TYPE_CHECKING:

    class SequenceNotStr(Protocol[_T_co]):
        """A read-only sequence that is not a `str`: a parameter typed `SequenceNotStr[str]`
        takes a list or tuple of strings, and a type checker rejects a bare string (which is
        itself a sequence of strings and would be sent one character per item).

        A `str` does not match because its `__contains__` accepts only `str`, not `object`.
        """

        @overload
        def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
        @overload
        def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
        def __contains__(self, value: object, /) -> bool: ...
        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[_T_co]: ...
        def __reversed__(self) -> Iterator[_T_co]: ...
        def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...
        def count(self, value: Any, /) -> int: ...

else:
    # At run time it is a plain sequence, so request transforms treat it as a list.
    SequenceNotStr = Sequence


@final
class Omit:
    """The type of `omit`: marks a parameter as not sent at all.

    `omit` is the default of every optional keyword of a generated method. Passing it
    explicitly is the same as not passing the argument. As a header value it removes
    a default header. `None`, unlike `omit`, is sent as JSON `null`.

    ```py
    client.chat.completions.create(model="gpt-4o", messages=msgs, temperature=omit)
    ```
    """

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        # One instance, so `is omit` checks hold after copy/pickle.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __reduce__(self) -> str:
        return "omit"

    def __copy__(self) -> Omit:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Omit:
        return self


omit = Omit()
# Compatibility with the official SDK, where `NOT_GIVEN`/`not_given` is the default sentinel.
NotGiven = Omit
NOT_GIVEN = omit
not_given = omit


@final
class Override:
    """A value sent verbatim on the wire in place of the declared parameter type."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"override({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Override) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("override", repr(self.value)))


def override(value: object) -> Any:
    """Send `value` as-is, whatever the parameter's declared type.

    Works for a top-level keyword or a nested key of a params dict; the value must be
    JSON-serialisable. Typed as `Any` so that it type-checks in any position.

    ```py
    client.chat.completions.create(model=override("my-vendor-model"), messages=msgs)
    ```
    """
    return Override(value)


Headers = Mapping[str, Union[str, Omit]]
# The official SDK's names for what `http_client=` accepts.
Transport = httpx.BaseTransport
ProxiesDict = Dict[Union[str, httpx.URL], Union[None, str, httpx.URL, httpx.Proxy]]
ProxiesTypes = Union[str, httpx.Proxy, ProxiesDict]
# Regions with their own API host (a region-prefixed host of the default base URL).
DataResidency = Literal["us", "eu"]
Query = Mapping[str, object]
Body = object
Timeout = Union[float, httpx.Timeout, None]

if TYPE_CHECKING:
    FileContent = Union[IO[bytes], bytes, PathLike[str]]
else:
    FileContent = Union[IO[bytes], bytes, PathLike]
FileTypes = Union[
    FileContent,
    Tuple[Union[str, None], FileContent],
    Tuple[Union[str, None], FileContent, Union[str, None]],
    Tuple[Union[str, None], FileContent, Union[str, None], Mapping[str, str]],
]
RequestFiles = Union[Mapping[str, FileTypes], list[Tuple[str, FileTypes]]]


class RequestOptions(TypedDict, total=False):
    """Per-call options, as given to the raw verbs' `options=` argument."""

    headers: Headers
    params: Query
    extra_json: Dict[str, object]
    timeout: Union[float, httpx.Timeout, None]
    max_retries: int
    idempotency_key: str
    security: Tuple[str, ...]
