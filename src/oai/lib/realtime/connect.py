"""The `connect()` methods the generated resources inherit (`realtime`, `beta.realtime`,
`responses`, `beta.responses`): check the arguments, then build the
connection manager. Light on purpose: the connection modules, their event unions and
`websockets` load on the first `connect()`, not when a resource is first touched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Dict, Optional, cast

from ..._exceptions import OpenAIError
from ..._types import Omit, omit
from .options import Headers, Query, ReconnectingEvent, ReconnectingOverrides, WebSocketConnectionOptions
from .reconnect import (
    DEFAULT_INITIAL_DELAY,
    DEFAULT_MAX_DELAY,
    DEFAULT_MAX_QUEUE_SIZE,
    DEFAULT_MAX_RETRIES,
    ReconnectPolicy,
    SendQueue,
)

if TYPE_CHECKING:
    from ..._client import AsyncOpenAI, OpenAI
    from .realtime import (
        AsyncBetaRealtimeConnectionManager,
        AsyncRealtimeConnectionManager,
        BetaRealtimeConnectionManager,
        RealtimeConnectionManager,
    )
    from .responses_connection import (
        AsyncBetaResponsesConnectionManager,
        AsyncResponsesConnectionManager,
        BetaResponsesConnectionManager,
        ResponsesConnectionManager,
    )

__all__ = [
    "AsyncBetaRealtimeHelpers",
    "AsyncBetaResponsesHelpers",
    "AsyncRealtimeHelpers",
    "AsyncResponsesConnectHelpers",
    "BetaRealtimeHelpers",
    "BetaResponsesHelpers",
    "RealtimeHelpers",
    "ResponsesConnectHelpers",
]

OnReconnecting = Optional[Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]]


def _sync_client(resource: object) -> OpenAI:
    # These mixins are only ever bases of generated resources, which hold their client.
    return cast("OpenAI", getattr(resource, "_client"))  # noqa: B009 - the attribute is the resource's, not ours


def _async_client(resource: object) -> AsyncOpenAI:
    return cast("AsyncOpenAI", getattr(resource, "_client"))  # noqa: B009 - as `_sync_client`


def realtime_query(
    client: OpenAI | AsyncOpenAI, model: str | Omit, call_id: str | Omit, extra_query: Query | None
) -> Dict[str, object]:
    """The connection's query: `model` and `call_id` when given, then `extra_query`.

    Raises:
        OpenAIError: an Azure client without `model` (it names the deployment).
        TypeError: `model` or `call_id` is not a string.
    """
    from ..azure import AsyncAzureClient, AzureClient

    for name, value in (("model", model), ("call_id", call_id)):
        if not isinstance(value, (str, Omit)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"`{name}` must be a string, got {type(value).__name__}")
    is_azure = isinstance(client, (AzureClient, AsyncAzureClient))
    if is_azure and isinstance(model, Omit) and "/deployments/" not in client.base_url.path:
        raise OpenAIError("`model` is required for the Azure Realtime API: it names the deployment")
    return {"model": model, "call_id": call_id, **(extra_query or {})}


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

        ```py
        with client.realtime.connect(model="gpt-realtime") as connection:
            connection.response.create()
            for event in connection: ...
        ```

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
            A context manager that opens the connection on `with` and closes it on exit.

        Raises:
            ValueError: a reconnection setting is out of range.
        """
        from .realtime import realtime_manager

        client = _sync_client(self)
        query = realtime_query(client, model, call_id, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting)
        return realtime_manager(client, policy, SendQueue(max_queue_size), websocket_connection_options or {})


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
        """Open a Realtime API session over a WebSocket; the arguments of `Realtime.connect`.

        Returns:
            An async context manager: `async with client.realtime.connect(model=...) as connection:`.
        """
        from .realtime import async_realtime_manager

        client = _async_client(self)
        query = realtime_query(client, model, call_id, extra_query)
        policy = ReconnectPolicy(query, extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting)
        return async_realtime_manager(client, policy, SendQueue(max_queue_size), websocket_connection_options or {})


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
        """Open a beta Realtime API session (`OpenAI-Beta: realtime=v1`). It does not reconnect
        (as the official beta): a drop raises `WebSocketConnectionClosedError`.

        Args:
            model: the realtime model (on Azure: the deployment).
            extra_query: more query parameters for the WebSocket URL.
            extra_headers: more handshake headers.
            websocket_connection_options: passed to `websockets`' `connect()`.
        """
        from .realtime import beta_realtime_manager

        client = _sync_client(self)
        policy = ReconnectPolicy(realtime_query(client, model, omit, extra_query), extra_headers or {}, max_retries=0)
        return beta_realtime_manager(client, policy, SendQueue(), websocket_connection_options or {})


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
        """Open a beta Realtime API session; the arguments of the sync `beta.realtime.connect`."""
        from .realtime import async_beta_realtime_manager

        client = _async_client(self)
        policy = ReconnectPolicy(realtime_query(client, model, omit, extra_query), extra_headers or {}, max_retries=0)
        return async_beta_realtime_manager(client, policy, SendQueue(), websocket_connection_options or {})


class ResponsesConnectHelpers:
    """`connect()` of the generated sync `Responses` resource (`extends` in sdkforge.yml)."""

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
        """Open a Responses API WebSocket (needs `pip install 'oai[realtime]'`): send
        `response.create` events with `connection.response.create(...)` and iterate the events.

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

        Returns:
            A context manager that opens the connection on `with` and closes it on exit.
        """
        from .responses_connection import responses_manager

        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        return responses_manager(
            _sync_client(self), policy, SendQueue(max_queue_size), websocket_connection_options or {}
        )


class AsyncResponsesConnectHelpers:
    """`connect()` of the generated `AsyncResponses` resource (`extends` in sdkforge.yml)."""

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
        """Open a Responses API WebSocket; the arguments of the sync `responses.connect`."""
        from .responses_connection import async_responses_manager

        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        return async_responses_manager(
            _async_client(self), policy, SendQueue(max_queue_size), websocket_connection_options or {}
        )


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
        """Open a beta Responses API WebSocket; the arguments of `responses.connect`."""
        from .responses_connection import beta_responses_manager

        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        return beta_responses_manager(
            _sync_client(self), policy, SendQueue(max_queue_size), websocket_connection_options or {}
        )


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
        """Open a beta Responses API WebSocket; the arguments of `responses.connect`."""
        from .responses_connection import async_beta_responses_manager

        policy = ReconnectPolicy(
            dict(extra_query or {}), extra_headers or {}, max_retries, initial_delay, max_delay, on_reconnecting
        )
        return async_beta_responses_manager(
            _async_client(self), policy, SendQueue(max_queue_size), websocket_connection_options or {}
        )
