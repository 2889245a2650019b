"""Interleaved timing: every round runs each contender once (A B C A B C ...) and the result is
the median over rounds; must not know what the contenders do."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Mapping

__all__ = ["Samples", "interleave_async", "interleave_sync", "paired_ratio"]


@dataclass
class Samples:
    """Seconds per unit of work, one sample per round, for one contender."""

    values: list[float] = field(default_factory=lambda: [])

    @property
    def median(self) -> float:
        return statistics.median(self.values)


def interleave_sync(
    contenders: Mapping[str, Callable[[], object]], *, rounds: int, batch: int, warmup: int = 3
) -> dict[str, Samples]:
    """Seconds per call of each contender: `rounds` rounds of `batch` calls each, interleaved."""
    for fn in contenders.values():
        for _ in range(warmup):
            fn()
    samples = {name: Samples() for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            # Collect before, not during: garbage from one contender must not bill the next.
            gc.collect()
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            samples[name].values.append((time.perf_counter() - start) / batch)
    return samples


def paired_ratio(numerator: Samples | None, denominator: Samples | None) -> float | None:
    """Median over rounds of numerator/denominator, each pair measured back to back in one round.

    Pairing cancels drift (CPU frequency, other tenants of the machine) that moves both
    contenders of a round alike but differs between rounds; a ratio of two medians does not.
    """
    if numerator is None or denominator is None or not numerator.values:
        return None
    pairs = [a / b for a, b in zip(numerator.values, denominator.values, strict=True) if b > 0]
    return statistics.median(pairs) if pairs else None


async def interleave_async(
    contenders: Mapping[str, Callable[[], Awaitable[object]]], *, rounds: int, batch: int, warmup: int = 3
) -> dict[str, Samples]:
    """The async twin of `interleave_sync`; calls in a batch are awaited one after another."""
    for fn in contenders.values():
        for _ in range(warmup):
            await fn()
    samples = {name: Samples() for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            gc.collect()
            start = time.perf_counter()
            for _ in range(batch):
                await fn()
            samples[name].values.append((time.perf_counter() - start) / batch)
            # Let connection housekeeping run outside the timed region.
            await asyncio.sleep(0)
    return samples
