"""Public option types of WebSocket connections: `WebSocketConnectionOptions` (passed through
to `websockets`), `ReconnectingEvent` and `ReconnectingOverrides` (the `on_reconnecting` hook).

Plain data only: it must not import `websockets` at runtime (`import oai` never loads it).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple, Union

from typing_extensions import TypeAlias, TypedDict

from ..._types import Omit

if TYPE_CHECKING:
    from websockets.extensions import ClientExtensionFactory
    from websockets.typing import Subprotocol

__all__ = [
    "BetaRealtimeConnectParams",
    "Headers",
    "Query",
    "RealtimeConnectParams",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "WebSocketConnectionOptions",
    "WebsocketConnectionOptions",
]

Headers: TypeAlias = Mapping[str, Union[str, Omit]]
Query: TypeAlias = Mapping[str, object]


class WebSocketConnectionOptions(TypedDict, total=False):
    """Options handed to `websockets`' `connect()` as they are.

    See https://websockets.readthedocs.io/en/stable/reference/sync/client.html for each one.
    """

    extensions: Optional[Sequence[ClientExtensionFactory]]
    """Supported extensions, in the order they should be negotiated and run."""

    subprotocols: Optional[Sequence[Subprotocol]]
    """Supported subprotocols, most preferred first."""

    compression: Optional[str]
    """`"deflate"` (the default) or None to turn per-message compression off."""

    max_size: Optional[int]
    """Largest incoming message in bytes; None removes the limit."""

    max_queue: Union[int, None, Tuple[Union[int, None], Union[int, None]]]
    """High-water mark (or `(high, low)`) of the buffer of received frames."""

    write_limit: Union[int, Tuple[int, Union[int, None]]]
    """High-water mark (or `(high, low)`) of the write buffer in bytes (async connections only)."""


WebsocketConnectionOptions: TypeAlias = WebSocketConnectionOptions
"""The earlier spelling of `WebSocketConnectionOptions`, kept for imports written against it."""


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """What `on_reconnecting` is told before each reconnection attempt."""

    attempt: int
    """Which attempt this is, from 1."""

    max_attempts: int
    """How many attempts will be made at most (the connection's `max_retries`)."""

    delay: float
    """Seconds waited before this attempt connects."""

    close_code: int
    """The WebSocket close code that ended the previous connection."""

    extra_query: Query
    """The query parameters the attempt will use."""

    extra_headers: Headers
    """The extra headers the attempt will use."""


class ReconnectingOverrides(TypedDict, total=False):
    """What `on_reconnecting` may return to change the next attempt (or stop reconnecting)."""

    extra_query: Query
    """Replaces the query parameters from this attempt on."""

    extra_headers: Headers
    """Replaces the extra headers from this attempt on."""

    abort: bool
    """True stops reconnecting: the connection then raises `WebSocketConnectionClosedError`."""


class RealtimeConnectParams(TypedDict, total=False):
    """The query parameters `client.realtime.connect()` takes."""

    call_id: str
    """Attach to a call started over SIP or WebRTC."""

    model: str
    """The realtime model (on Azure: the deployment)."""


class BetaRealtimeConnectParams(TypedDict):
    """The query parameters `client.beta.realtime.connect()` takes (public as
    `oai.types.beta.realtime.RealtimeConnectParams`)."""

    model: str
    """The realtime model (on Azure: the deployment)."""
