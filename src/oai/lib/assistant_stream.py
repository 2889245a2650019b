"""Assistants run streaming: `AssistantEventHandler` / `AsyncAssistantEventHandler` (override the
`on_*` callbacks) and the stream managers that `beta.threads.runs.stream()` and friends return.

The snapshots and the choice of callbacks come from `assistant_events` (no I/O); this module
only reads the stream and calls the callbacks. It must not build requests.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable, Generic, Iterator, List, Optional, TypeVar

from typing_extensions import Self

from .._exceptions import APITimeoutError
from .assistant_events import AssistantStreamState

if TYPE_CHECKING:
    from .._streaming import AsyncStream, Stream
    from ..types.beta.assistant_stream_event import AssistantStreamEvent
    from ..types.beta.threads.image_file import ImageFile
    from ..types.beta.threads.message import Message
    from ..types.beta.threads.message_delta import MessageDelta
    from ..types.beta.threads.run import Run
    from ..types.beta.threads.runs.run_step import RunStep
    from ..types.beta.threads.runs.run_step_delta import RunStepDelta
    from ..types.beta.threads.runs.tool_call import ToolCall
    from ..types.beta.threads.runs.tool_call_delta import ToolCallDelta
    from ..types.beta.threads.text import Text
    from ..types.beta.threads.text_delta import TextDelta

__all__ = [
    "AssistantEventHandler",
    "AssistantEventHandlerT",
    "AssistantStreamManager",
    "AsyncAssistantEventHandler",
    "AsyncAssistantEventHandlerT",
    "AsyncAssistantStreamManager",
]


def _text_values(event: AssistantStreamEvent) -> List[str]:
    if event.event != "thread.message.delta":
        return []
    parts = event.data.delta.content or []
    return [part.text.value for part in parts if part.type == "text" and part.text is not None and part.text.value]


class _Snapshots:
    """The read-only views both handlers share."""

    _state: AssistantStreamState

    @property
    def current_event(self) -> Optional[AssistantStreamEvent]:
        """The event being handled (or the last one)."""
        return self._state.current_event

    @property
    def current_run(self) -> Optional[Run]:
        """The run as of the latest `thread.run.*` event."""
        return self._state.current_run

    @property
    def current_run_step_snapshot(self) -> Optional[RunStep]:
        """The run step being streamed, with its deltas merged in."""
        return self._state.current_run_step_snapshot

    @property
    def current_message_snapshot(self) -> Optional[Message]:
        """The message being streamed, with its deltas merged in."""
        return self._state.current_message_snapshot

    def _final_run(self) -> Run:
        if self._state.current_run is None:
            raise RuntimeError("No final run object found: the stream carried no `thread.run.*` event")
        return self._state.current_run


class AssistantEventHandler(_Snapshots):
    """Receives the events of an Assistants run stream; subclass it and override `on_*`.

    ```py
    class Printer(oai.AssistantEventHandler):
        def on_text_delta(self, delta, snapshot):
            print(delta.value, end="")

    with client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1", event_handler=Printer()) as stream:
        stream.until_done()
    ```
    """

    def __init__(self) -> None:
        self._state = AssistantStreamState()
        self._stream: Optional[Stream[AssistantStreamEvent]] = None
        self._iterator: Optional[Iterator[AssistantStreamEvent]] = None

    def _init(self, stream: Stream[AssistantStreamEvent]) -> None:
        if self._stream is not None:
            raise RuntimeError("An event handler instance serves one stream only; create a new one.")
        self._stream = stream
        self._iterator = self._run(stream)

    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self

    def __next__(self) -> AssistantStreamEvent:
        if self._iterator is None:
            raise RuntimeError("The handler has no stream yet: use it inside `with ...stream(...) as handler:`.")
        return next(self._iterator)

    def _run(self, stream: Stream[AssistantStreamEvent]) -> Iterator[AssistantStreamEvent]:
        try:
            for event in stream:
                for name, args in self._state.feed(event):
                    getattr(self, name)(*args)
                yield event
        except APITimeoutError as exc:
            self.on_timeout()
            self.on_exception(exc)
            raise
        except Exception as exc:
            self.on_exception(exc)
            raise
        finally:
            stream.close()
        self.on_end()

    @property
    def text_deltas(self) -> Iterator[str]:
        """Each piece of message text as it arrives (reads the stream)."""
        for event in self:
            yield from _text_values(event)

    def until_done(self) -> Self:
        """Read the stream to its end (every callback runs)."""
        for _ in self:
            pass
        return self

    def get_final_run(self) -> Run:
        """Read the stream to its end and return the run as of the last run event."""
        self.until_done()
        return self._final_run()

    def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return every run step, as finally streamed."""
        self.until_done()
        return list(self._state.run_steps.values())

    def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return every message, as finally streamed."""
        self.until_done()
        return list(self._state.messages.values())

    def close(self) -> None:
        """Stop reading and close the response."""
        if self._stream is not None:
            self._stream.close()

    def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before its specific callback."""

    def on_run_step_created(self, run_step: RunStep) -> None:
        """A run step was created."""

    def on_run_step_delta(self, delta: RunStepDelta, snapshot: RunStep) -> None:
        """A run step changed: the delta, and the step with every delta so far."""

    def on_run_step_done(self, run_step: RunStep) -> None:
        """A run step completed, failed, was cancelled or expired."""

    def on_tool_call_created(self, tool_call: ToolCall) -> None:
        """A tool call started."""

    def on_tool_call_delta(self, delta: ToolCallDelta, snapshot: ToolCall) -> None:
        """A tool call grew: the delta, and the call with every delta so far."""

    def on_tool_call_done(self, tool_call: ToolCall) -> None:
        """A tool call is complete."""

    def on_exception(self, exception: Exception) -> None:
        """Reading the stream failed; the exception is raised after this returns."""

    def on_timeout(self) -> None:
        """Reading the stream timed out (`on_exception` follows)."""

    def on_message_created(self, message: Message) -> None:
        """A message was created."""

    def on_message_delta(self, delta: MessageDelta, snapshot: Message) -> None:
        """A message grew: the delta, and the message with every delta so far."""

    def on_message_done(self, message: Message) -> None:
        """A message completed (or ended incomplete)."""

    def on_text_created(self, text: Text) -> None:
        """A text part of a message started."""

    def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        """A text part grew: the delta, and the text so far."""

    def on_text_done(self, text: Text) -> None:
        """A text part is complete."""

    def on_image_file_done(self, image_file: ImageFile) -> None:
        """An image file part of a message is complete."""

    def on_end(self) -> None:
        """The stream ended normally."""


AssistantEventHandlerT = TypeVar("AssistantEventHandlerT", bound=AssistantEventHandler)


class AssistantStreamManager(Generic[AssistantEventHandlerT]):
    """What the stream helpers return: `with` sends the request and gives the handler; leaving closes it."""

    def __init__(
        self, api_request: Callable[[], Stream[AssistantStreamEvent]], *, event_handler: AssistantEventHandlerT
    ) -> None:
        self._api_request = api_request
        self._event_handler = event_handler

    def __enter__(self) -> AssistantEventHandlerT:
        self._event_handler._init(self._api_request())
        return self._event_handler

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._event_handler.close()


class AsyncAssistantEventHandler(_Snapshots):
    """The async twin of `AssistantEventHandler`: the same callbacks, as coroutines."""

    def __init__(self) -> None:
        self._state = AssistantStreamState()
        self._stream: Optional[AsyncStream[AssistantStreamEvent]] = None
        self._iterator: Optional[AsyncIterator[AssistantStreamEvent]] = None

    def _init(self, stream: AsyncStream[AssistantStreamEvent]) -> None:
        if self._stream is not None:
            raise RuntimeError("An event handler instance serves one stream only; create a new one.")
        self._stream = stream
        self._iterator = self._run(stream)

    def __aiter__(self) -> AsyncIterator[AssistantStreamEvent]:
        return self

    async def __anext__(self) -> AssistantStreamEvent:
        if self._iterator is None:
            raise RuntimeError("The handler has no stream yet: use it inside `async with ...stream(...) as handler:`.")
        return await self._iterator.__anext__()

    async def _run(self, stream: AsyncStream[AssistantStreamEvent]) -> AsyncIterator[AssistantStreamEvent]:
        try:
            async for event in stream:
                for name, args in self._state.feed(event):
                    await getattr(self, name)(*args)
                yield event
        except APITimeoutError as exc:
            await self.on_timeout()
            await self.on_exception(exc)
            raise
        except Exception as exc:
            await self.on_exception(exc)
            raise
        finally:
            await stream.close()
        await self.on_end()

    @property
    async def text_deltas(self) -> AsyncIterator[str]:
        """Each piece of message text as it arrives (reads the stream)."""
        async for event in self:
            for value in _text_values(event):
                yield value

    async def until_done(self) -> Self:
        """Read the stream to its end (every callback runs)."""
        async for _ in self:
            pass
        return self

    async def get_final_run(self) -> Run:
        """Read the stream to its end and return the run as of the last run event."""
        await self.until_done()
        return self._final_run()

    async def get_final_run_steps(self) -> List[RunStep]:
        """Read the stream to its end and return every run step, as finally streamed."""
        await self.until_done()
        return list(self._state.run_steps.values())

    async def get_final_messages(self) -> List[Message]:
        """Read the stream to its end and return every message, as finally streamed."""
        await self.until_done()
        return list(self._state.messages.values())

    async def close(self) -> None:
        """Stop reading and close the response."""
        if self._stream is not None:
            await self._stream.close()

    async def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before its specific callback."""

    async def on_run_step_created(self, run_step: RunStep) -> None:
        """A run step was created."""

    async def on_run_step_delta(self, delta: RunStepDelta, snapshot: RunStep) -> None:
        """A run step changed: the delta, and the step with every delta so far."""

    async def on_run_step_done(self, run_step: RunStep) -> None:
        """A run step completed, failed, was cancelled or expired."""

    async def on_tool_call_created(self, tool_call: ToolCall) -> None:
        """A tool call started."""

    async def on_tool_call_delta(self, delta: ToolCallDelta, snapshot: ToolCall) -> None:
        """A tool call grew: the delta, and the call with every delta so far."""

    async def on_tool_call_done(self, tool_call: ToolCall) -> None:
        """A tool call is complete."""

    async def on_exception(self, exception: Exception) -> None:
        """Reading the stream failed; the exception is raised after this returns."""

    async def on_timeout(self) -> None:
        """Reading the stream timed out (`on_exception` follows)."""

    async def on_message_created(self, message: Message) -> None:
        """A message was created."""

    async def on_message_delta(self, delta: MessageDelta, snapshot: Message) -> None:
        """A message grew: the delta, and the message with every delta so far."""

    async def on_message_done(self, message: Message) -> None:
        """A message completed (or ended incomplete)."""

    async def on_text_created(self, text: Text) -> None:
        """A text part of a message started."""

    async def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        """A text part grew: the delta, and the text so far."""

    async def on_text_done(self, text: Text) -> None:
        """A text part is complete."""

    async def on_image_file_done(self, image_file: ImageFile) -> None:
        """An image file part of a message is complete."""

    async def on_end(self) -> None:
        """The stream ended normally."""


AsyncAssistantEventHandlerT = TypeVar("AsyncAssistantEventHandlerT", bound=AsyncAssistantEventHandler)


class AsyncAssistantStreamManager(Generic[AsyncAssistantEventHandlerT]):
    """The async twin of `AssistantStreamManager`: `async with` sends the request."""

    def __init__(
        self,
        api_request: Callable[[], Awaitable[AsyncStream[AssistantStreamEvent]]],
        *,
        event_handler: AsyncAssistantEventHandlerT,
    ) -> None:
        self._api_request = api_request
        self._event_handler = event_handler

    async def __aenter__(self) -> AsyncAssistantEventHandlerT:
        self._event_handler._init(await self._api_request())
        return self._event_handler

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self._event_handler.close()
