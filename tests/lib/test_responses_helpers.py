"""Tests of `client.responses.stream()`: the API's typed events and the final parsed response."""

from __future__ import annotations

import json
from typing import Any, List

import httpx
import pydantic
import pytest
from typing_extensions import assert_type

import oai
from oai.lib.responses import ParsedResponse
from oai.lib.responses_stream import ResponseStream

from ..conftest import make_async_client, make_sync_client


class Answer(pydantic.BaseModel):
    value: int


def response_body(text: str, status: str = "completed") -> dict[str, Any]:
    output: list[dict[str, Any]] = []
    if text:
        output.append(
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }
        )
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1,
        "status": status,
        "model": "gpt-4o",
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "metadata": {},
        "temperature": 1,
        "top_p": 1,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
    }


def text_delta(delta: str, sequence_number: int) -> dict[str, Any]:
    return {
        "type": "response.output_text.delta",
        "item_id": "msg_1",
        "output_index": 0,
        "content_index": 0,
        "delta": delta,
        "logprobs": [],
        "sequence_number": sequence_number,
    }


def events_for(text: str, *, terminal: bool = True) -> List[dict[str, Any]]:
    events = [{"type": "response.created", "response": response_body("", "in_progress"), "sequence_number": 0}]
    events += [text_delta(text[:5], 1), text_delta(text[5:], 2)]
    if terminal:
        events.append({"type": "response.completed", "response": response_body(text), "sequence_number": 3})
    return events


class SSEHandler:
    def __init__(self, events: List[dict[str, Any]]) -> None:
        self.body = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, content=self.body, headers={"content-type": "text/event-stream"})


ANSWER = '{"value": 7}'


def test_stream_yields_the_api_events_and_the_final_response() -> None:
    handler = SSEHandler(events_for("Hello world"))
    client = make_sync_client(handler)
    with client.responses.stream(model="gpt-4o", input="hi") as stream:
        events = list(stream)
        final = stream.get_final_response()
    assert handler.requests[0]["stream"] is True
    assert [e.type for e in events] == [
        "response.created",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.completed",
    ]
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == "Hello world"
    assert isinstance(final, ParsedResponse)
    assert final.id == "resp_1"
    assert final.output_parsed is None


def test_stream_parses_the_final_output_with_text_format() -> None:
    handler = SSEHandler(events_for(ANSWER))
    client = make_sync_client(handler)
    with client.responses.stream(model="gpt-4o", input="hi", text_format=Answer) as stream:
        # As the official SDK: the stream is generic over the text format, the final response parsed.
        assert_type(stream, ResponseStream[Answer])
        final = stream.get_final_response()
        assert_type(final, ParsedResponse[Answer])
    assert handler.requests[0]["text"]["format"]["strict"] is True
    assert final.output_parsed == Answer(value=7)


def test_stream_without_terminal_event_has_no_final_response() -> None:
    client = make_sync_client(SSEHandler(events_for(ANSWER, terminal=False)))
    with (
        client.responses.stream(model="gpt-4o", input="hi") as stream,
        pytest.raises(oai.OpenAIError, match=r"response\.completed"),
    ):
        stream.get_final_response()


@pytest.mark.anyio
async def test_async_stream_yields_events_and_parsed_final_response() -> None:
    client = make_async_client(SSEHandler(events_for(ANSWER)))
    async with client.responses.stream(model="gpt-4o", input="hi", text_format=Answer) as stream:
        types = [e.type async for e in stream]
        final = await stream.get_final_response()
    assert types[0] == "response.created" and types[-1] == "response.completed"
    assert final.output_parsed == Answer(value=7)
