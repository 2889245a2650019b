"""`responses.parse()` output items are the official parsed types, importable where the official SDK has them."""

from __future__ import annotations

import typing
from typing import Any, Dict, List

import httpx
import pydantic

from oai import pydantic_function_tool
from oai.types.responses import (
    ParsedResponse,
    ParsedResponseFunctionToolCall,
    ParsedResponseOutputItem,
    ParsedResponseOutputMessage,
    ParsedResponseOutputText,
)
from oai.types.responses.parsed_response import ParsedResponse as ModuleParsedResponse
from oai.types.responses.response_function_tool_call import ResponseFunctionToolCall
from oai.types.responses.response_output_item import ResponseOutputItem
from oai.types.responses.response_output_message import ResponseOutputMessage
from oai.types.responses.response_output_refusal import ResponseOutputRefusal

from ..conftest import make_sync_client
from .test_responses_helpers import response_body


class Answer(pydantic.BaseModel):
    value: int


class Lookup(pydantic.BaseModel):
    city: str


def _body() -> Dict[str, Any]:
    body = response_body('{"value": 7}')
    body["output"][0]["content"].append({"type": "refusal", "refusal": "no"})
    body["output"][0]["content"].append({"type": "output_text", "text": '{"value": 8}', "annotations": []})
    body["output"].append(
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "lookup", "arguments": '{"city": "Oslo"}'}
    )
    return body


def _parse() -> ParsedResponse[Answer]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_body())

    client = make_sync_client(handler)
    tool = pydantic_function_tool(Lookup, name="lookup")
    return client.responses.parse(model="gpt-4o", input="hi", text_format=Answer, tools=[tool])


def test_parse_returns_parsed_messages_text_parts_and_function_calls() -> None:
    parsed = _parse()
    assert ParsedResponse is ModuleParsedResponse
    message, call = parsed.output
    assert isinstance(message, ParsedResponseOutputMessage)
    text, refusal, second = message.content
    assert isinstance(text, ParsedResponseOutputText) and text.parsed == Answer(value=7)
    assert isinstance(refusal, ResponseOutputRefusal)
    assert isinstance(second, ParsedResponseOutputText) and second.parsed == Answer(value=8)
    assert parsed.output_parsed == Answer(value=7)  # the first text part
    assert isinstance(call, ParsedResponseFunctionToolCall)
    assert call.parsed_arguments == Lookup(city="Oslo")


def _variants(alias: object) -> List[object]:
    union = typing.get_args(alias)[0]  # Annotated[Union[...], Field(...)]
    return [typing.get_origin(v) or v for v in typing.get_args(union)]


def test_parsed_output_items_are_the_generated_union_with_message_and_call_replaced() -> None:
    swapped = {
        ResponseOutputMessage: ParsedResponseOutputMessage,
        ResponseFunctionToolCall: ParsedResponseFunctionToolCall,
    }
    expected = [swapped.get(v, v) for v in _variants(ResponseOutputItem)]  # type: ignore[call-overload]
    assert _variants(ParsedResponseOutputItem) == expected
