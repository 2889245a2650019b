"""Benchmarks of oai against the official `openai` SDK and raw httpx; run on demand with
`scripts/bench` (never in CI pass/fail), must not be imported by `oai` or its tests."""

from __future__ import annotations

__all__: list[str] = []
