"""`with_raw_response.parse()` and `with_streaming_response.parse()` of `chat.completions` and
`responses` (sync, async, and the `beta.chat.completions` alias), as in the official SDK: the
raw response of the helper's request, headers readable, whose `parse()` gives the parsed
result (`ParsedChatCompletion`, `ParsedResponse`) through the request's post-parser."""

from __future__ import annotations

import json
from typing import Any, AsyncIterator, Dict, Iterator, List

import httpx
import pydantic
import pytest
from typing_extensions import assert_type

import oai
from oai._response import APIResponse, AsyncAPIResponse, LegacyAPIResponse
from oai.lib.parsed_response import ParsedResponse
from oai.lib.structured_outputs import ParsedChatCompletion
from oai.types.chat import ChatCompletion

from ..conftest import make_async_client, make_sync_client
from .test_responses_helpers import response_body


class Answer(pydantic.BaseModel):
    value: int


HEADERS = {"x-request-id": "req_123", "x-custom": "yes"}


def _completion(content: str, finish_reason: str = "stop") -> Dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": None}
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None, "message": message}],
    }


class _Unread(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body httpx has not read yet, for sync and async clients."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[bytes]:
        yield self.data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.data


class Server:
    """Answers every request with `body` and the `HEADERS`, recording what was sent. The body
    is an unread stream (as off the network), so whether it was read shows."""

    def __init__(self, body: Dict[str, Any]) -> None:
        self.body = body
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        headers = {**HEADERS, "content-type": "application/json"}
        return httpx.Response(200, stream=_Unread(json.dumps(self.body).encode()), headers=headers)

    def sent(self) -> Dict[str, Any]:
        assert len(self.requests) == 1
        body: Dict[str, Any] = json.loads(self.requests[0].content)
        return body


def _check_chat_request(server: Server) -> None:
    request = server.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/chat/completions")
    sent = server.sent()
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "Answer"
    assert "stream" not in sent or sent["stream"] is False


def _check_parsed_completion(completion: ParsedChatCompletion[Answer]) -> None:
    assert isinstance(completion, ParsedChatCompletion)
    assert completion.choices[0].message.parsed == Answer(value=7)
    assert completion._request_id == "req_123"  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("path", ["chat.completions", "beta.chat.completions"])
def test_raw_chat_parse_returns_the_response_whose_parse_is_the_parsed_completion(path: str) -> None:
    server = Server(_completion('{"value": 7}'))
    client = make_sync_client(server)
    completions = client.beta.chat.completions if path.startswith("beta") else client.chat.completions
    response = completions.with_raw_response.parse(model="gpt-4o", messages=[], response_format=Answer)
    assert_type(response, APIResponse[ParsedChatCompletion[Answer]])
    assert isinstance(response, APIResponse)
    assert response.headers["x-custom"] == "yes"
    assert response.request_id == "req_123"
    assert response.http_response.is_closed  # read already, as for `with_raw_response.create`
    _check_chat_request(server)
    completion = response.parse()
    assert_type(completion, ParsedChatCompletion[Answer])
    _check_parsed_completion(completion)
    assert response.parse() is completion  # parsed once


@pytest.mark.anyio
async def test_async_raw_chat_parse_returns_the_read_response_parsed_without_await() -> None:
    server = Server(_completion('{"value": 7}'))
    client = make_async_client(server)
    response = await client.chat.completions.with_raw_response.parse(
        model="gpt-4o", messages=[], response_format=Answer
    )
    assert_type(response, LegacyAPIResponse[ParsedChatCompletion[Answer]])
    assert isinstance(response, LegacyAPIResponse)
    assert response.headers["x-custom"] == "yes"
    _check_chat_request(server)
    _check_parsed_completion(response.parse())
    beta = await client.beta.chat.completions.with_raw_response.parse(
        model="gpt-4o", messages=[], response_format=Answer
    )
    _check_parsed_completion(beta.parse())


def test_streaming_chat_parse_is_a_context_manager_over_the_unread_response() -> None:
    server = Server(_completion('{"value": 7}'))
    client = make_sync_client(server)
    with client.chat.completions.with_streaming_response.parse(
        model="gpt-4o", messages=[], response_format=Answer
    ) as response:
        assert_type(response, APIResponse[ParsedChatCompletion[Answer]])
        assert response.headers["x-custom"] == "yes"
        assert not response.http_response.is_closed
        _check_chat_request(server)
        _check_parsed_completion(response.parse())
    assert response.http_response.is_closed


@pytest.mark.anyio
async def test_async_streaming_chat_parse_is_an_async_context_manager() -> None:
    server = Server(_completion('{"value": 7}'))
    client = make_async_client(server)
    async with client.beta.chat.completions.with_streaming_response.parse(
        model="gpt-4o", messages=[], response_format=Answer
    ) as response:
        assert_type(response, AsyncAPIResponse[ParsedChatCompletion[Answer]])
        assert response.headers["x-custom"] == "yes"
        _check_chat_request(server)
        _check_parsed_completion(await response.parse())
    assert response.http_response.is_closed


def test_a_raw_parse_refuses_a_truncated_completion_when_parsed() -> None:
    # The response itself comes back (headers readable); parsing it raises, as `parse()` would.
    client = make_sync_client(Server(_completion('{"val', finish_reason="length")))
    response = client.chat.completions.with_raw_response.parse(model="gpt-4o", messages=[], response_format=Answer)
    assert response.headers["x-custom"] == "yes"
    with pytest.raises(oai.LengthFinishReasonError):
        response.parse()


def test_the_post_parser_stays_with_the_helpers_request() -> None:
    server = Server(_completion('{"value": 7}'))
    client = make_sync_client(server)
    _check_parsed_completion(client.chat.completions.parse(model="gpt-4o", messages=[], response_format=Answer))
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=[])
    plain = client.chat.completions.create(model="gpt-4o", messages=[])
    for completion in (raw.parse(), plain):
        assert type(completion) is ChatCompletion  # a later `create()` is not parsed by it


def _check_responses_request(server: Server) -> None:
    request = server.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/responses")
    text_format = server.sent()["text"]["format"]
    assert (text_format["type"], text_format["name"]) == ("json_schema", "Answer")


def _check_parsed_response(parsed: ParsedResponse[Answer]) -> None:
    assert isinstance(parsed, ParsedResponse)
    assert parsed.output_parsed == Answer(value=7)
    assert parsed._request_id == "req_123"  # pyright: ignore[reportPrivateUsage]


def test_raw_and_streaming_responses_parse() -> None:
    server = Server(response_body('{"value": 7}'))
    client = make_sync_client(server)
    response = client.responses.with_raw_response.parse(model="gpt-4o", input="hi", text_format=Answer)
    assert_type(response, APIResponse[ParsedResponse[Answer]])
    assert response.headers["x-custom"] == "yes"
    _check_responses_request(server)
    _check_parsed_response(response.parse())
    server.requests.clear()
    with client.responses.with_streaming_response.parse(model="gpt-4o", input="hi", text_format=Answer) as streamed:
        assert_type(streamed, APIResponse[ParsedResponse[Answer]])
        assert streamed.headers["x-request-id"] == "req_123"
        _check_responses_request(server)
        _check_parsed_response(streamed.parse())


@pytest.mark.anyio
async def test_async_raw_and_streaming_responses_parse() -> None:
    server = Server(response_body('{"value": 7}'))
    client = make_async_client(server)
    response = await client.responses.with_raw_response.parse(model="gpt-4o", input="hi", text_format=Answer)
    assert_type(response, LegacyAPIResponse[ParsedResponse[Answer]])
    assert response.headers["x-custom"] == "yes"
    _check_responses_request(server)
    _check_parsed_response(response.parse())
    server.requests.clear()
    async with client.responses.with_streaming_response.parse(
        model="gpt-4o", input="hi", text_format=Answer
    ) as streamed:
        assert_type(streamed, AsyncAPIResponse[ParsedResponse[Answer]])
        _check_responses_request(server)
        _check_parsed_response(await streamed.parse())


@pytest.mark.parametrize("is_async", [False, True])
def test_the_wrappers_expose_parse_but_not_stream_as_the_official_sdk(is_async: bool) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    client = make_async_client(refuse) if is_async else make_sync_client(refuse)
    for resource in (client.chat.completions, client.beta.chat.completions, client.responses):
        for wrapper in (resource.with_raw_response, resource.with_streaming_response):
            assert callable(wrapper.parse)
            assert not hasattr(wrapper, "stream")
