# pyright: reportUnnecessaryTypeIgnoreComment=true
# (every `pyright: ignore` below must be needed: it proves pyright sees the typed parameters)
"""`chat.completions.parse/stream` and `responses.parse/stream` take `create()`'s typed keyword
parameters (generated from its plan, sdkforge.yml `helpers`), not a `**params` catch-all: a
misspelt keyword is a TypeError naming it, and type checkers see every parameter."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Set, Tuple

import httpx
import pydantic
import pytest
from typing_extensions import assert_type

import oai
import oai.lib.chat_completions
import oai.lib.responses
from oai._types import Omit
from oai.lib.chat_stream import ChatCompletionStreamManager
from oai.lib.parsed_response import ParsedResponse
from oai.lib.responses_stream import ResponseStreamManager
from oai.lib.structured_outputs import ParsedChatCompletion

from ..conftest import make_async_client, make_sync_client
from .test_responses_helpers import events_for

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "openai-python-surface.json"

# helper -> (parameters of `create` it drops, parameters it adds)
HELPERS: Dict[Tuple[str, str], Tuple[Set[str], Set[str]]] = {
    ("chat.completions", "parse"): ({"stream"}, set()),
    ("chat.completions", "stream"): ({"stream"}, set()),
    ("responses", "parse"): (set(), {"text_format", "verbosity"}),
    ("responses", "stream"): ({"stream"}, {"text_format", "response_id", "starting_after"}),
}


class Answer(pydantic.BaseModel):
    value: int


def _refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request expected, got {request.method} {request.url}")


def _resolve(client: object, dotted: str) -> Any:
    for part in dotted.split("."):
        client = getattr(client, part)
    return client


def _names(fn: Callable[..., object]) -> List[str]:
    return list(inspect.signature(fn).parameters)


@pytest.mark.parametrize("is_async", [False, True])
@pytest.mark.parametrize(("resource", "helper"), list(HELPERS))
def test_helper_parameters_are_creates_minus_dropped_plus_extras(resource: str, helper: str, is_async: bool) -> None:
    client = make_async_client(_refuse) if is_async else make_sync_client(_refuse)
    create = _resolve(client, f"{resource}.create")
    method = _resolve(client, f"{resource}.{helper}")
    dropped, extras = HELPERS[(resource, helper)]
    assert set(_names(method)) == (set(_names(create)) - dropped) | extras
    kinds = {p.kind for p in inspect.signature(method).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}  # no **params catch-all
    if resource == "chat.completions":  # the beta alias is the same resource
        assert _resolve(client, f"beta.chat.completions.{helper}").__func__ is method.__func__


@pytest.mark.parametrize("is_async", [False, True])
@pytest.mark.parametrize(("resource", "helper"), list(HELPERS))
def test_helper_parameters_match_the_official_ones(resource: str, helper: str, is_async: bool) -> None:
    rows = json.loads(REFERENCE.read_text(encoding="utf-8"))["methods"]
    row = next(r for r in rows if r["method"] == f"{resource}.{helper}" and r["async"] == is_async)
    client = make_async_client(_refuse) if is_async else make_sync_client(_refuse)
    mine = inspect.signature(_resolve(client, f"{resource}.{helper}")).parameters
    official = {p["name"]: p["required"] for p in row["params"]}
    # `max_retries` is this SDK's per-request option, on every method.
    assert set(mine) == set(official) | {"max_retries"}
    required = {name for name, p in mine.items() if p.default is inspect.Parameter.empty}
    assert required == {name for name, is_required in official.items() if is_required}


def test_a_misspelt_keyword_is_a_type_error_naming_it() -> None:
    client = make_sync_client(_refuse)
    messages: List[Any] = [{"role": "user", "content": "hi"}]
    with pytest.raises(TypeError, match=r"parse\(\) got an unexpected keyword argument 'temprature'"):
        client.chat.completions.parse(model="gpt-4o", messages=messages, temprature=0.5)  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match=r"stream\(\) got an unexpected keyword argument 'max_token'"):
        client.chat.completions.stream(model="gpt-4o", messages=messages, max_token=5)  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match=r"parse\(\) got an unexpected keyword argument 'instruction'"):
        client.responses.parse(model="gpt-4o", input="hi", instruction="x")  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match=r"stream\(\) got an unexpected keyword argument 'textformat'"):
        client.responses.stream(model="gpt-4o", input="hi", textformat=Answer)  # pyright: ignore[reportCallIssue]


@pytest.mark.anyio
async def test_a_misspelt_keyword_is_a_type_error_naming_it_async() -> None:
    client = make_async_client(_refuse)
    with pytest.raises(TypeError, match=r"parse\(\) got an unexpected keyword argument 'temprature'"):
        await client.chat.completions.parse(model="gpt-4o", messages=[], temprature=0.5)  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match=r"parse\(\) got an unexpected keyword argument 'instruction'"):
        await client.responses.parse(model="gpt-4o", input="hi", instruction="x")  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match=r"stream\(\) got an unexpected keyword argument 'textformat'"):
        client.responses.stream(model="gpt-4o", input="hi", textformat=Answer)  # pyright: ignore[reportCallIssue]


def _completion(content: str) -> Dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": None}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
    }


class Recorder:
    def __init__(self, body: Dict[str, Any]) -> None:
        self.body = body
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=self.body)

    def sent(self, index: int = 0) -> Dict[str, Any]:
        body: Dict[str, Any] = json.loads(self.requests[index].content)
        return body


def test_typed_parameters_reach_the_request_and_the_result_is_typed() -> None:
    recorder = Recorder(_completion('{"value": 7}'))
    client = make_sync_client(recorder)
    completion = client.chat.completions.parse(
        model="gpt-4o", messages=[], response_format=Answer, seed=3, max_completion_tokens=5, temperature=0.5
    )
    assert_type(completion, ParsedChatCompletion[Answer])
    assert completion.choices[0].message.parsed == Answer(value=7)
    sent = recorder.sent()
    assert (sent["seed"], sent["max_completion_tokens"], sent["temperature"]) == (3, 5, 0.5)
    assert sent["stream"] is False
    plain = client.chat.completions.parse(model="gpt-4o", messages=[])
    assert_type(plain, ParsedChatCompletion[None])
    assert plain.choices[0].message.parsed is None


def typecheck_wrong_value_types(client: oai.Client) -> None:
    """Not run, type-checked: each value is checked against its parameter's type (the ignores must be needed)."""
    client.chat.completions.parse(model="gpt-4o", messages=[], seed="3")  # pyright: ignore[reportArgumentType]
    client.responses.parse(model="gpt-4o", input="hi", max_output_tokens="many")  # pyright: ignore[reportArgumentType]


def test_stream_helpers_are_typed_by_their_format() -> None:
    client = make_sync_client(_refuse)
    manager = client.chat.completions.stream(model="gpt-4o", messages=[], response_format=Answer)
    assert_type(manager, ChatCompletionStreamManager[Answer])
    assert isinstance(manager, ChatCompletionStreamManager)
    events = client.responses.stream(model="gpt-4o", input="hi", text_format=Answer)
    assert_type(events, ResponseStreamManager[Answer])  # official: generic over the text format
    assert isinstance(events, ResponseStreamManager)  # nothing sent until entered


def _recording(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> List[Dict[str, Any]]:
    calls: List[Dict[str, Any]] = []

    def record(resource: object, **kwargs: Any) -> str:
        calls.append({"resource": resource, **kwargs})
        return "delegated"

    monkeypatch.setattr(module, name, record)
    return calls


@pytest.mark.parametrize(
    ("module", "resource", "helper"),
    [
        (oai.lib.chat_completions, "chat.completions", "parse"),
        (oai.lib.chat_completions, "chat.completions", "stream"),
        (oai.lib.responses, "responses", "parse"),
        (oai.lib.responses, "responses", "stream"),
    ],
)
def test_the_helper_passes_every_argument_to_its_implementation(
    monkeypatch: pytest.MonkeyPatch, module: object, resource: str, helper: str
) -> None:
    calls = _recording(monkeypatch, module, helper)
    client = make_sync_client(_refuse)
    method = _resolve(client, f"{resource}.{helper}")
    kwargs: Dict[str, Any] = {"model": "gpt-4o", "top_p": 0.5, "extra_headers": {"X-A": "1"}}
    kwargs.update({"messages": []} if resource == "chat.completions" else {"input": "hi"})
    assert method(**kwargs) == "delegated"
    (call,) = calls
    assert call.pop("resource") is _resolve(client, resource)
    assert set(call) == set(inspect.signature(method).parameters)
    for name, value in call.items():
        if name in kwargs:
            assert value == kwargs[name]
        elif name in ("extra_query", "extra_body"):
            assert value is None
        else:
            assert isinstance(value, Omit), name


def test_responses_parse_sends_verbosity_in_text_and_refuses_to_stream() -> None:
    recorder = Recorder({**_response_body(), "output": []})
    client = make_sync_client(recorder)
    parsed = client.responses.parse(model="gpt-4o", input="hi", text_format=Answer, verbosity="low")
    assert_type(parsed, ParsedResponse[Answer])
    text = recorder.sent()["text"]
    assert text["verbosity"] == "low"
    assert text["format"]["name"] == "Answer"
    with pytest.raises(ValueError, match=r"use `responses\.stream\(\)`"):
        client.responses.parse(model="gpt-4o", input="hi", stream=True)  # pyright: ignore[reportArgumentType]
    assert len(recorder.requests) == 1


def _response_body() -> Dict[str, Any]:
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1,
        "status": "completed",
        "model": "gpt-4o",
        "output": [],
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


class EventsRecorder:
    def __init__(self) -> None:
        events = events_for('{"value": 7}')
        self.body = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, content=self.body, headers={"content-type": "text/event-stream"})


def test_responses_stream_with_response_id_resumes_that_response() -> None:
    recorder = EventsRecorder()
    client = make_sync_client(recorder)
    with client.responses.stream(response_id="resp_1", starting_after=2, text_format=Answer) as stream:
        final = stream.get_final_response()
    (request,) = recorder.requests
    assert request.method == "GET"
    assert request.url.path == "/v1/responses/resp_1"
    assert dict(request.url.params) == {"stream": "true", "starting_after": "2"}
    assert final.output_parsed == Answer(value=7)


@pytest.mark.anyio
async def test_async_responses_stream_with_response_id_resumes_that_response() -> None:
    recorder = EventsRecorder()
    client = make_async_client(recorder)
    async with client.responses.stream(response_id="resp_1", text_format=Answer) as stream:
        final = await stream.get_final_response()
    assert recorder.requests[0].url.path == "/v1/responses/resp_1"
    assert final.output_parsed == Answer(value=7)


def test_responses_stream_refuses_arguments_a_resumed_response_would_ignore() -> None:
    client = make_sync_client(_refuse)
    with pytest.raises(ValueError, match="drop `input`, `model`"):
        client.responses.stream(response_id="resp_1", model="gpt-4o", input="hi")
    with pytest.raises(ValueError, match="`starting_after` needs `response_id`"):
        client.responses.stream(model="gpt-4o", input="hi", starting_after=3)


_PROBE = """
import json, sys
import oai
client = oai.Client(api_key="sk-test", base_url="http://127.0.0.1:9/v1", max_retries=0)
client.chat.completions, client.responses
helpers = ("oai.lib.chat_completions", "oai.lib.responses", "oai.lib.structured_outputs")
loaded = lambda: [m for m in helpers if m in sys.modules]
before = loaded()
try:
    client.responses.parse(model="gpt-4o", input="x", timeout=0.5)
except oai.APIConnectionError:
    pass
print(json.dumps({"before": before, "after": loaded()}))
"""


def test_helpers_load_their_implementation_only_when_called() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True)
    modules = json.loads(out.stdout)
    assert modules["before"] == []
    assert modules["after"] == ["oai.lib.responses", "oai.lib.structured_outputs"]
