"""Response objects: `APIResponse`/`AsyncAPIResponse` (headers, status, `parse()`), binary
content, and the `with_raw_response`/`with_streaming_response` wrappers. Parsing rules live in
`parse_content`; this module sends nothing and never retries."""

from __future__ import annotations

import functools
import os
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    TypeVar,
    cast,
)

import httpx
from typing_extensions import ParamSpec, Protocol

from ._exceptions import APIResponseValidationError
from ._options import requested_response_mode
from ._rate_limits import rate_limits_of_response

if TYPE_CHECKING:
    from ._options import FinalRequestOptions
    from ._rate_limit_headers import RateLimits

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "HttpxBinaryResponseContent",
    "LegacyAPIResponse",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "parse_content",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")
_ResponseT = TypeVar("_ResponseT", bound="APIResponse[Any] | AsyncAPIResponse[Any]")


class ResponseParser(Protocol):
    """What a raw response needs of its client: the parsing step of the request loop
    (described here, not imported, so this module does not depend on the loop)."""

    def _parse_response(
        self, *, cast_to: Any, response: httpx.Response, options: FinalRequestOptions, stream: bool, stream_cls: Any
    ) -> Any: ...


class HttpxBinaryResponseContent:
    """The body of a binary endpoint (audio, images, file contents, archives).

    ```py
    content = client.files.content("file-abc")
    content.write_to_file("out.jsonl")
    ```
    """

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        return self.response.content

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def encoding(self) -> str | None:
        return self.response.encoding

    def json(self, **kwargs: Any) -> Any:
        return self.response.json(**kwargs)

    def read(self) -> bytes:
        return self.response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.response.iter_lines()

    def iter_raw(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_raw(chunk_size)

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the whole body to `file`."""
        _write_chunks(file, self.response.iter_bytes())

    def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body to `file` chunk by chunk (for a body not read yet, use `with_streaming_response`)."""
        _write_chunks(file, self.response.iter_bytes(chunk_size))

    def close(self) -> None:
        self.response.close()

    async def aread(self) -> bytes:
        return await self.response.aread()

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.response.aiter_bytes(chunk_size):
            yield chunk

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.response.aiter_text(chunk_size):
            yield chunk

    async def aiter_lines(self) -> AsyncIterator[str]:
        async for line in self.response.aiter_lines():
            yield line

    async def awrite_to_file(self, file: str | os.PathLike[str]) -> None:
        """The async `write_to_file`."""
        await _awrite_chunks(file, self.response.aiter_bytes())

    async def astream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """The async `stream_to_file`."""
        await _awrite_chunks(file, self.response.aiter_bytes(chunk_size))

    async def aclose(self) -> None:
        await self.response.aclose()

    def __repr__(self) -> str:
        return f"<HttpxBinaryResponseContent [{self.response.status_code}] {len(self.response.content)} bytes>"


def _write_chunks(file: str | os.PathLike[str], chunks: Iterator[bytes]) -> None:
    with open(file, mode="wb") as out:
        for chunk in chunks:
            out.write(chunk)


async def _awrite_chunks(file: str | os.PathLike[str], chunks: AsyncIterator[bytes]) -> None:
    import anyio

    async with await anyio.open_file(file, mode="wb") as out:
        async for chunk in chunks:
            await out.write(chunk)


def _is_json_content_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == ""


def parse_content(cast_to: Any, response: httpx.Response, *, strict: bool) -> Any:
    """Turn a fully read response into `cast_to`.

    `httpx.Response`, `str`, `bytes`, `None` and binary content are returned without
    decoding. Anything else goes to pydantic-core in one call; a body that is not JSON
    raises `APIResponseValidationError` with the text attached, unless the content type says
    it is text and the declared type accepts text.
    """
    from ._models import InvalidJSONError, validate_json

    if cast_to is httpx.Response:
        return response
    if cast_to is HttpxBinaryResponseContent:
        return HttpxBinaryResponseContent(response)
    if cast_to is str:
        return response.text
    if cast_to is bytes:
        return response.content
    if cast_to is None or cast_to is type(None):
        return None
    content_type = response.headers.get("content-type", "")
    if not _is_json_content_type(content_type) and cast_to is object:
        return response.text
    if not response.content:
        # pydantic's "EOF while parsing" would hide that the server sent nothing at all.
        raise APIResponseValidationError(
            response, "", message=f"The API returned an empty body with status {response.status_code}, expected JSON."
        )
    try:
        return validate_json(cast_to, response.content, strict=strict)
    except InvalidJSONError as exc:
        raise APIResponseValidationError(
            response, response.text, message=f"The API returned a body that is not valid JSON: {exc}"
        ) from exc
    except ValueError as exc:  # pydantic.ValidationError in strict mode
        raise APIResponseValidationError(response, response.text, message=str(exc)) from exc


class _BaseAPIResponse(Generic[_R]):
    """Shared, I/O-free part of the raw response objects."""

    http_response: httpx.Response
    retries_taken: int

    def __init__(
        self,
        *,
        raw: httpx.Response,
        cast_to: Any,
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: Any,
        retries_taken: int,
    ) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._options = options
        self._stream = stream
        self._stream_cls = stream_cls
        self._parsed: dict[Any, Any] = {}

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> Any:
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get("x-request-id")  # httpx: Headers.get -> Any
        return request_id

    @property
    def rate_limits(self) -> RateLimits:
        """The `x-ratelimit-*` headers of this response, parsed."""
        return rate_limits_of_response(self.http_response)

    def __repr__(self) -> str:
        name = getattr(self._cast_to, "__name__", repr(self._cast_to))
        return f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] type={name}>"


class APIResponse(_BaseAPIResponse[_R]):
    """The raw HTTP response of a call, from `.with_raw_response` or `.with_streaming_response`.

    ```py
    response = client.models.with_raw_response.list()
    print(response.headers["x-request-id"])
    models = response.parse()
    ```
    """

    def __init__(self, *, client: ResponseParser, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._client = client

    def parse(self, *, to: Any = None) -> _R:
        """Decode the body into the method's return type (or `to`), once; later calls reuse it."""
        cast_to = self._cast_to if to is None else to
        if cast_to not in self._parsed:
            if not self._stream:
                self.http_response.read()
            self._parsed[cast_to] = self._client._parse_response(
                cast_to=cast_to,
                response=self.http_response,
                options=self._options,
                stream=self._stream,
                stream_cls=self._stream_cls,
            )
        return cast(_R, self._parsed[cast_to])

    def read(self) -> bytes:
        return self.http_response.read()

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body to `file` as it arrives (from `with_streaming_response`, nothing is held in memory).

        ```py
        with client.files.with_streaming_response.content("file-abc") as response:
            response.stream_to_file("out.jsonl")
        ```
        """
        _write_chunks(file, self.http_response.iter_bytes(chunk_size))

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_BaseAPIResponse[_R]):
    """The async twin of `APIResponse`."""

    def __init__(self, *, client: ResponseParser, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._client = client

    async def parse(self, *, to: Any = None) -> _R:
        """Decode the body into the method's return type (or `to`), once."""
        cast_to = self._cast_to if to is None else to
        if cast_to not in self._parsed:
            if not self._stream:
                await self.http_response.aread()
            self._parsed[cast_to] = self._client._parse_response(
                cast_to=cast_to,
                response=self.http_response,
                options=self._options,
                stream=self._stream,
                stream_cls=self._stream_cls,
            )
        return cast(_R, self._parsed[cast_to])

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        await self.read()
        return self.http_response.json()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        async for line in self.http_response.aiter_lines():
            yield line

    async def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body to `file` as it arrives."""
        await _awrite_chunks(file, self.http_response.aiter_bytes(chunk_size))

    async def close(self) -> None:
        await self.http_response.aclose()


class LegacyAPIResponse(_BaseAPIResponse[_R]):
    """The raw HTTP response of an async `.with_raw_response` call, body already read.

    ```py
    response = await client.models.with_raw_response.list()
    print(response.headers["x-request-id"])
    models = response.parse()  # no await: the body is in memory
    ```
    """

    def __init__(self, *, client: ResponseParser, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._client = client

    def parse(self, *, to: Any = None) -> _R:
        """Decode the body into the method's return type (or `to`), once; later calls reuse it.

        For a `stream=True` call this returns the `AsyncStream`, still to be iterated.
        """
        cast_to = self._cast_to if to is None else to
        if cast_to not in self._parsed:
            self._parsed[cast_to] = self._client._parse_response(  # pyright: ignore[reportPrivateUsage]
                cast_to=cast_to,
                response=self.http_response,
                options=self._options,
                stream=self._stream,
                stream_cls=self._stream_cls,
            )
        return cast(_R, self._parsed[cast_to])

    @property
    def content(self) -> bytes:
        """The body (already read)."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text (already read)."""
        return self.http_response.text

    def json(self) -> object:
        return self.http_response.json()


class ResponseContextManager(Generic[_ResponseT]):
    """`with client.x.with_streaming_response.y(...) as response:`; closes the response on exit."""

    def __init__(self, request: Callable[[], _ResponseT]) -> None:
        self._request = request
        self._response: _ResponseT | None = None

    def __enter__(self) -> _ResponseT:
        self._response = self._request()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.http_response.close()


class AsyncResponseContextManager(Generic[_ResponseT]):
    """`async with client.x.with_streaming_response.y(...) as response:`."""

    def __init__(self, request: Awaitable[_ResponseT]) -> None:
        self._request = request
        self._response: _ResponseT | None = None

    async def __aenter__(self) -> _ResponseT:
        self._response = await self._request
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.http_response.aclose()


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Make a method return its `APIResponse` (body read) instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        # The request options built inside carry the mode; the loop then returns the APIResponse.
        with requested_response_mode("raw"):
            return cast(APIResponse[_R], func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, Awaitable[LegacyAPIResponse[_R]]]:
    """The async twin of `to_raw_response_wrapper`: the response comes back with its body
    read, so its `parse()` is synchronous, as in the official SDK."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> LegacyAPIResponse[_R]:
        with requested_response_mode("raw"):
            return cast("LegacyAPIResponse[_R]", await func(*args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """Make a method return a context manager over its unread `APIResponse`."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        def call() -> APIResponse[_R]:
            with requested_response_mode("stream"):
                return cast(APIResponse[_R], func(*args, **kwargs))

        return ResponseContextManager(call)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_R]]]:
    """The async twin of `to_streamed_response_wrapper`."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[AsyncAPIResponse[_R]]:
        async def call() -> AsyncAPIResponse[_R]:
            with requested_response_mode("stream"):
                return cast(AsyncAPIResponse[_R], await func(*args, **kwargs))

        return AsyncResponseContextManager(call())

    return wrapped
