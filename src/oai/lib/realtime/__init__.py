"""Realtime and Responses over WebSocket: `client.realtime.connect()`,
`client.beta.realtime.connect()`, `client.responses.connect()` and
`client.beta.responses.connect()`.

Modules: `options` (public option types), `errors`, `reconnect` (pure reconnection policy),
`target` (URL and headers), `transport` (opening `websockets` connections), `connection`
(sync and async connections and managers), `senders`, `realtime`, `responses_connection`,
`beta_events`. `websockets` is an optional extra (`oai[realtime]`), imported only when a
connection opens.
"""

from __future__ import annotations

from .errors import WebSocketConnectionClosedError, WebSocketQueueFullError
from .options import ReconnectingEvent, ReconnectingOverrides, WebSocketConnectionOptions, WebsocketConnectionOptions

__all__ = [
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "WebSocketConnectionClosedError",
    "WebSocketConnectionOptions",
    "WebSocketQueueFullError",
    "WebsocketConnectionOptions",
]
