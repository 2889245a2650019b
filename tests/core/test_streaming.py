"""Tests of `Stream`/`AsyncStream`: items, `[DONE]`, error events, cut streams and closing."""

from __future__ import annotations

import inspect
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any, Union

import httpx
import pydantic
import pytest
from typing_extensions import Literal

from oai._exceptions import APIConnectionError, APIError, APIResponseValidationError, APITimeoutError
from oai._streaming import AsyncStream, Stream

URL = "https://api.test/v1/chat/completions"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records how much of it was read and whether it was closed."""

    def __init__(self, *chunks: bytes, error: Exception | None = None) -> None:
        self.chunks = chunks
        self.error = error
        self.pulled = 0
        self.is_closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    def close(self) -> None:
        self.is_closed = True

    async def aclose(self) -> None:
        self.is_closed = True


AnyStream = Union[Stream[Any], AsyncStream[Any]]


async def open_stream(body: Body, *, is_async: bool, cast_to: Any = object, strict: bool = False) -> AnyStream:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body)

    transport = httpx.MockTransport(handler)
    if is_async:
        async_client = httpx.AsyncClient(transport=transport)
        response = await async_client.send(async_client.build_request("POST", URL), stream=True)
        return AsyncStream(cast_to=cast_to, response=response, strict=strict)
    client = httpx.Client(transport=transport)
    response = client.send(client.build_request("POST", URL), stream=True)
    return Stream(cast_to=cast_to, response=response, strict=strict)


async def next_item(stream: AnyStream) -> Any:
    if isinstance(stream, AsyncStream):
        return await stream.__anext__()
    return next(stream)


async def drain(stream: AnyStream, into: list[Any] | None = None) -> list[Any]:
    items: list[Any] = [] if into is None else into
    if isinstance(stream, AsyncStream):
        async for item in stream:
            items.append(item)
    else:
        items.extend(stream)
    return items


async def close(stream: AnyStream) -> None:
    if isinstance(stream, AsyncStream):
        await stream.close()
    else:
        stream.close()


parametrize_sync_async = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
pytestmark = pytest.mark.anyio


@parametrize_sync_async
async def test_items_are_parsed_until_done_and_the_rest_is_not_read(is_async: bool) -> None:
    body = Body(b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\ndata: [DONE]\n\n', b'data: {"n": 3}\n\n')
    stream = await open_stream(body, is_async=is_async, cast_to=dict)
    assert await drain(stream) == [{"n": 1}, {"n": 2}]
    assert body.pulled == 2
    assert stream.response.is_closed
    assert body.is_closed


@parametrize_sync_async
async def test_stream_without_done_ends_at_end_of_body(is_async: bool) -> None:
    body = Body(b'event: response.created\ndata: {"type": "response.created"}\n\n', b"data: [1, 2]\n\n")
    stream = await open_stream(body, is_async=is_async)
    assert await drain(stream) == [{"type": "response.created"}, [1, 2]]
    assert stream.response.is_closed


@parametrize_sync_async
async def test_items_validate_into_a_pydantic_model(is_async: bool) -> None:
    class Chunk(pydantic.BaseModel):
        id: str
        index: int

    body = Body(b'data: {"id": "a", "index": 0}\n\n', b'data: {"id": "b", "index": "1"}\n\n')
    stream = await open_stream(body, is_async=is_async, cast_to=Chunk)
    assert await drain(stream) == [Chunk(id="a", index=0), Chunk(id="b", index=1)]


@parametrize_sync_async
async def test_events_with_empty_data_are_skipped(is_async: bool) -> None:
    body = Body(b"data:\n\n", b"event: ping\ndata: \n\n", b": keep-alive\n\n", b'data: {"n": 1}\n\n')
    stream = await open_stream(body, is_async=is_async)
    assert await drain(stream) == [{"n": 1}]


@parametrize_sync_async
async def test_error_event_raises_api_error_with_the_server_message(is_async: bool) -> None:
    error = b'{"error": {"message": "Rate limit hit", "type": "rate_limit", "code": "rl"}}'
    body = Body(b'data: {"n": 1}\n\n', b"event: error\ndata: " + error + b"\n\n", b'data: {"n": 2}\n\n')
    stream = await open_stream(body, is_async=is_async)
    items: list[Any] = []
    with pytest.raises(APIError) as info:
        await drain(stream, items)
    assert items == [{"n": 1}]
    assert type(info.value) is APIError
    assert info.value.message == "Rate limit hit"
    assert info.value.body == {"error": {"message": "Rate limit hit", "type": "rate_limit", "code": "rl"}}
    assert info.value.code == "rl"
    assert info.value.request is stream.response.request
    assert stream.response.is_closed


@parametrize_sync_async
async def test_error_event_with_top_level_message_uses_it(is_async: bool) -> None:
    # The Responses API sends `event: error` with the error fields at the top level.
    body = Body(b'event: error\ndata: {"type": "error", "code": "x", "message": "Bad input"}\n\n')
    stream = await open_stream(body, is_async=is_async)
    with pytest.raises(APIError, match=r"^Bad input$"):
        await drain(stream)


@parametrize_sync_async
async def test_error_event_with_plain_text_uses_the_text(is_async: bool) -> None:
    stream = await open_stream(Body(b"event: error\ndata: upstream exploded\n\n"), is_async=is_async)
    with pytest.raises(APIError) as info:
        await drain(stream)
    assert info.value.message == "upstream exploded"
    assert info.value.body == "upstream exploded"


@parametrize_sync_async
async def test_data_with_a_non_null_error_raises_api_error(is_async: bool) -> None:
    body = Body(b'data: {"error": {"message": "The server had an error", "type": "server_error"}}\n\n')
    stream = await open_stream(body, is_async=is_async, cast_to=dict)
    with pytest.raises(APIError) as info:
        await drain(stream)
    assert info.value.message == "The server had an error"
    assert info.value.type == "server_error"
    assert info.value.body == {"error": {"message": "The server had an error", "type": "server_error"}}


@parametrize_sync_async
async def test_data_with_null_error_or_error_text_is_an_item(is_async: bool) -> None:
    body = Body(
        b'data: {"error": null, "n": 1}\n\n',
        b'data: {"type": "error"}\n\n',
        b'data: {"text": "say \\"error\\""}\n\n',
    )
    stream = await open_stream(body, is_async=is_async)
    assert await drain(stream) == [{"error": None, "n": 1}, {"type": "error"}, {"text": 'say "error"'}]


@parametrize_sync_async
async def test_thread_events_are_wrapped_with_their_name(is_async: bool) -> None:
    class RunCreated(pydantic.BaseModel):
        event: Literal["thread.run.created"]
        data: dict[str, Any]

    body = Body(b'event: thread.run.created\ndata: {"id": "run_1", "status": "queued"}\n\n', b"data: [DONE]\n\n")
    stream = await open_stream(body, is_async=is_async, cast_to=RunCreated)
    items = await drain(stream)
    assert items == [RunCreated(event="thread.run.created", data={"id": "run_1", "status": "queued"})]


@parametrize_sync_async
async def test_malformed_json_event_raises_validation_error_with_the_raw_text(is_async: bool) -> None:
    stream = await open_stream(Body(b'data: {"n": 1\n\n'), is_async=is_async, cast_to=dict)
    with pytest.raises(APIResponseValidationError) as info:
        await drain(stream)
    assert info.value.body == '{"n": 1'
    assert info.value.response is stream.response
    assert stream.response.is_closed


@parametrize_sync_async
async def test_malformed_thread_event_reports_the_event_text(is_async: bool) -> None:
    stream = await open_stream(Body(b"event: thread.created\ndata: {oops\n\n"), is_async=is_async)
    with pytest.raises(APIResponseValidationError) as info:
        await drain(stream)
    assert info.value.body == "{oops"


@parametrize_sync_async
async def test_strict_mode_raises_when_an_item_does_not_fit(is_async: bool) -> None:
    class Chunk(pydantic.BaseModel):
        index: int

    stream = await open_stream(Body(b'data: {"index": "x"}\n\n'), is_async=is_async, cast_to=Chunk, strict=True)
    with pytest.raises(APIResponseValidationError) as info:
        await drain(stream)
    assert info.value.body == '{"index": "x"}'


@parametrize_sync_async
async def test_transport_error_mid_stream_raises_connection_error(is_async: bool) -> None:
    error = httpx.RemoteProtocolError("peer closed connection without sending complete message body")
    body = Body(b'data: {"n": 1}\n\n', b'data: {"n"', error=error)
    stream = await open_stream(body, is_async=is_async)
    items: list[Any] = []
    with pytest.raises(APIConnectionError) as info:
        await drain(stream, items)
    assert items == [{"n": 1}]
    assert type(info.value) is APIConnectionError
    assert "peer closed connection" in info.value.message
    assert info.value.__cause__ is error
    assert info.value.request is stream.response.request
    assert stream.response.is_closed


@parametrize_sync_async
async def test_read_error_mid_stream_raises_connection_error(is_async: bool) -> None:
    stream = await open_stream(Body(error=httpx.ReadError("connection reset")), is_async=is_async)
    with pytest.raises(APIConnectionError, match="connection reset"):
        await drain(stream)


@parametrize_sync_async
async def test_read_timeout_mid_stream_raises_timeout_error(is_async: bool) -> None:
    stream = await open_stream(Body(b'data: {"n": 1}\n\n', error=httpx.ReadTimeout("slow")), is_async=is_async)
    with pytest.raises(APITimeoutError):
        await drain(stream)


@parametrize_sync_async
@pytest.mark.parametrize("tail", [b'data: {"n": 2}\n', b'data: {"n": 2}', b"data: {", b": keep"])
async def test_end_of_body_inside_an_event_raises_connection_error(is_async: bool, tail: bytes) -> None:
    stream = await open_stream(Body(b'data: {"n": 1}\n\n', tail), is_async=is_async)
    items: list[Any] = []
    with pytest.raises(APIConnectionError, match="middle of an event"):
        await drain(stream, items)
    assert items == [{"n": 1}]
    assert stream.response.is_closed


@parametrize_sync_async
async def test_block_without_data_at_the_end_is_not_a_cut(is_async: bool) -> None:
    stream = await open_stream(Body(b'data: {"n": 1}\n\n', b"event: done\n"), is_async=is_async)
    assert await drain(stream) == [{"n": 1}]


@parametrize_sync_async
async def test_close_after_first_item_closes_the_response(is_async: bool) -> None:
    body = Body(b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n', b'data: {"n": 3}\n\n')
    stream = await open_stream(body, is_async=is_async)
    assert await next_item(stream) == {"n": 1}
    await close(stream)
    assert stream.response.is_closed
    assert body.is_closed
    assert body.pulled == 1
    assert await drain(stream) == []


@parametrize_sync_async
async def test_close_before_iterating_closes_the_response(is_async: bool) -> None:
    body = Body(b'data: {"n": 1}\n\n')
    stream = await open_stream(body, is_async=is_async)
    await close(stream)
    assert stream.response.is_closed
    assert await drain(stream) == []


async def test_sync_context_manager_closes_on_exit() -> None:
    body = Body(b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n')
    stream = await open_stream(body, is_async=False)
    assert isinstance(stream, Stream)
    with stream as entered:
        assert entered is stream
        assert next(stream) == {"n": 1}
    assert stream.response.is_closed
    assert body.is_closed


async def test_async_context_manager_closes_on_exit() -> None:
    body = Body(b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n')
    stream = await open_stream(body, is_async=True)
    assert isinstance(stream, AsyncStream)
    async with stream as entered:
        assert entered is stream
        assert await stream.__anext__() == {"n": 1}
    assert stream.response.is_closed
    assert body.is_closed


async def test_sync_stream_is_its_own_iterator() -> None:
    stream = await open_stream(Body(b"data: 1\n\n"), is_async=False)
    assert isinstance(stream, Stream)
    assert iter(stream) is stream


def test_sync_and_async_twins_have_the_same_public_api() -> None:
    def public(cls: type) -> dict[str, inspect.Signature]:
        return {name: inspect.signature(value) for name, value in vars(cls).items() if not name.startswith("_")}

    assert public(Stream) == public(AsyncStream)
    assert inspect.signature(vars(Stream)["__init__"]) == inspect.signature(vars(AsyncStream)["__init__"])


# --- a real socket: the server drops the connection in the middle of the body -----------


def serve_once(response: bytes) -> tuple[str, threading.Thread]:
    """Serve one HTTP request on 127.0.0.1 with `response`, then close the connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(5)

    def run() -> None:
        with server:
            connection, _ = server.accept()
            with connection:
                connection.settimeout(5)
                received = b""
                for _ in range(100):  # bounded: a request head is well under 100 reads
                    if b"\r\n\r\n" in received:
                        break
                    received += connection.recv(4096)
                connection.sendall(response)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.getsockname()[1]}/v1/stream", thread


CUT_RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 1000\r\n\r\n"
    b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: {"n'
)


def test_server_dropping_the_connection_raises_connection_error() -> None:
    url, thread = serve_once(CUT_RESPONSE)
    items: list[Any] = []
    with httpx.Client(timeout=5) as client:
        stream: Stream[Any] = Stream(cast_to=dict, response=client.send(client.build_request("GET", url), stream=True))
        with pytest.raises(APIConnectionError, match="Connection error while reading the stream"):
            items.extend(stream)
    thread.join(5)
    assert items == [{"n": 1}, {"n": 2}]
    assert stream.response.is_closed


async def test_server_dropping_the_connection_raises_connection_error_async() -> None:
    url, thread = serve_once(CUT_RESPONSE)
    items: list[Any] = []
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.send(client.build_request("GET", url), stream=True)
        stream: AsyncStream[Any] = AsyncStream(cast_to=dict, response=response)
        with pytest.raises(APIConnectionError, match="Connection error while reading the stream"):
            async for item in stream:
                items.append(item)
    thread.join(5)
    assert items == [{"n": 1}, {"n": 2}]
    assert stream.response.is_closed
