"""`Stream`/`AsyncStream`: a streamed response's events as parsed items, with error events,
`[DONE]` and cut streams turned into their outcome; the response is closed on every exit.

It must not frame bytes into events (that is `_sse`) nor retry: a stream is read once.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import TYPE_CHECKING, Any, Dict, Generic, TypeVar, cast

import httpx
from typing_extensions import Self

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
)
from ._models import InvalidJSONError, validate_json
from ._sse import ServerSentEvent, SSEDecoder

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Generator

__all__ = ["AsyncStream", "Stream", "is_event_stream", "not_an_event_stream_error"]

_T = TypeVar("_T")

# What `_event_item` returns when an event yields no item.
_SKIP: Any = object()
_DONE: Any = object()

_CUT_MESSAGE = "The stream ended in the middle of an event: the connection was closed before the event was complete."


# How much of an unexpected body the error shows.
_PREVIEW_CHARS = 200


def is_event_stream(response: httpx.Response) -> bool:
    """Whether the response says it is an event stream: `text/event-stream`, or no content
    type at all (then the body is decoded as events and a stray body reads as a cut event)."""
    content_type: str | None = response.headers.get("content-type")  # httpx: Headers.get -> Any
    if content_type is None:
        return True
    return content_type.split(";", 1)[0].strip().lower() == "text/event-stream"


def not_an_event_stream_error(response: httpx.Response) -> APIError:
    """The error for a streamed call answered with some other body (a proxy's page, a JSON
    error with status 200, a server that ignored `stream`); the body must have been read.

    A JSON body holding an `error` object becomes the status error of the response's status;
    anything else an `APIResponseValidationError` naming the status, type and start of the body.
    """
    text = response.text
    try:
        body: object = json.loads(text)
    except ValueError:
        body = text
    obj = _json_object(body)
    if obj is not None and obj.get("error") is not None:
        return make_status_error(response, body)
    content_type = response.headers.get("content-type", "")
    preview = text[:_PREVIEW_CHARS] + ("…" if len(text) > _PREVIEW_CHARS else "")
    message = (
        f"Expected an event stream (text/event-stream) for a streamed call to "
        f"{response.request.method} {response.request.url.path}, but got status {response.status_code} "
        f"with content type {content_type!r}; the body starts: {preview!r}"
    )
    return APIResponseValidationError(response, body, message=message)


def _event_item(event: ServerSentEvent, cast_to: Any, response: httpx.Response, strict: bool) -> Any:
    """Decide what one event means: the parsed item, `_SKIP`, `_DONE`, or an exception raised."""
    data = event.data
    if not data:
        return _SKIP
    if data.startswith("[DONE]"):
        return _DONE
    name = event.event
    if name == "error":
        _raise_error_event(data, response)
    # Cheap test first: only data that mentions "error" as a JSON string is decoded twice.
    if '"error"' in data:
        _raise_if_error_body(data, response)
    raw = data
    if name is not None and name.startswith("thread."):
        # Assistants events carry their type in the event name only; the item types expect
        # it beside the payload. Built as text, so the data is still decoded only once.
        raw = f'{{"event":{json.dumps(name)},"data":{data}}}'
    try:
        return validate_json(cast_to, raw, strict=strict)
    except InvalidJSONError as exc:
        raise APIResponseValidationError(response, data, message=f"A stream event is not valid JSON: {exc}") from exc
    except ValueError as exc:  # pydantic.ValidationError, strict mode only
        raise APIResponseValidationError(
            response, data, message=f"A stream event does not fit the type: {exc}"
        ) from exc


def _raise_error_event(data: str, response: httpx.Response) -> None:
    try:
        body: object = json.loads(data)
    except ValueError:
        body = data
    raise APIError(_error_message(body, data), response.request, body=body)


def _raise_if_error_body(data: str, response: httpx.Response) -> None:
    try:
        body: object = json.loads(data)
    except ValueError:
        return  # malformed: parsing reports it with the raw text
    obj = _json_object(body)
    if obj is not None and obj.get("error") is not None:
        raise APIError(_error_message(body, data), response.request, body=body)


def _error_message(body: object, text: str) -> str:
    """The server's `error.message` (or a top-level `message`), else the event's text."""
    obj = _json_object(body)
    if obj is not None:
        error = obj.get("error", obj)
        if isinstance(error, str) and error:
            return error
        message = (_json_object(error) or {}).get("message")
        if isinstance(message, str) and message:
            return message
    return text


def _json_object(value: object) -> dict[str, object] | None:
    # JSON object keys are always str.
    return cast(Dict[str, object], value) if isinstance(value, dict) else None


def _read_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    return APIConnectionError(message=f"Connection error while reading the stream: {exc}", request=request)


def _read_for_error(response: httpx.Response) -> None:
    try:
        response.read()
    except httpx.TransportError as exc:
        raise _read_error(exc, response.request) from exc


async def _aread_for_error(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.TransportError as exc:
        raise _read_error(exc, response.request) from exc


class Stream(Generic[_T]):
    """The items of a streamed response, parsed as `cast_to` one event at a time.

    Iterating ends at `data: [DONE]` or at the end of the body. An error event raises
    `APIError`, a malformed event `APIResponseValidationError`, and a connection cut
    mid-stream `APIConnectionError`. The response is closed whenever iteration stops.

    ```py
    with client.chat.completions.create(model="gpt-4o", messages=msgs, stream=True) as stream:
        for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```

    Attributes:
        response: the HTTP response being read.
    """

    response: httpx.Response

    def __init__(self, *, cast_to: Any, response: httpx.Response, strict: bool = False) -> None:
        self.response = response
        self._cast_to = cast_to
        self._strict = strict
        # The generator must not reference `self`: a Stream dropped unclosed is then freed at once
        # (closing its response) instead of by the cycle collector, which may run while httpcore's
        # pool holds its lock, and the response's close would deadlock on that lock.
        self._iterator: Generator[_T, None, None] = self._iter_items(response, cast_to, strict)

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> _T:
        return next(self._iterator)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and close the response; later iteration yields nothing."""
        self._iterator.close()
        self.response.close()

    @staticmethod
    def _iter_items(response: httpx.Response, cast_to: Any, strict: bool) -> Generator[Any, None, None]:
        decoder = SSEDecoder()
        try:
            if not is_event_stream(response):
                # Reached through `APIResponse.parse()`; a plain call is checked by the loop.
                _read_for_error(response)
                raise not_an_event_stream_error(response)
            try:
                for chunk in response.iter_bytes():
                    for event in decoder.feed(chunk):
                        item = _event_item(event, cast_to, response, strict)
                        if item is _DONE:
                            return
                        if item is not _SKIP:
                            yield item
            except httpx.TransportError as exc:
                raise _read_error(exc, response.request) from exc
            if decoder.has_partial_event:
                raise APIConnectionError(message=_CUT_MESSAGE, request=response.request)
        finally:
            response.close()


class AsyncStream(Generic[_T]):
    """The async twin of `Stream`.

    ```py
    async with await client.chat.completions.create(model="gpt-4o", messages=msgs, stream=True) as stream:
        async for chunk in stream:
            print(chunk.choices[0].delta.content or "", end="")
    ```

    Attributes:
        response: the HTTP response being read.
    """

    response: httpx.Response

    def __init__(self, *, cast_to: Any, response: httpx.Response, strict: bool = False) -> None:
        self.response = response
        self._cast_to = cast_to
        self._strict = strict
        # Not referencing `self`, as in `Stream`: a dropped stream is freed (and closed) at once.
        self._iterator: AsyncGenerator[_T, None] = self._iter_items(response, cast_to, strict)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> _T:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop reading and close the response; later iteration yields nothing."""
        await self._iterator.aclose()
        await self.response.aclose()

    @staticmethod
    async def _iter_items(response: httpx.Response, cast_to: Any, strict: bool) -> AsyncGenerator[Any, None]:
        decoder = SSEDecoder()
        try:
            if not is_event_stream(response):
                await _aread_for_error(response)
                raise not_an_event_stream_error(response)
            try:
                async for chunk in response.aiter_bytes():
                    for event in decoder.feed(chunk):
                        item = _event_item(event, cast_to, response, strict)
                        if item is _DONE:
                            return
                        if item is not _SKIP:
                            yield item
            except httpx.TransportError as exc:
                raise _read_error(exc, response.request) from exc
            if decoder.has_partial_event:
                raise APIConnectionError(message=_CUT_MESSAGE, request=response.request)
        finally:
            await response.aclose()
