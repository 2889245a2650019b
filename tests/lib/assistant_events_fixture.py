"""A recorded Assistants run stream (written from the spec's event shapes) and the objects in it."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple


def run(status: str, run_id: str = "run_1", thread_id: str = "thread_1") -> Dict[str, Any]:
    return {
        "id": run_id,
        "object": "thread.run",
        "created_at": 1,
        "thread_id": thread_id,
        "assistant_id": "asst_1",
        "status": status,
        "required_action": None,
        "last_error": None,
        "expires_at": None,
        "started_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "incomplete_details": None,
        "model": "gpt-4o",
        "instructions": "",
        "tools": [],
        "metadata": {},
        "usage": None,
        "max_prompt_tokens": None,
        "max_completion_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "response_format": "auto",
    }


def step(step_id: str, status: str, details: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "id": step_id,
        "object": "thread.run.step",
        "created_at": 1,
        "assistant_id": "asst_1",
        "thread_id": "thread_1",
        "run_id": "run_1",
        "type": details["type"],
        "status": status,
        "step_details": details,
        "last_error": None,
        "expired_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "metadata": None,
        "usage": None,
    }


def message(status: str, text: str | None) -> Dict[str, Any]:
    content: List[Dict[str, Any]] = (
        [] if text is None else [{"type": "text", "text": {"value": text, "annotations": []}}]
    )
    return {
        "id": "msg_1",
        "object": "thread.message",
        "created_at": 1,
        "thread_id": "thread_1",
        "status": status,
        "incomplete_details": None,
        "completed_at": None,
        "incomplete_at": None,
        "role": "assistant",
        "content": content,
        "assistant_id": "asst_1",
        "run_id": "run_1",
        "attachments": [],
        "metadata": {},
    }


def text_delta(value: str) -> Dict[str, Any]:
    content = [{"index": 0, "type": "text", "text": {"value": value}}]
    return {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": content}}


def arguments_delta(index: int, arguments: str, *, call_id: str | None = None) -> Dict[str, Any]:
    call: Dict[str, Any] = {"index": index, "type": "function", "function": {"arguments": arguments}}
    if call_id is not None:
        call["id"] = call_id
        call["function"]["name"] = "get_weather"
    details = {"type": "tool_calls", "tool_calls": [call]}
    return {"id": "step_2", "object": "thread.run.step.delta", "delta": {"step_details": details}}


def function_call(call_id: str, arguments: str) -> Dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": "get_weather", "arguments": arguments, "output": None},
    }


MESSAGE_STEP = {"type": "message_creation", "message_creation": {"message_id": "msg_1"}}

EVENTS: List[Tuple[str, Any]] = [
    ("thread.run.created", run("queued")),
    ("thread.run.in_progress", run("in_progress")),
    ("thread.run.step.created", step("step_1", "in_progress", MESSAGE_STEP)),
    ("thread.message.created", message("in_progress", None)),
    ("thread.message.delta", text_delta("Hello")),
    ("thread.message.delta", text_delta(", world")),
    ("thread.message.completed", message("completed", "Hello, world")),
    ("thread.run.step.completed", step("step_1", "completed", MESSAGE_STEP)),
    ("thread.run.step.created", step("step_2", "in_progress", {"type": "tool_calls", "tool_calls": []})),
    ("thread.run.step.delta", arguments_delta(0, "", call_id="call_a")),
    ("thread.run.step.delta", arguments_delta(0, '{"city": "Paris"}')),
    ("thread.run.step.delta", arguments_delta(1, '{"city": "Oslo"}', call_id="call_b")),
    (
        "thread.run.step.completed",
        step(
            "step_2",
            "completed",
            {
                "type": "tool_calls",
                "tool_calls": [
                    function_call("call_a", '{"city": "Paris"}'),
                    function_call("call_b", '{"city": "Oslo"}'),
                ],
            },
        ),
    ),
    ("thread.run.completed", run("completed")),
]


def sse_body(events: List[Tuple[str, Any]] = EVENTS) -> bytes:
    """The events as a `text/event-stream` body, ending with `event: done` / `data: [DONE]`."""
    chunks = [f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events]
    chunks.append("event: done\ndata: [DONE]\n\n")
    return "".join(chunks).encode()
