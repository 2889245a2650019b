"""The poll loop behind every `*_poll` / `poll` / `wait_for_processing` helper: when to ask again,
when to give up, and the progress reports in between.

The decisions (`Poller`) do no I/O; `poll_sync` and `poll_async` are the two short drivers that
fetch and sleep. It must not know any resource: callers pass how to fetch and read one object.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Generic, Optional, Protocol, Tuple, TypeVar

from .._exceptions import OpenAIError
from .._types import Omit

if TYPE_CHECKING:
    import httpx

__all__ = [
    "POLL_AFTER_HEADER",
    "PollProgress",
    "PollTimeoutError",
    "Poller",
    "ProgressCallback",
    "poll_async",
    "poll_headers",
    "poll_sync",
]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

POLL_AFTER_HEADER = "openai-poll-after-ms"
"""The response header in which the server says how long to wait before the next poll."""

DEFAULT_POLL_INTERVAL_MS = 1000


@dataclass(frozen=True)
class PollProgress:
    """One observation made while waiting for an object: what it is, where it stands, how long so far.

    Attributes:
        object: What is polled, in words (`"vector store file"`).
        id: The polled object's id (for uploads: the upload's id).
        status: Its status at this observation.
        attempt: 1 for the first observation, then 2, 3, ...
        elapsed: Seconds since the helper started waiting.
        completed: Units done, when the object counts them (files of a batch, parts of an upload).
        total: Units in all, when known.

    ```py
    def show(progress: oai.lib.polling.PollProgress) -> None:
        print(f"{progress.object} {progress.id}: {progress.status} after {progress.elapsed:.0f}s")

    client.vector_stores.files.create_and_poll("file-abc", vector_store_id="vs_1", on_progress=show)
    ```
    """

    object: str
    id: str
    status: str
    attempt: int
    elapsed: float
    completed: Optional[int] = None
    total: Optional[int] = None

    @property
    def fraction(self) -> Optional[float]:
        """`completed / total` in [0, 1], or None when the object does not count units."""
        if self.completed is None or not self.total:
            return None
        return min(1.0, max(0.0, self.completed / self.total))


ProgressCallback = Callable[[PollProgress], object]
"""Called with a `PollProgress` after each observation (sync callbacks serve async helpers too)."""


class PollTimeoutError(OpenAIError, TimeoutError):
    """A polling helper gave up: the object was still not done after `max_wait_seconds`.

    Attributes:
        object: What was polled, in words.
        id: Its id.
        status: Its last status.
        waited: Seconds waited in all.
    """

    def __init__(self, object: str, id: str, status: str, waited: float) -> None:  # the public field names
        super().__init__(f"{object} {id!r} is still {status!r} after waiting {waited:.1f} s (max_wait_seconds)")
        self.object = object
        self.id = id
        self.status = status
        self.waited = waited


def poll_headers(poll_interval_ms: int | Omit, extra_headers: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The headers a poll request carries: the helper marker, a custom interval, then the user's own."""
    headers: Dict[str, Any] = {"X-Stainless-Poll-Helper": "true"}
    if not isinstance(poll_interval_ms, Omit):
        headers["X-Stainless-Custom-Poll-Interval"] = str(poll_interval_ms)
    if extra_headers:
        headers.update(extra_headers)
    return headers


def _server_delay_ms(headers: httpx.Headers) -> Optional[int]:
    value = headers.get(POLL_AFTER_HEADER)
    if value is None:
        return None
    try:
        delay = int(value)
    except ValueError:
        return None  # a malformed hint is ignored, not fatal
    return delay if delay >= 0 else None


class Poller(Generic[_T]):
    """The decisions of one wait, without I/O: after each observation, stop or the next delay.

    The wait is `poll_interval_ms` when the caller gave one, else the server's
    `openai-poll-after-ms` hint, else `default_interval_ms` (unless `is_server_hint_first`
    says the hint also beats a caller's interval). Elapsed time counts both the clock and the
    delays asked for, so a fake sleep in tests still reaches `max_wait_seconds`.
    """

    def __init__(
        self,
        *,
        object: str,  # mirrors PollProgress.object
        id: str,  # mirrors PollProgress.id
        is_done: Callable[[_T], bool],
        status_of: Callable[[_T], str],
        counts_of: Callable[[_T], Optional[Tuple[int, int]]] | None = None,
        poll_interval_ms: int | Omit,
        default_interval_ms: int = DEFAULT_POLL_INTERVAL_MS,
        is_server_hint_first: bool = False,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not isinstance(poll_interval_ms, Omit) and poll_interval_ms < 0:
            raise ValueError(f"`poll_interval_ms` must be >= 0, got {poll_interval_ms}")
        if max_wait_seconds is not None and max_wait_seconds < 0:
            raise ValueError(f"`max_wait_seconds` must be >= 0, got {max_wait_seconds}")
        self.object = object
        self.id = id
        self._is_done = is_done
        self._status_of = status_of
        self._counts_of = counts_of
        self._interval_ms = poll_interval_ms
        self._default_ms = default_interval_ms
        self._is_server_hint_first = is_server_hint_first
        self._max_wait = max_wait_seconds
        self._on_progress = on_progress
        self._clock = clock
        self._start = clock()
        self._slept = 0.0
        self._attempt = 0

    def elapsed(self) -> float:
        """Seconds waited so far."""
        return max(self._clock() - self._start, self._slept)

    def observe(self, item: _T, headers: httpx.Headers) -> Optional[float]:
        """Record one fetched object: None when it is done, else the seconds to sleep first.

        Raises:
            PollTimeoutError: Sleeping that long would pass `max_wait_seconds`.
        """
        self._attempt += 1
        status = self._status_of(item)
        counts = self._counts_of(item) if self._counts_of is not None else None
        if self._on_progress is not None:
            completed, total = counts if counts is not None else (None, None)
            self._on_progress(
                PollProgress(self.object, self.id, status, self._attempt, self.elapsed(), completed, total)
            )
        if self._is_done(item):
            return None
        delay = self._delay_ms(headers) / 1000
        if self._max_wait is not None and self.elapsed() + delay > self._max_wait:
            raise PollTimeoutError(self.object, self.id, status, self.elapsed())
        self._slept += delay
        return delay

    def _delay_ms(self, headers: httpx.Headers) -> int:
        hint = _server_delay_ms(headers)
        if self._is_server_hint_first and hint is not None:
            return hint
        if not isinstance(self._interval_ms, Omit):
            return self._interval_ms
        return hint if hint is not None else self._default_ms


class _RawResponse(Protocol[_T_co]):
    """What a raw-response fetch returns (`APIResponse`): headers plus `parse()`."""

    @property
    def headers(self) -> httpx.Headers: ...

    def parse(self) -> _T_co: ...


class _AsyncRawResponse(Protocol[_T_co]):
    @property
    def headers(self) -> httpx.Headers: ...

    def parse(self) -> _T_co: ...  # the raw response's body is read: no await


def poll_sync(poller: Poller[_T], fetch: Callable[[], Any], sleep: Callable[[float], Any]) -> _T:
    """Fetch (a raw response) and sleep until `poller` says the object is done; return it."""
    while True:
        response: _RawResponse[_T] = fetch()
        item = response.parse()
        delay = poller.observe(item, response.headers)
        if delay is None:
            return item
        sleep(delay)


async def poll_async(
    poller: Poller[_T], fetch: Callable[[], Awaitable[Any]], sleep: Callable[[float], Awaitable[Any]]
) -> _T:
    """The async twin of `poll_sync`."""
    while True:
        response: _AsyncRawResponse[_T] = await fetch()
        item = response.parse()
        delay = poller.observe(item, response.headers)
        if delay is None:
            return item
        await sleep(delay)
