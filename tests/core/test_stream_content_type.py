"""A streamed call (`stream=True`) answered with something other than an event stream, sync
and async: a proxy's HTML page, a JSON error with status 200, a server that ignored `stream`.
The error says what came back instead of "the connection was closed in the middle of an event"."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import httpx
import pytest

import oai

from .models_fixture import AnyClient, collect, make_client, resolve

pytestmark = pytest.mark.anyio

HTML = b"<!DOCTYPE html><html><body>Proxy authentication required</body></html>"


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def answering(status: int, content_type: str, body: bytes, calls: List[httpx.Request] | None = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append(request)
        return httpx.Response(status, headers={"content-type": content_type}, content=body)

    return handler


def stream_cls(client: AnyClient) -> Any:
    return oai.AsyncStream[Dict[str, Any]] if isinstance(client, oai.AsyncClient) else oai.Stream[Dict[str, Any]]


async def start_stream(client: AnyClient, **kwargs: Any) -> Any:
    return await resolve(
        client.post("/chat/completions", cast_to=dict, body={}, stream=True, stream_cls=stream_cls(client), **kwargs)
    )


async def test_an_html_page_with_status_200_raises_a_clear_error(is_async: bool) -> None:
    calls: List[httpx.Request] = []
    client = make_client(answering(200, "text/html; charset=utf-8", HTML, calls), is_async=is_async)
    with pytest.raises(oai.APIResponseValidationError) as info:
        await start_stream(client)
    message = str(info.value)
    assert "text/event-stream" in message
    assert "status 200" in message
    assert "text/html; charset=utf-8" in message
    assert "Proxy authentication required" in message
    assert "middle of an event" not in message
    assert info.value.status_code == 200
    assert len(calls) == 1  # not retried: another attempt would get the same page


async def test_a_json_error_with_status_200_becomes_a_status_error(is_async: bool) -> None:
    body = json.dumps({"error": {"message": "model overloaded", "type": "server_error", "code": "overloaded"}})
    client = make_client(answering(200, "application/json", body.encode()), is_async=is_async)
    with pytest.raises(oai.APIStatusError) as info:
        await start_stream(client)
    assert info.value.code == "overloaded"
    assert "model overloaded" in str(info.value)


async def test_a_json_error_status_is_the_matching_status_error(is_async: bool) -> None:
    body = json.dumps({"error": {"message": "bad key", "type": "invalid_request_error"}})
    client = make_client(answering(401, "application/json", body.encode()), is_async=is_async)
    with pytest.raises(oai.AuthenticationError, match="bad key"):
        await start_stream(client)


async def test_a_json_answer_to_a_stream_request_names_what_came_back(is_async: bool) -> None:
    body = json.dumps({"id": "chatcmpl-1", "object": "chat.completion"}).encode()
    client = make_client(answering(200, "application/json", body), is_async=is_async)
    with pytest.raises(oai.APIResponseValidationError, match=r"application/json.*chatcmpl-1"):
        await start_stream(client)


async def test_a_long_body_is_cut_in_the_message(is_async: bool) -> None:
    client = make_client(answering(200, "text/plain", b"x" * 100_000), is_async=is_async)
    with pytest.raises(oai.APIResponseValidationError) as info:
        await start_stream(client)
    assert len(str(info.value)) < 600


async def test_an_event_stream_still_streams(is_async: bool) -> None:
    body = b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: [DONE]\n\n'
    client = make_client(answering(200, "text/event-stream; charset=utf-8", body), is_async=is_async)
    assert await collect(await start_stream(client)) == [{"n": 1}, {"n": 2}]


async def test_the_raw_response_path_checks_when_the_stream_is_read(is_async: bool) -> None:
    # `with_streaming_response`: the caller sees the raw response first, the error on iteration.
    client = make_client(answering(200, "text/html", HTML), is_async=is_async)
    raw = await start_stream(client, extra_headers={"X-Stainless-Raw-Response": "stream"})
    assert raw.status_code == 200
    stream = await resolve(raw.parse())
    with pytest.raises(oai.APIResponseValidationError, match="text/html"):
        await collect(stream)
    assert raw.is_closed
