"""`x-ratelimit-*` headers read into a typed `RateLimits` value; no request loop, no caching.

Loaded when a program first reads rate limits (`_rate_limits` only records the response).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Mapping, Union

import httpx

__all__ = ["HeadersLike", "RateLimits", "parse_duration"]

_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
# Go-style durations as the API sends them: `1s`, `6m0s`, `20ms`, `1h2m3.5s`. Patterns, not
# compiled objects: `re` compiles and caches them on first use, which a call that never reads
# rate limits does not pay for.
_DURATION_PART = r"(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)"
_DURATION = r"(?:(?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|ns))+"
_NUMBER = r"\d+(?:\.\d*)?|\.\d+"

HeadersLike = Union[Mapping[str, str], httpx.Headers]


def parse_duration(value: str | None) -> float | None:
    """Seconds in a reset value such as `1s`, `6m0s`, `20ms`, `1h2m3.5s` or `0.5`.

    Args:
        value: the header value, or None.

    Returns:
        The number of seconds, or None when the value is missing or not a duration.
    """
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(_NUMBER, text):
        return float(text)
    if not re.fullmatch(_DURATION, text):
        return None
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in re.findall(_DURATION_PART, text))


def _parse_count(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _response_time(date: str | None, now: datetime | None) -> datetime:
    if date is not None:
        try:
            parsed = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)
    if now is None:
        return datetime.now(timezone.utc)
    return now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class RateLimits:
    """The `x-ratelimit-*` headers of one response; each field is None when its header is
    missing or malformed.

    Attributes:
        limit_requests: requests allowed per window.
        limit_tokens: tokens allowed per window.
        remaining_requests: requests left in the window.
        remaining_tokens: tokens left in the window.
        reset_requests: seconds until the request budget is full again.
        reset_tokens: seconds until the token budget is full again.
        reset_requests_at: when the request budget is full again (timezone-aware).
        reset_tokens_at: when the token budget is full again (timezone-aware).

    ```py
    response = client.chat.completions.with_raw_response.create(...)
    limits = response.rate_limits
    if limits.remaining_tokens is not None and limits.remaining_tokens < 1000:
        print("slow down until", limits.reset_tokens_at)
    ```
    """

    limit_requests: int | None = None
    limit_tokens: int | None = None
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests: float | None = None
    reset_tokens: float | None = None
    reset_requests_at: datetime | None = None
    reset_tokens_at: datetime | None = None

    @classmethod
    def from_headers(cls, headers: HeadersLike, *, now: datetime | None = None) -> RateLimits:
        """Read the rate-limit headers of a response.

        Args:
            headers: the response headers (any mapping; names are matched case-insensitively).
            now: when the response was received; used for the `*_at` times when there is no
                valid `Date` header (default: the current time; a naive value is taken as UTC).

        Returns:
            The parsed limits; fields whose header is missing or malformed are None.
        """
        # Plain mappings are lower-cased here rather than wrapped in `httpx.Headers`, which
        # rejects non-ASCII values instead of treating them as malformed.
        found: Mapping[str, str] = (
            headers if isinstance(headers, httpx.Headers) else {name.lower(): value for name, value in headers.items()}
        )
        reset_requests = parse_duration(found.get("x-ratelimit-reset-requests"))
        reset_tokens = parse_duration(found.get("x-ratelimit-reset-tokens"))
        start: datetime | None = None
        if reset_requests is not None or reset_tokens is not None:
            start = _response_time(found.get("date"), now)
        return cls(
            limit_requests=_parse_count(found.get("x-ratelimit-limit-requests")),
            limit_tokens=_parse_count(found.get("x-ratelimit-limit-tokens")),
            remaining_requests=_parse_count(found.get("x-ratelimit-remaining-requests")),
            remaining_tokens=_parse_count(found.get("x-ratelimit-remaining-tokens")),
            reset_requests=reset_requests,
            reset_tokens=reset_tokens,
            reset_requests_at=_after(start, reset_requests),
            reset_tokens_at=_after(start, reset_tokens),
        )


def _after(start: datetime | None, seconds: float | None) -> datetime | None:
    if start is None or seconds is None:
        return None
    try:
        return start + timedelta(seconds=seconds)
    except OverflowError:
        return None
