"""Defaults shared by the core: timeouts, retries, delay bounds, limits, env var names."""

from __future__ import annotations

import httpx

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RAW_RESPONSE_HEADER",
]

DEFAULT_BASE_URL = "https://api.openai.com/v1"

# 10 minutes overall, but fail fast when the host cannot be reached.
DEFAULT_TIMEOUT = httpx.Timeout(timeout=600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)

# Backoff: min(INITIAL * 2**n, MAX) seconds, minus up to 25% jitter.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server-provided Retry-After longer than this is ignored in favour of backoff.
MAX_RETRY_AFTER = 60.0

RAW_RESPONSE_HEADER = "X-Stainless-Raw-Response"
