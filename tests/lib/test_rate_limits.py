"""Tests of `oai.lib.rate_limits`: header parsing, `APIResponse.rate_limits`,
`client.last_rate_limits` per thread and task, and `oai.rate_limits(obj)`."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, cast

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oai
from oai import RateLimits
from oai._legacy_response import LegacyAPIResponse
from oai._models import BaseModel
from oai._streaming import Stream
from oai.lib.rate_limits import parse_duration

from ..conftest import make_async_client, make_sync_client

RAW = "X-Stainless-Raw-Response"
DATE = "Wed, 21 Oct 2015 07:28:00 GMT"
DATE_VALUE = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)

FULL_HEADERS = {
    "date": DATE,
    "x-ratelimit-limit-requests": "60",
    "x-ratelimit-limit-tokens": "150000",
    "x-ratelimit-remaining-requests": "59",
    "x-ratelimit-remaining-tokens": "149984",
    "x-ratelimit-reset-requests": "1s",
    "x-ratelimit-reset-tokens": "6m0s",
}


class Item(BaseModel):
    id: str
    rate_limits: Optional[str] = None  # a spec field with this name must not clash


def rate_limited(remaining: int, body: Optional[Dict[str, Any]] = None) -> httpx.Response:
    headers = {**FULL_HEADERS, "x-ratelimit-remaining-requests": str(remaining)}
    return httpx.Response(200, json=body or {"id": "item-1"}, headers=headers)


# -- parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("20ms", 0.02),
        ("1h2m3.5s", 3723.5),
        ("0.5", 0.5),
        ("17", 17.0),
        (" 2s ", 2.0),
        ("1m30s", 90.0),
        ("250us", 0.00025),
        ("3ns", 3e-9),
        ("", None),
        ("soon", None),
        ("-1s", None),
        ("1x", None),
        ("s", None),
        ("1s2", None),
        (None, None),
    ],
)
def test_parse_duration_reads_go_durations_and_plain_numbers(value: Optional[str], seconds: Optional[float]) -> None:
    result = parse_duration(value)
    if seconds is None:
        assert result is None
    else:
        assert result == pytest.approx(seconds)


@given(st.text(max_size=12))
def test_parse_duration_never_raises_and_is_never_negative(value: str) -> None:
    result = parse_duration(value)
    assert result is None or result >= 0


def test_from_headers_reads_every_field_and_reset_times_from_the_date_header() -> None:
    limits = RateLimits.from_headers(FULL_HEADERS)
    assert limits == RateLimits(
        limit_requests=60,
        limit_tokens=150000,
        remaining_requests=59,
        remaining_tokens=149984,
        reset_requests=1.0,
        reset_tokens=360.0,
        reset_requests_at=DATE_VALUE + timedelta(seconds=1),
        reset_tokens_at=DATE_VALUE + timedelta(minutes=6),
    )


def test_from_headers_matches_names_case_insensitively() -> None:
    limits = RateLimits.from_headers({"X-RateLimit-Remaining-Tokens": "5"})
    assert limits.remaining_tokens == 5


def test_from_headers_uses_the_receipt_time_without_a_date_header() -> None:
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    limits = RateLimits.from_headers({"x-ratelimit-reset-tokens": "20ms"}, now=now)
    assert limits.reset_tokens_at == now + timedelta(milliseconds=20)
    assert limits.reset_requests_at is None


def test_from_headers_falls_back_to_now_when_the_date_header_is_garbage() -> None:
    now = datetime(2030, 1, 1, tzinfo=timezone.utc)
    limits = RateLimits.from_headers({"date": "yesterday", "x-ratelimit-reset-requests": "1s"}, now=now)
    assert limits.reset_requests_at == now + timedelta(seconds=1)


def test_from_headers_takes_a_naive_now_as_utc() -> None:
    limits = RateLimits.from_headers({"x-ratelimit-reset-requests": "1s"}, now=datetime(2030, 1, 1))
    assert limits.reset_requests_at == datetime(2030, 1, 1, 0, 0, 1, tzinfo=timezone.utc)


def test_reset_times_default_to_a_timezone_aware_current_time() -> None:
    before = datetime.now(timezone.utc)
    limits = RateLimits.from_headers({"x-ratelimit-reset-requests": "0s"})
    assert limits.reset_requests_at is not None
    assert limits.reset_requests_at.tzinfo is not None
    assert limits.reset_requests_at >= before


@pytest.mark.parametrize("garbage", ["", "many", "-3", "1.5", "٣", "1e3"])
def test_from_headers_gives_none_for_malformed_counts(garbage: str) -> None:
    limits = RateLimits.from_headers({"x-ratelimit-limit-requests": garbage, "x-ratelimit-reset-tokens": "later"})
    assert limits.limit_requests is None
    assert limits.reset_tokens is None
    assert limits.reset_tokens_at is None


def test_from_headers_without_rate_limit_headers_is_all_none() -> None:
    assert RateLimits.from_headers({"content-type": "application/json"}) == RateLimits()


def test_rate_limits_is_frozen() -> None:
    limits = RateLimits(limit_requests=1)
    with pytest.raises(AttributeError):
        limits.limit_requests = 2  # type: ignore[misc]  # the assignment is what is tested


# -- exposure on responses, clients and returned objects ---------------------------------


def test_raw_response_exposes_rate_limits() -> None:
    client = make_sync_client(lambda request: rate_limited(41))
    # The raw-mode header is what `with_raw_response` sets; the loop then returns the APIResponse.
    raw = cast("oai.APIResponse[Item]", client.get("/items/1", cast_to=Item, extra_headers={RAW: "raw"}))
    assert isinstance(raw, oai.APIResponse)
    assert raw.rate_limits.remaining_requests == 41
    assert oai.rate_limits(raw) == raw.rate_limits
    assert oai.rate_limits(raw.parse()) == raw.rate_limits


@pytest.mark.anyio
async def test_async_raw_response_exposes_rate_limits() -> None:
    client = make_async_client(lambda request: rate_limited(40))
    raw = cast("LegacyAPIResponse[Item]", await client.get("/items/1", cast_to=Item, extra_headers={RAW: "raw"}))
    assert isinstance(raw, LegacyAPIResponse)
    assert raw.rate_limits.remaining_requests == 40
    assert oai.rate_limits(raw.parse()) == raw.rate_limits


def test_returned_model_carries_its_rate_limits_outside_its_fields() -> None:
    client = make_sync_client(lambda request: rate_limited(7, {"id": "item-1", "rate_limits": "field value"}))
    item = client.get("/items/1", cast_to=Item)
    limits = oai.rate_limits(item)
    assert limits is not None and limits.remaining_requests == 7
    assert item.rate_limits == "field value"
    assert item.to_dict() == {"id": "item-1", "rate_limits": "field value"}
    assert item == Item(id="item-1", rate_limits="field value")


def test_each_returned_model_keeps_the_limits_of_its_own_response() -> None:
    remaining = iter([9, 8])
    client = make_sync_client(lambda request: rate_limited(next(remaining)))
    first = client.get("/items/1", cast_to=Item)
    second = client.get("/items/1", cast_to=Item)
    assert [oai.rate_limits(first), oai.rate_limits(second)] == [
        RateLimits.from_headers({**FULL_HEADERS, "x-ratelimit-remaining-requests": "9"}),
        RateLimits.from_headers({**FULL_HEADERS, "x-ratelimit-remaining-requests": "8"}),
    ]


def test_stream_exposes_the_rate_limits_of_its_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b"data: [DONE]\n\n", headers={**FULL_HEADERS, "content-type": "text/event-stream"}
        )

    client = make_sync_client(handler)
    stream = client.post("/items", cast_to=Item, body={}, stream=True, stream_cls=Stream[Item])
    limits = oai.rate_limits(stream)
    stream.close()
    assert limits is not None and limits.remaining_requests == 59


def test_rate_limits_of_objects_without_a_response_is_none() -> None:
    assert oai.rate_limits(Item(id="by-hand")) is None
    assert oai.rate_limits("text") is None
    assert oai.rate_limits([1, 2]) is None


def test_rate_limits_of_a_plain_httpx_response() -> None:
    response = httpx.Response(200, headers={"x-ratelimit-limit-tokens": "10"})
    limits = oai.rate_limits(response)
    assert limits is not None and limits.limit_tokens == 10


def test_last_rate_limits_is_none_before_any_response() -> None:
    client = make_sync_client(lambda request: rate_limited(1))
    assert client.last_rate_limits is None


def test_last_rate_limits_follows_each_response_including_errors() -> None:
    responses = iter([rate_limited(5), httpx.Response(429, json={}, headers={"x-ratelimit-remaining-requests": "0"})])
    client = make_sync_client(lambda request: next(responses), max_retries=0)
    client.get("/items/1", cast_to=Item)
    assert client.last_rate_limits is not None and client.last_rate_limits.remaining_requests == 5
    with pytest.raises(oai.RateLimitError):
        client.get("/items/1", cast_to=Item)
    assert client.last_rate_limits.remaining_requests == 0


def test_with_options_copy_shares_last_rate_limits_but_other_clients_do_not() -> None:
    client = make_sync_client(lambda request: rate_limited(3))
    other = make_sync_client(lambda request: rate_limited(4))
    client.with_options(max_retries=1).get("/items/1", cast_to=Item)
    assert client.last_rate_limits is not None and client.last_rate_limits.remaining_requests == 3
    assert other.last_rate_limits is None


def test_last_rate_limits_is_isolated_between_threads() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return rate_limited(int(request.url.params["n"]))

    client = make_sync_client(handler)
    barrier = threading.Barrier(2, timeout=5)
    seen: Dict[int, List[Optional[int]]] = {}

    def work(n: int) -> None:
        observed: List[Optional[int]] = []
        for _ in range(20):
            client.get("/items/1", cast_to=Item, extra_query={"n": n})
            barrier.wait()  # both threads have now recorded a response
            limits = client.last_rate_limits
            observed.append(limits.remaining_requests if limits else None)
            barrier.wait()
        seen[n] = observed

    threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == {1: [1] * 20, 2: [2] * 20}
    assert client.last_rate_limits is None  # the main thread received nothing


@pytest.mark.anyio
async def test_last_rate_limits_is_isolated_between_tasks() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return rate_limited(int(request.url.params["n"]))

    client = make_async_client(handler)
    seen: Dict[int, List[Optional[int]]] = {}
    both_sent = [anyio.Event(), anyio.Event()]

    async def work(n: int) -> None:
        await client.get("/items/1", cast_to=Item, extra_query={"n": n})
        both_sent[n - 1].set()
        for event in both_sent:
            await event.wait()
        limits = client.last_rate_limits
        seen[n] = [limits.remaining_requests if limits else None]

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(work, 1)
            tasks.start_soon(work, 2)
    assert seen == {1: [1], 2: [2]}
    assert client.last_rate_limits is None
