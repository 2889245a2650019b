"""Assistants streaming, sync and async: `runs.stream`, `runs.create_and_stream`,
`runs.submit_tool_outputs_stream` and `threads.create_and_run_stream` against a recorded SSE
stream; the handler callbacks, their order and snapshots, and the requests sent."""

from __future__ import annotations

import asyncio
import json
import warnings
from typing import Any, Dict, List, Tuple

import httpx
import pytest

import oai
from oai.lib.assistant_stream import AssistantEventHandler, AsyncAssistantEventHandler

from .assistant_events_fixture import run, sse_body, step
from .polling_fakes import ScriptedAPI, make_client

MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])

Entry = Tuple[str, ...]


def describe(name: str, args: Tuple[Any, ...]) -> Entry:
    """One callback as a comparable tuple: its name and the interesting bits of its arguments."""
    if name == "on_event":
        return (name, args[0].event)
    if name in ("on_text_created", "on_text_done"):
        return (name, args[0].value)
    if name == "on_text_delta":
        return (name, args[0].value, args[1].value)
    if name in ("on_tool_call_created", "on_tool_call_done"):
        return (name, args[0].id, args[0].function.arguments)
    if name == "on_tool_call_delta":
        return (name, str(args[0].index), args[1].function.arguments)
    if name in ("on_message_created", "on_message_done", "on_run_step_created", "on_run_step_done"):
        return (name, args[0].id)
    if name in ("on_message_delta", "on_run_step_delta"):
        return (name, args[1].id)
    return (name,)


CALLBACKS = [
    "on_event",
    "on_run_step_created",
    "on_run_step_delta",
    "on_run_step_done",
    "on_tool_call_created",
    "on_tool_call_delta",
    "on_tool_call_done",
    "on_exception",
    "on_timeout",
    "on_message_created",
    "on_message_delta",
    "on_message_done",
    "on_text_created",
    "on_text_delta",
    "on_text_done",
    "on_image_file_done",
    "on_end",
]


def _recording(name: str) -> Any:
    def record(self: Any, *args: Any) -> None:
        self.log.append(describe(name, args))

    return record


def _async_recording(name: str) -> Any:
    async def record(self: Any, *args: Any) -> None:
        self.log.append(describe(name, args))

    return record


Recorder: Any = type("Recorder", (AssistantEventHandler,), {n: _recording(n) for n in CALLBACKS})
AsyncRecorder: Any = type("AsyncRecorder", (AsyncAssistantEventHandler,), {n: _async_recording(n) for n in CALLBACKS})


def new_recorder(is_async: bool) -> Any:
    handler = AsyncRecorder() if is_async else Recorder()
    handler.log = []
    return handler


EXPECTED: List[Entry] = [
    ("on_event", "thread.run.created"),
    ("on_event", "thread.run.in_progress"),
    ("on_event", "thread.run.step.created"),
    ("on_run_step_created", "step_1"),
    ("on_event", "thread.message.created"),
    ("on_message_created", "msg_1"),
    ("on_event", "thread.message.delta"),
    ("on_text_created", "Hello"),
    ("on_text_delta", "Hello", "Hello"),
    ("on_message_delta", "msg_1"),
    ("on_event", "thread.message.delta"),
    ("on_text_delta", ", world", "Hello, world"),
    ("on_message_delta", "msg_1"),
    ("on_event", "thread.message.completed"),
    ("on_text_done", "Hello, world"),
    ("on_message_done", "msg_1"),
    ("on_event", "thread.run.step.completed"),
    ("on_run_step_done", "step_1"),
    ("on_event", "thread.run.step.created"),
    ("on_run_step_created", "step_2"),
    ("on_event", "thread.run.step.delta"),
    ("on_tool_call_created", "call_a", ""),
    ("on_tool_call_delta", "0", ""),
    ("on_run_step_delta", "step_2"),
    ("on_event", "thread.run.step.delta"),
    ("on_tool_call_delta", "0", '{"city": "Paris"}'),
    ("on_run_step_delta", "step_2"),
    ("on_event", "thread.run.step.delta"),
    ("on_tool_call_done", "call_a", '{"city": "Paris"}'),
    ("on_tool_call_created", "call_b", '{"city": "Oslo"}'),
    ("on_tool_call_delta", "1", '{"city": "Oslo"}'),
    ("on_run_step_delta", "step_2"),
    ("on_event", "thread.run.step.completed"),
    ("on_tool_call_done", "call_b", '{"city": "Oslo"}'),
    ("on_run_step_done", "step_2"),
    ("on_event", "thread.run.completed"),
    ("on_end",),
]


def sse(body: bytes = b"") -> httpx.Response:
    return httpx.Response(200, content=body or sse_body(), headers={"content-type": "text/event-stream"})


def consume(manager: Any, is_async: bool) -> Dict[str, Any]:
    """Enter the manager, read to the end, and collect the final objects."""
    if not is_async:
        with manager as handler:
            return {
                "handler": handler,
                "run": handler.get_final_run(),
                "messages": handler.get_final_messages(),
                "steps": handler.get_final_run_steps(),
            }

    async def main() -> Dict[str, Any]:
        async with manager as handler:
            return {
                "handler": handler,
                "run": await handler.get_final_run(),
                "messages": await handler.get_final_messages(),
                "steps": await handler.get_final_run_steps(),
            }

    return asyncio.run(main())


def created_run_query(**params: Any) -> bytes:
    seen: List[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=run("queued"))

    client = make_client(answer, is_async=False)
    client.beta.threads.runs.create("thread_1", assistant_id="asst_1", **params)
    return seen[0].url.query


@MODES
def test_runs_stream_calls_every_callback_in_order_with_snapshots(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse()]})
    client = make_client(api, is_async)
    recorder = new_recorder(is_async)
    with pytest.warns(DeprecationWarning):
        manager = client.beta.threads.runs.stream(
            thread_id="thread_1",
            assistant_id="asst_1",
            instructions="Be brief.",
            include=["step_details.tool_calls[*].file_search.results[*].content"],
            event_handler=recorder,
        )
    assert api.requests == []  # the request goes out on entering the manager
    result = consume(manager, is_async)
    assert result["handler"] is recorder
    assert recorder.log == EXPECTED
    assert result["run"].status == "completed"
    assert [m.content[0].text.value for m in result["messages"]] == ["Hello, world"]
    step_2 = result["steps"][1]
    assert [call.function.arguments for call in step_2.step_details.tool_calls] == [
        '{"city": "Paris"}',
        '{"city": "Oslo"}',
    ]
    request = api.requests[0]
    # `include` travels in the query exactly as the generated `runs.create` sends it.
    assert request.url.query == created_run_query(include=["step_details.tool_calls[*].file_search.results[*].content"])
    assert b"step_details.tool_calls" in request.url.query
    assert json.loads(request.content) == {"assistant_id": "asst_1", "instructions": "Be brief.", "stream": True}


@MODES
def test_text_deltas_yield_the_message_text_pieces(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse()]})
    client = make_client(api, is_async)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        manager = client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1")
    if is_async:

        async def main() -> List[str]:
            async with manager as handler:
                assert isinstance(handler, AsyncAssistantEventHandler)
                return [piece async for piece in handler.text_deltas]

        pieces = asyncio.run(main())
    else:
        with manager as handler:
            assert type(handler) is AssistantEventHandler
            pieces = list(handler.text_deltas)
    assert pieces == ["Hello", ", world"]


@MODES
def test_create_and_stream_is_the_deprecated_name_of_stream(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse()]})
    client = make_client(api, is_async)
    with pytest.warns(DeprecationWarning, match="use `stream` instead"):
        manager = client.beta.threads.runs.create_and_stream(thread_id="thread_1", assistant_id="asst_1")
    assert consume(manager, is_async)["run"].status == "completed"


@MODES
def test_submit_tool_outputs_stream_posts_outputs_with_stream_true(is_async: bool) -> None:
    events = [
        ("thread.run.step.completed", step("step_2", "completed", {"type": "tool_calls", "tool_calls": []})),
        ("thread.run.completed", run("completed")),
    ]
    api = ScriptedAPI({("POST", "/threads/thread_1/runs/run_1/submit_tool_outputs"): [sse(sse_body(events))]})
    client = make_client(api, is_async)
    outputs = [{"tool_call_id": "call_a", "output": "12C"}]
    with pytest.warns(DeprecationWarning):
        manager = client.beta.threads.runs.submit_tool_outputs_stream(
            tool_outputs=outputs, run_id="run_1", thread_id="thread_1"
        )
    assert consume(manager, is_async)["run"].status == "completed"
    assert json.loads(api.requests[0].content) == {"tool_outputs": outputs, "stream": True}


@MODES
def test_create_and_run_stream_posts_to_threads_runs_without_warning(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/threads/runs"): [sse()]})
    client = make_client(api, is_async)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        manager = client.beta.threads.create_and_run_stream(
            assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "Weather?"}]}
        )
        result = consume(manager, is_async)
    assert [m.id for m in result["messages"]] == ["msg_1"]
    assert json.loads(api.requests[0].content) == {
        "assistant_id": "asst_1",
        "thread": {"messages": [{"role": "user", "content": "Weather?"}]},
        "stream": True,
    }


@MODES
def test_an_error_event_reaches_on_exception_then_raises(is_async: bool) -> None:
    body = sse_body([("thread.run.created", run("queued"))]).replace(
        b"event: done\ndata: [DONE]", b'event: error\ndata: {"error": {"message": "boom", "type": "server_error"}}'
    )
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse(body)]})
    client = make_client(api, is_async)
    recorder = new_recorder(is_async)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        manager = client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1", event_handler=recorder)
    with pytest.raises(oai.APIError, match="boom"):
        consume(manager, is_async)
    assert recorder.log == [("on_event", "thread.run.created"), ("on_exception",)]


def test_a_handler_serves_one_stream_only() -> None:
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse()]})
    client = make_client(api, is_async=False)
    handler = AssistantEventHandler()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1", event_handler=handler) as h:
            h.until_done()
        manager = client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1", event_handler=handler)
    with pytest.raises(RuntimeError, match="serves one stream only"):
        manager.__enter__()


def test_final_run_needs_a_run_event() -> None:
    api = ScriptedAPI({("POST", "/threads/thread_1/runs"): [sse(sse_body([]))]})
    client = make_client(api, is_async=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        manager = client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1")
    with manager as handler, pytest.raises(RuntimeError, match="No final run object found"):
        handler.get_final_run()
