"""`WebSocketConnection`/`AsyncWebSocketConnection`: a live connection that sends client
events, yields typed server events, and reconnects after a recoverable drop (queuing what is
sent meanwhile). The concrete connections (realtime, responses) add their event types and
resource-style senders. Reconnection decisions live in `reconnect`; this module only waits.

A drop never ends iteration silently: it reconnects or raises `WebSocketConnectionClosedError`.
Only a normal closure (code 1000) or `close()` ends iteration.
"""

from __future__ import annotations

import asyncio
import threading
import time
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    Mapping,
    Optional,
    TypeVar,
    Union,
    cast,
)

import pydantic
import pydantic_core

from ..._exceptions import APIConnectionError, APIStatusError
from ..._models import validate_json
from ..._types import Omit
from .options import Headers, Query
from .reconnect import ABNORMAL_CLOSURE, NORMAL_CLOSURE, ReconnectPolicy, SendQueue, closed_error
from .transport import close_info

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as AsyncClientConnection
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import ClientConnection

__all__ = [
    "AsyncConnectionManager",
    "AsyncWebSocketConnection",
    "ConnectionManager",
    "WebSocketConnection",
    "encode_event",
]

EventT = TypeVar("EventT")
ClientEventT = TypeVar("ClientEventT")
ConnectionT = TypeVar("ConnectionT", bound="WebSocketConnection[Any, Any]")
AsyncConnectionT = TypeVar("AsyncConnectionT", bound="AsyncWebSocketConnection[Any, Any]")


SyncOpener = Callable[[Query, Headers], "ClientConnection"]
AsyncOpener = Callable[[Query, Headers], Awaitable["AsyncClientConnection"]]


def encode_event(event: object) -> str:
    """The JSON text of a client event: a model's fields as set (API names), or a dict without
    its `omit` values.

    Raises:
        TypeError: `event` is neither a model nor a mapping.
    """
    if isinstance(event, pydantic.BaseModel):
        return event.model_dump_json(by_alias=True, exclude_unset=True)
    if not isinstance(event, Mapping):
        raise TypeError(f"`event` must be a client event model or a dict, got {type(event).__name__}")
    items = cast(Mapping[str, object], event).items()  # a JSON object: str keys
    return pydantic_core.to_json({key: value for key, value in items if not isinstance(value, Omit)}).decode()


def _is_retryable_open_error(exc: Exception) -> bool:
    if isinstance(exc, APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, APIConnectionError)


class WebSocketConnection(Generic[EventT, ClientEventT]):
    """A live WebSocket connection (sync). Iterate it for server events; `send()` client events."""

    _event_type: Any = object  # the server event union; set by each concrete connection

    def __init__(
        self,
        opener: SyncOpener,
        policy: ReconnectPolicy,
        queue: SendQueue,
        *,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self._opener = opener
        self._policy = policy
        self._queue = queue
        self._sleep = sleep
        self._lock = threading.RLock()
        self._is_reconnecting = False
        self._is_closed_by_user = False
        self._last_close = (NORMAL_CLOSURE, "")
        self._connection = opener(policy.extra_query, policy.extra_headers)

    def __iter__(self) -> Iterator[EventT]:
        """Yield server events until the connection closes normally; a drop that cannot be
        recovered raises `WebSocketConnectionClosedError`."""
        while True:
            data = self._recv_or_none()
            if data is None:
                return
            yield self.parse_event(data)

    def recv(self) -> EventT:
        """Receive the next server event.

        Raises:
            WebSocketConnectionClosedError: the connection is closed (or dropped for good).
        """
        return self.parse_event(self.recv_bytes())

    def recv_bytes(self) -> bytes:
        """Receive the next message as it arrived (parse it with `parse_event`)."""
        data = self._recv_or_none()
        if data is None:
            raise closed_error(*self._last_close, self._queue, attempts=0)
        return data

    def send(self, event: ClientEventT | Mapping[str, object]) -> None:
        """Send a client event (a model or a dict); queued while the connection reconnects.

        Raises:
            WebSocketQueueFullError: reconnecting, and the queue is at `max_queue_size`.
            WebSocketConnectionClosedError: the connection is closed and will not come back.
        """
        data = encode_event(event)
        if self._is_reconnecting:
            self._queue.put(data)
            return
        connection = self._connection
        try:
            connection.send(data)
        except _connection_closed() as exc:
            with self._lock:
                self._queue.put(data)
                if not self._recover(connection, exc):
                    raise closed_error(*self._last_close, self._queue, attempts=0) from None

    def close(self, *, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        """Close the connection; iteration then ends."""
        self._is_closed_by_user = True
        self._connection.close(code=code, reason=reason)

    def parse_event(self, data: Union[str, bytes]) -> EventT:
        """Parse one message into a server event; an event that does not fit its type is kept
        as received, with the misfit fields marked `invalid` in `json_fields`."""
        result: EventT = validate_json(self._event_type, data)
        return result

    def _recv_or_none(self) -> Optional[bytes]:
        while True:
            connection = self._connection
            try:
                return connection.recv(decode=False)
            except _connection_closed() as exc:
                with self._lock:
                    if not self._recover(connection, exc):
                        return None

    def _recover(self, connection: ClientConnection, exc: ConnectionClosed) -> bool:
        """After `connection` closed: True once a connection is open again (queue flushed),
        False when it closed normally. Raises when it dropped for good. Holds the lock."""
        if self._connection is not connection:  # another thread already reconnected
            dropped = self._flush()
            return dropped is None or self._recover(self._connection, dropped)
        if self._is_closed_by_user:
            return False
        code, reason = self._last_close = close_info(exc)
        if code == NORMAL_CLOSURE and not self._queue:
            return False
        # `send()` queues while this runs (from other threads, tasks or `on_reconnecting`).
        self._is_reconnecting = True
        try:
            return self._reconnect(code, reason)
        finally:
            self._is_reconnecting = False

    def _reconnect(self, code: int, reason: str) -> bool:
        attempt = 0
        while True:
            attempt += 1
            plan = self._policy.next_attempt(code, attempt)
            if plan is None:
                raise closed_error(code, reason, self._queue, attempts=attempt - 1)
            try:
                self._sleep(plan.delay)
                self._connection = self._opener(plan.extra_query, plan.extra_headers)
            except (APIStatusError, APIConnectionError) as open_error:
                if not _is_retryable_open_error(open_error):
                    raise closed_error(code, reason, self._queue, attempts=attempt) from open_error
                code, reason = ABNORMAL_CLOSURE, ""
                continue
            dropped = self._flush()
            if dropped is None:
                return True
            code, reason = self._last_close = close_info(dropped)

    def _flush(self) -> Optional[ConnectionClosed]:
        while (data := self._queue.peek()) is not None:
            try:
                self._connection.send(data)
            except _connection_closed() as exc:
                return exc
            self._queue.pop()
        return None


class AsyncWebSocketConnection(Generic[EventT, ClientEventT]):
    """A live WebSocket connection (async); the async twin of `WebSocketConnection`."""

    _event_type: Any = object

    def __init__(
        self,
        connection: AsyncClientConnection,
        opener: AsyncOpener,
        policy: ReconnectPolicy,
        queue: SendQueue,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._opener = opener
        self._policy = policy
        self._queue = queue
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._is_reconnecting = False
        self._is_closed_by_user = False
        self._last_close = (NORMAL_CLOSURE, "")
        self._connection = connection

    async def __aiter__(self) -> AsyncIterator[EventT]:
        while True:
            data = await self._recv_or_none()
            if data is None:
                return
            yield self.parse_event(data)

    async def recv(self) -> EventT:
        """Receive the next server event; raises as `WebSocketConnection.recv`."""
        return self.parse_event(await self.recv_bytes())

    async def recv_bytes(self) -> bytes:
        """Receive the next message as it arrived (parse it with `parse_event`)."""
        data = await self._recv_or_none()
        if data is None:
            raise closed_error(*self._last_close, self._queue, attempts=0)
        return data

    async def send(self, event: ClientEventT | Mapping[str, object]) -> None:
        """Send a client event; raises as `WebSocketConnection.send`."""
        data = encode_event(event)
        if self._is_reconnecting:
            self._queue.put(data)
            return
        connection = self._connection
        try:
            await connection.send(data)
        except _connection_closed() as exc:
            async with self._lock:
                self._queue.put(data)
                if not await self._recover(connection, exc):
                    raise closed_error(*self._last_close, self._queue, attempts=0) from None

    async def close(self, *, code: int = NORMAL_CLOSURE, reason: str = "") -> None:
        """Close the connection; iteration then ends."""
        self._is_closed_by_user = True
        await self._connection.close(code=code, reason=reason)

    def parse_event(self, data: Union[str, bytes]) -> EventT:
        """Parse one message into a server event, as `WebSocketConnection.parse_event`."""
        result: EventT = validate_json(self._event_type, data)
        return result

    async def _recv_or_none(self) -> Optional[bytes]:
        while True:
            connection = self._connection
            try:
                return await connection.recv(decode=False)
            except _connection_closed() as exc:
                async with self._lock:
                    if not await self._recover(connection, exc):
                        return None

    async def _recover(self, connection: AsyncClientConnection, exc: ConnectionClosed) -> bool:
        if self._connection is not connection:  # another task already reconnected
            dropped = await self._flush()
            return dropped is None or await self._recover(self._connection, dropped)
        if self._is_closed_by_user:
            return False
        code, reason = self._last_close = close_info(exc)
        if code == NORMAL_CLOSURE and not self._queue:
            return False
        # `send()` queues while this runs (from other threads, tasks or `on_reconnecting`).
        self._is_reconnecting = True
        try:
            return await self._reconnect(code, reason)
        finally:
            self._is_reconnecting = False

    async def _reconnect(self, code: int, reason: str) -> bool:
        attempt = 0
        while True:
            attempt += 1
            plan = self._policy.next_attempt(code, attempt)
            if plan is None:
                raise closed_error(code, reason, self._queue, attempts=attempt - 1)
            try:
                await self._sleep(plan.delay)
                self._connection = await self._opener(plan.extra_query, plan.extra_headers)
            except (APIStatusError, APIConnectionError) as open_error:
                if not _is_retryable_open_error(open_error):
                    raise closed_error(code, reason, self._queue, attempts=attempt) from open_error
                code, reason = ABNORMAL_CLOSURE, ""
                continue
            dropped = await self._flush()
            if dropped is None:
                return True
            code, reason = self._last_close = close_info(dropped)

    async def _flush(self) -> Optional[ConnectionClosed]:
        while (data := self._queue.peek()) is not None:
            try:
                await self._connection.send(data)
            except _connection_closed() as exc:
                return exc
            self._queue.pop()
        return None


def _connection_closed() -> type[ConnectionClosed]:
    from websockets.exceptions import ConnectionClosed

    return ConnectionClosed


class ConnectionManager(Generic[ConnectionT]):
    """Opens a connection on `with` (or `enter()`) and closes it on exit."""

    def __init__(self, open_connection: Callable[[], ConnectionT]) -> None:
        self._open_connection = open_connection
        self._connection: Optional[ConnectionT] = None

    def __enter__(self) -> ConnectionT:
        """Open the connection. Outside `with`, call `enter()` and close it yourself."""
        self._connection = self._open_connection()
        return self._connection

    enter = __enter__

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, exc_tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            self._connection.close()


class AsyncConnectionManager(Generic[AsyncConnectionT]):
    """The async twin of `ConnectionManager` (`async with`, or `await manager.enter()`)."""

    def __init__(self, open_connection: Callable[[], Awaitable[AsyncConnectionT]]) -> None:
        self._open_connection = open_connection
        self._connection: Optional[AsyncConnectionT] = None

    async def __aenter__(self) -> AsyncConnectionT:
        self._connection = await self._open_connection()
        return self._connection

    enter = __aenter__

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, exc_tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            await self._connection.close()
