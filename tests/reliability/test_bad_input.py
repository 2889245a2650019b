"""Bad arguments to generated methods (`client.chat.completions`, `client.files`) are refused
before any request is sent, with an error naming the parameter."""

from __future__ import annotations

from typing import Any, List

import httpx
import pytest

import oai

from .conftest import CANARY_KEY, AnyClient, resolve

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "Hello"}]


class Recorder:
    """A transport handler that records what reaches it."""

    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(500, json={"error": {"message": "should not be reached"}})


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def client(recorder: Recorder, is_async: bool) -> Any:
    transport = httpx.MockTransport(recorder)
    instance: AnyClient
    if is_async:
        instance = oai.AsyncClient(api_key=CANARY_KEY, http_client=httpx.AsyncClient(transport=transport))
    else:
        instance = oai.Client(api_key=CANARY_KEY, http_client=httpx.Client(transport=transport))
    yield instance
    await resolve(instance.close())


async def _raises(call: Any) -> BaseException:
    try:
        await resolve(call())
    except (TypeError, ValueError) as exc:
        return exc
    raise AssertionError("expected TypeError or ValueError")


async def test_a_missing_required_parameter_is_refused_before_sending(client: Any, recorder: Recorder) -> None:
    error = await _raises(lambda: client.chat.completions.create(model="gpt-4o"))
    assert isinstance(error, TypeError) and "messages" in str(error)
    assert recorder.requests == []


async def test_a_string_for_messages_is_refused_before_sending(client: Any, recorder: Recorder) -> None:
    error = await _raises(lambda: client.chat.completions.create(messages="hi", model="gpt-4o"))
    assert isinstance(error, TypeError)
    assert "messages" in str(error) and "str" in str(error)
    assert recorder.requests == []


async def test_a_wrong_type_for_a_scalar_parameter_is_refused_before_sending(client: Any, recorder: Recorder) -> None:
    error = await _raises(lambda: client.chat.completions.create(messages=MESSAGES, model="gpt-4o", temperature="hot"))
    assert isinstance(error, TypeError) and "temperature" in str(error)
    assert recorder.requests == []


async def test_a_bad_message_role_is_refused_naming_its_path(client: Any, recorder: Recorder) -> None:
    messages = [{"role": "user", "content": "Hello"}, {"role": "admin", "content": "Hi"}]
    error = await _raises(lambda: client.chat.completions.create(messages=messages, model="gpt-4o"))
    assert isinstance(error, TypeError) and "messages[1]" in str(error)
    assert recorder.requests == []


async def test_an_unknown_keyword_is_refused_before_sending(client: Any, recorder: Recorder) -> None:
    error = await _raises(lambda: client.chat.completions.create(messages=MESSAGES, model="gpt-4o", temprature=0.2))
    assert isinstance(error, TypeError) and "temprature" in str(error)
    assert recorder.requests == []


@pytest.mark.parametrize("value", ["", None, 3.5, ["a"]], ids=["empty", "none", "float", "list"])
async def test_a_bad_path_parameter_is_refused_before_sending(client: Any, recorder: Recorder, value: Any) -> None:
    error = await _raises(lambda: client.chat.completions.retrieve(value))
    assert "`completion_id`" in str(error)
    assert isinstance(error, ValueError if value == "" else TypeError)
    assert recorder.requests == []


async def test_an_empty_file_id_is_refused_before_sending(client: Any, recorder: Recorder) -> None:
    error = await _raises(lambda: client.files.retrieve(""))
    assert isinstance(error, ValueError)
    assert str(error) == "Expected a non-empty value for `file_id` but received ''"
    assert recorder.requests == []
