"""`client.beta.chat` is the official alias of `client.chat`: the same resource classes, methods
(`create`, `parse`, `stream`, ...) and requests, sync and async."""

from __future__ import annotations

import json

import pydantic
import pytest

from oai.resources.chat.completions.completions import AsyncCompletions, Completions

from .polling_fakes import ScriptedAPI, make_client, reply, resolve

MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def completion(content: str) -> dict[str, object]:
    message = {"role": "assistant", "content": content, "refusal": None}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
    }


class City(pydantic.BaseModel):
    name: str


@MODES
def test_beta_chat_completions_is_the_chat_completions_resource(is_async: bool) -> None:
    client = make_client(ScriptedAPI({}), is_async)
    completions = client.beta.chat.completions
    assert type(completions) is (AsyncCompletions if is_async else Completions)
    assert type(client.beta.chat) is type(client.chat)
    assert client.beta.chat is client.beta.chat  # cached like any sub-resource


@MODES
def test_beta_chat_completions_create_posts_to_chat_completions(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/chat/completions"): [reply(completion("hi"))]})
    client = make_client(api, is_async)
    messages = [{"role": "user", "content": "hello"}]
    result = resolve(client.beta.chat.completions.create(model="gpt-4o", messages=messages))
    assert result.choices[0].message.content == "hi"
    assert json.loads(api.requests[0].content) == {"model": "gpt-4o", "messages": messages}


@MODES
def test_beta_chat_completions_parse_parses_structured_output(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/chat/completions"): [reply(completion('{"name": "Paris"}'))]})
    client = make_client(api, is_async)
    result = resolve(
        client.beta.chat.completions.parse(
            model="gpt-4o", messages=[{"role": "user", "content": "capital?"}], response_format=City
        )
    )
    assert result.choices[0].message.parsed == City(name="Paris")
    assert json.loads(api.requests[0].content)["response_format"]["type"] == "json_schema"


@MODES
def test_beta_chat_raw_response_wrappers_reach_the_same_methods(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/chat/completions"): [reply(completion("raw"))]})
    client = make_client(api, is_async)
    response = resolve(
        client.beta.with_raw_response.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "x"}]
        )
    )
    parsed = resolve(response.parse())
    assert parsed.choices[0].message.content == "raw"
    assert callable(client.beta.chat.completions.stream)
