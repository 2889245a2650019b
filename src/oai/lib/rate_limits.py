"""Rate-limit helpers, kept at their old import path; they live in the core (`oai._rate_limits`, `oai._rate_limit_headers`)
since the request loop records them."""

from __future__ import annotations

from .._rate_limit_headers import RateLimits, parse_duration
from .._rate_limits import (
    RATE_LIMITS_SLOT,
    attach_rate_limits,
    last_rate_limits,
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
