"""`openai._legacy_response`'s name for the async client's raw response, kept at the same
private path for code that imports it from there; the class lives in `_response`."""

from __future__ import annotations

from ._response import LegacyAPIResponse

__all__ = ["LegacyAPIResponse"]
