"""Request options: the frozen description of one API call, merged from client defaults,
`with_options()` copies and per-call `extra_*` arguments. No I/O and no HTTP objects."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Any, AsyncIterable, Callable, Generator, Iterable, Mapping, Union

import httpx
from typing_extensions import Literal

from ._constants import RAW_RESPONSE_HEADER
from ._types import Body, Headers, Omit, Query, RequestOptions, omit

__all__ = [
    "FinalRequestOptions",
    "ResponseMode",
    "make_request_options",
    "post_parsing",
    "requested_response_mode",
]

# "raw": return the `APIResponse` with its body read; "stream": return it unread.
ResponseMode = Literal["raw", "stream"]
_MODES: frozenset[str] = frozenset({"raw", "stream"})

# Set by the `with_raw_response`/`with_streaming_response` wrappers around a generated method
# (whose signature has no room for it) and copied into the options that method builds.
_requested_mode: ContextVar[ResponseMode | None] = ContextVar("oai_response_mode", default=None)


@contextlib.contextmanager
def requested_response_mode(mode: ResponseMode) -> Generator[None, None, None]:
    """Make the options built in this block ask for `mode` instead of the parsed value."""
    token = _requested_mode.set(mode)
    try:
        yield
    finally:
        _requested_mode.reset(token)


# Set by a hand-written helper around the generated method it calls (`parse()` around
# `create()`): the parsed body becomes `post_parser(body)`, also when the wrappers above ask
# for the raw response (then its `parse()` applies it).
_requested_post_parser: ContextVar[Callable[[Any], Any] | None] = ContextVar("oai_post_parser", default=None)


@contextlib.contextmanager
def post_parsing(post_parser: Callable[[Any], Any]) -> Generator[None, None, None]:
    """Make the options built in this block turn the parsed body into `post_parser(body)`."""
    token = _requested_post_parser.set(post_parser)
    try:
        yield
    finally:
        _requested_post_parser.reset(token)


def _split_mode(headers: Headers) -> tuple[Headers, ResponseMode | None]:
    """Take the openai-python raw-verb header `X-Stainless-Raw-Response` out of the headers
    (it is never sent) and return the mode it asks for."""
    mode: ResponseMode | None = None
    kept: dict[str, Any] = {}
    for name, value in headers.items():
        if name.lower() == RAW_RESPONSE_HEADER.lower():
            if isinstance(value, str) and value in _MODES:
                mode = "raw" if value == "raw" else "stream"
            continue
        kept[name] = value
    return kept, mode


def make_request_options(
    *,
    query: Query | None = None,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Body | None = None,
    idempotency_key: str | None = None,
    timeout: float | httpx.Timeout | None | Omit = omit,
    max_retries: int | Omit = omit,
    security: tuple[str, ...] | None = None,
) -> RequestOptions:
    """Collect the per-call arguments of a generated method into `RequestOptions`.

    Args:
        query: the method's own query parameters, already transformed.
        extra_headers: headers to add (an `omit` value removes a default header).
        extra_query: query parameters to add; they win over the method's own.
        extra_body: JSON keys merged into the body; they win over the method's own.
        idempotency_key: a fixed key instead of the generated one.
        timeout: this call's timeout, per attempt.
        max_retries: this call's retry budget.
        security: the spec's security scheme names for the operation.
    """
    options: RequestOptions = {}
    if extra_headers is not None:
        options["headers"] = extra_headers
    if extra_body is not None:
        if not isinstance(extra_body, Mapping):
            raise TypeError(f"`extra_body` must be a mapping, got {type(extra_body).__name__}")
        # Same parameter states as the params: `omit` drops a key, `override(v)` sends `v`.
        from ._transform import transform  # imports pydantic: only when a call has an extra body

        options["extra_json"] = transform(extra_body, object)  # pyright: ignore[reportUnknownArgumentType]
    if query is not None or extra_query is not None:
        params: dict[str, object] = {}
        if isinstance(query, Mapping):
            params.update(query)
        if extra_query is not None:
            params.update(extra_query)
        options["params"] = params
    if not isinstance(timeout, Omit):
        options["timeout"] = timeout
    if not isinstance(max_retries, Omit):
        options["max_retries"] = max_retries
    if idempotency_key is not None:
        options["idempotency_key"] = idempotency_key
    if security is not None:
        options["security"] = security
    return options


# Field order of `FinalRequestOptions`, for its constructor's positional arguments and repr.
_FIELD_ORDER = (
    "method",
    "url",
    "params",
    "headers",
    "json_data",
    "extra_json",
    "multipart",
    "content",
    "timeout",
    "max_retries",
    "idempotency_key",
    "security",
    "response_mode",
    "post_parser",
)


class FinalRequestOptions:
    """Everything needed to build the request of one call, before credentials and defaults.

    `json_data` is the transformed body; `extra_json` keys are merged over it. With
    `multipart=True` the body is sent as `multipart/form-data`; `content` sends raw bytes, or a one-shot
    iterator of bytes (never retried: it cannot be replayed). Immutable: `with_changes` copies.

    (A plain class rather than a frozen dataclass: `@dataclass` compiles five methods at import,
    about 0.9 ms of a short process's first call.)
    """

    __slots__ = (
        "content",
        "extra_json",
        "headers",
        "idempotency_key",
        "json_data",
        "max_retries",
        "method",
        "multipart",
        "params",
        "post_parser",
        "response_mode",
        "security",
        "timeout",
        "url",
    )

    method: str
    url: str
    params: Mapping[str, object]
    headers: Headers
    json_data: Body | None
    extra_json: Mapping[str, object] | None
    multipart: bool
    content: Union[bytes, Iterable[bytes], AsyncIterable[bytes], None]
    timeout: float | httpx.Timeout | None | Omit
    max_retries: int | Omit
    idempotency_key: str | None
    security: tuple[str, ...] | None
    # None: parse the body; otherwise return the `APIResponse` (see `ResponseMode`).
    response_mode: ResponseMode | None
    # Applied to the parsed (non-stream) body; see `post_parsing`.
    post_parser: Callable[[Any], Any] | None

    def __init__(
        self,
        method: str,
        url: str,
        params: Mapping[str, object] | None = None,
        headers: Headers | None = None,
        json_data: Body | None = None,
        extra_json: Mapping[str, object] | None = None,
        multipart: bool = False,
        content: Union[bytes, Iterable[bytes], AsyncIterable[bytes], None] = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int | Omit = omit,
        idempotency_key: str | None = None,
        security: tuple[str, ...] | None = None,
        response_mode: ResponseMode | None = None,
        post_parser: Callable[[Any], Any] | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "method", method)
        set_field(self, "url", url)
        set_field(self, "params", {} if params is None else params)
        set_field(self, "headers", {} if headers is None else headers)
        set_field(self, "json_data", json_data)
        set_field(self, "extra_json", extra_json)
        set_field(self, "multipart", multipart)
        set_field(self, "content", content)
        set_field(self, "timeout", timeout)
        set_field(self, "max_retries", max_retries)
        set_field(self, "idempotency_key", idempotency_key)
        set_field(self, "security", security)
        set_field(self, "response_mode", response_mode)
        set_field(self, "post_parser", post_parser)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FinalRequestOptions is immutable (cannot set {name!r}); use with_changes()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"FinalRequestOptions is immutable (cannot delete {name!r})")

    def _fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other: object) -> bool:
        if type(other) is not FinalRequestOptions:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by value, holds mutable mappings

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELD_ORDER)
        return f"FinalRequestOptions({shown})"

    @classmethod
    def build(
        cls,
        method: str,
        url: str,
        *,
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | AsyncIterable[bytes] | None = None,
    ) -> FinalRequestOptions:
        """Combine a verb call's arguments with its `RequestOptions`."""
        opts: Mapping[str, Any] = options or {}
        headers: Headers = opts.get("headers", {})
        mode = _requested_mode.get()
        if headers:
            headers, header_mode = _split_mode(headers)
            mode = mode or header_mode
        return cls(
            method=method,
            url=url,
            params=opts.get("params", {}),
            headers=headers,
            json_data=body,
            extra_json=opts.get("extra_json"),
            multipart=multipart,
            content=content,
            timeout=opts.get("timeout", omit),
            max_retries=opts.get("max_retries", omit),
            idempotency_key=opts.get("idempotency_key"),
            security=opts.get("security"),
            response_mode=mode,
            post_parser=_requested_post_parser.get(),
        )

    def with_changes(self, **changes: Any) -> FinalRequestOptions:
        """A copy with some fields replaced (used by pagination for the next page's query)."""
        unknown = changes.keys() - set(self.__slots__)
        if unknown:
            raise TypeError(f"FinalRequestOptions has no field {sorted(unknown)[0]!r}")
        return FinalRequestOptions(**{**self._fields(), **changes})

    def json_body(self) -> object | None:
        """The JSON body to send: `json_data` with `extra_json` merged over it."""
        if not self.extra_json:
            return self.json_data
        if self.json_data is None:
            return dict(self.extra_json)
        if not isinstance(self.json_data, Mapping):
            raise TypeError("`extra_body` can only be merged into a JSON object body")
        # Params bodies are always string-keyed JSON objects.
        merged: dict[str, object] = dict(self.json_data)  # pyright: ignore[reportUnknownArgumentType, reportUnknownMemberType]
        merged.update(self.extra_json)
        return merged
