"""The Responses API over a persistent WebSocket (`client.responses.connect()`,
`client.beta.responses.connect()`): `response.create` client events in, response stream events
out. Loaded on the first `connect()` (see `connect`), as it imports the server event unions."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Optional

from ...types.beta.beta_responses_client_event import BetaResponsesClientEvent
from ...types.beta.beta_responses_server_event import BetaResponsesServerEvent
from ...types.responses.responses_client_event import ResponsesClientEvent
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

__all__ = [
    "AsyncBetaResponsesConnection",
    "AsyncBetaResponsesConnectionManager",
    "AsyncResponsesConnection",
    "AsyncResponsesConnectionManager",
    "BetaResponsesConnection",
    "BetaResponsesConnectionManager",
    "ResponsesConnection",
    "ResponsesConnectionManager",
    "async_beta_responses_manager",
    "async_responses_manager",
    "beta_responses_manager",
    "responses_manager",
]

OnReconnecting = Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]


class ResponsesConnection(WebSocketConnection[ResponsesServerEvent, ResponsesClientEvent]):
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


class AsyncResponsesConnection(AsyncWebSocketConnection[ResponsesServerEvent, ResponsesClientEvent]):
    """A live Responses API WebSocket connection (async)."""

    _event_type = ResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class BetaResponsesConnection(WebSocketConnection[BetaResponsesServerEvent, BetaResponsesClientEvent]):
    """A live beta Responses API WebSocket connection (sync)."""

    _event_type = BetaResponsesServerEvent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response = ResponsesResponseResource(self.send)


class AsyncBetaResponsesConnection(AsyncWebSocketConnection[BetaResponsesServerEvent, BetaResponsesClientEvent]):
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


def _sync_opener(client: OpenAI, options: WebSocketConnectionOptions) -> SyncOpener:
    def open_connection(query: Query, headers: Headers) -> ClientConnection:
        return open_sync(sync_target(client, path="/responses", query=query, extra_headers=headers), options)

    return open_connection


def _async_opener(client: AsyncOpenAI, options: WebSocketConnectionOptions) -> AsyncOpener:
    async def open_connection(query: Query, headers: Headers) -> AsyncClientConnection:
        target = await async_target(client, path="/responses", query=query, extra_headers=headers)
        return await open_async(target, options)

    return open_connection


def responses_manager(
    client: OpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> ResponsesConnectionManager:
    """The manager `client.responses.connect()` returns."""
    opener = _sync_opener(client, options)
    return ResponsesConnectionManager(functools.partial(ResponsesConnection, opener, policy, queue))


def async_responses_manager(
    client: AsyncOpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> AsyncResponsesConnectionManager:
    """The manager `client.responses.connect()` returns on `AsyncOpenAI`."""
    opener = _async_opener(client, options)

    async def open_connection() -> AsyncResponsesConnection:
        return AsyncResponsesConnection(await opener(policy.extra_query, policy.extra_headers), opener, policy, queue)

    return AsyncResponsesConnectionManager(open_connection)


def beta_responses_manager(
    client: OpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> BetaResponsesConnectionManager:
    """The manager `client.beta.responses.connect()` returns."""
    opener = _sync_opener(client, options)
    return BetaResponsesConnectionManager(functools.partial(BetaResponsesConnection, opener, policy, queue))


def async_beta_responses_manager(
    client: AsyncOpenAI, policy: ReconnectPolicy, queue: SendQueue, options: WebSocketConnectionOptions
) -> AsyncBetaResponsesConnectionManager:
    """The manager `client.beta.responses.connect()` returns on `AsyncOpenAI`."""
    opener = _async_opener(client, options)

    async def open_connection() -> AsyncBetaResponsesConnection:
        return AsyncBetaResponsesConnection(
            await opener(policy.extra_query, policy.extra_headers), opener, policy, queue
        )

    return AsyncBetaResponsesConnectionManager(open_connection)
