"""`client.responses.connect()` and `client.beta.responses.connect()`: the Responses API over a
persistent WebSocket (`response.create` client events in, response stream events out), with
the mixins the generated `responses` resources inherit."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from ...types.beta.beta_responses_server_event import BetaResponsesServerEvent
from ...types.responses.responses_server_event import ResponsesServerEvent
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
from .senders import ResponsesResponseResource
from .target import async_target, sync_target
from .transport import open_async, open_sync

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as AsyncClientConnection
    from websockets.sync.client import ClientConnection

    from ..._client import AsyncOpenAI, OpenAI
    from ..._resource import AsyncAPIResource, SyncAPIResource

__all__ = [
    "AsyncBetaResponsesConnection",
    "AsyncBetaResponsesConnectionManager",
    "AsyncBetaResponsesHelpers",
    "AsyncResponsesConnection",
    "AsyncResponsesConnectionManager",
    "AsyncResponsesConnectHelpers",
    "BetaResponsesConnection",
    "BetaResponsesConnectionManager",
    "BetaResponsesHelpers",
    "ResponsesConnection",
    "ResponsesConnectionManager",
    "ResponsesConnectHelpers",
]

OnReconnecting = Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]


class ResponsesConnection(WebSocketConnection[ResponsesServerEvent]):
    """A live Responses API WebSocket connection (sync).

    ```py
    with client.responses.connect() as connection:
        connection.response.create(model="gpt-5.5", input="Say hello.")
        for event in connection:
            if event.type == "response.output_text.delta":
                print(event.delta, end="")
            elif event.type == "response.completed":
                break
    ```
    """

    _event_type = ResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class AsyncResponsesConnection(AsyncWebSocketConnection[ResponsesServerEvent]):
    """A live Responses API WebSocket connection (async)."""

    _event_type = ResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class BetaResponsesConnection(WebSocketConnection[BetaResponsesServerEvent]):
    """A live beta Responses API WebSocket connection (sync)."""

    _event_type = BetaResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class AsyncBetaResponsesConnection(AsyncWebSocketConnection[BetaResponsesServerEvent]):
    """A live beta Responses API WebSocket connection (async)."""

    _event_type = BetaResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class ResponsesConnectionManager(ConnectionManager[ResponsesConnection]):
    """Returned by `client.responses.connect()`: `with` opens the connection and closes it."""


class AsyncResponsesConnectionManager(AsyncConnectionManager[AsyncResponsesConnection]):
    """Returned by `client.responses.connect()` on `AsyncOpenAI`: use `async with`."""


class BetaResponsesConnectionManager(ConnectionManager[BetaResponsesConnection]):
    """Returned by `client.beta.responses.connect()`."""


class AsyncBetaResponsesConnectionManager(AsyncConnectionManager[AsyncBetaResponsesConnection]):
    """Returned by `client.beta.responses.connect()` on `AsyncOpenAI`."""


def _sync_opener(resource: object, options: WebSocketConnectionOptions | None) -> SyncOpener:
    client = cast("OpenAI", cast("SyncAPIResource", resource)._client)  # only a base of a generated resource
    connection_options = options or {}

    def open_connection(query: Query, headers: Headers) -> ClientConnection:
        return open_sync(sync_target(client, path="/responses", query=query, extra_headers=headers), connection_options)

    return open_connection


def _async_opener(resource: object, options: WebSocketConnectionOptions | None) -> AsyncOpener:
    client = cast("AsyncOpenAI", cast("AsyncAPIResource", resource)._client)  # only a base of a generated resource
    connection_options = options or {}

    async def open_connection(query: Query, headers: Headers) -> AsyncClientConnection:
        target = await async_target(client, path="/responses", query=query, extra_headers=headers)
        return await open_async(target, connection_options)

    return open_connection


_CONNECT_DOC = """Open a Responses API WebSocket (needs `pip install 'oai[realtime]'`): send
        `response.create` events with `connection.response.create(...)`, iterate the events.

        Args:
            extra_query: more query parameters for the WebSocket URL.
            extra_headers: more handshake headers (`omit` removes a default one).
            websocket_connection_options: passed to `websockets`' `connect()`.
            on_reconnecting: called before each reconnection; may return new query or
                headers, or `{"abort": True}`.
            max_retries: reconnection attempts after a recoverable drop (0 turns it off).
            initial_delay: seconds before the first attempt; doubles each attempt.
            max_delay: the longest wait between attempts, in seconds.
            max_queue_size: bytes of events `send()` may queue while reconnecting.
        """


class ResponsesConnectHelpers:
    """`connect()` for the generated sync `Responses` resource (through `ResponsesHelpers`)."""

    def connect(
        self,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> ResponsesConnectionManager:
        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        opener = _sync_opener(self, websocket_connection_options)
        return ResponsesConnectionManager(
            functools.partial(ResponsesConnection, opener, policy, SendQueue(max_queue_size))
        )

    connect.__doc__ = _CONNECT_DOC


class AsyncResponsesConnectHelpers:
    """`connect()` for the generated `AsyncResponses` resource (through `AsyncResponsesHelpers`)."""

    def connect(
        self,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> AsyncResponsesConnectionManager:
        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        opener = _async_opener(self, websocket_connection_options)
        queue = SendQueue(max_queue_size)

        async def open_connection() -> AsyncResponsesConnection:
            return AsyncResponsesConnection(
                await opener(policy.extra_query, policy.extra_headers), opener, policy, queue
            )

        return AsyncResponsesConnectionManager(open_connection)

    connect.__doc__ = _CONNECT_DOC


class BetaResponsesHelpers:
    """`connect()`, inherited first by the generated sync `beta.responses` resource."""

    def connect(
        self,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> BetaResponsesConnectionManager:
        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        opener = _sync_opener(self, websocket_connection_options)
        return BetaResponsesConnectionManager(
            functools.partial(BetaResponsesConnection, opener, policy, SendQueue(max_queue_size))
        )

    connect.__doc__ = _CONNECT_DOC


class AsyncBetaResponsesHelpers:
    """`connect()`, inherited first by the generated async `beta.responses` resource."""

    def connect(
        self,
        extra_query: Query | None = None,
        extra_headers: Headers | None = None,
        websocket_connection_options: WebSocketConnectionOptions | None = None,
        on_reconnecting: OnReconnecting = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_queue_size: int = DEFAULT_MAX_QUEUE_SIZE,
    ) -> AsyncBetaResponsesConnectionManager:
        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        opener = _async_opener(self, websocket_connection_options)
        queue = SendQueue(max_queue_size)

        async def open_connection() -> AsyncBetaResponsesConnection:
            return AsyncBetaResponsesConnection(
                await opener(policy.extra_query, policy.extra_headers), opener, policy, queue
            )

        return AsyncBetaResponsesConnectionManager(open_connection)

    connect.__doc__ = _CONNECT_DOC
