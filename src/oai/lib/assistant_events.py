"""The state of an Assistants run stream, without I/O: each event updates the run, message and
run-step snapshots and returns the event-handler callbacks it calls for, in order.

`AssistantEventHandler` (sync) and `AsyncAssistantEventHandler` drive it; it must not read a
stream, call a callback or know the handler classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, cast

from .._models import validate_type

if TYPE_CHECKING:
    from ..types.beta.assistant_stream_event import AssistantStreamEvent
    from ..types.beta.threads.message import Message
    from ..types.beta.threads.message_content import MessageContent
    from ..types.beta.threads.run import Run
    from ..types.beta.threads.runs.run_step import RunStep
    from ..types.beta.threads.runs.tool_call import ToolCall

__all__ = ["AssistantStreamState", "Callback", "accumulate_delta"]

Callback = Tuple[str, Tuple[Any, ...]]
"""A handler method to call (`"on_text_delta"`) and its arguments."""

# Keys whose string values name a thing rather than accumulate text.
_IDENTITY_KEYS = frozenset({"id", "type", "object", "index", "status", "role"})

_RUN_STEP_DONE = (
    "thread.run.step.completed",
    "thread.run.step.failed",
    "thread.run.step.cancelled",
    "thread.run.step.expired",
)


def accumulate_delta(snapshot: Dict[str, Any], delta: Dict[str, Any]) -> Dict[str, Any]:
    """Merge a streamed delta into a snapshot, in place, and return the snapshot.

    Text is appended, nested objects merge, list items carrying an `index` merge into the item
    at that position (others are appended), and anything else is replaced.
    """
    for key, value in delta.items():
        current = snapshot.get(key)
        if current is None or key in _IDENTITY_KEYS:
            snapshot[key] = value
        elif isinstance(current, str) and isinstance(value, str):
            snapshot[key] = current + value
        elif isinstance(current, dict) and isinstance(value, dict):
            accumulate_delta(cast(Dict[str, Any], current), cast(Dict[str, Any], value))
        elif isinstance(current, list) and isinstance(value, list):
            _accumulate_items(cast(List[Any], current), cast(List[Any], value))
        else:
            snapshot[key] = value
    return snapshot


def _accumulate_items(items: List[Any], deltas: List[Any]) -> None:
    for delta in deltas:
        position: object = cast(Dict[str, Any], delta).get("index") if isinstance(delta, dict) else None
        if not isinstance(position, int):
            items.append(delta)
            continue
        while len(items) <= position:
            items.append({})
        target = items[position]
        if isinstance(target, dict):
            accumulate_delta(cast(Dict[str, Any], target), cast(Dict[str, Any], delta))
        else:
            items[position] = delta


def _dump(model: Any) -> Dict[str, Any]:
    return cast(Dict[str, Any], model.model_dump(mode="json", exclude_unset=True, by_alias=True))


def _content_done(content: MessageContent) -> List[Callback]:
    if content.type == "text":
        return [("on_text_done", (content.text,))]
    if content.type == "image_file":
        return [("on_image_file_done", (content.image_file,))]
    return []


class AssistantStreamState:
    """Snapshots of the run, its steps and its messages, as built from the events so far."""

    def __init__(self) -> None:
        self.current_event: Optional[AssistantStreamEvent] = None
        self.current_run: Optional[Run] = None
        self.current_run_step_snapshot: Optional[RunStep] = None
        self.current_message_snapshot: Optional[Message] = None
        self.run_steps: Dict[str, RunStep] = {}
        self.messages: Dict[str, Message] = {}
        self._step_data: Dict[str, Dict[str, Any]] = {}
        self._message_data: Dict[str, Dict[str, Any]] = {}
        self._content_index: Optional[int] = None
        self._tool_call_index: Optional[int] = None

    def feed(self, event: AssistantStreamEvent) -> List[Callback]:
        """Take one event; return the callbacks it calls for (`on_event` first)."""
        self.current_event = event
        calls: List[Callback] = [("on_event", (event,))]
        name: str = event.event
        if name.startswith("thread.run.step."):
            calls += self._run_step_event(event)
        elif name.startswith("thread.run."):
            self.current_run = cast("Run", event.data)  # every other `thread.run.*` event carries the run
        elif name.startswith("thread.message."):
            calls += self._message_event(event)
        return calls

    def _message_event(self, event: AssistantStreamEvent) -> List[Callback]:
        from ..types.beta.threads.message import Message

        if event.event == "thread.message.delta":
            return self._message_delta(event.data.id, _dump(event.data.delta))
        message = cast("Message", event.data)  # the other `thread.message.*` events carry the message
        self._message_data[message.id] = _dump(message)
        self.messages[message.id] = self.current_message_snapshot = message
        if event.event == "thread.message.created":
            self._content_index = None
            return [("on_message_created", (message,))]
        if event.event in ("thread.message.completed", "thread.message.incomplete"):
            calls: List[Callback] = []
            if self._content_index is not None and self._content_index < len(message.content):
                calls += _content_done(message.content[self._content_index])
            self._content_index = None
            return [*calls, ("on_message_done", (validate_type(Message, self._message_data[message.id]),))]
        return []

    def _message_delta(self, message_id: str, delta: Dict[str, Any]) -> List[Callback]:
        from ..types.beta.threads.message import Message

        data = self._message_data.setdefault(message_id, {"id": message_id})
        accumulate_delta(data, {"content": delta.get("content") or []})
        snapshot: Message = validate_type(Message, data)
        self.messages[message_id] = self.current_message_snapshot = snapshot
        calls: List[Callback] = []
        for part in cast(List[Dict[str, Any]], delta.get("content") or []):
            index: int = part["index"]
            content = snapshot.content[index]
            if index != self._content_index:
                if self._content_index is not None:
                    calls += _content_done(snapshot.content[self._content_index])
                self._content_index = index
                if content.type == "text":
                    calls.append(("on_text_created", (content.text,)))
            if content.type == "text" and part.get("text"):
                from ..types.beta.threads.text_delta import TextDelta

                calls.append(("on_text_delta", (validate_type(TextDelta, part["text"]), content.text)))
        from ..types.beta.threads.message_delta import MessageDelta

        calls.append(("on_message_delta", (validate_type(MessageDelta, delta), snapshot)))
        return calls

    def _run_step_event(self, event: AssistantStreamEvent) -> List[Callback]:
        from ..types.beta.threads.runs.run_step import RunStep

        if event.event == "thread.run.step.delta":
            return self._run_step_delta(event.data.id, _dump(event.data.delta))
        step = cast("RunStep", event.data)  # the other `thread.run.step.*` events carry the step
        self._step_data[step.id] = _dump(step)
        self.run_steps[step.id] = self.current_run_step_snapshot = step
        if event.event == "thread.run.step.created":
            self._tool_call_index = None
            return [("on_run_step_created", (step,))]
        if event.event in _RUN_STEP_DONE:
            calls: List[Callback] = []
            done_call = self._tool_call_at(validate_type(RunStep, self._step_data[step.id]), self._tool_call_index)
            if done_call is not None:
                calls.append(("on_tool_call_done", (done_call,)))
            self._tool_call_index = None
            return [*calls, ("on_run_step_done", (step,))]
        return []

    def _run_step_delta(self, step_id: str, delta: Dict[str, Any]) -> List[Callback]:
        from ..types.beta.threads.runs.run_step import RunStep
        from ..types.beta.threads.runs.run_step_delta import RunStepDelta
        from ..types.beta.threads.runs.tool_call_delta import ToolCallDelta

        data = self._step_data.setdefault(step_id, {"id": step_id})
        accumulate_delta(data, delta)
        snapshot: RunStep = validate_type(RunStep, data)
        self.run_steps[step_id] = self.current_run_step_snapshot = snapshot
        calls: List[Callback] = []
        details = cast(Dict[str, Any], delta.get("step_details") or {})
        for call_delta in cast(List[Dict[str, Any]], details.get("tool_calls") or []):
            index: int = call_delta["index"]
            if index != self._tool_call_index:
                previous = self._tool_call_at(snapshot, self._tool_call_index)
                if previous is not None:
                    calls.append(("on_tool_call_done", (previous,)))
                self._tool_call_index = index
                calls.append(("on_tool_call_created", (self._tool_call_at(snapshot, index),)))
            parsed_delta: ToolCallDelta = validate_type(ToolCallDelta, call_delta)
            calls.append(("on_tool_call_delta", (parsed_delta, self._tool_call_at(snapshot, index))))
        calls.append(("on_run_step_delta", (validate_type(RunStepDelta, delta), snapshot)))
        return calls

    @staticmethod
    def _tool_call_at(step: RunStep, index: Optional[int]) -> Optional[ToolCall]:
        details = step.step_details
        if index is None or details.type != "tool_calls" or index >= len(details.tool_calls):
            return None
        return details.tool_calls[index]
