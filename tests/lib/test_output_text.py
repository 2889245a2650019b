"""Tests of `output_text` on Responses API results (`Response`, `ParsedResponse`, the beta
`BetaResponse`): the concatenated text of every `output_text` part of every output message,
computed as a property (not a field), and `_request_id` on every object a method returns."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict

import httpx
import pydantic
import pytest

from oai.types.beta.beta_response import BetaResponse
from oai.types.responses.response import Response

from ..conftest import make_async_client, make_sync_client

pytestmark = pytest.mark.anyio


def message(*parts: Dict[str, Any]) -> Dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": list(parts)}


def text(value: str) -> Dict[str, Any]:
    return {"type": "output_text", "text": value, "annotations": []}


RESPONSE: Dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "model": "gpt-4o",
    "status": "completed",
    "output": [
        message(text("Hello, "), {"type": "refusal", "refusal": "no"}, text("world")),
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{}"},
        message(text("!")),
    ],
}


def answer(body: object) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body, headers={"x-request-id": "req_abc"})

    return handler


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def call(is_async: bool, body: object, method: Callable[[Any], Any]) -> Any:
    if is_async:
        return await method(make_async_client(answer(body)))
    return method(make_sync_client(answer(body)))


async def test_response_output_text_concatenates_every_output_text_part(is_async: bool) -> None:
    response = await call(is_async, RESPONSE, lambda c: c.responses.create(model="gpt-4o", input="hi"))
    assert isinstance(response, Response)
    assert response.output_text == "Hello, world!"
    assert response._request_id == "req_abc"
    # A computed property, as official: not a field, not in dumps.
    assert "output_text" not in Response.model_fields
    assert "output_text" not in response.to_dict()


async def test_output_text_is_empty_without_messages(is_async: bool) -> None:
    body = {**RESPONSE, "output": [RESPONSE["output"][1]]}
    response = await call(is_async, body, lambda c: c.responses.retrieve("resp_1"))
    assert response.output_text == ""


async def test_beta_response_has_output_text(is_async: bool) -> None:
    response = await call(is_async, RESPONSE, lambda c: c.beta.responses.retrieve("resp_1"))
    assert isinstance(response, BetaResponse)
    assert response.output_text == "Hello, world!"
    assert "output_text" not in BetaResponse.model_fields


class Greeting(pydantic.BaseModel):
    greeting: str


async def test_parsed_response_has_output_text_and_request_id(is_async: bool) -> None:
    body = {**RESPONSE, "output": [message(text(json.dumps({"greeting": "hi"})))]}
    parsed = await call(is_async, body, lambda c: c.responses.parse(model="gpt-4o", input="hi", text_format=Greeting))
    assert parsed.output_text == '{"greeting": "hi"}'
    assert parsed.output_parsed == Greeting(greeting="hi")
    assert parsed._request_id == "req_abc"


async def test_every_returned_model_and_page_carries_the_request_id(is_async: bool) -> None:
    model = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}
    retrieved = await call(is_async, model, lambda c: c.models.retrieve("gpt-4o"))
    assert retrieved._request_id == "req_abc"
    page = await call(is_async, {"object": "list", "data": [model]}, lambda c: c.models.list())
    assert page._request_id == "req_abc"
    assert page.data[0]._request_id is None  # nested objects were not returned by the call


def test_a_model_built_by_hand_has_no_request_id() -> None:
    assert Response.model_construct()._request_id is None


async def test_chat_completions_parse_keeps_the_request_id(is_async: bool) -> None:
    completion = {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": '{"greeting": "hi"}', "refusal": None},
            }
        ],
    }
    parsed = await call(
        is_async,
        completion,
        lambda c: c.chat.completions.parse(model="gpt-4o", messages=[], response_format=Greeting),
    )
    assert parsed.choices[0].message.parsed == Greeting(greeting="hi")
    assert parsed._request_id == "req_abc"
