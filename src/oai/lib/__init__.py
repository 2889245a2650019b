"""Hand-written helpers beyond the spec (Azure, webhooks, rate limits, aiohttp transport), one
module each; importing this package must load none of them."""

from __future__ import annotations

__all__: list[str] = []
