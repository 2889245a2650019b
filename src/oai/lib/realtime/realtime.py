"""The Realtime API over a WebSocket (`client.realtime.connect()`, `client.beta.realtime.connect()`):
connections with the official resource-style senders, and their context managers. Loaded on
the first `connect()` (see `connect`), as it imports the server event unions."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

from ...types.realtime.realtime_client_event import RealtimeClientEvent
from ...types.realtime.realtime_server_event import RealtimeServerEvent
from .beta_events import BetaRealtimeClientEvent, BetaRealtimeServerEvent
from .connection import (
    AsyncConnectionManager,
    AsyncOpener,
    AsyncWebSocketConnection,
    ConnectionManager,
    SyncOpener,
    WebSocketConnection,
)
from .options import Headers, Query, ReconnectingEvent, ReconnectingOverrides, WebSocketConnectionOptions
from .reconnect import (
    ReconnectPolicy,
    SendQueue,
)
from .senders import (
    RealtimeConversationResource,
    RealtimeInputAudioBufferResource,
    RealtimeOutputAudioBufferResource,
    RealtimeResponseResource,
    RealtimeSessionResource,
    RealtimeTranscriptionSessionResource,
)
from .target import async_target, sync_target
from .transport import open_async, open_sync

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as AsyncClientConnection
    from websockets.sync.client import ClientConnection

    from ..._client import AsyncOpenAI, OpenAI

__all__ = [
    "AsyncBetaRealtimeConnection",
    "AsyncBetaRealtimeConnectionManager",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "BetaRealtimeConnection",
    "BetaRealtimeConnectionManager",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "async_beta_realtime_manager",
    "async_realtime_manager",
    "beta_realtime_manager",
    "realtime_manager",
]

OnReconnecting = Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]
_BETA_HEADERS = {"OpenAI-Beta": "realtime=v1"}


class RealtimeConnection(WebSocketConnection[RealtimeServerEvent, RealtimeClientEvent]):
    """A live Realtime API connection (sync).

    ```py
    with client.realtime.connect(model="gpt-realtime") as connection:
        connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        connection.conversation.item.create(item={"type": "message", "role": "user", "content": [...]})
        connection.response.create()
        for event in connection:
            if event.type == "response.output_text.delta":
                print(event.delta, end="")
            elif event.type == "response.done":
                break
    ```
    """

    _event_type = RealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = RealtimeSessionResource(self.send)
        self.response = RealtimeResponseResource(self.send)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self.send)
        self.conversation = RealtimeConversationResource(self.send)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self.send)


class AsyncRealtimeConnection(AsyncWebSocketConnection[RealtimeServerEvent, RealtimeClientEvent]):
    """A live Realtime API connection (async); `await` each sender, `async for` the events."""

    _event_type = RealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = RealtimeSessionResource(self.send)
        self.response = RealtimeResponseResource(self.send)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self.send)
        self.conversation = RealtimeConversationResource(self.send)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self.send)


class BetaRealtimeConnection(WebSocketConnection[BetaRealtimeServerEvent, BetaRealtimeClientEvent]):
    """A live connection to the beta Realtime API (sync; `OpenAI-Beta: realtime=v1`)."""

    _event_type = BetaRealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = RealtimeSessionResource(self.send)
        self.response = RealtimeResponseResource(self.send)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self.send)
        self.conversation = RealtimeConversationResource(self.send)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self.send)
        self.transcription_session = RealtimeTranscriptionSessionResource(self.send)


class AsyncBetaRealtimeConnection(AsyncWebSocketConnection[BetaRealtimeServerEvent, BetaRealtimeClientEvent]):
    """A live connection to the beta Realtime API (async)."""

    _event_type = BetaRealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = RealtimeSessionResource(self.send)
        self.response = RealtimeResponseResource(self.send)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self.send)
        self.conversation = RealtimeConversationResource(self.send)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self.send)
        self.transcription_session = RealtimeTranscriptionSessionResource(self.send)


class RealtimeConnectionManager(ConnectionManager[RealtimeConnection]):
    """Returned by `client.realtime.connect()`: `with` opens the connection and closes it."""


class AsyncRealtimeConnectionManager(AsyncConnectionManager[AsyncRealtimeConnection]):
    """Returned by `client.realtime.connect()` on `AsyncOpenAI`: use `async with`."""


class BetaRealtimeConnectionManager(ConnectionManager[BetaRealtimeConnection]):
    """Returned by `client.beta.realtime.connect()`."""


class AsyncBetaRealtimeConnectionManager(AsyncConnectionManager[AsyncBetaRealtimeConnection]):
    """Returned by `client.beta.realtime.connect()` on `AsyncOpenAI`."""


def _sync_opener(
    client: OpenAI, options: WebSocketConnectionOptions, protocol_headers: Dict[str, str] | None
) -> SyncOpener:
    def open_connection(query: Query, headers: Headers) -> ClientConnection:
        target = sync_target(
            client, path="/realtime", query=query, extra_headers=headers, protocol_headers=protocol_headers
        )
        return open_sync(target, options)

    return open_connection


def _async_opener(
    client: AsyncOpenAI, options: WebSocketConnectionOptions, protocol_headers: Dict[str, str] | None
) -> AsyncOpener:
    async def open_connection(query: Query, headers: Headers) -> AsyncClientConnection:
        target = await async_target(
            client, path="/realtime", query=query, extra_headers=headers, protocol_headers=protocol_headers
        )
        return await open_async(target, options)

    return open_connection


def realtime_manager(
    client: OpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> RealtimeConnectionManager:
    """The manager `client.realtime.connect()` returns."""
    opener = _sync_opener(client, options, None)
    return RealtimeConnectionManager(functools.partial(RealtimeConnection, opener, policy, queue))


def async_realtime_manager(
    client: AsyncOpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> AsyncRealtimeConnectionManager:
    """The manager `client.realtime.connect()` returns on `AsyncOpenAI`."""
    opener = _async_opener(client, options, None)

    async def open_connection() -> AsyncRealtimeConnection:
        return AsyncRealtimeConnection(await opener(policy.extra_query, policy.extra_headers), opener, policy, queue)

    return AsyncRealtimeConnectionManager(open_connection)


def beta_realtime_manager(
    client: OpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> BetaRealtimeConnectionManager:
    """The manager `client.beta.realtime.connect()` returns (`OpenAI-Beta: realtime=v1`)."""
    opener = _sync_opener(client, options, _BETA_HEADERS)
    return BetaRealtimeConnectionManager(functools.partial(BetaRealtimeConnection, opener, policy, queue))


def async_beta_realtime_manager(
    client: AsyncOpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> AsyncBetaRealtimeConnectionManager:
    """The manager `client.beta.realtime.connect()` returns on `AsyncOpenAI`."""
    opener = _async_opener(client, options, _BETA_HEADERS)

    async def open_connection() -> AsyncBetaRealtimeConnection:
        return AsyncBetaRealtimeConnection(
            await opener(policy.extra_query, policy.extra_headers), opener, policy, queue
        )

    return AsyncBetaRealtimeConnectionManager(open_connection)
