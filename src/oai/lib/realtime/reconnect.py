"""When and how a dropped WebSocket connection reconnects, and the queue of events sent
meanwhile. Pure decisions: it never sleeps, connects or sends (the connections do)."""

from __future__ import annotations

import dataclasses
from collections import deque
from typing import Callable, Deque, List, Optional

from .errors import WebSocketConnectionClosedError, WebSocketQueueFullError
from .options import Headers, Query, ReconnectingEvent, ReconnectingOverrides

__all__ = [
    "DEFAULT_INITIAL_DELAY",
    "DEFAULT_MAX_DELAY",
    "DEFAULT_MAX_QUEUE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "NORMAL_CLOSURE",
    "ReconnectPolicy",
    "SendQueue",
    "is_recoverable_close",
]

DEFAULT_MAX_RETRIES = 5
DEFAULT_INITIAL_DELAY = 0.5
DEFAULT_MAX_DELAY = 8.0
DEFAULT_MAX_QUEUE_SIZE = 1024 * 1024  # bytes of unsent events

NORMAL_CLOSURE = 1000
ABNORMAL_CLOSURE = 1006  # no close frame: the network or the server went away

# RFC 6455 section 7.4.1: the codes worth another attempt (going away, no status, abnormal,
# server error, service restart, try again later, TLS failure).
_RECOVERABLE_CLOSE_CODES = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})

OnReconnecting = Callable[[ReconnectingEvent], Optional[ReconnectingOverrides]]


def is_recoverable_close(code: int) -> bool:
    """Whether a connection closed with `code` is worth reconnecting."""
    return code in _RECOVERABLE_CLOSE_CODES


@dataclasses.dataclass
class ReconnectPolicy:
    """The reconnection settings of one connection, and the query and headers it connects with
    (which `on_reconnecting` may replace)."""

    extra_query: Query
    extra_headers: Headers
    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = DEFAULT_INITIAL_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    on_reconnecting: Optional[OnReconnecting] = None

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"`max_retries` must be 0 or more, got {self.max_retries}")
        if self.initial_delay < 0:
            raise ValueError(f"`initial_delay` must be 0 or more seconds, got {self.initial_delay}")
        if self.max_delay < self.initial_delay:
            raise ValueError(
                f"`max_delay` ({self.max_delay}) must not be less than `initial_delay` ({self.initial_delay})"
            )

    def delay(self, attempt: int) -> float:
        """Exponential backoff from `initial_delay`, capped at `max_delay`."""
        return min(self.initial_delay * 2.0 ** (attempt - 1), self.max_delay)

    def next_attempt(self, close_code: int, attempt: int) -> Optional[ReconnectingEvent]:
        """The attempt to make after a close with `close_code`, or None to give up.

        Calls `on_reconnecting`, whose overrides replace the query and headers from here on.
        """
        if attempt > self.max_retries or not is_recoverable_close(close_code):
            return None
        event = ReconnectingEvent(
            attempt=attempt,
            max_attempts=self.max_retries,
            delay=self.delay(attempt),
            close_code=close_code,
            extra_query=self.extra_query,
            extra_headers=self.extra_headers,
        )
        if self.on_reconnecting is None:
            return event
        overrides = self.on_reconnecting(event)
        if overrides is None:
            return event
        if overrides.get("abort", False):
            return None
        self.extra_query = overrides.get("extra_query", self.extra_query)
        self.extra_headers = overrides.get("extra_headers", self.extra_headers)
        return dataclasses.replace(event, extra_query=self.extra_query, extra_headers=self.extra_headers)


class SendQueue:
    """Client events waiting for a new connection, bounded by their total size in bytes."""

    def __init__(self, max_size: int = DEFAULT_MAX_QUEUE_SIZE) -> None:
        if max_size <= 0:
            raise ValueError(f"`max_queue_size` must be a positive number of bytes, got {max_size}")
        self._max_size = max_size
        self._size = 0
        self._items: Deque[str] = deque()

    def __len__(self) -> int:
        return len(self._items)

    def put(self, data: str) -> None:
        size = len(data.encode())
        if self._size + size > self._max_size:
            raise WebSocketQueueFullError(
                f"Cannot queue a {size}-byte event while reconnecting: {self._size} of "
                f"`max_queue_size` {self._max_size} bytes are already waiting"
            )
        self._items.append(data)
        self._size += size

    def peek(self) -> Optional[str]:
        return self._items[0] if self._items else None

    def pop(self) -> None:
        self._size -= len(self._items.popleft().encode())

    def drain(self) -> List[str]:
        items = list(self._items)
        self._items.clear()
        self._size = 0
        return items


def closed_error(close_code: int, reason: str, queue: SendQueue, *, attempts: int) -> WebSocketConnectionClosedError:
    """The error raised when a connection ended and will not come back."""
    detail = f"code {close_code}" + (f", reason {reason!r}" if reason else "")
    if close_code == NORMAL_CLOSURE:
        message = f"The WebSocket connection was closed ({detail})"
    elif attempts:
        message = f"The WebSocket connection dropped ({detail}) and {attempts} reconnection attempt(s) failed"
    else:
        message = f"The WebSocket connection dropped ({detail})"
    unsent = queue.drain()
    if unsent:
        message += f"; {len(unsent)} event(s) were not sent"
    return WebSocketConnectionClosedError(message, unsent_messages=unsent, close_code=close_code)
