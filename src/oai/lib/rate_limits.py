"""Rate-limit helpers, kept at their old import path; they live in the core (`oai._rate_limits`)
since the request loop records them."""

from __future__ import annotations

from .._rate_limits import (
    RATE_LIMITS_SLOT,
    RateLimits,
    attach_rate_limits,
    last_rate_limits,
    parse_duration,
    rate_limits,
    rate_limits_of_response,
    record_response,
)

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
