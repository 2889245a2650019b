"""Pure retry policy: which responses and errors to retry and how long to wait; never sleeps or does I/O.

The request loop in `_base_client` asks these functions what to do and does the waiting
itself, with a sleep function it was given, so the policy is tested without a clock.
"""

from __future__ import annotations

import math
import random as _random
import re
import time
from email.utils import mktime_tz, parsedate_tz
from typing import Callable, Mapping

import httpx

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

__all__ = [
    "parse_retry_after",
    "retry_delay",
    "should_retry_exception",
    "should_retry_response",
]

# 408 Request Timeout, 409 Conflict (lock contention), 429 Too Many Requests; plus every 5xx.
_RETRYABLE_STATUS_CODES = frozenset({408, 409, 429})

# Transport errors that a retry cannot fix: the request itself is wrong, not the network.
_NON_RETRYABLE_TRANSPORT_ERRORS = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)

# A plain decimal number; `float()` alone would also accept "nan", "inf" and "1_0". A pattern
# compiled (and cached by `re`) on the first Retry-After read, not at import.
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"

# 2**_MAX_EXPONENT * INITIAL_RETRY_DELAY is far above MAX_RETRY_DELAY; capping the exponent
# keeps `2.0 ** n` from overflowing for absurd retry counts.
_MAX_EXPONENT = 32


def should_retry_response(response: httpx.Response) -> bool:
    """Decide whether a response is worth another attempt.

    The server's `x-should-retry: true|false` header wins over everything else. Otherwise
    408, 409, 429 and any status >= 500 are retried.

    Args:
        response: the response received for the last attempt.

    Returns:
        True when the request should be sent again (if attempts remain).
    """
    hint = response.headers.get("x-should-retry")
    if hint is not None:
        hint = hint.strip().lower()
        if hint == "true":
            return True
        if hint == "false":
            return False
    status = response.status_code
    return status in _RETRYABLE_STATUS_CODES or status >= 500


def should_retry_exception(exc: BaseException) -> bool:
    """Decide whether an exception raised while sending is worth another attempt.

    Timeouts, connect, read, write and remote protocol errors (any `httpx.TransportError`)
    are retried, except those that another attempt would repeat exactly
    (`httpx.UnsupportedProtocol`, `httpx.LocalProtocolError`). Everything else, including
    `KeyboardInterrupt`, cancellation and programming errors, is not.

    Args:
        exc: the exception raised by the transport (or middleware) for the last attempt.

    Returns:
        True when the request should be sent again (if attempts remain).
    """
    if not isinstance(exc, httpx.TransportError):
        return False
    return not isinstance(exc, _NON_RETRYABLE_TRANSPORT_ERRORS)


def parse_retry_after(
    headers: httpx.Headers | Mapping[str, str] | None,
    *,
    now: Callable[[], float] = time.time,
) -> float | None:
    """Read the server's requested delay, in seconds, from the response headers.

    `retry-after-ms` (milliseconds, may be fractional) is read first; when it is absent or
    not a number, `retry-after` is read as seconds or as an HTTP date. The value is returned
    as is (zero, negative or huge); `retry_delay` decides whether to honour it.

    Args:
        headers: the response headers; a plain mapping is searched case-insensitively.
        now: the clock (Unix seconds) used to turn an HTTP date into a delay.

    Returns:
        The delay in seconds, or None when no usable header is present.
    """
    if headers is None:
        return None
    millis = _parse_number(_get_header(headers, "retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = _get_header(headers, "retry-after")
    if value is None:
        return None
    seconds = _parse_number(value)
    if seconds is not None:
        return seconds
    return _parse_http_date(value, now)


def retry_delay(
    *,
    retries_taken: int,
    headers: httpx.Headers | Mapping[str, str] | None = None,
    random: Callable[[], float] = _random.random,
    now: Callable[[], float] = time.time,
) -> float:
    """Compute how long to wait before the next attempt.

    A server-provided delay (see `parse_retry_after`) is used when it is within
    (0, MAX_RETRY_AFTER] seconds. Otherwise the delay is exponential backoff,
    `min(0.5 * 2**retries_taken, 8.0)`, reduced by up to 25% of random jitter.

    ```py
    delay = retry_delay(retries_taken=0, headers=response.headers)
    time.sleep(delay)
    ```

    Args:
        retries_taken: retries already done; 0 for the delay before the first retry.
        headers: the headers of the response that triggered the retry, if any.
        random: a source of floats in [0, 1) for the jitter.
        now: the clock (Unix seconds) used for HTTP-date `retry-after` values.

    Returns:
        Seconds to wait, finite and within [0, MAX_RETRY_AFTER].
    """
    server_delay = parse_retry_after(headers, now=now)
    if server_delay is not None and 0 < server_delay <= MAX_RETRY_AFTER:
        return server_delay
    exponent = min(max(retries_taken, 0), _MAX_EXPONENT)
    backoff = min(INITIAL_RETRY_DELAY * 2.0**exponent, MAX_RETRY_DELAY)
    # Clamp the injected source so a bad one cannot push the delay out of bounds.
    jitter = 1.0 - 0.25 * min(max(random(), 0.0), 1.0)
    return max(backoff * jitter, 0.0)


def _get_header(headers: httpx.Headers | Mapping[str, str], name: str) -> str | None:
    if isinstance(headers, httpx.Headers):
        found: str | None = headers.get(name)  # httpx types `Headers.get` as returning Any
        return found
    value = headers.get(name)
    if value is not None:
        return value
    # Plain mappings are case-sensitive; HTTP header names are not.
    for key, candidate in headers.items():
        if key.lower() == name:
            return candidate
    return None


def _parse_number(value: str | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(_NUMBER, text) is None:
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _parse_http_date(value: str, now: Callable[[], float]) -> float | None:
    try:
        parsed = parsedate_tz(value)
        if parsed is None:
            return None
        delay = mktime_tz(parsed) - now()
    except (TypeError, ValueError, OverflowError, IndexError):
        # `email.utils` raises a mix of these on dates it half-understands (year 0, bad month).
        return None
    return delay if math.isfinite(delay) else None
