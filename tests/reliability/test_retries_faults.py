"""Retries against a real socket: dropped connections, 429/503 with every Retry-After form,
`x-should-retry`, idempotency keys, non-replayable bodies and the retry budget."""

from __future__ import annotations

from typing import Any, AsyncIterator

import pytest

import oai

from .conftest import Echo, MakeClient, resolve, sleeps_of, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio


async def test_dropped_connections_are_retried_until_success(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/flaky/2/close/{unique()}"
    client = make_client()
    result = await resolve(client.post(path, cast_to=Echo, body={"n": 1}))
    assert result.attempt == 3
    assert len(server.requests_to(path)) == 3
    assert len(sleeps_of(client)) == 2


async def test_every_retry_of_one_post_carries_the_same_idempotency_key(
    make_client: MakeClient, server: FaultServer
) -> None:
    path = f"/flaky/2/status/503/{unique()}"
    await resolve(make_client().post(path, cast_to=Echo, body={"n": 1}))
    requests = server.requests_to(path)
    keys = {request.headers.get("idempotency-key") for request in requests}
    assert len(requests) == 3
    assert len(keys) == 1 and None not in keys
    assert [request.headers["x-stainless-retry-count"] for request in requests] == ["0", "1", "2"]


async def test_two_calls_get_different_idempotency_keys(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/echo/{unique()}"
    client = make_client()
    await resolve(client.post(path, cast_to=Echo, body={}))
    await resolve(client.post(path, cast_to=Echo, body={}))
    first, second = (request.headers["idempotency-key"] for request in server.requests_to(path))
    assert first != second


async def test_retry_after_ms_sets_the_delay(make_client: MakeClient) -> None:
    client = make_client()
    result = await resolve(client.get(f"/flaky/2/status/429/{unique()}?retry_after_ms=40", cast_to=Echo))
    assert result.attempt == 3
    assert sleeps_of(client) == [0.04, 0.04]


async def test_retry_after_seconds_sets_the_delay(make_client: MakeClient) -> None:
    client = make_client()
    await resolve(client.get(f"/flaky/1/status/503/{unique()}?retry_after=3", cast_to=Echo))
    assert sleeps_of(client) == [3.0]


async def test_retry_after_http_date_sets_the_delay(make_client: MakeClient) -> None:
    client = make_client()
    await resolve(client.get(f"/flaky/1/status/503/{unique()}?retry_after_date=30", cast_to=Echo))
    (delay,) = sleeps_of(client)
    # An HTTP date has one-second resolution and the clock moved on a little since.
    assert 28.0 <= delay <= 30.0


async def test_retry_after_beyond_the_cap_falls_back_to_backoff(make_client: MakeClient) -> None:
    client = make_client()
    await resolve(client.get(f"/flaky/1/status/429/{unique()}?retry_after=3600", cast_to=Echo))
    (delay,) = sleeps_of(client)
    assert 0.375 <= delay <= 0.5


async def test_backoff_doubles_between_attempts_within_jitter(make_client: MakeClient, server: FaultServer) -> None:
    client = make_client()
    path = f"/status/500/{unique()}"
    with pytest.raises(oai.InternalServerError):
        await resolve(client.get(path, cast_to=Echo))
    first, second = sleeps_of(client)
    assert 0.375 <= first <= 0.5
    assert 0.75 <= second <= 1.0
    assert len(server.requests_to(path)) == 3


async def test_should_retry_false_stops_a_retryable_status(make_client: MakeClient, server: FaultServer) -> None:
    client = make_client()
    path = f"/status/503/{unique()}?should_retry=false"
    with pytest.raises(oai.InternalServerError):
        await resolve(client.get(path, cast_to=Echo))
    assert len(server.requests_to(path)) == 1
    assert sleeps_of(client) == []


async def test_should_retry_true_retries_a_client_error(make_client: MakeClient) -> None:
    client = make_client()
    result = await resolve(client.get(f"/flaky/1/status/400/{unique()}?should_retry=true", cast_to=Echo))
    assert result.attempt == 2


async def test_client_errors_are_not_retried(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/status/400/{unique()}"
    with pytest.raises(oai.BadRequestError):
        await resolve(make_client().post(path, cast_to=Echo, body={}))
    assert len(server.requests_to(path)) == 1


async def test_max_retries_zero_makes_one_attempt(make_client: MakeClient, server: FaultServer) -> None:
    client = make_client(max_retries=0)
    path = f"/status/503/{unique()}"
    with pytest.raises(oai.InternalServerError):
        await resolve(client.post(path, cast_to=Echo, body={}))
    assert len(server.requests_to(path)) == 1
    assert sleeps_of(client) == []


async def test_per_call_max_retries_overrides_the_client(make_client: MakeClient, server: FaultServer) -> None:
    client = make_client(max_retries=5)
    path = f"/close/{unique()}"
    with pytest.raises(oai.APIConnectionError):
        await resolve(client.get(path, cast_to=Echo, max_retries=1))
    assert len(server.requests_to(path)) == 2


async def test_a_call_that_finally_succeeds_returns_the_last_attempt(
    make_client: MakeClient, server: FaultServer
) -> None:
    path = f"/flaky/2/status/500/{unique()}"
    response = await resolve(
        make_client().post(path, cast_to=Echo, body={"n": 1}, extra_headers={"X-Stainless-Raw-Response": "raw"})
    )
    assert response.retries_taken == 2
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req_3"
    assert (await resolve(response.parse())).attempt == 3


async def test_a_body_cut_short_is_retried(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/flaky/1/short/{unique()}"
    result = await resolve(make_client().get(path, cast_to=Echo))
    assert result.attempt == 2


async def test_a_body_cut_short_on_the_last_attempt_raises_connection_error(make_client: MakeClient) -> None:
    with pytest.raises(oai.APIConnectionError):
        await resolve(make_client(max_retries=0).get(f"/short/{unique()}", cast_to=Echo))


def _one_shot_body(is_async: bool) -> Any:  # Any: the client under test is sync or async
    """A body that can be read only once, as a generator (async for the async client)."""
    parts = [b'{"part": ', b"1}"]

    async def async_parts() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    return async_parts() if is_async else iter(parts)


async def test_a_body_that_cannot_be_replayed_is_not_retried(
    make_client: MakeClient, server: FaultServer, is_async: bool
) -> None:
    client = make_client()
    path = f"/close/{unique()}"
    with pytest.raises(oai.APIConnectionError):
        await resolve(client.post(path, cast_to=Echo, content=_one_shot_body(is_async)))
    assert len(server.requests_to(path)) == 1
    assert sleeps_of(client) == []


async def test_a_one_shot_body_is_sent_once_in_full(make_client: MakeClient, is_async: bool) -> None:
    path = f"/echo/{unique()}"
    result = await resolve(make_client().post(path, cast_to=Echo, content=_one_shot_body(is_async)))
    assert result.body == {"part": 1}
