"""`client.realtime.connect()` and `client.beta.realtime.connect()`: the Realtime API over a
WebSocket, as connections with the official resource-style senders, their context managers,
and the mixins the generated `realtime` resources inherit (`connect`)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, cast

from ..._exceptions import OpenAIError
from ..._types import Omit, omit
from ...types.realtime.realtime_server_event import RealtimeServerEvent
from .beta_events import BetaRealtimeServerEvent
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
    DEFAULT_INITIAL_DELAY,
    DEFAULT_MAX_DELAY,
    DEFAULT_MAX_QUEUE_SIZE,
    DEFAULT_MAX_RETRIES,
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
    from ..._resource import AsyncAPIResource, SyncAPIResource

__all__ = [
    "AsyncBetaRealtimeConnection",
    "AsyncBetaRealtimeConnectionManager",
    "AsyncBetaRealtimeHelpers",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "AsyncRealtimeHelpers",
    "BetaRealtimeConnection",
    "BetaRealtimeConnectionManager",
    "BetaRealtimeHelpers",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "RealtimeHelpers",
]

OnReconnecting = Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]
_BETA_HEADERS = {"OpenAI-Beta": "realtime=v1"}


class RealtimeConnection(WebSocketConnection[RealtimeServerEvent]):
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


class AsyncRealtimeConnection(AsyncWebSocketConnection[RealtimeServerEvent]):
    """A live Realtime API connection (async); `await` each sender, `async for` the events."""

    _event_type = RealtimeServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = RealtimeSessionResource(self.send)
        self.response = RealtimeResponseResource(self.send)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self.send)
        self.conversation = RealtimeConversationResource(self.send)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self.send)


class BetaRealtimeConnection(WebSocketConnection[BetaRealtimeServerEvent]):
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


class AsyncBetaRealtimeConnection(AsyncWebSocketConnection[BetaRealtimeServerEvent]):
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


def realtime_query(
    client: object, model: str | Omit, call_id: str | Omit, extra_query: Query | None
) -> Dict[str, object]:
    """The connection's query: `model` and `call_id` when given, then `extra_query`."""
    from ..azure import AsyncAzureClient, AzureClient

    if isinstance(client, (AzureClient, AsyncAzureClient)) and isinstance(model, Omit):
        if "/deployments/" not in client.base_url.path:
            raise OpenAIError("`model` is required for the Azure Realtime API: it names the deployment")
    if not isinstance(model, (str, Omit)):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"`model` must be a string, got {type(model).__name__}")
    return {"model": model, "call_id": call_id, **(extra_query or {})}


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


class RealtimeHelpers:
    """`connect()`, inherited first by the generated sync `Realtime` resource."""

    def connect(
        self,
        *,
        call_id: str | Omit = omit,
        model: str | Omit = omit,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> RealtimeConnectionManager:
        """Open a Realtime API session over a WebSocket (needs `pip install 'oai[realtime]'`).

        Args:
            call_id: attach to a call started over SIP or WebRTC instead of a new session.
            model: the realtime model (on Azure: the deployment).
            extra_query: more query parameters for the WebSocket URL.
            extra_headers: more handshake headers (`omit` removes a default one).
            websocket_connection_options: passed to `websockets`' `connect()`.
            on_reconnecting: called before each reconnection; may return new query or
                headers, or `{"abort": True}`.
            max_retries: reconnection attempts after a recoverable drop (0 turns it off).
            initial_delay: seconds before the first attempt; doubles each attempt.
            max_delay: the longest wait between attempts, in seconds.
            max_queue_size: bytes of events `send()` may queue while reconnecting.

        Returns:
            A context manager: `with client.realtime.connect(model=...) as connection:`.
        """
        client = cast("OpenAI", cast("SyncAPIResource", self)._client)  # only a base of the generated `Realtime`
        query = realtime_query(client, model, call_id, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting)
        queue = SendQueue(max_queue_size)
        opener = _sync_opener(client, websocket_connection_options or {}, None)
        return RealtimeConnectionManager(functools.partial(RealtimeConnection, opener, policy, queue))


class AsyncRealtimeHelpers:
    """`connect()`, inherited first by the generated `AsyncRealtime` resource."""

    def connect(
        self,
        *,
        call_id: str | Omit = omit,
        model: str | Omit = omit,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> AsyncRealtimeConnectionManager:
        """Open a Realtime API session over a WebSocket; see `Realtime.connect`.

        Returns:
            An async context manager: `async with client.realtime.connect(model=...) as connection:`.
        """
        client = cast("AsyncOpenAI", cast("AsyncAPIResource", self)._client)  # only a base of `AsyncRealtime`
        query = realtime_query(client, model, call_id, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting)
        queue = SendQueue(max_queue_size)
        opener = _async_opener(client, websocket_connection_options or {}, None)

        async def open_connection() -> AsyncRealtimeConnection:
            return AsyncRealtimeConnection(
                await opener(policy.extra_query, policy.extra_headers), opener, policy, queue
            )

        return AsyncRealtimeConnectionManager(open_connection)


class BetaRealtimeHelpers:
    """`connect()`, inherited first by the generated sync `beta.realtime` resource."""

    def connect(
        self,
        *,
        model: str,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
    ) -> BetaRealtimeConnectionManager:
        """Open a beta Realtime API session (`OpenAI-Beta: realtime=v1`). A dropped connection
        raises `WebSocketConnectionClosedError` (no reconnection, as in the official beta).

        Args:
            model: the realtime model (on Azure: the deployment).
            extra_query: more query parameters for the WebSocket URL.
            extra_headers: more handshake headers.
            websocket_connection_options: passed to `websockets`' `connect()`.
        """
        client = cast("OpenAI", cast("SyncAPIResource", self)._client)  # only a base of the beta `Realtime`
        query = realtime_query(client, model, omit, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries=0)
        opener = _sync_opener(client, websocket_connection_options or {}, _BETA_HEADERS)
        return BetaRealtimeConnectionManager(functools.partial(BetaRealtimeConnection, opener, policy, SendQueue()))


class AsyncBetaRealtimeHelpers:
    """`connect()`, inherited first by the generated async `beta.realtime` resource."""

    def connect(
        self,
        *,
        model: str,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
    ) -> AsyncBetaRealtimeConnectionManager:
        """Open a beta Realtime API session; see `beta.realtime.connect`."""
        client = cast("AsyncOpenAI", cast("AsyncAPIResource", self)._client)  # only a base of the async beta `Realtime`
        query = realtime_query(client, model, omit, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries=0)
        opener = _async_opener(client, websocket_connection_options or {}, _BETA_HEADERS)

        async def open_connection() -> AsyncBetaRealtimeConnection:
            return AsyncBetaRealtimeConnection(
                await opener(policy.extra_query, policy.extra_headers), opener, policy, SendQueue()
            )

        return AsyncBetaRealtimeConnectionManager(open_connection)
