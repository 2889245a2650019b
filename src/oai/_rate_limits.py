"""Rate-limit headers (`x-ratelimit-*`) as a typed `RateLimits` value, remembered per response,
per returned object and per thread or task; it must not send requests or wait for a reset."""

from __future__ import annotations

import re
import types
import weakref
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping, Union

import httpx

__all__ = [
    "RATE_LIMITS_SLOT",
    "RateLimits",
    "attach_rate_limits",
    "last_rate_limits",
    "parse_duration",
    "rate_limits",
    "rate_limits_of_response",
    "record_response",
]

# Slot declared by `oai.BaseModel.__slots__` (which imports this name, so this module needs no
# model import): never a model field, since a spec model may have a field called `rate_limits`.
RATE_LIMITS_SLOT = "_oai_rate_limits"
# Key under which a response's RateLimits is cached in `httpx.Response.extensions`, so the
# headers are parsed once however many objects ask.
_EXTENSION_KEY = "oai_rate_limits"

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


class _PendingLimits:
    """A response's headers and receipt time, parsed into RateLimits on first use: the request
    loop only records them, so a caller that never asks pays for no parsing."""

    __slots__ = ("_headers", "_received_at", "_value")

    def __init__(self, headers: httpx.Headers, received_at: datetime | None) -> None:
        self._headers = headers
        self._received_at = received_at
        self._value: RateLimits | None = None

    def get(self) -> RateLimits:
        if self._value is None:
            self._value = RateLimits.from_headers(self._headers, now=self._received_at)
        return self._value


def _pending_of(response: httpx.Response, received_at: datetime | None = None) -> _PendingLimits:
    pending = response.extensions.get(_EXTENSION_KEY)
    if not isinstance(pending, _PendingLimits):
        pending = _PendingLimits(response.headers, received_at)
        response.extensions[_EXTENSION_KEY] = pending
    return pending


def rate_limits_of_response(response: httpx.Response) -> RateLimits:
    """The RateLimits of `response`, parsed once and cached on it.

    The `*_at` times count from the `Date` header, else from when the request loop received
    the response (else from now, for a response that did not come through a client).
    """
    return _pending_of(response).get()


# -- the most recent response per thread / task -------------------------------------------
#
# One ContextVar for all clients, holding an immutable map from client identity to
# (weak reference to the owner, pending limits). Threads start with an empty context, and
# each asyncio task runs in a copy of its creator's context, so a value set in one thread or
# task is never seen by another. The map is copied on each write (never mutated), since tasks
# created from one context share the same map object.
_Entry = tuple[Callable[[], object], _PendingLimits]
_EMPTY: Mapping[int, _Entry] = {}
_last: ContextVar[Mapping[int, _Entry]] = ContextVar("oai_last_rate_limits", default=_EMPTY)


def _reference(owner: object) -> Callable[[], object]:
    try:
        return weakref.ref(owner)
    except TypeError:  # an owner type without weak references: keep it alive instead
        return lambda: owner


def record_response(owner: object, response: httpx.Response) -> None:
    """Remember `response` as the latest that `owner` received in the current thread or task.

    Args:
        owner: what identifies a client and its `with_options` copies (the shared httpx client).
        response: the response just received (its headers are parsed only when asked for).
    """
    pending = _pending_of(response, datetime.now(timezone.utc))
    current = _last.get()
    entries = {key: entry for key, entry in current.items() if entry[0]() is not None}
    entries[id(owner)] = (_reference(owner), pending)
    _last.set(entries)


def last_rate_limits(owner: object) -> RateLimits | None:
    """The limits of the latest response `owner` received in the current thread or task."""
    entry = _last.get().get(id(owner))
    if entry is None or entry[0]() is not owner:
        return None
    return entry[1].get()


# -- limits attached to returned objects ---------------------------------------------------


def attach_rate_limits(result: object, response: httpx.Response) -> None:
    """Keep `response`'s limits on a returned `oai.BaseModel` (top-level model or page)."""
    if _has_slot(result):
        object.__setattr__(result, RATE_LIMITS_SLOT, _pending_of(response))


def _has_slot(obj: object) -> bool:
    # Only classes declaring the slot (`oai.BaseModel` and subclasses) get it; others are
    # left untouched rather than given a stray attribute.
    return isinstance(getattr(type(obj), RATE_LIMITS_SLOT, None), types.MemberDescriptorType)


def rate_limits(obj: object) -> RateLimits | None:
    """The rate limits of the response that produced `obj`.

    Args:
        obj: anything a call returned: a model, a page, a stream, binary content, or an
            `APIResponse` / `httpx.Response`.

    Returns:
        The RateLimits, or None when `obj` carries no response (e.g. a nested model, a plain
        string or list result, or a model built by hand).

    ```py
    completion = client.chat.completions.create(...)
    print(oai.rate_limits(completion).remaining_tokens)
    ```
    """
    if _has_slot(obj):
        return _slot_value(obj)
    if isinstance(obj, httpx.Response):
        return rate_limits_of_response(obj)
    for name in ("http_response", "response"):
        # APIResponse, Stream, AsyncStream and HttpxBinaryResponseContent keep their response.
        response: Any = getattr(obj, name, None)
        if isinstance(response, httpx.Response):
            return rate_limits_of_response(response)
    return None


def _slot_value(model: object) -> RateLimits | None:
    try:
        # `object.__getattribute__` skips pydantic's `__getattr__`, which would look in extras.
        value = object.__getattribute__(model, RATE_LIMITS_SLOT)
    except AttributeError:
        return None
    return value.get() if isinstance(value, _PendingLimits) else None
