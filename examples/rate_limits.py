"""Rate limits: the `x-ratelimit-*` headers of a response, typed.

Runs against OPENAI_BASE_URL (the local mock by default, which may send no rate-limit
headers: every field is then None).
"""

from __future__ import annotations

import httpx
from _common import make_client

import oai

client = make_client()

# Any object a call returns (model, page, stream, binary content, httpx.Response):
response = client.get("/models", cast_to=httpx.Response)
print("from a returned object:", oai.rate_limits(response))

client.get("/models", cast_to=object)
print("latest in this thread:", client.last_rate_limits)

# The same parsing, from headers you already have (e.g. logged ones):
limits = oai.RateLimits.from_headers({"x-ratelimit-remaining-tokens": "149984", "x-ratelimit-reset-tokens": "6m0s"})
print("remaining tokens:", limits.remaining_tokens, "- full again at", limits.reset_tokens_at)
client.close()
