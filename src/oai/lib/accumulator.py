"""`ChatCompletionAccumulator`: merges streamed chat completion chunks into one `ChatCompletion`.

State is kept in plain lists and dicts, and the final model is validated once, on request.
It must not read streams or send requests; callers feed it chunks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional, Tuple, Union

from typing_extensions import Literal

from .._models import validate_type
from ..types.chat.chat_completion import ChatCompletion
from ..types.chat.chat_completion import Choice as CompletionChoice

if TYPE_CHECKING:
    from ..types.chat.chat_completion_chunk import ChatCompletionChunk
    from ..types.chat.chat_completion_chunk import Choice as ChunkChoice
    from ..types.chat.chat_completion_service_tier import ChatCompletionServiceTier
    from ..types.chat.chat_completion_token_logprob import ChatCompletionTokenLogprob
    from ..types.chat_completion_message_tool_call_chunk import ChatCompletionMessageToolCallChunk
    from ..types.completion_usage import CompletionUsage

__all__ = ["ChatCompletionAccumulator", "FinishedToolCall"]

_Piece = Union[Literal["content", "refusal"], Tuple[Literal["tool"], int], None]


@dataclass(frozen=True)
class FinishedToolCall:
    """A tool call whose arguments are complete.

    Attributes:
        index: the call's position among the choice's tool calls.
        id: the tool call ID (to answer it with a `tool` message).
        name: the function name.
        arguments: the arguments as JSON text.
        choice_index: the choice the call belongs to.
    """

    index: int
    id: str
    name: str
    arguments: str
    choice_index: int = 0


class _ToolCall:
    __slots__ = ("id", "index", "name", "parts", "type")

    def __init__(self, index: int) -> None:
        self.index = index
        self.id = ""
        self.type = "function"
        self.name = ""
        self.parts: list[str] = []


class _Choice:
    __slots__ = (
        "content",
        "current",
        "finish_reason",
        "function_name",
        "function_parts",
        "index",
        "logprobs_content",
        "logprobs_refusal",
        "refusal",
        "tool_calls",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.content: list[str] | None = None
        self.refusal: list[str] | None = None
        self.tool_calls: dict[int, _ToolCall] = {}
        self.finish_reason: str | None = None
        self.logprobs_content: list[ChatCompletionTokenLogprob] | None = None
        self.logprobs_refusal: list[ChatCompletionTokenLogprob] | None = None
        # The deprecated `delta.function_call`; `function_parts` stays None until one is received.
        self.function_name = ""
        self.function_parts: list[str] | None = None
        self.current: _Piece = None


class ChatCompletionAccumulator:
    """Merge the chunks of a streamed chat completion into a complete `ChatCompletion`.

    Content, refusals, tool calls (by index: id, name, arguments), the deprecated
    `function_call` (name, arguments), logprobs and usage are merged for every choice.
    After each `add_chunk()`, the `just_finished_*()` methods report a piece that has just
    ended (because the next one started or the choice finished), each piece once. `to_chat_completion()` (or the `chat_completion`
    property) builds the merged `ChatCompletion`.

    ```py
    acc = oai.ChatCompletionAccumulator()
    for chunk in client.chat.completions.create(model="gpt-4o", messages=msgs, stream=True):
        acc.add_chunk(chunk)
        if (content := acc.just_finished_content()) is not None:
            print("content:", content)
        if (tool_call := acc.just_finished_tool_call()) is not None:
            print("call:", tool_call.name, tool_call.arguments)
    completion = acc.to_chat_completion()
    ```
    """

    def __init__(self) -> None:
        self._header: dict[str, Any] = {}
        self._choices: dict[int, _Choice] = {}
        self._usage: Any = None
        # Pieces finished by the last chunk: (kind, choice index, value, ended by finish_reason).
        self._finished: list[tuple[str, int, Any, bool]] = []
        self._built: ChatCompletion | None = None

    def add_chunk(self, chunk: ChatCompletionChunk) -> bool:
        """Merge one chunk.

        Args:
            chunk: the next chunk of the stream.

        Returns:
            False (and nothing merged) when the chunk belongs to another completion (its
            `id` differs from the first chunk's), else True.
        """
        header = self._header
        if header:
            if chunk.id and chunk.id != header["id"]:
                return False
        else:
            header.update(id=chunk.id, created=chunk.created, model=chunk.model)
        if self._finished:
            self._finished.clear()
        self._built = None
        if chunk.system_fingerprint is not None:
            header["system_fingerprint"] = chunk.system_fingerprint
        if chunk.service_tier is not None:
            header["service_tier"] = chunk.service_tier
        if chunk.usage is not None:
            self._usage = chunk.usage
        for choice in chunk.choices:
            self._add_choice(choice)
        return True

    def _add_choice(self, choice: ChunkChoice) -> None:
        state = self._choices.get(choice.index)
        if state is None:
            state = self._choices[choice.index] = _Choice(choice.index)
        delta = choice.delta
        content = delta.content
        if content:
            if state.current != "content":
                self._switch(state, "content")
            if state.content is None:
                state.content = []
            state.content.append(content)
        elif content is not None and state.content is None:
            state.content = []
        refusal = delta.refusal
        if refusal:
            if state.current != "refusal":
                self._switch(state, "refusal")
            if state.refusal is None:
                state.refusal = []
            state.refusal.append(refusal)
        if delta.tool_calls:
            for call in delta.tool_calls:
                self._add_tool_call(state, call)
        function_call = delta.function_call
        if function_call is not None:
            # Deprecated, still sent by some compatible servers: the name once, the arguments in pieces.
            if state.function_parts is None:
                state.function_parts = []
            if function_call.name and not state.function_name:
                state.function_name = function_call.name
            if function_call.arguments:
                state.function_parts.append(function_call.arguments)
        logprobs = choice.logprobs
        if logprobs is not None:
            # An empty list is kept (as the API sent it); None is not.
            if logprobs.content is not None:
                if state.logprobs_content is None:
                    state.logprobs_content = []
                state.logprobs_content.extend(logprobs.content)
            if logprobs.refusal is not None:
                if state.logprobs_refusal is None:
                    state.logprobs_refusal = []
                state.logprobs_refusal.extend(logprobs.refusal)
        if choice.finish_reason is not None:
            state.finish_reason = choice.finish_reason
            self._switch(state, None)

    def _add_tool_call(self, state: _Choice, call: ChatCompletionMessageToolCallChunk) -> None:
        tool = state.tool_calls.get(call.index)
        if tool is None:
            tool = state.tool_calls[call.index] = _ToolCall(call.index)
        piece: _Piece = ("tool", call.index)
        if state.current != piece:
            self._switch(state, piece)
        if call.id:
            tool.id = call.id
        if call.type:
            tool.type = call.type
        function = call.function
        if function is not None:
            if function.name:
                tool.name = function.name
            if function.arguments:
                tool.parts.append(function.arguments)

    def _switch(self, state: _Choice, piece: _Piece) -> None:
        """Make `piece` the choice's current piece, reporting the previous one as finished."""
        previous = state.current
        state.current = piece
        if previous is None:
            return
        at_end = piece is None
        if previous == "content":
            self._finished.append(("content", state.index, "".join(state.content or ()), at_end))
        elif previous == "refusal":
            self._finished.append(("refusal", state.index, "".join(state.refusal or ()), at_end))
        else:
            tool = state.tool_calls[previous[1]]
            finished = FinishedToolCall(tool.index, tool.id, tool.name, "".join(tool.parts), state.index)
            self._finished.append(("tool", state.index, finished, at_end))

    def _pop_finished(self, kind: str) -> Any:
        for position, (piece_kind, _, value, _) in enumerate(self._finished):
            if piece_kind == kind:
                del self._finished[position]
                return value
        return None

    def just_finished_content(self) -> str | None:
        """The content that the last chunk finished (once), else None."""
        content: str | None = self._pop_finished("content")
        return content

    def just_finished_refusal(self) -> str | None:
        """The refusal that the last chunk finished (once), else None."""
        refusal: str | None = self._pop_finished("refusal")
        return refusal

    def just_finished_tool_call(self) -> FinishedToolCall | None:
        """The tool call whose arguments the last chunk finished (once), else None."""
        tool_call: FinishedToolCall | None = self._pop_finished("tool")
        return tool_call

    def finished_pieces(self) -> list[tuple[str, int, Any, bool]]:
        """What the last chunk finished, in order: (kind, choice index, value, ended by finish_reason).

        `kind` is "content", "refusal" (value: the text) or "tool" (value: `FinishedToolCall`).
        Unlike `just_finished_*()`, reading this consumes nothing.
        """
        return self._finished

    def finish_reason(self, choice_index: int = 0) -> str | None:
        """The finish reason of a choice, once received."""
        state = self._choices.get(choice_index)
        return None if state is None else state.finish_reason

    def to_dict(self) -> dict[str, Any]:
        """The merged completion as a dict in the API's shape (nested values may be models)."""
        choices: list[dict[str, Any]] = []
        for index in sorted(self._choices):
            state = self._choices[index]
            message: dict[str, Any] = {
                "role": "assistant",
                "content": None if state.content is None else "".join(state.content),
                "refusal": None if state.refusal is None else "".join(state.refusal),
            }
            if state.tool_calls:
                message["tool_calls"] = [_tool_call_dict(state.tool_calls[i]) for i in sorted(state.tool_calls)]
            if state.function_parts is not None:
                message["function_call"] = {"name": state.function_name, "arguments": "".join(state.function_parts)}
            logprobs = None
            if state.logprobs_content is not None or state.logprobs_refusal is not None:
                logprobs = {"content": state.logprobs_content, "refusal": state.logprobs_refusal}
            choices.append(
                {"index": index, "finish_reason": state.finish_reason, "message": message, "logprobs": logprobs}
            )
        data: dict[str, Any] = {**self._header, "object": "chat.completion", "choices": choices}
        if self._usage is not None:
            data["usage"] = self._usage
        return data

    def to_chat_completion(self) -> ChatCompletion:
        """Build the merged `ChatCompletion` (validated once; cached until the next chunk).

        Returns:
            The completion so far; complete once the stream has ended.
        """
        if self._built is None:
            self._built = validate_type(ChatCompletion, self.to_dict())
        return self._built

    @property
    def chat_completion(self) -> ChatCompletion:
        """Shorthand for `to_chat_completion()` (the Go SDK's `acc.ChatCompletion`)."""
        return self.to_chat_completion()

    # The accumulator reads as the completion so far, as the Go SDK's accumulator embeds its
    # ChatCompletion: `acc.id`, `acc.choices[0].message.content`, `acc.usage`.
    @property
    def id(self) -> str:
        """The completion's ID (from the first chunk)."""
        return self.to_chat_completion().id

    @property
    def choices(self) -> List[CompletionChoice]:
        """The merged choices, in index order."""
        return self.to_chat_completion().choices

    @property
    def created(self) -> int:
        """The creation timestamp (from the first chunk)."""
        return self.to_chat_completion().created

    @property
    def model(self) -> str:
        """The model that generated the completion."""
        return self.to_chat_completion().model

    @property
    def object(self) -> Literal["chat.completion"]:
        """Always `"chat.completion"`."""
        return self.to_chat_completion().object

    @property
    def usage(self) -> Optional[CompletionUsage]:
        """Token usage, once a chunk carried it (`stream_options={"include_usage": True}`)."""
        return self.to_chat_completion().usage

    @property
    def system_fingerprint(self) -> Optional[str]:
        """The backend configuration fingerprint, when sent."""
        return self.to_chat_completion().system_fingerprint

    @property
    def service_tier(self) -> Optional[ChatCompletionServiceTier]:
        """The service tier that processed the request, when sent."""
        return self.to_chat_completion().service_tier

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            # Any other public `ChatCompletion` attribute (fields added later, `model_dump`, `to_json`, ...).
            if name.startswith("_"):
                raise AttributeError(name)
            completion = self.to_chat_completion()
            try:
                return getattr(completion, name)
            except AttributeError:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    @property
    def choice_count(self) -> int:
        """How many choices have been seen."""
        return len(self._choices)

    def content_parts(self, choice_index: int = 0) -> List[str]:
        """The content deltas of a choice so far (shared list: do not modify)."""
        state = self._choices.get(choice_index)
        return [] if state is None or state.content is None else state.content

    def tool_call_parts(self, choice_index: int, tool_index: int) -> Optional[Tuple[str, List[str]]]:
        """A tool call's name and argument deltas so far (shared list: do not modify), or None."""
        state = self._choices.get(choice_index)
        tool = None if state is None else state.tool_calls.get(tool_index)
        return None if tool is None else (tool.name, tool.parts)

    def refusal_parts(self, choice_index: int = 0) -> List[str]:
        """The refusal deltas of a choice so far (shared list: do not modify)."""
        state = self._choices.get(choice_index)
        return [] if state is None or state.refusal is None else state.refusal

    def logprobs_content_parts(self, choice_index: int = 0) -> Optional[List[ChatCompletionTokenLogprob]]:
        """The content logprobs of a choice so far (shared list: do not modify), None if none was received."""
        state = self._choices.get(choice_index)
        return None if state is None else state.logprobs_content

    def logprobs_refusal_parts(self, choice_index: int = 0) -> Optional[List[ChatCompletionTokenLogprob]]:
        """The refusal logprobs of a choice so far (shared list: do not modify), None if none was received."""
        state = self._choices.get(choice_index)
        return None if state is None else state.logprobs_refusal


def _tool_call_dict(tool: _ToolCall) -> dict[str, Any]:
    return {"id": tool.id, "type": tool.type, "function": {"name": tool.name, "arguments": "".join(tool.parts)}}
