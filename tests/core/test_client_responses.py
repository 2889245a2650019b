"""Tests of what a call returns or raises: raw and streaming responses, binary content,
response validation (strict and lenient), and the status-to-exception mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import AsyncIterator, Callable, Iterator, List, cast

import httpx
import pytest

import oai
from oai._legacy_response import LegacyAPIResponse
from oai._response import HttpxBinaryResponseContent
from oai.pagination import AsyncPage, SyncPage

from ..conftest import make_async_client
from .models_fixture import Model, json_response, make_client, models_of, resolve

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class TrackedBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that records how many chunks were pulled and whether it was closed."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks
        self.pulled = 0
        self.is_closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.pulled += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    def close(self) -> None:
        self.is_closed = True

    async def aclose(self) -> None:
        self.is_closed = True


def answer(response: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return response

    return handler


# -- with_raw_response / with_streaming_response ---------------------------------------------


async def test_with_raw_response_returns_headers_status_and_parse(is_async: bool) -> None:
    client = make_client(answer(json_response(MODEL, headers={"x-request-id": "req_1"})), is_async=is_async)
    raw = await resolve(models_of(client).with_raw_response.retrieve("gpt-4o"))
    assert isinstance(raw, LegacyAPIResponse if is_async else oai.APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_1"
    assert raw.request_id == "req_1"
    assert raw.http_request.url.path == "/v1/models/gpt-4o"
    # As in the official SDK, the raw response's body is read: parse() does not wait, even async.
    model = cast(object, raw.parse())  # `raw` is the sync or async twin
    assert isinstance(model, Model)
    assert model.id == "gpt-4o"
    # parse() is cached: the same object comes back.
    assert raw.parse() is model
    assert json.loads(raw.text) == MODEL and json.loads(raw.content) == MODEL and raw.json() == MODEL


async def test_async_raw_response_of_a_stream_parses_to_an_async_stream_without_await() -> None:
    sse = b'data: {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}\n\ndata: [DONE]\n\n'
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, content=sse)
    client = make_async_client(answer(response))
    raw = await client.chat.completions.with_raw_response.create(model="m", messages=[], stream=True)
    stream = raw.parse()
    assert isinstance(stream, oai.AsyncStream)
    assert [chunk.id async for chunk in stream] == ["c1"]


async def test_with_raw_response_does_not_send_the_mode_header(is_async: bool) -> None:
    requests: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return json_response(MODEL)

    client = make_client(handler, is_async=is_async)
    await resolve(models_of(client).with_raw_response.retrieve("gpt-4o"))
    assert "X-Stainless-Raw-Response" not in requests[0].headers


async def test_with_raw_response_counts_retries(is_async: bool) -> None:
    statuses = iter([500, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(statuses)
        return json_response(MODEL if status == 200 else {"error": {}}, status)

    client = make_client(handler, is_async=is_async)
    raw = await resolve(models_of(client).with_raw_response.retrieve("gpt-4o"))
    assert raw.retries_taken == 1


async def test_raw_response_of_a_list_parses_to_a_page(is_async: bool) -> None:
    client = make_client(answer(json_response({"object": "list", "data": [MODEL]})), is_async=is_async)
    raw = await resolve(models_of(client).with_raw_response.list())
    page = cast("SyncPage[Model] | AsyncPage[Model]", raw.parse())  # `raw` is the sync or async twin
    assert isinstance(page, AsyncPage if is_async else SyncPage)
    assert [m.id for m in page.data] == ["gpt-4o"]
    assert not page.has_next_page()


async def test_with_streaming_response_reads_the_body_only_when_asked_and_closes_on_exit(is_async: bool) -> None:
    body = TrackedBody(json.dumps(MODEL).encode())
    response = httpx.Response(200, headers={"content-type": "application/json"}, stream=body)
    client = make_client(answer(response), is_async=is_async)
    manager = models_of(client).with_streaming_response.retrieve("gpt-4o")
    if is_async:
        async with manager as streamed:
            assert body.pulled == 0
            assert not streamed.is_closed
            assert streamed.status_code == 200
            model = await streamed.parse()
    else:
        with manager as streamed:
            assert body.pulled == 0
            assert not streamed.is_closed
            model = streamed.parse()
    assert model.id == "gpt-4o"
    assert body.pulled == 1
    assert streamed.is_closed
    assert body.is_closed


async def test_with_streaming_response_closes_an_unread_body_on_exit(is_async: bool) -> None:
    body = TrackedBody(b"chunk-1", b"chunk-2")
    client = make_client(answer(httpx.Response(200, stream=body)), is_async=is_async)
    manager = models_of(client).with_streaming_response.retrieve("gpt-4o")
    if is_async:
        async with manager as streamed:
            pass
    else:
        with manager as streamed:
            pass
    assert body.pulled == 0
    assert body.is_closed
    assert streamed.is_closed


async def test_with_streaming_response_can_iterate_bytes(is_async: bool) -> None:
    body = TrackedBody(b"chunk-1", b"chunk-2")
    client = make_client(answer(httpx.Response(200, stream=body)), is_async=is_async)
    manager = models_of(client).with_streaming_response.retrieve("gpt-4o")
    if is_async:
        async with manager as streamed:
            chunks = [chunk async for chunk in streamed.iter_bytes()]
    else:
        with manager as streamed:
            chunks = list(streamed.iter_bytes())
    assert b"".join(chunks) == b"chunk-1chunk-2"


# -- binary content --------------------------------------------------------------------------


async def test_binary_content_can_be_read_iterated_and_written(is_async: bool, tmp_path: Path) -> None:
    payload = bytes(range(256)) * 8
    client = make_client(
        answer(httpx.Response(200, content=payload, headers={"content-type": "application/octet-stream"})),
        is_async=is_async,
    )
    content = await resolve(client.get("/files/file-1/content", cast_to=HttpxBinaryResponseContent))
    assert isinstance(content, HttpxBinaryResponseContent)
    assert content.content == payload
    assert content.read() == payload
    assert b"".join(content.iter_bytes(100)) == payload
    target = tmp_path / "out.bin"
    content.write_to_file(target)
    assert target.read_bytes() == payload


async def test_binary_content_async_iteration(tmp_path: Path) -> None:
    payload = b"abc" * 100
    client = make_client(answer(httpx.Response(200, content=payload)), is_async=True)
    content = await resolve(client.get("/audio", cast_to=HttpxBinaryResponseContent))
    assert await content.aread() == payload
    assert b"".join([chunk async for chunk in content.aiter_bytes(7)]) == payload


# -- validation ----------------------------------------------------------------------------


async def test_malformed_json_raises_validation_error_with_raw_body(is_async: bool) -> None:
    raw_body = '{"id": "gpt-4o", "created": '
    client = make_client(
        answer(httpx.Response(200, content=raw_body, headers={"content-type": "application/json"})),
        is_async=is_async,
    )
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert info.value.body == raw_body
    assert info.value.status_code == 200
    assert info.value.response.status_code == 200


async def test_strict_mode_raises_on_a_wrong_type(is_async: bool) -> None:
    bad = {**MODEL, "created": "yesterday"}
    client = make_client(answer(json_response(bad)), is_async=is_async, _strict_response_validation=True)
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert "created" in str(info.value)
    assert info.value.body == json.dumps(bad)


async def test_lenient_mode_keeps_a_wrong_type_as_received(is_async: bool) -> None:
    bad = {**MODEL, "created": "yesterday"}
    client = make_client(answer(json_response(bad)), is_async=is_async)
    model = await resolve(models_of(client).retrieve("gpt-4o"))
    assert isinstance(model, Model)
    assert model.id == "gpt-4o"
    assert model.created == "yesterday"  # type: ignore[comparison-overlap]  # kept as received


async def test_strict_mode_accepts_a_valid_body(is_async: bool) -> None:
    client = make_client(answer(json_response(MODEL)), is_async=is_async, _strict_response_validation=True)
    model = await resolve(models_of(client).retrieve("gpt-4o"))
    assert model.created == 1


# -- status errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_cls"),
    [
        (400, oai.BadRequestError),
        (401, oai.AuthenticationError),
        (403, oai.PermissionDeniedError),
        (404, oai.NotFoundError),
        (409, oai.ConflictError),
        (422, oai.UnprocessableEntityError),
        (429, oai.RateLimitError),
        (500, oai.InternalServerError),
        (503, oai.InternalServerError),
        (418, oai.APIStatusError),
    ],
)
async def test_each_status_raises_its_error_class(is_async: bool, status: int, error_cls: type[Exception]) -> None:
    client = make_client(answer(json_response({"error": {"message": "x"}}, status)), is_async=is_async, max_retries=0)
    with pytest.raises(oai.APIStatusError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert type(info.value) is error_cls
    assert info.value.status_code == status


async def test_status_error_carries_the_response_request_and_error_fields(is_async: bool) -> None:
    body = {
        "error": {
            "message": "Invalid value for 'temperature'",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "invalid_value",
        }
    }
    client = make_client(
        answer(json_response(body, 400, headers={"x-request-id": "req_abc"})), is_async=is_async, api_key="sk-secret"
    )
    with pytest.raises(oai.BadRequestError) as info:
        await resolve(client.post("/chat/completions", cast_to=object, body={"temperature": 9}))
    error = info.value
    assert error.status_code == 400
    assert error.response.status_code == 400
    assert error.request.method == "POST"
    assert error.request.url.path == "/v1/chat/completions"
    assert error.body == body
    assert error.code == "invalid_value"
    assert error.param == "temperature"
    assert error.type == "invalid_request_error"
    assert error.request_id == "req_abc"
    message = str(error)
    assert "400" in message
    assert "POST" in message
    assert "/v1/chat/completions" in message
    assert "Invalid value for 'temperature'" in message


async def test_non_json_error_body_is_kept_as_text(is_async: bool) -> None:
    html = "<html><body>502 Bad Gateway</body></html>"
    client = make_client(
        answer(httpx.Response(502, content=html, headers={"content-type": "text/html"})),
        is_async=is_async,
        max_retries=0,
    )
    with pytest.raises(oai.InternalServerError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert info.value.body == html
    assert info.value.code is None
    assert "502 Bad Gateway" in str(info.value)


async def test_error_without_request_id_header_has_none(is_async: bool) -> None:
    client = make_client(answer(json_response({"error": {}}, 404)), is_async=is_async)
    with pytest.raises(oai.NotFoundError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert info.value.request_id is None


async def test_api_key_never_appears_in_the_error(is_async: bool) -> None:
    key = "sk-very-secret-key-123"
    client = make_client(
        answer(json_response({"error": {"message": "Incorrect API key provided"}}, 401)), is_async=is_async, api_key=key
    )
    with pytest.raises(oai.AuthenticationError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert key not in str(info.value)
    assert key not in repr(info.value)
    assert key not in str(info.value.body)


async def test_connection_error_message_does_not_leak_the_key(is_async: bool) -> None:
    key = "sk-very-secret-key-123"

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = make_client(handler, is_async=is_async, api_key=key, max_retries=0)
    with pytest.raises(oai.APIConnectionError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert key not in str(info.value)


async def test_error_body_is_read_and_response_closed(is_async: bool) -> None:
    body = TrackedBody(json.dumps({"error": {"message": "gone"}}).encode())
    client = make_client(
        answer(httpx.Response(404, headers={"content-type": "application/json"}, stream=body)), is_async=is_async
    )
    with pytest.raises(oai.NotFoundError) as info:
        await resolve(models_of(client).retrieve("gpt-4o"))
    assert info.value.body == {"error": {"message": "gone"}}
    assert body.is_closed
