"""`client.chat.completions.stream()`: typed events over a chunk stream, and the final parsed completion.

Events are small slotted objects, not pydantic models, and text snapshots are joined only
when read, so the event layer stays cheap. It must not send requests itself: the managers
are handed a function that opens the chunk stream.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Generic, List, Optional, Union

from typing_extensions import Literal, Self

from .accumulator import ChatCompletionAccumulator, FinishedToolCall
from .structured_outputs import (
    ParsedChatCompletion,
    ResponseFormatT,
    check_finish_reason,
    parse_chat_completion,
    parse_content,
    tool_models,
    validate_model_json,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from .._streaming import AsyncStream, Stream
    from ..types.chat.chat_completion import ChatCompletion
    from ..types.chat.chat_completion_chunk import ChatCompletionChunk
    from ..types.chat.chat_completion_token_logprob import ChatCompletionTokenLogprob

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamEvent",
    "ChatCompletionStreamManager",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
]


class ChunkEvent:
    """Every chunk as received (`type == "chunk"`)."""

    __slots__ = ("chunk",)
    type: Literal["chunk"] = "chunk"

    def __init__(self, chunk: ChatCompletionChunk) -> None:
        self.chunk = chunk


class _TextDelta:
    __slots__ = ("_count", "_parts", "choice_index", "delta")

    def __init__(self, delta: str, parts: List[str], choice_index: int) -> None:
        self.delta = delta
        self.choice_index = choice_index
        self._parts = parts
        self._count = len(parts)

    @property
    def snapshot(self) -> str:
        """All the text of this piece up to and including `delta` (joined on access)."""
        return "".join(self._parts[: self._count])


class ContentDeltaEvent(_TextDelta):
    """New message content (`type == "content.delta"`): `delta`, `snapshot`, `choice_index`."""

    __slots__ = ()
    type: Literal["content.delta"] = "content.delta"


class RefusalDeltaEvent(_TextDelta):
    """New refusal text (`type == "refusal.delta"`): `delta`, `snapshot`, `choice_index`."""

    __slots__ = ()
    type: Literal["refusal.delta"] = "refusal.delta"


class ContentDoneEvent(Generic[ResponseFormatT]):
    """The message content is complete (`type == "content.done"`).

    Attributes:
        content: the whole content.
        parsed: the content parsed into the `response_format` model, else None.
        choice_index: the choice it belongs to.
    """

    __slots__ = ("choice_index", "content", "parsed")
    type: Literal["content.done"] = "content.done"

    def __init__(self, content: str, parsed: Optional[ResponseFormatT], choice_index: int) -> None:
        self.content = content
        self.parsed = parsed
        self.choice_index = choice_index


class RefusalDoneEvent:
    """The refusal is complete (`type == "refusal.done"`): `refusal`, `choice_index`."""

    __slots__ = ("choice_index", "refusal")
    type: Literal["refusal.done"] = "refusal.done"

    def __init__(self, refusal: str, choice_index: int) -> None:
        self.refusal = refusal
        self.choice_index = choice_index


class FunctionToolCallArgumentsDeltaEvent:
    """New tool call arguments (`type == "tool_calls.function.arguments.delta"`).

    Attributes:
        name: the function name.
        index: the tool call's index in the message.
        arguments_delta: the new text.
        arguments: all the arguments text so far (joined on access).
        choice_index: the choice it belongs to.
    """

    __slots__ = ("_count", "_parts", "arguments_delta", "choice_index", "index", "name")
    type: Literal["tool_calls.function.arguments.delta"] = "tool_calls.function.arguments.delta"

    def __init__(self, name: str, index: int, arguments_delta: str, parts: List[str], choice_index: int) -> None:
        self.name = name
        self.index = index
        self.arguments_delta = arguments_delta
        self.choice_index = choice_index
        self._parts = parts
        self._count = len(parts)

    @property
    def arguments(self) -> str:
        return "".join(self._parts[: self._count])


class FunctionToolCallArgumentsDoneEvent:
    """A tool call's arguments are complete (`type == "tool_calls.function.arguments.done"`).

    Attributes:
        id: the tool call ID.
        name: the function name.
        index: the tool call's index in the message.
        arguments: the arguments as JSON text.
        parsed_arguments: the arguments as the tool's model (tools from `pydantic_function_tool`), else None.
        choice_index: the choice it belongs to.
    """

    __slots__ = ("arguments", "choice_index", "id", "index", "name", "parsed_arguments")
    type: Literal["tool_calls.function.arguments.done"] = "tool_calls.function.arguments.done"

    def __init__(self, call: FinishedToolCall, parsed_arguments: object) -> None:
        self.id = call.id
        self.name = call.name
        self.index = call.index
        self.arguments = call.arguments
        self.choice_index = call.choice_index
        self.parsed_arguments = parsed_arguments

    @property
    def parsed(self) -> object:
        """Alias of `parsed_arguments`."""
        return self.parsed_arguments


class _TokensDelta:
    __slots__ = ("_count", "_tokens", "choice_index")

    def __init__(self, tokens: List[ChatCompletionTokenLogprob], choice_index: int) -> None:
        self.choice_index = choice_index
        self._tokens = tokens
        self._count = len(tokens)

    @property
    def snapshot(self) -> List[ChatCompletionTokenLogprob]:
        """All the tokens of this piece up to and including this chunk's (a new list on each access)."""
        return self._tokens[: self._count]


class LogprobsContentDeltaEvent(_TokensDelta):
    """New content logprobs (`type == "logprobs.content.delta"`), with `logprobs=True`.

    Attributes:
        content: the `ChatCompletionTokenLogprob`s of this chunk.
        snapshot: all the content tokens so far.
        choice_index: the choice they belong to.
    """

    __slots__ = ("content",)
    type: Literal["logprobs.content.delta"] = "logprobs.content.delta"

    def __init__(
        self, content: List[ChatCompletionTokenLogprob], tokens: List[ChatCompletionTokenLogprob], choice_index: int
    ) -> None:
        super().__init__(tokens, choice_index)
        self.content = content


class LogprobsRefusalDeltaEvent(_TokensDelta):
    """New refusal logprobs (`type == "logprobs.refusal.delta"`): `refusal` (this chunk's), `snapshot`,
    `choice_index`."""

    __slots__ = ("refusal",)
    type: Literal["logprobs.refusal.delta"] = "logprobs.refusal.delta"

    def __init__(
        self, refusal: List[ChatCompletionTokenLogprob], tokens: List[ChatCompletionTokenLogprob], choice_index: int
    ) -> None:
        super().__init__(tokens, choice_index)
        self.refusal = refusal


class LogprobsContentDoneEvent:
    """All the content logprobs (`type == "logprobs.content.done"`): `content`, `choice_index`.

    Sent once per choice, right after `content.done` (or, without content, when the choice finishes).
    """

    __slots__ = ("choice_index", "content")
    type: Literal["logprobs.content.done"] = "logprobs.content.done"

    def __init__(self, content: List[ChatCompletionTokenLogprob], choice_index: int) -> None:
        self.content = content
        self.choice_index = choice_index


class LogprobsRefusalDoneEvent:
    """All the refusal logprobs (`type == "logprobs.refusal.done"`): `refusal`, `choice_index`.

    Sent once per choice, right after `refusal.done` (or, without refusal, when the choice finishes).
    """

    __slots__ = ("choice_index", "refusal")
    type: Literal["logprobs.refusal.done"] = "logprobs.refusal.done"

    def __init__(self, refusal: List[ChatCompletionTokenLogprob], choice_index: int) -> None:
        self.refusal = refusal
        self.choice_index = choice_index


ChatCompletionStreamEvent = Union[
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent[ResponseFormatT],
    RefusalDeltaEvent,
    RefusalDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
]


class _EventBuilder(Generic[ResponseFormatT]):
    """Chunk → events, shared by the sync and async streams (no I/O)."""

    def __init__(self, response_format: type[ResponseFormatT] | None, tools: object) -> None:
        self.accumulator = ChatCompletionAccumulator()
        self.response_format = response_format
        self.tools = tools
        self._tool_models = tool_models(tools)
        self._should_check_finish = response_format is not None or bool(self._tool_models)
        # (choice index, "content" / "refusal") whose logprobs done event was sent.
        self._logprobs_done: set[tuple[int, str]] = set()

    def events(self, chunk: ChatCompletionChunk) -> list[ChatCompletionStreamEvent[ResponseFormatT]]:
        acc = self.accumulator
        acc.add_chunk(chunk)
        events: list[ChatCompletionStreamEvent[ResponseFormatT]] = [ChunkEvent(chunk)]
        finished = acc.finished_pieces()
        for piece in finished:
            if not piece[3]:
                self._add_done_events(events, piece)
        finishing: list[int] | None = None
        for choice in chunk.choices:
            delta = choice.delta
            index = choice.index
            if delta.content:
                events.append(ContentDeltaEvent(delta.content, acc.content_parts(index), index))
            if delta.refusal:
                events.append(RefusalDeltaEvent(delta.refusal, acc.refusal_parts(index), index))
            if delta.tool_calls:
                for call in delta.tool_calls:
                    function = call.function
                    if function is not None and function.arguments:
                        name, parts = acc.tool_call_parts(index, call.index) or ("", [])
                        events.append(
                            FunctionToolCallArgumentsDeltaEvent(name, call.index, function.arguments, parts, index)
                        )
            logprobs = choice.logprobs
            if logprobs is not None:
                if logprobs.content:
                    tokens = acc.logprobs_content_parts(index) or []
                    events.append(LogprobsContentDeltaEvent(logprobs.content, tokens, index))
                if logprobs.refusal:
                    tokens = acc.logprobs_refusal_parts(index) or []
                    events.append(LogprobsRefusalDeltaEvent(logprobs.refusal, tokens, index))
            if choice.finish_reason is not None:
                if self._should_check_finish:
                    check_finish_reason(choice.finish_reason, acc.to_chat_completion())
                finishing = finishing or []
                finishing.append(index)
        for piece in finished:
            if piece[3]:
                self._add_done_events(events, piece)
        if finishing:
            for index in finishing:  # logprobs of a choice without content / refusal text
                self._add_logprobs_done(events, "content", index)
                self._add_logprobs_done(events, "refusal", index)
        return events

    def _add_done_events(
        self, events: list[ChatCompletionStreamEvent[ResponseFormatT]], piece: tuple[str, int, Any, bool]
    ) -> None:
        events.append(self._done_event(piece))
        kind = piece[0]
        if kind != "tool":
            self._add_logprobs_done(events, kind, piece[1])

    def _add_logprobs_done(
        self, events: list[ChatCompletionStreamEvent[ResponseFormatT]], kind: str, choice_index: int
    ) -> None:
        """Send the logprobs done event of a choice's content or refusal, once, if it had logprobs."""
        key = (choice_index, kind)
        if key in self._logprobs_done:
            return
        acc = self.accumulator
        if kind == "content":
            tokens = acc.logprobs_content_parts(choice_index)
            if tokens is not None:
                events.append(LogprobsContentDoneEvent(list(tokens), choice_index))
        else:
            tokens = acc.logprobs_refusal_parts(choice_index)
            if tokens is not None:
                events.append(LogprobsRefusalDoneEvent(list(tokens), choice_index))
        if tokens is not None:
            self._logprobs_done.add(key)

    def _done_event(self, piece: tuple[str, int, Any, bool]) -> ChatCompletionStreamEvent[ResponseFormatT]:
        kind, choice_index, value, _ = piece
        if kind == "content":
            return ContentDoneEvent(value, parse_content(self.response_format, value), choice_index)
        if kind == "refusal":
            return RefusalDoneEvent(value, choice_index)
        call: FinishedToolCall = value
        model = self._tool_models.get(call.name)
        parsed = None if model is None or not call.arguments else validate_model_json(model, call.arguments)
        return FunctionToolCallArgumentsDoneEvent(call, parsed)

    def final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        return parse_chat_completion(self.accumulator.to_dict(), response_format=self.response_format, tools=self.tools)


class ChatCompletionStream(Generic[ResponseFormatT]):
    """Typed events of a streamed chat completion; see `client.chat.completions.stream()`.

    ```py
    with client.chat.completions.stream(model="gpt-4o", messages=msgs) as stream:
        for event in stream:
            if event.type == "content.delta":
                print(event.delta, end="")
        completion = stream.get_final_completion()
    ```
    """

    def __init__(
        self, raw_stream: Stream[ChatCompletionChunk], *, response_format: type[ResponseFormatT] | None, tools: object
    ) -> None:
        self._raw_stream = raw_stream
        self._builder: _EventBuilder[ResponseFormatT] = _EventBuilder(response_format, tools)
        self._final: ParsedChatCompletion[ResponseFormatT] | None = None
        self._iterator = self._iter_events()

    @property
    def response(self) -> Any:
        """The HTTP response being read (`httpx.Response`)."""
        return self._raw_stream.response

    def __iter__(self) -> Iterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        return self._iterator

    def __next__(self) -> ChatCompletionStreamEvent[ResponseFormatT]:
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

    def current_completion_snapshot(self) -> ChatCompletion:
        """The completion accumulated so far, as a `ChatCompletion`."""
        return self._builder.accumulator.to_chat_completion()

    def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """Read the rest of the stream and return the whole completion, parsed.

        Raises:
            LengthFinishReasonError: with a response format or pydantic tools, a choice hit the token limit.
            ContentFilterFinishReasonError: likewise, for the content filter.
        """
        self.until_done()
        if self._final is None:
            self._final = self._builder.final_completion()
        return self._final

    def _iter_events(self) -> Iterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        events = self._builder.events
        for chunk in self._raw_stream:
            yield from events(chunk)


class ChatCompletionStreamManager(Generic[ResponseFormatT]):
    """Opens the request on `with` entry and closes the stream on exit."""

    def __init__(
        self,
        open_stream: Callable[[], Stream[ChatCompletionChunk]],
        *,
        response_format: type[ResponseFormatT] | None,
        tools: object,
    ) -> None:
        self._open_stream = open_stream
        self._response_format = response_format
        self._tools = tools
        self._stream: ChatCompletionStream[ResponseFormatT] | None = None

    def __enter__(self) -> ChatCompletionStream[ResponseFormatT]:
        self._stream = ChatCompletionStream(
            self._open_stream(), response_format=self._response_format, tools=self._tools
        )
        return self._stream

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncChatCompletionStream(Generic[ResponseFormatT]):
    """The async twin of `ChatCompletionStream`."""

    def __init__(
        self,
        raw_stream: AsyncStream[ChatCompletionChunk],
        *,
        response_format: type[ResponseFormatT] | None,
        tools: object,
    ) -> None:
        self._raw_stream = raw_stream
        self._builder: _EventBuilder[ResponseFormatT] = _EventBuilder(response_format, tools)
        self._final: ParsedChatCompletion[ResponseFormatT] | None = None
        self._iterator = self._iter_events()

    @property
    def response(self) -> Any:
        """The HTTP response being read (`httpx.Response`)."""
        return self._raw_stream.response

    def __aiter__(self) -> AsyncIterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        return self._iterator

    async def __anext__(self) -> ChatCompletionStreamEvent[ResponseFormatT]:
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

    def current_completion_snapshot(self) -> ChatCompletion:
        """The completion accumulated so far, as a `ChatCompletion`."""
        return self._builder.accumulator.to_chat_completion()

    async def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """Read the rest of the stream and return the whole completion, parsed."""
        await self.until_done()
        if self._final is None:
            self._final = self._builder.final_completion()
        return self._final

    async def _iter_events(self) -> AsyncIterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        events = self._builder.events
        async for chunk in self._raw_stream:
            for event in events(chunk):
                yield event


class AsyncChatCompletionStreamManager(Generic[ResponseFormatT]):
    """Opens the request on `async with` entry and closes the stream on exit."""

    def __init__(
        self,
        open_stream: Callable[[], Awaitable[AsyncStream[ChatCompletionChunk]]],
        *,
        response_format: type[ResponseFormatT] | None,
        tools: object,
    ) -> None:
        self._open_stream = open_stream
        self._response_format = response_format
        self._tools = tools
        self._stream: AsyncChatCompletionStream[ResponseFormatT] | None = None

    async def __aenter__(self) -> AsyncChatCompletionStream[ResponseFormatT]:
        raw = await self._open_stream()
        self._stream = AsyncChatCompletionStream(raw, response_format=self._response_format, tools=self._tools)
        return self._stream

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
