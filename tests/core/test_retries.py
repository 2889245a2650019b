"""Tests for the pure retry policy in `oai._retries`."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timezone
from email.utils import format_datetime

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oai._constants import MAX_RETRY_AFTER
from oai._retries import parse_retry_after, retry_delay, should_retry_exception, should_retry_response

NOW = 1_700_000_000.0  # a fixed clock for HTTP-date tests


def fixed_now() -> float:
    return NOW


def http_date(offset: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset, tz=timezone.utc), usegmt=True)


def response(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", "https://api.test/v1/models"))


# --- retry_delay: server-provided delays ---------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250.5"}, 0.2505),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after": http_date(20)}, 20.0),
        ({"retry-after-ms": "1000", "retry-after": "30"}, 1.0),
        ({"retry-after-ms": "soon", "retry-after": "4"}, 4.0),
    ],
    ids=[
        "ms",
        "fractional-ms",
        "seconds",
        "fractional-seconds",
        "header-name-any-case",
        "exactly-the-cap",
        "http-date",
        "ms-wins-over-seconds",
        "garbage-ms-falls-back-to-seconds",
    ],
)
def test_retry_delay_uses_server_delay_within_bounds(headers: dict[str, str], expected: float) -> None:
    delay = retry_delay(retries_taken=3, headers=headers, random=lambda: 0.0, now=fixed_now)
    assert delay == pytest.approx(expected)  # pyright: ignore[reportUnknownMemberType]


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "0"},
        {"retry-after-ms": "0"},
        {"retry-after": "-5"},
        {"retry-after-ms": "-100"},
        {"retry-after": "61"},
        {"retry-after-ms": "60001"},
        {"retry-after": "1e308"},
        {"retry-after": "1e999"},
        {"retry-after": "nan"},
        {"retry-after": "inf"},
        {"retry-after": "soon"},
        {"retry-after": ""},
        {"retry-after": http_date(-30)},
        {"retry-after": http_date(3600)},
        {},
    ],
    ids=[
        "zero",
        "zero-ms",
        "negative",
        "negative-ms",
        "above-cap",
        "above-cap-ms",
        "huge",
        "overflowing",
        "nan",
        "inf",
        "garbage",
        "empty",
        "date-in-the-past",
        "date-too-far",
        "no-headers",
    ],
)
def test_retry_delay_falls_back_to_backoff_when_server_delay_unusable(headers: dict[str, str]) -> None:
    assert retry_delay(retries_taken=1, headers=headers, random=lambda: 0.0, now=fixed_now) == 1.0


@pytest.mark.parametrize(
    ("retries_taken", "expected"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (50, 8.0), (10**9, 8.0)],
)
def test_retry_delay_backoff_doubles_up_to_the_cap(retries_taken: int, expected: float) -> None:
    assert retry_delay(retries_taken=retries_taken, random=lambda: 0.0) == expected


@pytest.mark.parametrize(
    ("retries_taken", "expected"),
    [(0, 0.375), (1, 0.75), (2, 1.5), (3, 3.0), (4, 6.0), (5, 6.0)],
)
def test_retry_delay_jitter_removes_at_most_a_quarter(retries_taken: int, expected: float) -> None:
    assert retry_delay(retries_taken=retries_taken, random=lambda: 1.0) == expected


def test_retry_delay_jitter_uses_the_random_source() -> None:
    assert retry_delay(retries_taken=2, random=lambda: 0.5) == 2.0 * (1 - 0.125)


def test_retry_delay_clamps_a_misbehaving_random_source() -> None:
    assert retry_delay(retries_taken=0, random=lambda: 5.0) == 0.375
    assert retry_delay(retries_taken=0, random=lambda: -5.0) == 0.5


def test_retry_delay_treats_negative_retries_taken_as_first_retry() -> None:
    assert retry_delay(retries_taken=-3, random=lambda: 0.0) == 0.5


def test_retry_delay_accepts_httpx_headers() -> None:
    headers = httpx.Headers({"Retry-After-Ms": "1200"})
    assert retry_delay(retries_taken=0, headers=headers) == 1.2


# --- parse_retry_after ---------------------------------------------------------------------


def test_parse_retry_after_returns_none_without_headers() -> None:
    assert parse_retry_after(None) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after({"content-type": "application/json"}) is None


def test_parse_retry_after_returns_raw_values_out_of_bounds() -> None:
    assert parse_retry_after({"retry-after": "-5"}) == -5.0
    assert parse_retry_after({"retry-after": "120"}) == 120.0


def test_parse_retry_after_reads_http_date_against_injected_clock() -> None:
    assert parse_retry_after({"retry-after": http_date(42)}, now=fixed_now) == 42.0
    assert parse_retry_after({"retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"}, now=fixed_now) == 20.0


@pytest.mark.parametrize("value", ["soon", "1_000", "0x10", "Mon, 99 Foo 2023", "Tue, 14 Nov 99999 22:13:20 GMT"])
def test_parse_retry_after_rejects_garbage(value: str) -> None:
    assert parse_retry_after({"retry-after": value}, now=fixed_now) is None


# --- should_retry_response -----------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
def test_should_retry_response_retries_transient_statuses(status: int) -> None:
    assert should_retry_response(response(status)) is True


@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 403, 404, 410, 422])
def test_should_retry_response_does_not_retry_other_statuses(status: int) -> None:
    assert should_retry_response(response(status)) is False


@pytest.mark.parametrize("value", ["true", "True", " TRUE "])
@pytest.mark.parametrize("status", [200, 400, 404])
def test_should_retry_header_true_forces_retry(status: int, value: str) -> None:
    assert should_retry_response(response(status, {"x-should-retry": value})) is True


@pytest.mark.parametrize("value", ["false", "False"])
@pytest.mark.parametrize("status", [408, 409, 429, 500, 503])
def test_should_retry_header_false_prevents_retry(status: int, value: str) -> None:
    assert should_retry_response(response(status, {"X-Should-Retry": value})) is False


@pytest.mark.parametrize(("status", "expected"), [(429, True), (400, False)])
def test_should_retry_header_with_other_value_is_ignored(status: int, expected: bool) -> None:
    assert should_retry_response(response(status, {"x-should-retry": "maybe"})) is expected


# --- should_retry_exception ----------------------------------------------------------------

_REQUEST = httpx.Request("GET", "https://api.test/v1/models")


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectTimeout("t", request=_REQUEST),
        httpx.ReadTimeout("t", request=_REQUEST),
        httpx.WriteTimeout("t", request=_REQUEST),
        httpx.PoolTimeout("t", request=_REQUEST),
        httpx.ConnectError("refused", request=_REQUEST),
        httpx.ReadError("reset", request=_REQUEST),
        httpx.WriteError("broken pipe", request=_REQUEST),
        httpx.CloseError("close", request=_REQUEST),
        httpx.RemoteProtocolError("peer closed", request=_REQUEST),
        httpx.ProxyError("proxy 502", request=_REQUEST),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_should_retry_exception_retries_transport_errors(exc: BaseException) -> None:
    assert should_retry_exception(exc) is True


@pytest.mark.parametrize(
    "exc",
    [
        KeyboardInterrupt(),
        SystemExit(1),
        asyncio.CancelledError(),
        ValueError("bad"),
        TypeError("bad"),
        RuntimeError("bad"),
        httpx.UnsupportedProtocol("ftp", request=_REQUEST),
        httpx.LocalProtocolError("bad header", request=_REQUEST),
        httpx.InvalidURL("bad url"),
        httpx.HTTPStatusError("500", request=_REQUEST, response=response(500)),
        httpx.TooManyRedirects("loop", request=_REQUEST),
        httpx.DecodingError("gzip", request=_REQUEST),
        OSError("disk"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_should_retry_exception_does_not_retry_other_errors(exc: BaseException) -> None:
    assert should_retry_exception(exc) is False


def test_should_retry_exception_does_not_retry_anyio_cancellation() -> None:
    async def cancelled_exc() -> BaseException:
        return anyio.get_cancelled_exc_class()()

    exc = anyio.run(cancelled_exc)
    assert should_retry_exception(exc) is False


# --- properties ------------------------------------------------------------------------------

_HEADER_VALUES = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.datetimes(timezones=st.just(timezone.utc)).map(lambda d: format_datetime(d, usegmt=True)),
)


@given(
    retries_taken=st.integers(min_value=0, max_value=10_000),
    ms=st.none() | _HEADER_VALUES,
    seconds=st.none() | _HEADER_VALUES,
    jitter=st.floats(min_value=0.0, max_value=1.0),
)
def test_retry_delay_is_always_finite_and_bounded(
    retries_taken: int, ms: str | None, seconds: str | None, jitter: float
) -> None:
    headers: dict[str, str] = {}
    if ms is not None:
        headers["retry-after-ms"] = ms
    if seconds is not None:
        headers["retry-after"] = seconds
    delay = retry_delay(retries_taken=retries_taken, headers=headers, random=lambda: jitter, now=fixed_now)
    assert math.isfinite(delay)
    assert 0 <= delay <= MAX_RETRY_AFTER


@given(retries_taken=st.integers(min_value=0, max_value=10_000))
def test_backoff_without_headers_never_exceeds_max_delay(retries_taken: int) -> None:
    assert 0.375 <= retry_delay(retries_taken=retries_taken) <= 8.0
