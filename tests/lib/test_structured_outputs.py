"""Tests of `oai.lib.structured_outputs` and `client.chat.completions.parse()` / `client.responses.parse()`."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Literal, Optional, Union, cast

import httpx
import pydantic
import pytest

import oai
from oai.lib.structured_outputs import ParsedChatCompletion, ParsedFunctionToolCall, to_strict_json_schema
from oai.types.chat.chat_completion import ChatCompletion

from ..conftest import make_async_client, make_sync_client


class Address(pydantic.BaseModel):
    city: str
    zip_code: Optional[str] = None


class Person(pydantic.BaseModel):
    """A person and where they live."""

    name: str
    age: int = 30
    home: Address
    past: List[Address]
    pet: Union[Literal["cat"], Literal["dog"], None] = None


class GetWeather(pydantic.BaseModel):
    """Get the weather in a city."""

    city: str
    unit: Literal["c", "f"] = "c"


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        typed = cast(Dict[str, Any], node)  # a JSON schema object: string keys
        if typed.get("type") == "object":
            found.append(typed)
        for value in typed.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for item in node:  # pyright: ignore[reportUnknownVariableType]
            found.extend(_objects(item))
    return found


def test_strict_schema_closes_every_object_and_requires_every_property() -> None:
    schema = to_strict_json_schema(Person)
    objects = _objects(schema)
    assert len(objects) == 2  # Person and the Address definition
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])


def test_strict_schema_makes_optional_fields_nullable_and_drops_defaults() -> None:
    schema = to_strict_json_schema(Person)
    age = schema["properties"]["age"]
    assert {"type": "null"} in age["anyOf"]
    assert "default" not in json.dumps(schema)
    zip_code = schema["$defs"]["Address"]["properties"]["zip_code"]
    assert zip_code["anyOf"].count({"type": "null"}) == 1


def test_strict_schema_keeps_defs_and_refs() -> None:
    schema = to_strict_json_schema(Person)
    assert schema["properties"]["home"] == {"$ref": "#/$defs/Address"}
    assert schema["properties"]["past"]["items"] == {"$ref": "#/$defs/Address"}


def test_ref_with_sibling_keywords_is_inlined() -> None:
    class Outer(pydantic.BaseModel):
        home: Address = pydantic.Field(description="where")

    prop = to_strict_json_schema(Outer)["properties"]["home"]
    assert "$ref" not in json.dumps(prop)
    assert prop["description"] == "where"
    assert prop["additionalProperties"] is False


def test_pydantic_function_tool_is_strict_with_name_and_description() -> None:
    tool: Any = oai.pydantic_function_tool(GetWeather)
    assert tool["type"] == "function"
    assert tool["function"]["name"] == "GetWeather"
    assert tool["function"]["strict"] is True
    assert tool["function"]["description"] == "Get the weather in a city."
    assert tool["function"]["parameters"]["additionalProperties"] is False
    renamed: Any = oai.pydantic_function_tool(GetWeather, name="weather", description="Weather now")
    assert renamed["function"]["name"] == "weather"
    assert renamed["function"]["description"] == "Weather now"


def _completion(message: dict[str, Any], finish_reason: str = "stop") -> dict[str, Any]:
    message = {"role": "assistant", "content": None, "refusal": None, **message}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None, "message": message}],
    }


PERSON_JSON = json.dumps(
    {
        "name": "Ada",
        "age": None,
        "home": {"city": "London", "zip_code": None},
        "past": [],
        "pet": "cat",
    }
)


class Recorder:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, json=self.body)


def test_parse_sends_strict_json_schema_and_returns_model_instance() -> None:
    recorder = Recorder(_completion({"content": PERSON_JSON}))
    client = make_sync_client(recorder)
    completion = client.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": "who?"}], response_format=Person
    )
    sent = recorder.requests[0]["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["strict"] is True
    assert sent["json_schema"]["name"] == "Person"
    assert isinstance(completion, ParsedChatCompletion)
    assert isinstance(completion, ChatCompletion)
    person = completion.choices[0].message.parsed
    assert isinstance(person, Person)
    assert person.age == 30  # null for an optional field means its default
    assert person.home.city == "London"


def test_parse_fills_parsed_arguments_of_pydantic_tools() -> None:
    call = {
        "id": "call_1",
        "type": "function",
        "function": {"name": "GetWeather", "arguments": '{"city":"Paris","unit":"f"}'},
    }
    recorder = Recorder(_completion({"tool_calls": [call]}, finish_reason="tool_calls"))
    client = make_sync_client(recorder)
    completion = client.chat.completions.parse(
        model="gpt-4o",
        messages=[{"role": "user", "content": "weather?"}],
        tools=[oai.pydantic_function_tool(GetWeather)],
    )
    assert recorder.requests[0]["tools"][0]["function"]["strict"] is True
    tool_calls = completion.choices[0].message.tool_calls
    assert tool_calls is not None
    assert isinstance(tool_calls[0], ParsedFunctionToolCall)
    function = tool_calls[0].function
    assert function.parsed_arguments == GetWeather(city="Paris", unit="f")
    assert completion.choices[0].message.parsed is None


@pytest.mark.parametrize(
    ("finish_reason", "error"),
    [("length", oai.LengthFinishReasonError), ("content_filter", oai.ContentFilterFinishReasonError)],
)
def test_parse_raises_on_finish_reason_without_output(finish_reason: str, error: type[Exception]) -> None:
    client = make_sync_client(Recorder(_completion({"content": '{"name": "Ad'}, finish_reason=finish_reason)))
    with pytest.raises(error):
        client.chat.completions.parse(
            model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Person
        )
    assert issubclass(error, oai.OpenAIError)


def test_parse_leaves_parsed_empty_on_refusal() -> None:
    client = make_sync_client(Recorder(_completion({"refusal": "I can't help with that."})))
    completion = client.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Person
    )
    assert completion.choices[0].message.parsed is None
    assert completion.choices[0].message.refusal == "I can't help with that."


def test_parse_rejects_content_that_does_not_fit_the_model() -> None:
    client = make_sync_client(Recorder(_completion({"content": '{"name": 1}'})))
    with pytest.raises(pydantic.ValidationError):
        client.chat.completions.parse(
            model="gpt-4o", messages=[{"role": "user", "content": "x"}], response_format=Person
        )


@pytest.mark.anyio
async def test_async_parse_returns_model_instance() -> None:
    client = make_async_client(Recorder(_completion({"content": PERSON_JSON})))
    completion = await client.chat.completions.parse(
        model="gpt-4o", messages=[{"role": "user", "content": "who?"}], response_format=Person
    )
    assert isinstance(completion.choices[0].message.parsed, Person)


def _response(output: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1,
        "status": "completed",
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


def _message(text: str) -> dict[str, Any]:
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def test_responses_parse_sends_text_format_and_sets_output_parsed() -> None:
    recorder = Recorder(_response([_message(PERSON_JSON)]))
    client = make_sync_client(recorder)
    response = client.responses.parse(model="gpt-4o", input="who?", text_format=Person)
    text_format = recorder.requests[0]["text"]["format"]
    assert text_format["type"] == "json_schema"
    assert text_format["strict"] is True
    assert text_format["schema"]["additionalProperties"] is False
    assert isinstance(response.output_parsed, Person)
    assert response.output_parsed.name == "Ada"


def test_responses_parse_converts_pydantic_tools_and_parses_call_arguments() -> None:
    call = {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "call_1",
        "name": "GetWeather",
        "arguments": '{"city":"Oslo","unit":"c"}',
        "status": "completed",
    }
    recorder = Recorder(_response([call]))
    client = make_sync_client(recorder)
    response = client.responses.parse(model="gpt-4o", input="weather?", tools=[oai.pydantic_function_tool(GetWeather)])
    sent_tool = recorder.requests[0]["tools"][0]
    assert sent_tool["type"] == "function"
    assert sent_tool["name"] == "GetWeather"
    assert sent_tool["strict"] is True
    # `parsed_arguments` rides on the plain output item as an extra field, so it is untyped here.
    output: Any = response.output[0]
    assert output.parsed_arguments == GetWeather(city="Oslo")
    assert response.output_parsed is None


@pytest.mark.anyio
async def test_async_responses_parse_sets_output_parsed() -> None:
    client = make_async_client(Recorder(_response([_message(PERSON_JSON)])))
    response = await client.responses.parse(model="gpt-4o", input="who?", text_format=Person)
    assert isinstance(response.output_parsed, Person)


def test_content_that_is_not_json_raises_validation_error() -> None:
    client = make_sync_client(Recorder(_response([_message("not json")])))
    with pytest.raises(pydantic.ValidationError):
        client.responses.parse(model="gpt-4o", input="x", text_format=Person)


# -- a model class given to create() ------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
async def test_create_with_a_model_class_as_response_format_points_to_parse(is_async: bool) -> None:
    sent: List[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    class Answer(pydantic.BaseModel):
        value: int

    client: Any = make_async_client(handler) if is_async else make_sync_client(handler)
    with pytest.raises(TypeError) as info:
        result = client.chat.completions.create(model="gpt-4o", messages=[], response_format=Answer)
        if is_async:
            await result
    assert str(info.value) == (
        "You tried to pass a `BaseModel` class to `chat.completions.create()`; "
        "You must use `chat.completions.parse()` instead"
    )
    assert sent == []
