"""`client.realtime.connect()` / `client.beta.realtime.connect()` against a local scripted
WebSocket server, sync and async: handshake (URL, auth headers), typed events both ways,
resource-style senders, lenient parsing, drops, reconnection and handshake errors."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any, Dict, List

import pytest

import oai
from oai.lib.azure import AzureOpenAI
from oai.types.realtime.realtime_error_event import RealtimeErrorEvent
from oai.types.realtime.response_done_event import ResponseDoneEvent
from oai.types.realtime.response_text_delta_event import ResponseTextDeltaEvent
from oai.types.realtime.session_created_event import SessionCreatedEvent

from .ws_server import Step, scripted_server

SECRET = "sk-test-secret-abc123"

SESSION_CREATED = {"type": "session.created", "event_id": "ev_1", "session": {"type": "realtime", "id": "sess_1"}}
DELTA = {
    "type": "response.output_text.delta",
    "event_id": "ev_2",
    "response_id": "resp_1",
    "item_id": "item_1",
    "output_index": 0,
    "content_index": 0,
    "delta": "Hello",
}
DONE: Dict[str, Any] = {
    "type": "response.done",
    "event_id": "ev_3",
    "response": {"id": "resp_1", "object": "realtime.response", "status": "completed", "output": []},
}
SESSION_SCRIPT: List[Step] = [
    ("send", SESSION_CREATED),
    ("expect", 3),
    ("send", DELTA),
    ("send", DONE),
    ("close", 1000),
]
EXPECTED_CLIENT_EVENTS = [
    {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}},
    {
        "type": "conversation.item.create",
        "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
    },
    {"type": "response.create", "event_id": "evt_client_1"},
]


def _client_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the SDK logged (the test server logs the headers it received, key included)."""
    return "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("oai"))


def _client(server_url: str, **kwargs: Any) -> oai.OpenAI:
    return oai.OpenAI(api_key=SECRET, base_url=server_url, organization="org_1", project="proj_1", **kwargs)


def _async_client(server_url: str, **kwargs: Any) -> oai.AsyncOpenAI:
    return oai.AsyncOpenAI(api_key=SECRET, base_url=server_url, organization="org_1", project="proj_1", **kwargs)


def test_sync_session_sends_typed_events_and_yields_typed_server_events() -> None:
    with scripted_server(SESSION_SCRIPT) as server:
        client = _client(server.http_url)
        events: List[Any] = []
        with client.realtime.connect(model="gpt-realtime") as connection:
            events.append(connection.recv())
            connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            connection.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
            )
            connection.response.create(event_id="evt_client_1")
            events.extend(connection)  # ends at the server's normal closure (1000)

    assert [type(event) for event in events] == [SessionCreatedEvent, ResponseTextDeltaEvent, ResponseDoneEvent]
    assert events[1].delta == "Hello"
    assert server.received == EXPECTED_CLIENT_EVENTS
    handshake = server.handshakes[0]
    assert handshake.path == "/v1/realtime?model=gpt-realtime"
    assert handshake.headers["authorization"] == f"Bearer {SECRET}"
    assert handshake.headers["openai-organization"] == "org_1"
    assert handshake.headers["openai-project"] == "proj_1"
    assert handshake.headers["user-agent"].startswith("oai/")
    assert "openai-beta" not in handshake.headers


@pytest.mark.anyio
async def test_async_session_sends_typed_events_and_yields_typed_server_events() -> None:
    with scripted_server(SESSION_SCRIPT) as server:
        client = _async_client(server.http_url)
        events: List[Any] = []
        async with client.realtime.connect(model="gpt-realtime") as connection:
            events.append(await connection.recv())
            await connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            await connection.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
            )
            await connection.response.create(event_id="evt_client_1")
            async for event in connection:
                events.append(event)

    assert [type(event) for event in events] == [SessionCreatedEvent, ResponseTextDeltaEvent, ResponseDoneEvent]
    assert server.received == EXPECTED_CLIENT_EVENTS
    assert server.handshakes[0].path == "/v1/realtime?model=gpt-realtime"
    assert server.handshakes[0].headers["authorization"] == f"Bearer {SECRET}"


def test_send_accepts_an_event_model() -> None:
    from oai.types.realtime.input_audio_buffer_clear_event import InputAudioBufferClearEvent

    with (
        scripted_server([("expect", 1), ("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
    ):
        connection.send(InputAudioBufferClearEvent(type="input_audio_buffer.clear", event_id="e9"))
        assert list(connection) == []
    assert server.received == [{"type": "input_audio_buffer.clear", "event_id": "e9"}]


def test_event_that_does_not_fit_its_type_is_kept_with_invalid_status() -> None:
    misfit = {**DELTA, "delta": 42}
    with (
        scripted_server([("send", misfit), ("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
    ):
        event = connection.recv()
    assert isinstance(event, ResponseTextDeltaEvent)
    assert event.delta == 42  # kept as received
    assert event.json_fields.delta.status == "invalid"
    assert event.json_fields.item_id.status == "valid"


def test_event_of_an_unknown_type_is_kept_as_received() -> None:
    novel = {"type": "brand_new.event", "event_id": "ev_n", "payload": [1, 2]}
    with (
        scripted_server([("send", novel), ("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
    ):
        assert connection.recv() == novel


def test_server_error_event_is_a_typed_event_not_an_exception() -> None:
    error = {"type": "error", "event_id": "ev_e", "error": {"type": "invalid_request_error", "message": "bad"}}
    with (
        scripted_server([("send", error), ("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
    ):
        assert isinstance(connection.recv(), RealtimeErrorEvent)


def test_sync_dropped_connection_raises_instead_of_ending() -> None:
    with (
        scripted_server([("send", SESSION_CREATED), ("drop",)]) as server,
        _client(server.http_url).realtime.connect(model="m", max_retries=0) as connection,
    ):
        received: List[Any] = []
        with pytest.raises(oai.WebSocketConnectionClosedError) as info:
            for event in connection:
                received.append(event)
    assert len(received) == 1
    assert info.value.close_code == 1006
    assert "dropped" in str(info.value)


@pytest.mark.anyio
async def test_async_dropped_connection_raises_instead_of_ending() -> None:
    with scripted_server([("send", SESSION_CREATED), ("drop",)]) as server:
        async with _async_client(server.http_url).realtime.connect(model="m", max_retries=0) as connection:
            assert isinstance(await connection.recv(), SessionCreatedEvent)
            with pytest.raises(oai.WebSocketConnectionClosedError) as info:
                await connection.recv()
    assert info.value.close_code == 1006


def test_send_after_a_drop_raises_with_the_unsent_event() -> None:
    with (
        scripted_server([("send", SESSION_CREATED), ("drop",)]) as server,
        _client(server.http_url).realtime.connect(model="m", max_retries=0) as connection,
    ):
        connection.recv()
        with pytest.raises(oai.WebSocketConnectionClosedError):
            connection.recv()
        with pytest.raises(oai.WebSocketConnectionClosedError) as info:
            connection.response.create()
    assert info.value.unsent_messages == ['{"type":"response.create"}']


def test_server_closing_with_an_error_code_raises() -> None:
    with (
        scripted_server([("close", 1008, "policy violation")]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
        pytest.raises(oai.WebSocketConnectionClosedError) as info,
    ):
        list(connection)
    assert info.value.close_code == 1008
    assert "policy violation" in str(info.value)


def test_sync_reconnects_after_a_drop_with_the_hook_overrides_and_flushes_queued_events() -> None:
    first = [("send", SESSION_CREATED), ("drop",)]
    second = [("expect", 1), ("send", DONE), ("close", 1000)]
    seen: List[oai.ReconnectingEvent] = []
    with scripted_server(first, second) as server:
        client = _client(server.http_url)

        def on_reconnecting(event: oai.ReconnectingEvent) -> oai.ReconnectingOverrides:
            seen.append(event)
            connection.input_audio_buffer.clear()  # queued until the new connection is open
            return {"extra_query": {**event.extra_query, "resume": "1"}}

        manager = client.realtime.connect(
            model="m", initial_delay=0.01, max_delay=0.01, on_reconnecting=on_reconnecting
        )
        with manager as connection:
            events = list(connection)

    assert [type(event) for event in events] == [SessionCreatedEvent, ResponseDoneEvent]
    assert [(e.attempt, e.close_code, e.delay) for e in seen] == [(1, 1006, 0.01)]
    assert server.handshakes[1].path == "/v1/realtime?model=m&resume=1"
    assert server.received == [{"type": "input_audio_buffer.clear"}]


@pytest.mark.anyio
async def test_async_reconnects_after_a_drop() -> None:
    first = [("send", SESSION_CREATED), ("drop",)]
    second = [("send", DONE), ("close", 1000)]
    with scripted_server(first, second) as server:
        manager = _async_client(server.http_url).realtime.connect(model="m", initial_delay=0.01, max_delay=0.01)
        async with manager as connection:
            events = [event async for event in connection]
    assert [type(event) for event in events] == [SessionCreatedEvent, ResponseDoneEvent]
    assert len(server.handshakes) == 2


def test_reconnection_gives_up_after_max_retries_failed_handshakes() -> None:
    busy = [("reject", 503)]
    with scripted_server([("drop",)], busy, busy) as server:
        manager = _client(server.http_url).realtime.connect(model="m", max_retries=2, initial_delay=0, max_delay=0)
        with manager as connection, pytest.raises(oai.WebSocketConnectionClosedError) as info:
            connection.recv()
    assert "2 reconnection attempt(s) failed" in str(info.value)
    assert len(server.handshakes) == 3


def test_on_reconnecting_abort_stops_reconnecting() -> None:
    with scripted_server([("drop",)]) as server:
        manager = _client(server.http_url).realtime.connect(model="m", on_reconnecting=lambda event: {"abort": True})
        with manager as connection, pytest.raises(oai.WebSocketConnectionClosedError):
            connection.recv()
    assert len(server.handshakes) == 1


def test_refused_handshake_raises_the_status_error_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        scripted_server(reject_status=401) as server,
        pytest.raises(oai.AuthenticationError) as info,
        _client(server.http_url).realtime.connect(model="m"),
    ):
        pass
    assert info.value.status_code == 401
    assert "Incorrect API key provided" in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert SECRET not in _client_log(caplog)


def test_unreachable_server_raises_connection_error() -> None:
    with scripted_server() as server:
        url = server.http_url
    with pytest.raises(oai.APIConnectionError), _client(url).realtime.connect(model="m"):
        pass


def test_key_never_appears_in_handshake_logs_or_reprs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with scripted_server([("close", 1000)]) as server:
        client = _client(server.http_url)
        manager = client.realtime.connect(model="m")
        with manager as connection:
            list(connection)
            texts = [repr(manager), repr(connection), repr(client)]
    assert "Authorization: <redacted>" in _client_log(caplog)  # the handshake was logged ...
    assert SECRET not in _client_log(caplog)  # ... with the credential redacted
    assert all(SECRET not in text for text in texts)


def test_websocket_base_url_replaces_the_base_url() -> None:
    with scripted_server([("close", 1000)]) as server:
        client = oai.OpenAI(
            api_key=SECRET, base_url="https://unused.example", websocket_base_url=f"ws://127.0.0.1:{server.port}/ws"
        )
        with client.realtime.connect(model="m", extra_query={"x": "1"}, extra_headers={"X-Extra": "y"}) as connection:
            list(connection)
    assert server.handshakes[0].path == "/ws/realtime?model=m&x=1"
    assert server.handshakes[0].headers["x-extra"] == "y"


def test_websocket_url_maps_https_to_wss_and_keeps_default_query() -> None:
    from oai.lib.realtime.target import sync_target

    client = oai.OpenAI(api_key=SECRET, base_url="https://api.example.test/v1", default_query={"tenant": "t"})
    target = sync_target(client, path="/realtime", query={"model": "m", "call_id": oai.omit}, extra_headers={})
    assert target.url == "wss://api.example.test/v1/realtime?tenant=t&model=m"
    assert SECRET not in repr(target)


def test_call_id_is_sent_in_the_query() -> None:
    with (
        scripted_server([("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(call_id="rtc_1") as connection,
    ):
        list(connection)
    assert server.handshakes[0].path == "/v1/realtime?call_id=rtc_1"


def test_beta_realtime_sends_the_beta_header_and_parses_beta_events() -> None:
    from oai.types.beta.realtime.response_text_delta_event import ResponseTextDeltaEvent as BetaDelta

    beta_delta = {**DELTA}
    with (
        scripted_server([("expect", 1), ("send", beta_delta), ("close", 1000)]) as server,
        _client(server.http_url).beta.realtime.connect(model="gpt-4o-realtime-preview") as connection,
    ):
        connection.transcription_session.update(session={"input_audio_format": "pcm16"})
        events = list(connection)
    assert [type(event) for event in events] == [BetaDelta]
    assert server.handshakes[0].headers["openai-beta"] == "realtime=v1"
    assert server.received == [{"type": "transcription_session.update", "session": {"input_audio_format": "pcm16"}}]


@pytest.mark.anyio
async def test_async_beta_realtime_drop_raises() -> None:
    with scripted_server([("drop",)]) as server:
        async with _async_client(server.http_url).beta.realtime.connect(model="m") as connection:
            with pytest.raises(oai.WebSocketConnectionClosedError):
                await connection.recv()


def test_azure_realtime_names_the_deployment_and_sends_the_api_key() -> None:
    with scripted_server([("close", 1000)]) as server:
        client = AzureOpenAI(
            azure_endpoint=f"http://127.0.0.1:{server.port}", api_version="2025-04-01-preview", api_key="azure-key-1"
        )
        with client.realtime.connect(model="my-deployment") as connection:
            list(connection)
    handshake = server.handshakes[0]
    assert handshake.path == "/openai/realtime?api-version=2025-04-01-preview&deployment=my-deployment"
    assert handshake.headers["api-key"] == "azure-key-1"
    assert "authorization" not in handshake.headers


@pytest.mark.anyio
async def test_async_azure_realtime_awaits_the_token_provider() -> None:
    from oai.lib.azure import AsyncAzureOpenAI

    async def token() -> str:
        return "entra-token"

    with scripted_server([("close", 1000)]) as server:
        client = AsyncAzureOpenAI(
            azure_endpoint=f"http://127.0.0.1:{server.port}", api_version="v1", azure_ad_token_provider=token
        )
        async with client.realtime.connect(model="dep") as connection:
            assert [event async for event in connection] == []
    assert server.handshakes[0].headers["authorization"] == "Bearer entra-token"


def test_azure_realtime_without_model_is_refused() -> None:
    client = AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="v1", api_key="k")
    with pytest.raises(oai.OpenAIError, match="`model` is required"):
        client.realtime.connect()


def test_importing_oai_does_not_import_websockets() -> None:
    code = (
        "import sys, oai\n"
        "oai.OpenAI(api_key='k').realtime.connect\n"
        "oai.WebSocketConnectionClosedError, oai.ReconnectingEvent\n"
        "assert 'websockets' not in sys.modules, 'websockets imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_sync_and_async_twins_have_the_same_public_api() -> None:
    import inspect

    from oai.lib.realtime import connect
    from oai.lib.realtime.connection import AsyncWebSocketConnection, WebSocketConnection

    def public(cls: type) -> dict[str, inspect.Signature]:
        return {name: inspect.signature(value) for name, value in vars(cls).items() if not name.startswith("_")}

    assert public(WebSocketConnection) == public(AsyncWebSocketConnection)
    for sync_name in ("RealtimeHelpers", "BetaRealtimeHelpers", "ResponsesConnectHelpers", "BetaResponsesHelpers"):
        sync, twin = getattr(connect, sync_name), getattr(connect, f"Async{sync_name}")
        assert inspect.signature(sync.connect).parameters == inspect.signature(twin.connect).parameters


def test_send_refuses_what_is_not_an_event_naming_the_parameter() -> None:
    with (
        scripted_server([("close", 1000)]) as server,
        _client(server.http_url).realtime.connect(model="m") as connection,
        pytest.raises(TypeError, match="`event` must be a client event model or a dict, got str"),
    ):
        connection.send('{"type": "response.create"}')  # type: ignore[arg-type]


def test_with_options_keeps_websocket_base_url() -> None:
    client = oai.OpenAI(api_key=SECRET, websocket_base_url="ws://127.0.0.1:1/ws")
    assert client.with_options(max_retries=0).websocket_base_url == "ws://127.0.0.1:1/ws"
    assert oai.OpenAI(api_key=SECRET).with_options(timeout=1).websocket_base_url is None
