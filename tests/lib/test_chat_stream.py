"""Tests of `client.chat.completions.stream()`: typed events, parsing and the final completion."""

from __future__ import annotations

import json
from typing import Any, List, Optional

import httpx
import pydantic
import pytest

import oai
from oai._models import validate_type
from oai.lib.chat_stream import (
    ChatCompletionStreamEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
)
from oai.lib.structured_outputs import ParsedChatCompletion, ParsedFunctionToolCall
from oai.types.chat.chat_completion_chunk import ChatCompletionChunk
from oai.types.chat.chat_completion_token_logprob import ChatCompletionTokenLogprob

from ..conftest import make_async_client, make_sync_client


class Answer(pydantic.BaseModel):
    value: int


class Lookup(pydantic.BaseModel):
    query: str


def chunk(
    delta: Optional[dict[str, Any]] = None,
    *,
    finish_reason: Optional[str] = None,
    index: int = 0,
    logprobs: Optional[dict[str, Any]] = None,
) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": index, "delta": delta or {}, "finish_reason": finish_reason}
    if logprobs is not None:
        choice["logprobs"] = logprobs
    data: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o",
        "choices": [choice],
    }
    validate_type(ChatCompletionChunk, data, strict=True)  # the chunks are real ones
    return data


def tok(token: str) -> dict[str, Any]:
    """A `ChatCompletionTokenLogprob` as the API sends it."""
    return {
        "token": token,
        "logprob": -0.25,
        "bytes": list(token.encode()),
        "top_logprobs": [{"token": token, "logprob": -0.25, "bytes": list(token.encode())}],
    }


def lp(content: Optional[List[str]] = None, refusal: Optional[List[str]] = None) -> dict[str, Any]:
    return {
        "content": None if content is None else [tok(t) for t in content],
        "refusal": None if refusal is None else [tok(t) for t in refusal],
    }


def tokens(items: List[ChatCompletionTokenLogprob]) -> List[str]:
    assert all(isinstance(item, ChatCompletionTokenLogprob) for item in items)
    return [item.token for item in items]


def non_chunk(events: List[ChatCompletionStreamEvent[Any]]) -> List[ChatCompletionStreamEvent[Any]]:
    return [e for e in events if e.type != "chunk"]


def sse(chunks: List[dict[str, Any]]) -> bytes:
    return b"".join(f"data: {json.dumps(c)}\n\n".encode() for c in chunks) + b"data: [DONE]\n\n"


class SSEHandler:
    def __init__(self, chunks: List[dict[str, Any]]) -> None:
        self.body = sse(chunks)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, content=self.body, headers={"content-type": "text/event-stream"})


CONTENT_CHUNKS = [
    chunk({"role": "assistant", "content": '{"val'}),
    chunk({"content": 'ue": 42}'}),
    chunk(finish_reason="stop"),
]

TOOL_CHUNKS = [
    chunk(
        {
            "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function", "function": {"name": "Lookup", "arguments": '{"que'}}
            ]
        }
    ),
    chunk({"tool_calls": [{"index": 0, "function": {"arguments": 'ry": "oai"}'}}]}),
    chunk(finish_reason="tool_calls"),
]


def test_stream_yields_typed_content_events_in_order() -> None:
    handler = SSEHandler(CONTENT_CHUNKS)
    client = make_sync_client(handler)
    with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "x"}]) as stream:
        events = list(stream)
    assert handler.requests[0]["stream"] is True
    assert [e.type for e in events] == ["chunk", "content.delta", "chunk", "content.delta", "chunk", "content.done"]
    deltas = [e for e in events if e.type == "content.delta"]
    assert [d.delta for d in deltas] == ['{"val', 'ue": 42}']
    assert [d.snapshot for d in deltas] == ['{"val', '{"value": 42}']
    done = events[-1]
    assert done.type == "content.done"
    assert done.content == '{"value": 42}'
    assert done.parsed is None


def test_stream_parses_content_with_response_format() -> None:
    handler = SSEHandler(CONTENT_CHUNKS)
    client = make_sync_client(handler)
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Answer
    ) as stream:
        done = [e for e in stream if e.type == "content.done"]
        final = stream.get_final_completion()
    assert handler.requests[0]["response_format"]["json_schema"]["strict"] is True
    assert done[0].parsed == Answer(value=42)
    assert isinstance(final, ParsedChatCompletion)
    assert final.choices[0].message.parsed == Answer(value=42)
    assert final.choices[0].message.content == '{"value": 42}'


def test_stream_emits_tool_argument_events_with_parsed_arguments() -> None:
    client = make_sync_client(SSEHandler(TOOL_CHUNKS))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], tools=[oai.pydantic_function_tool(Lookup)]
    ) as stream:
        events = [e for e in stream if e.type != "chunk"]
        final = stream.get_final_completion()
    assert [e.type for e in events] == [
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.done",
    ]
    delta = events[1]
    assert delta.type == "tool_calls.function.arguments.delta"
    assert (delta.name, delta.index, delta.arguments_delta, delta.arguments) == (
        "Lookup",
        0,
        'ry": "oai"}',
        '{"query": "oai"}',
    )
    done = events[2]
    assert done.type == "tool_calls.function.arguments.done"
    assert (done.name, done.index, done.arguments) == ("Lookup", 0, '{"query": "oai"}')
    assert done.parsed_arguments == Lookup(query="oai")
    calls = final.choices[0].message.tool_calls
    assert calls is not None
    assert isinstance(calls[0], ParsedFunctionToolCall)
    assert calls[0].function.parsed_arguments == Lookup(query="oai")


def test_stream_emits_refusal_events() -> None:
    chunks = [chunk({"refusal": "No"}), chunk({"refusal": " way"}), chunk(finish_reason="stop")]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "x"}]) as stream:
        events = [e for e in stream if e.type != "chunk"]
    assert [e.type for e in events] == ["refusal.delta", "refusal.delta", "refusal.done"]
    done = events[-1]
    assert done.type == "refusal.done" and done.refusal == "No way"


def test_stream_raises_length_error_with_response_format() -> None:
    chunks = [chunk({"content": '{"va'}), chunk(finish_reason="length")]
    client = make_sync_client(SSEHandler(chunks))
    with (
        client.chat.completions.stream(
            model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Answer
        ) as stream,
        pytest.raises(oai.LengthFinishReasonError),
    ):
        stream.get_final_completion()


def test_leaving_the_context_closes_the_response() -> None:
    client = make_sync_client(SSEHandler(CONTENT_CHUNKS))
    with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "x"}]) as stream:
        next(iter(stream))
    assert stream.response.is_closed


@pytest.mark.anyio
async def test_async_stream_yields_events_and_final_completion() -> None:
    client = make_async_client(SSEHandler(CONTENT_CHUNKS))
    async with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Answer
    ) as stream:
        types = [e.type async for e in stream]
        final = await stream.get_final_completion()
    assert types == ["chunk", "content.delta", "chunk", "content.delta", "chunk", "content.done"]
    assert final.choices[0].message.parsed == Answer(value=42)


LOGPROBS_CHUNKS = [
    chunk({"role": "assistant", "content": "Hel"}, logprobs=lp(["Hel"])),
    chunk({"content": "lo!"}, logprobs=lp(["lo", "!"])),
    chunk(finish_reason="stop"),
]

LOGPROBS_EVENT_TYPES = [
    "chunk",
    "content.delta",
    "logprobs.content.delta",
    "chunk",
    "content.delta",
    "logprobs.content.delta",
    "chunk",
    "content.done",
    "logprobs.content.done",
]


def check_logprobs_content_events(events: List[ChatCompletionStreamEvent[Any]]) -> None:
    assert [e.type for e in events] == LOGPROBS_EVENT_TYPES
    first, second = events[2], events[5]
    assert isinstance(first, LogprobsContentDeltaEvent) and isinstance(second, LogprobsContentDeltaEvent)
    assert (tokens(first.content), tokens(first.snapshot), first.choice_index) == (["Hel"], ["Hel"], 0)
    assert (tokens(second.content), tokens(second.snapshot)) == (["lo", "!"], ["Hel", "lo", "!"])
    assert second.content[0].logprob == -0.25 and second.content[0].top_logprobs[0].token == "lo"
    done = events[-1]
    assert isinstance(done, LogprobsContentDoneEvent)
    assert (tokens(done.content), done.choice_index) == (["Hel", "lo", "!"], 0)


def test_stream_emits_logprobs_content_events() -> None:
    client = make_sync_client(SSEHandler(LOGPROBS_CHUNKS))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = list(stream)
        final = stream.get_final_completion()
    check_logprobs_content_events(events)
    logprobs = final.choices[0].logprobs
    assert logprobs is not None and logprobs.content is not None
    assert tokens(logprobs.content) == ["Hel", "lo", "!"]
    assert logprobs.refusal is None
    assert final.choices[0].message.content == "Hello!"


@pytest.mark.anyio
async def test_async_stream_emits_logprobs_content_events() -> None:
    client = make_async_client(SSEHandler(LOGPROBS_CHUNKS))
    async with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = [e async for e in stream]
        final = await stream.get_final_completion()
    check_logprobs_content_events(events)
    logprobs = final.choices[0].logprobs
    assert logprobs is not None and logprobs.content is not None
    assert tokens(logprobs.content) == ["Hel", "lo", "!"]


def test_stream_emits_logprobs_refusal_events() -> None:
    chunks = [
        chunk({"refusal": "No"}, logprobs=lp(refusal=["No"])),
        chunk({"refusal": " way"}, logprobs=lp(refusal=[" way"])),
        chunk(finish_reason="stop"),
    ]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = non_chunk(list(stream))
        final = stream.get_final_completion()
    assert [e.type for e in events] == [
        "refusal.delta",
        "logprobs.refusal.delta",
        "refusal.delta",
        "logprobs.refusal.delta",
        "refusal.done",
        "logprobs.refusal.done",
    ]
    first, second, done = events[1], events[3], events[5]
    assert isinstance(first, LogprobsRefusalDeltaEvent) and isinstance(second, LogprobsRefusalDeltaEvent)
    assert (tokens(first.refusal), tokens(first.snapshot)) == (["No"], ["No"])
    assert (tokens(second.refusal), tokens(second.snapshot), second.choice_index) == ([" way"], ["No", " way"], 0)
    assert isinstance(done, LogprobsRefusalDoneEvent)
    assert (tokens(done.refusal), done.choice_index) == (["No", " way"], 0)
    logprobs = final.choices[0].logprobs
    assert logprobs is not None and logprobs.refusal is not None
    assert tokens(logprobs.refusal) == ["No", " way"]
    assert logprobs.content is None
    assert final.choices[0].message.refusal == "No way"


def test_logprobs_done_follows_deltas_when_the_last_chunk_carries_finish_reason() -> None:
    chunks = [
        chunk({"content": "A"}, logprobs=lp(["A"])),
        chunk({"content": "B"}, logprobs=lp(["B"]), finish_reason="stop"),
    ]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = list(stream)
    assert [e.type for e in events] == [
        "chunk",
        "content.delta",
        "logprobs.content.delta",
        "chunk",
        "content.delta",
        "logprobs.content.delta",
        "content.done",
        "logprobs.content.done",
    ]
    done = events[-1]
    assert isinstance(done, LogprobsContentDoneEvent) and tokens(done.content) == ["A", "B"]


def test_logprobs_content_done_is_sent_once_with_content_done_before_a_tool_call() -> None:
    chunks = [
        chunk({"content": "Checking."}, logprobs=lp(["Check", "ing", "."])),
        *TOOL_CHUNKS,
    ]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = non_chunk(list(stream))
        final = stream.get_final_completion()
    assert [e.type for e in events] == [
        "content.delta",
        "logprobs.content.delta",
        "content.done",
        "logprobs.content.done",
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.delta",
        "tool_calls.function.arguments.done",
    ]
    done = events[3]
    assert isinstance(done, LogprobsContentDoneEvent) and tokens(done.content) == ["Check", "ing", "."]
    logprobs = final.choices[0].logprobs
    assert logprobs is not None and logprobs.content is not None
    assert tokens(logprobs.content) == ["Check", "ing", "."]


def test_logprobs_events_carry_their_choice_index() -> None:
    chunks = [
        chunk({"content": "a"}, index=0, logprobs=lp(["a"])),
        chunk({"content": "b"}, index=1, logprobs=lp(["b"])),
        chunk({"content": "c"}, index=1, logprobs=lp(["c"]), finish_reason="stop"),
        chunk(index=0, finish_reason="stop"),
    ]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True, n=2
    ) as stream:
        events = [e for e in non_chunk(list(stream)) if e.type.startswith("logprobs.")]
        final = stream.get_final_completion()
    summary: list[tuple[str, int, List[str]]] = []
    for e in events:
        if isinstance(e, LogprobsContentDeltaEvent):
            summary.append((e.type, e.choice_index, tokens(e.snapshot)))
        elif isinstance(e, LogprobsContentDoneEvent):
            summary.append((e.type, e.choice_index, tokens(e.content)))
    assert summary == [
        ("logprobs.content.delta", 0, ["a"]),
        ("logprobs.content.delta", 1, ["b"]),
        ("logprobs.content.delta", 1, ["b", "c"]),
        ("logprobs.content.done", 1, ["b", "c"]),
        ("logprobs.content.done", 0, ["a"]),
    ]
    assert [tokens(c.logprobs.content) for c in final.choices if c.logprobs and c.logprobs.content] == [
        ["a"],
        ["b", "c"],
    ]


def test_logprobs_without_content_text_are_done_when_the_choice_finishes() -> None:
    chunks = [
        chunk({"role": "assistant", "content": ""}, logprobs={"content": [], "refusal": None}),
        chunk(finish_reason="stop"),
    ]
    client = make_sync_client(SSEHandler(chunks))
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], logprobs=True
    ) as stream:
        events = list(stream)
    assert [e.type for e in events] == ["chunk", "chunk", "logprobs.content.done"]
    done = events[-1]
    assert isinstance(done, LogprobsContentDoneEvent) and done.content == []


FUNCTION_CALL_CHUNKS = [
    chunk({"role": "assistant", "content": None, "function_call": {"name": "get_weather", "arguments": ""}}),
    chunk({"function_call": {"arguments": '{"city"'}}),
    chunk({"function_call": {"arguments": ': "Paris"}'}}),
    chunk(finish_reason="function_call"),
]


def test_stream_final_completion_merges_the_deprecated_function_call() -> None:
    client = make_sync_client(SSEHandler(FUNCTION_CALL_CHUNKS))
    with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "x"}]) as stream:
        types = [e.type for e in stream]
        final = stream.get_final_completion()
    assert types == ["chunk"] * 4
    choice = final.choices[0]
    assert choice.finish_reason == "function_call"
    assert choice.message.function_call is not None
    assert (choice.message.function_call.name, choice.message.function_call.arguments) == (
        "get_weather",
        '{"city": "Paris"}',
    )
    assert choice.message.content is None and choice.message.tool_calls is None


@pytest.mark.anyio
async def test_async_stream_final_completion_merges_the_deprecated_function_call() -> None:
    client = make_async_client(SSEHandler(FUNCTION_CALL_CHUNKS))
    async with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "x"}]) as stream:
        await stream.until_done()
        snapshot = stream.current_completion_snapshot()
        final = await stream.get_final_completion()
    for completion in (snapshot, final):
        call = completion.choices[0].message.function_call
        assert call is not None and (call.name, call.arguments) == ("get_weather", '{"city": "Paris"}')
