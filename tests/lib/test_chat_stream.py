"""Tests of `client.chat.completions.stream()`: typed events, parsing and the final completion."""

from __future__ import annotations

import json
from typing import Any, List, Optional

import httpx
import pydantic
import pytest

import oai
from oai.lib.structured_outputs import ParsedChatCompletion

from ..conftest import make_async_client, make_sync_client


class Answer(pydantic.BaseModel):
    value: int


class Lookup(pydantic.BaseModel):
    query: str


def chunk(
    delta: Optional[dict[str, Any]] = None, *, finish_reason: Optional[str] = None, index: int = 0
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": index, "delta": delta or {}, "finish_reason": finish_reason}],
    }


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
    with client.chat.completions.stream(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Answer
    ) as stream:
        with pytest.raises(oai.LengthFinishReasonError):
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
