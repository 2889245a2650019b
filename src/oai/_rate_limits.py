"""Rate-limit headers (`x-ratelimit-*`) remembered per response, per returned object and per
thread or task; it must not send requests or wait for a reset. The headers are read into a
`RateLimits` (`_rate_limit_headers`, imported then) only when a program asks for them."""

from __future__ import annotations

import types
import weakref
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Mapping

import httpx

if TYPE_CHECKING:
    from ._rate_limit_headers import RateLimits

__all__ = [
    "RATE_LIMITS_SLOT",
    "attach_rate_limits",
    "last_rate_limits",
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
            from ._rate_limit_headers import RateLimits

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
