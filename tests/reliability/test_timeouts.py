"""Timeouts against a server that answers slowly: the per-call timeout applies to each attempt,
the whole call is bounded by attempts x timeout (+ delays, faked here), and the last attempt's
timeout surfaces as `APITimeoutError`."""

from __future__ import annotations

import time

import httpx
import pytest

import oai

from .conftest import Echo, MakeClient, resolve, sleeps_of, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio

TIMEOUT = 0.2
SLACK = 1.0  # scheduling noise on a loaded 2-core machine


async def test_a_per_call_timeout_applies_to_each_attempt(make_client: MakeClient, server: FaultServer) -> None:
    client = make_client(max_retries=2)
    path = f"/slow/{unique()}?delay=5"
    started = time.monotonic()
    with pytest.raises(oai.APITimeoutError):
        await resolve(client.get(path, cast_to=Echo, timeout=TIMEOUT))
    elapsed = time.monotonic() - started
    assert len(server.requests_to(path)) == 3
    assert len(sleeps_of(client)) == 2
    # Three attempts of TIMEOUT each: not one timeout for the whole call, and no attempt waited for the server.
    assert 3 * TIMEOUT * 0.9 <= elapsed <= 3 * TIMEOUT + SLACK


async def test_the_total_is_bounded_by_attempts_times_timeout_plus_delays(make_client: MakeClient) -> None:
    client = make_client(max_retries=3, timeout=TIMEOUT)
    started = time.monotonic()
    with pytest.raises(oai.APITimeoutError):
        await resolve(client.post(f"/slow/{unique()}?delay=5", cast_to=Echo, body={}))
    elapsed = time.monotonic() - started
    delays = sleeps_of(client)
    assert len(delays) == 3
    # The delays are recorded, not slept: what is left is the attempts.
    assert elapsed <= 4 * TIMEOUT + SLACK


async def test_a_timeout_then_a_fast_answer_succeeds(make_client: MakeClient) -> None:
    client = make_client()
    result = await resolve(client.get(f"/flaky/1/slow/{unique()}?delay=5", cast_to=Echo, timeout=TIMEOUT))
    assert result.attempt == 2


async def test_the_timeout_error_is_a_connection_error_with_the_request(make_client: MakeClient) -> None:
    client = make_client(max_retries=0)
    path = f"/slow/{unique()}?delay=5"
    with pytest.raises(oai.APITimeoutError) as info:
        await resolve(client.get(path, cast_to=Echo, timeout=httpx.Timeout(TIMEOUT)))
    assert isinstance(info.value, oai.APIConnectionError)
    assert info.value.request.url.path.endswith(path.split("?")[0])
    assert str(info.value) == "Request timed out."


async def test_a_with_options_timeout_applies_to_its_calls_only(make_client: MakeClient) -> None:
    client = make_client(max_retries=0)
    fast = client.with_options(timeout=TIMEOUT)
    with pytest.raises(oai.APITimeoutError):
        await resolve(fast.get(f"/slow/{unique()}?delay=5", cast_to=Echo))
    result = await resolve(client.get(f"/slow/{unique()}?delay=0.3", cast_to=Echo))
    assert result.attempt == 1


async def test_the_read_timeout_is_announced_to_the_server(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/echo/{unique()}"
    await resolve(make_client().get(path, cast_to=Echo, timeout=7.5))
    (request,) = server.requests_to(path)
    assert request.headers["x-stainless-read-timeout"] == "7.5"
