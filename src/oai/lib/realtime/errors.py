"""The errors of WebSocket connections; like every `oai` error they never carry credentials."""

from __future__ import annotations

from typing import List, Optional

from ..._exceptions import OpenAIError

__all__ = ["WebSocketConnectionClosedError", "WebSocketQueueFullError"]


class WebSocketConnectionClosedError(OpenAIError):
    """The WebSocket connection closed unexpectedly (dropped, refused or out of reconnection
    attempts). Events `send()` had queued but could not deliver are in `unsent_messages`.

    A connection closed normally (code 1000, or by `close()`) ends iteration instead.
    """

    unsent_messages: List[str]
    """The JSON text of each client event that was never sent, oldest first."""

    close_code: Optional[int]
    """The close code of the connection, when the server or the network gave one."""

    def __init__(self, message: str, *, unsent_messages: List[str], close_code: Optional[int] = None) -> None:
        super().__init__(message)
        self.unsent_messages = unsent_messages
        self.close_code = close_code


class WebSocketQueueFullError(OpenAIError):
    """`send()` was called while reconnecting and the queue of unsent events would exceed
    `max_queue_size` bytes."""
