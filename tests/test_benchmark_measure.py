"""The benchmark harness's statistics (`benchmarks/measure.py`): what its ratios mean."""

from __future__ import annotations

import pytest
from benchmarks.measure import Samples, interleave_sync, paired_ratio


def test_paired_ratio_compares_within_rounds() -> None:
    # The machine gets 3x slower after two rounds; within each round oai costs 1.2x raw.
    raw = Samples([1.0, 1.0, 3.0, 3.0, 3.0])
    oai = Samples([1.2, 1.2, 3.6, 3.6, 3.6])
    assert paired_ratio(oai, raw) == pytest.approx(1.2)
    # One contender hit by a stall in a round does not move the result.
    assert paired_ratio(Samples([1.2, 9.0, 1.2, 1.2, 1.2]), Samples([1.0] * 5)) == pytest.approx(1.2)


def test_paired_ratio_is_the_median_of_round_ratios() -> None:
    assert paired_ratio(Samples([2.0, 10.0, 3.0]), Samples([1.0, 1.0, 1.0])) == 3.0


def test_paired_ratio_missing_contender_is_none() -> None:
    assert paired_ratio(None, Samples([1.0])) is None
    assert paired_ratio(Samples([1.0]), None) is None
    assert paired_ratio(Samples([]), Samples([])) is None


def test_paired_ratio_refuses_unaligned_rounds() -> None:
    with pytest.raises(ValueError):
        paired_ratio(Samples([1.0, 2.0]), Samples([1.0]))


def test_interleave_runs_contenders_round_by_round() -> None:
    order: list[str] = []
    contenders = {"a": lambda: order.append("a"), "b": lambda: order.append("b")}
    samples = interleave_sync(contenders, rounds=3, batch=2, warmup=1)
    assert order == ["a", "b"] + ["a", "a", "b", "b"] * 3
    assert [len(samples[name].values) for name in ("a", "b")] == [3, 3]
