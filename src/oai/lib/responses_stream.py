"""`client.responses.stream()`: the Responses API's typed stream events, and the final parsed response.

The events are the generated `ResponseStreamEvent` models, passed through as parsed by the
core stream; this module only remembers the terminal event's response. It must not send
requests itself: the managers are handed a function that opens the event stream.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Generic, TypeVar

from typing_extensions import Self

from .._exceptions import OpenAIError
from .structured_outputs import TextFormatT

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from .._streaming import AsyncStream, Stream
    from ..types.responses.response import Response
    from ..types.responses.response_stream_event import ResponseStreamEvent
    from .parsed_response import ParsedResponse

__all__ = [
    "AsyncResponseStream",
    "AsyncResponseStreamManager",
    "ResponseStream",
    "ResponseStreamManager",
]

_T = TypeVar("_T")
_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})


class _FinalTracker(Generic[_T]):
    """Remembers the response carried by the terminal event and parses it once (no I/O)."""

    def __init__(self, finish: Callable[[Response], _T]) -> None:
        self._finish = finish
        self.response: Response | None = None
        self._final: _T | None = None

    def see(self, event: Any) -> None:
        if getattr(event, "type", None) in _FINAL_EVENTS:
            self.response = event.response

    def final(self) -> _T:
        if self._final is None:
            if self.response is None:
                raise OpenAIError("The stream ended without a response.completed, .incomplete or .failed event.")
            self._final = self._finish(self.response)
        return self._final


class ResponseStream(Generic[TextFormatT]):
    """Typed events of a streamed response; see `client.responses.stream()`.

    ```py
    with client.responses.stream(model="gpt-4o", input="Say hi") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                print(event.delta, end="")
        response = stream.get_final_response()
    ```
    """

    def __init__(
        self, raw_stream: Stream[ResponseStreamEvent], finish: Callable[[Response], ParsedResponse[TextFormatT]]
    ) -> None:
        self._raw_stream = raw_stream
        self._tracker: _FinalTracker[ParsedResponse[TextFormatT]] = _FinalTracker(finish)
        self._iterator = self._iter_events()

    @property
    def response(self) -> Any:
        """The HTTP response being read (`httpx.Response`)."""
        return self._raw_stream.response

    def __iter__(self) -> Iterator[ResponseStreamEvent]:
        return self._iterator

    def __next__(self) -> ResponseStreamEvent:
        return next(self._iterator)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and close the response."""
        self._raw_stream.close()

    def until_done(self) -> Self:
        """Read the rest of the stream, dropping the events."""
        for _ in self._iterator:
            pass
        return self

    def get_final_response(self) -> ParsedResponse[TextFormatT]:
        """Read the rest of the stream and return the final response, parsed.

        Raises:
            OpenAIError: the stream ended without a terminal (`response.completed`, ...) event.
        """
        self.until_done()
        return self._tracker.final()

    def _iter_events(self) -> Iterator[ResponseStreamEvent]:
        see = self._tracker.see
        for event in self._raw_stream:
            see(event)
            yield event


class ResponseStreamManager(Generic[TextFormatT]):
    """Opens the request on `with` entry and closes the stream on exit."""

    def __init__(
        self,
        open_stream: Callable[[], Stream[ResponseStreamEvent]],
        finish: Callable[[Response], ParsedResponse[TextFormatT]],
    ) -> None:
        self._open_stream = open_stream
        self._finish = finish
        self._stream: ResponseStream[TextFormatT] | None = None

    def __enter__(self) -> ResponseStream[TextFormatT]:
        self._stream = ResponseStream(self._open_stream(), self._finish)
        return self._stream

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncResponseStream(Generic[TextFormatT]):
    """The async twin of `ResponseStream`."""

    def __init__(
        self, raw_stream: AsyncStream[ResponseStreamEvent], finish: Callable[[Response], ParsedResponse[TextFormatT]]
    ) -> None:
        self._raw_stream = raw_stream
        self._tracker: _FinalTracker[ParsedResponse[TextFormatT]] = _FinalTracker(finish)
        self._iterator = self._iter_events()

    @property
    def response(self) -> Any:
        """The HTTP response being read (`httpx.Response`)."""
        return self._raw_stream.response

    def __aiter__(self) -> AsyncIterator[ResponseStreamEvent]:
        return self._iterator

    async def __anext__(self) -> ResponseStreamEvent:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop reading and close the response."""
        await self._raw_stream.close()

    async def until_done(self) -> Self:
        """Read the rest of the stream, dropping the events."""
        async for _ in self._iterator:
            pass
        return self

    async def get_final_response(self) -> ParsedResponse[TextFormatT]:
        """Read the rest of the stream and return the final response, parsed."""
        await self.until_done()
        return self._tracker.final()

    async def _iter_events(self) -> AsyncIterator[ResponseStreamEvent]:
        see = self._tracker.see
        async for event in self._raw_stream:
            see(event)
            yield event


class AsyncResponseStreamManager(Generic[TextFormatT]):
    """Opens the request on `async with` entry and closes the stream on exit."""

    def __init__(
        self,
        open_stream: Callable[[], Awaitable[AsyncStream[ResponseStreamEvent]]],
        finish: Callable[[Response], ParsedResponse[TextFormatT]],
    ) -> None:
        self._open_stream = open_stream
        self._finish = finish
        self._stream: AsyncResponseStream[TextFormatT] | None = None

    async def __aenter__(self) -> AsyncResponseStream[TextFormatT]:
        self._stream = AsyncResponseStream(await self._open_stream(), self._finish)
        return self._stream

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
