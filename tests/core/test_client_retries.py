"""Tests of the request loop's retries: what is retried, how many attempts, the recorded
delays, the retry-count and idempotency headers, and the errors raised after the last attempt."""

from __future__ import annotations

import io
from typing import Any, AsyncIterator, Callable, Iterator, List, Union

import httpx
import pytest

import oai

from .models_fixture import AnyClient, json_response, make_client, models_of, resolve, sleeps_of

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}
Outcome = Union[httpx.Response, BaseException]


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Script:
    """A handler that plays one outcome per attempt (the last one repeats) and records requests."""

    def __init__(self, *outcomes: Outcome | Callable[[], Outcome]) -> None:
        self.outcomes = outcomes
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if callable(outcome) and not isinstance(outcome, BaseException):
            outcome = outcome()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    @property
    def attempts(self) -> int:
        return len(self.requests)


def error(status: int, headers: dict[str, str] | None = None) -> Callable[[], httpx.Response]:
    # A factory: an httpx.Response can be sent only once.
    return lambda: json_response({"error": {"message": "nope"}}, status, headers)


def ok() -> httpx.Response:
    return json_response(MODEL)


async def get_model(client: AnyClient, **kwargs: Any) -> Any:
    return await resolve(models_of(client).retrieve("gpt-4o", **kwargs))


# -- what is retried -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut")],
    ids=["connect-error", "read-timeout", "remote-protocol-error"],
)
async def test_transport_errors_are_retried_until_success(is_async: bool, failure: Exception) -> None:
    script = Script(failure, failure, ok)
    client = make_client(script, is_async=is_async)
    model = await get_model(client)
    assert model.id == "gpt-4o"
    assert script.attempts == 3
    assert len(sleeps_of(client)) == 2


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503])
async def test_retryable_statuses_are_retried_until_attempts_run_out(is_async: bool, status: int) -> None:
    script = Script(error(status))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APIStatusError) as info:
        await get_model(client)
    assert info.value.status_code == status
    assert script.attempts == 3
    assert len(sleeps_of(client)) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_client_errors_are_not_retried(is_async: bool, status: int) -> None:
    script = Script(error(status))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APIStatusError):
        await get_model(client)
    assert script.attempts == 1
    assert sleeps_of(client) == []


async def test_should_retry_header_true_retries_a_400(is_async: bool) -> None:
    script = Script(error(400, {"x-should-retry": "true"}), ok)
    client = make_client(script, is_async=is_async)
    assert (await get_model(client)).id == "gpt-4o"
    assert script.attempts == 2


async def test_should_retry_header_false_stops_a_503(is_async: bool) -> None:
    script = Script(error(503, {"x-should-retry": "false"}), ok)
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.InternalServerError):
        await get_model(client)
    assert script.attempts == 1


async def test_retried_call_returns_the_last_attempts_result(is_async: bool) -> None:
    final = {**MODEL, "id": "from-third-attempt"}
    script = Script(error(500), lambda: json_response({**MODEL, "id": "never"}, 429), lambda: json_response(final))
    client = make_client(script, is_async=is_async)
    model = await get_model(client)
    assert model.id == "from-third-attempt"


class CutBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that fails after its first chunk, as when the connection drops mid-response."""

    def __init__(self, failure: Exception) -> None:
        self.failure = failure
        self.is_closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"id": "gpt'
        raise self.failure

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk

    def close(self) -> None:
        self.is_closed = True

    async def aclose(self) -> None:
        self.is_closed = True


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("slow body"), httpx.RemoteProtocolError("peer closed")], ids=["timeout", "cut"]
)
async def test_body_cut_while_reading_is_retried(is_async: bool, failure: Exception) -> None:
    # Regression: the body of a 200 used to be read after the retry loop, so a read timeout
    # in the middle of the body raised at once instead of being retried.
    body = CutBody(failure)
    script = Script(lambda: httpx.Response(200, headers={"content-type": "application/json"}, stream=body), ok)
    client = make_client(script, is_async=is_async)
    model = await get_model(client)
    assert model.id == "gpt-4o"
    assert script.attempts == 2
    assert body.is_closed


async def test_body_cut_on_every_attempt_raises_after_the_last(is_async: bool) -> None:
    script = Script(lambda: httpx.Response(200, stream=CutBody(httpx.ReadTimeout("slow body"))))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APITimeoutError):
        await get_model(client)
    assert script.attempts == 3


# -- how many attempts ---------------------------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 1, 3])
async def test_attempts_are_max_retries_plus_one(is_async: bool, max_retries: int) -> None:
    script = Script(error(500))
    client = make_client(script, is_async=is_async, max_retries=max_retries)
    with pytest.raises(oai.InternalServerError):
        await get_model(client)
    assert script.attempts == max_retries + 1
    assert len(sleeps_of(client)) == max_retries


async def test_per_call_max_retries_overrides_the_client(is_async: bool) -> None:
    script = Script(error(500))
    client = make_client(script, is_async=is_async, max_retries=5)
    with pytest.raises(oai.InternalServerError):
        await get_model(client, max_retries=1)
    assert script.attempts == 2


async def test_with_options_max_retries_zero_sends_once(is_async: bool) -> None:
    script = Script(httpx.ConnectError("refused"))
    client = make_client(script, is_async=is_async).with_options(max_retries=0)
    with pytest.raises(oai.APIConnectionError):
        await get_model(client)
    assert script.attempts == 1


# -- delays --------------------------------------------------------------------------------


async def test_delay_follows_retry_after_ms(is_async: bool) -> None:
    script = Script(error(429, {"retry-after-ms": "1500"}), error(429, {"retry-after-ms": "20"}), ok)
    client = make_client(script, is_async=is_async)
    await get_model(client)
    assert sleeps_of(client) == [1.5, 0.02]


async def test_delay_follows_retry_after_seconds(is_async: bool) -> None:
    script = Script(error(503, {"retry-after": "3"}), ok)
    client = make_client(script, is_async=is_async)
    await get_model(client)
    assert sleeps_of(client) == [3.0]


async def test_delay_without_headers_is_exponential_backoff_with_jitter(is_async: bool) -> None:
    script = Script(error(500))
    client = make_client(script, is_async=is_async, max_retries=4)
    with pytest.raises(oai.InternalServerError):
        await get_model(client)
    delays = sleeps_of(client)
    assert len(delays) == 4
    for retries_taken, delay in enumerate(delays):
        backoff = min(0.5 * 2**retries_taken, 8.0)
        assert 0.75 * backoff <= delay <= backoff


async def test_retry_after_beyond_the_cap_falls_back_to_backoff(is_async: bool) -> None:
    script = Script(error(429, {"retry-after": "3600"}), ok)
    client = make_client(script, is_async=is_async)
    await get_model(client)
    assert 0.375 <= sleeps_of(client)[0] <= 0.5


async def test_delay_after_transport_error_is_backoff(is_async: bool) -> None:
    script = Script(httpx.ConnectError("refused"), ok)
    client = make_client(script, is_async=is_async)
    await get_model(client)
    assert 0.375 <= sleeps_of(client)[0] <= 0.5


# -- headers across attempts ---------------------------------------------------------------


async def test_retry_count_header_counts_attempts(is_async: bool) -> None:
    script = Script(error(500))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.InternalServerError):
        await get_model(client)
    assert [r.headers["X-Stainless-Retry-Count"] for r in script.requests] == ["0", "1", "2"]


async def post_thing(client: AnyClient, **kwargs: Any) -> Any:
    return await resolve(client.post("/things", cast_to=object, body={"a": 1}, **kwargs))


async def test_idempotency_key_is_the_same_on_every_retry_of_one_post(is_async: bool) -> None:
    script = Script(error(500), httpx.ConnectError("refused"), ok)
    client = make_client(script, is_async=is_async)
    await post_thing(client)
    keys = [r.headers["Idempotency-Key"] for r in script.requests]
    assert len(keys) == 3
    assert len(set(keys)) == 1
    assert keys[0]


async def test_idempotency_key_differs_between_two_calls(is_async: bool) -> None:
    script = Script(ok)
    client = make_client(script, is_async=is_async)
    await post_thing(client)
    await post_thing(client)
    first, second = (r.headers["Idempotency-Key"] for r in script.requests)
    assert first != second


async def test_idempotency_key_given_in_options_is_sent(is_async: bool) -> None:
    script = Script(error(500), ok)
    client = make_client(script, is_async=is_async)
    await post_thing(client, options={"idempotency_key": "my-key"})
    assert [r.headers["Idempotency-Key"] for r in script.requests] == ["my-key", "my-key"]


async def test_get_has_no_idempotency_key(is_async: bool) -> None:
    script = Script(error(500), ok)
    client = make_client(script, is_async=is_async)
    await get_model(client)
    assert all("Idempotency-Key" not in r.headers for r in script.requests)


async def test_retried_post_resends_the_same_body(is_async: bool) -> None:
    script = Script(error(500), ok)
    client = make_client(script, is_async=is_async)
    await post_thing(client)
    assert [r.content for r in script.requests] == [b'{"a":1}', b'{"a":1}']


# -- what is never retried -----------------------------------------------------------------


async def test_one_shot_stream_body_is_not_retried(is_async: bool) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"part-1,"
        yield b"part-2"

    async def async_chunks() -> AsyncIterator[bytes]:
        for chunk in chunks():
            yield chunk

    script = Script(error(500), ok)
    client = make_client(script, is_async=is_async)
    content: Any = async_chunks() if is_async else chunks()
    with pytest.raises(oai.InternalServerError):
        await resolve(client.post("/uploads", cast_to=object, content=content))
    assert script.attempts == 1
    assert script.requests[0].content == b"part-1,part-2"


async def test_bytes_content_body_is_retried(is_async: bool) -> None:
    script = Script(error(500), ok)
    client = make_client(script, is_async=is_async)
    await resolve(client.post("/uploads", cast_to=object, content=b"raw-bytes"))
    assert [r.content for r in script.requests] == [b"raw-bytes", b"raw-bytes"]


class OneShotReader(io.RawIOBase):
    """A file that can be read once and cannot seek, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), len(self.data))
        buffer[:size] = self.data[:size]
        self.data = self.data[size:]
        return size


def upload_body(file: object) -> dict[str, object]:
    return {"purpose": "batch", "file": ("data.jsonl", file, "application/jsonl")}


@pytest.mark.parametrize(
    "make_file", [lambda: b'{"n": 1}', lambda: io.BytesIO(b'{"n": 1}')], ids=["bytes", "seekable-file"]
)
async def test_multipart_upload_is_retried_with_the_whole_file(is_async: bool, make_file: Callable[[], object]) -> None:
    # Regression: multipart bodies were judged one-shot streams, so uploads were never retried.
    script = Script(error(503), ok)
    client = make_client(script, is_async=is_async)
    await resolve(client.post("/files", cast_to=object, body=upload_body(make_file()), multipart=True))
    assert script.attempts == 2
    for request in script.requests:
        assert b'{"n": 1}\r\n' in request.content
        assert b'name="purpose"\r\n\r\nbatch' in request.content


async def test_multipart_upload_of_an_unseekable_file_is_not_retried(is_async: bool) -> None:
    script = Script(error(503), ok)
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.InternalServerError):
        await resolve(client.post("/files", cast_to=object, body=upload_body(OneShotReader(b"x")), multipart=True))
    assert script.attempts == 1


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, ValueError, RuntimeError])
async def test_non_transport_exceptions_propagate_unchanged_and_are_not_retried(
    is_async: bool, exc_type: type[BaseException]
) -> None:
    raised = exc_type("boom")
    script = Script(raised)
    client = make_client(script, is_async=is_async)
    with pytest.raises(exc_type) as info:
        await get_model(client)
    assert info.value is raised
    assert script.attempts == 1
    assert sleeps_of(client) == []


async def test_timeout_after_the_last_attempt_raises_api_timeout_error(is_async: bool) -> None:
    script = Script(httpx.ReadTimeout("slow"))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APITimeoutError) as info:
        await get_model(client)
    assert script.attempts == 3
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert info.value.request.url.path == "/v1/models/gpt-4o"


async def test_connect_error_after_the_last_attempt_raises_api_connection_error(is_async: bool) -> None:
    script = Script(httpx.ConnectError("refused"))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APIConnectionError) as info:
        await get_model(client)
    assert not isinstance(info.value, oai.APITimeoutError)
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert script.attempts == 3


async def test_unsupported_protocol_is_not_retried(is_async: bool) -> None:
    script = Script(httpx.UnsupportedProtocol("gopher"))
    client = make_client(script, is_async=is_async)
    with pytest.raises(oai.APIConnectionError):
        await get_model(client)
    assert script.attempts == 1
