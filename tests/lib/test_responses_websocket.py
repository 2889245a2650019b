"""`client.responses.connect()` / `client.beta.responses.connect()` against a local scripted
WebSocket server, sync and async: URL, `response.create` events, typed server events, drops."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

import oai
from oai.types.beta.beta_responses_server_event import (
    BetaResponseTextWsDelta,
    BetaResponseWsCompleted,
)
from oai.types.responses.responses_server_event import (
    ResponseTextWsDelta,
    ResponseWsCompleted,
)

from .ws_server import Step, scripted_server

SECRET = "sk-responses-secret"
RESPONSE: Dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "status": "completed",
    "model": "gpt-5.5",
    "output": [],
}
DELTA: Dict[str, Any] = {
    "type": "response.output_text.delta",
    "item_id": "msg_1",
    "output_index": 0,
    "content_index": 0,
    "delta": "Hello",
    "logprobs": [],
    "sequence_number": 1,
    "stream_id": "lane_1",
}
COMPLETED: Dict[str, Any] = {
    "type": "response.completed",
    "response": RESPONSE,
    "sequence_number": 2,
    "stream_id": "lane_1",
}
SCRIPT: List[Step] = [("expect", 1), ("send", DELTA), ("send", COMPLETED), ("close", 1000)]
EXPECTED = [{"type": "response.create", "stream_id": "lane_1", "model": "gpt-5.5", "input": "Say hello."}]


def test_sync_responses_connection_sends_response_create_and_yields_typed_events() -> None:
    with scripted_server(SCRIPT) as server:
        client = oai.OpenAI(api_key=SECRET, base_url=server.http_url)
        with client.responses.connect() as connection:
            connection.response.create(stream_id="lane_1", model="gpt-5.5", input="Say hello.")
            events: List[Any] = list(connection)
    assert [type(event) for event in events] == [
        ResponseTextWsDelta,
        ResponseWsCompleted,
    ]
    assert events[1].response.id == "resp_1"
    assert server.received == EXPECTED
    assert server.handshakes[0].path == "/v1/responses"
    assert server.handshakes[0].headers["authorization"] == f"Bearer {SECRET}"


@pytest.mark.anyio
async def test_async_responses_connection_sends_response_create_and_yields_typed_events() -> None:
    with scripted_server(SCRIPT) as server:
        client = oai.AsyncOpenAI(api_key=SECRET, base_url=server.http_url)
        async with client.responses.connect(extra_query={"trace": "1"}) as connection:
            await connection.response.create(stream_id="lane_1", model="gpt-5.5", input="Say hello.")
            events = [event async for event in connection]
    assert [type(event) for event in events] == [
        ResponseTextWsDelta,
        ResponseWsCompleted,
    ]
    assert server.received == EXPECTED
    assert server.handshakes[0].path == "/v1/responses?trace=1"


def test_sync_beta_responses_connection_parses_beta_events() -> None:
    with scripted_server(SCRIPT) as server:
        client = oai.OpenAI(api_key=SECRET, base_url=server.http_url)
        with client.beta.responses.connect() as connection:
            connection.response.create(stream_id="lane_1", model="gpt-5.5", input="Say hello.")
            events = list(connection)
    assert [type(event) for event in events] == [
        BetaResponseTextWsDelta,
        BetaResponseWsCompleted,
    ]


@pytest.mark.anyio
async def test_async_beta_responses_dropped_connection_raises() -> None:
    with scripted_server([("send", DELTA), ("drop",)]) as server:
        client = oai.AsyncOpenAI(api_key=SECRET, base_url=server.http_url)
        async with client.beta.responses.connect(max_retries=0) as connection:
            with pytest.raises(oai.WebSocketConnectionClosedError) as info:
                async for _ in connection:
                    pass
    assert info.value.close_code == 1006


def test_sync_responses_dropped_connection_raises_after_retries() -> None:
    with scripted_server([("drop",)], [("reject", 500)]) as server:
        client = oai.OpenAI(api_key=SECRET, base_url=server.http_url)
        with (
            client.responses.connect(max_retries=1, initial_delay=0, max_delay=0) as connection,
            pytest.raises(oai.WebSocketConnectionClosedError, match="1 reconnection attempt"),
        ):
            connection.recv()


def test_azure_responses_connection_uses_the_azure_url_and_api_key() -> None:
    from oai.lib.azure import AzureOpenAI

    with scripted_server([("close", 1000)]) as server:
        client = AzureOpenAI(azure_endpoint=f"http://127.0.0.1:{server.port}", api_version="v1", api_key="azure-key")
        with client.responses.connect() as connection:
            assert list(connection) == []
    assert server.handshakes[0].path == "/openai/responses?api-version=v1"
    assert server.handshakes[0].headers["api-key"] == "azure-key"
