"""`http_client=` takes httpx2 clients (as the official SDK does) besides httpx's: requests go
through the user's httpx2 client and its transport; responses, streams and errors come back as
the httpx objects the rest of the SDK (middleware, raw responses, `except httpx.X`) expects."""

from __future__ import annotations

import gzip
import json
from typing import Any, Dict, List

import httpx
import httpx2
import pytest

import oai
from oai._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

pytestmark = pytest.mark.anyio

_COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [
        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}, "logprobs": None}
    ],
}
_MESSAGES: Any = [{"role": "user", "content": "hello"}]


def _answer(seen: List[httpx2.Request]) -> Any:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=_COMPLETION, headers={"x-request-id": "req_1"})

    return handler


def test_the_default_httpx2_clients_carry_the_sdk_defaults() -> None:
    client = oai.DefaultHttpx2Client()
    assert isinstance(client, httpx2.Client)
    assert client.timeout == httpx2.Timeout(**DEFAULT_TIMEOUT.as_dict())
    assert client.follow_redirects is True
    async_client = oai.DefaultAsyncHttpx2Client(timeout=3.0, follow_redirects=False)
    assert isinstance(async_client, httpx2.AsyncClient)
    assert async_client.timeout == httpx2.Timeout(3.0)
    assert async_client.follow_redirects is False
    pool = client._transport._pool  # type: ignore[attr-defined]  # pyright: ignore[reportPrivateUsage, reportUnknownMemberType, reportAttributeAccessIssue, reportUnknownVariableType]
    assert pool._max_connections == DEFAULT_CONNECTION_LIMITS.max_connections  # pyright: ignore[reportUnknownMemberType]


def test_a_sync_call_goes_through_the_users_httpx2_client() -> None:
    seen: List[httpx2.Request] = []
    http_client = httpx2.Client(transport=httpx2.MockTransport(_answer(seen)), headers={"x-from-httpx2": "1"})
    client = oai.OpenAI(api_key="sk-test", base_url="http://api.test/v1", http_client=http_client)
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=_MESSAGES)
    assert raw.http_response.__class__ is httpx.Response
    assert raw.parse().choices[0].message.content == "hi"
    assert raw.request_id == "req_1"
    (request,) = seen
    assert request.url == "http://api.test/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert json.loads(request.content) == {"model": "gpt-4o", "messages": _MESSAGES}
    # The httpx2 client applies its own settings at `build_request`, not at `send`: ours win.
    assert "x-from-httpx2" not in request.headers


async def test_an_async_call_goes_through_the_users_httpx2_client() -> None:
    seen: List[httpx2.Request] = []
    http_client = httpx2.AsyncClient(transport=httpx2.MockTransport(_answer(seen)))
    client = oai.AsyncOpenAI(api_key="sk-test", base_url="http://api.test/v1", http_client=http_client)
    completion = await client.chat.completions.create(model="gpt-4o", messages=_MESSAGES)
    assert completion.id == "chatcmpl-1"
    assert [r.method for r in seen] == ["POST"]
    await client.close()
    assert http_client.is_closed


def test_an_encoded_body_is_decoded_once() -> None:
    body = gzip.compress(json.dumps(_COMPLETION).encode())

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            200, content=body, headers={"content-encoding": "gzip", "content-type": "application/json"}
        )

    client = oai.OpenAI(api_key="sk-test", http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    assert client.chat.completions.create(model="gpt-4o", messages=_MESSAGES).id == "chatcmpl-1"


async def test_a_stream_arrives_event_by_event() -> None:
    chunk: Dict[str, object] = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}
    events = b"".join(b"data: " + json.dumps({**chunk, "id": f"c{n}"}).encode() + b"\n\n" for n in range(3))

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=events + b"data: [DONE]\n\n", headers={"content-type": "text/event-stream"})

    client = oai.AsyncOpenAI(api_key="sk-test", http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    stream = await client.chat.completions.create(model="gpt-4o", messages=_MESSAGES, stream=True)
    assert [c.id async for c in stream] == ["c0", "c1", "c2"]


def test_httpx2_transport_errors_surface_as_httpx_errors_and_are_retried() -> None:
    calls: List[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        raise httpx2.ConnectTimeout("timed out", request=request)

    client = oai.OpenAI(
        api_key="sk-test", max_retries=2, http_client=httpx2.Client(transport=httpx2.MockTransport(handler))
    )
    client._sleep = lambda _delay: None  # pyright: ignore[reportPrivateUsage]
    with pytest.raises(oai.APITimeoutError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=_MESSAGES)
    assert type(caught.value.__cause__) is httpx.ConnectTimeout
    assert len(calls) == 3


def test_a_client_of_neither_library_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match=r"httpx\.Client or an httpx2\.Client, got dict"):
        oai.OpenAI(api_key="sk-test", http_client={})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"httpx\.AsyncClient or an httpx2\.AsyncClient, got Client"):
        oai.AsyncOpenAI(api_key="sk-test", http_client=httpx2.Client())  # type: ignore[arg-type]


def test_users_httpx_clients_keep_working_unwrapped() -> None:
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=_COMPLETION)

    http_client = httpx.Client(transport=httpx.MockTransport(handler))
    client = oai.OpenAI(api_key="sk-test", http_client=http_client)
    assert client._client is http_client  # pyright: ignore[reportPrivateUsage]
    assert client.chat.completions.create(model="gpt-4o", messages=_MESSAGES).id == "chatcmpl-1"
    assert len(seen) == 1
