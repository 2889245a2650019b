"""Example values of the generated tests respect `pattern`, length and range constraints."""

from __future__ import annotations

import re

from sdkforge.emit.example_strings import constrained_number, constrained_string


def test_pattern_with_classes_and_counts() -> None:
    value = constrained_string({"pattern": "^AC[0-9a-fA-F]{32}$", "minLength": 34, "maxLength": 34}, "string")
    assert re.fullmatch("AC[0-9a-fA-F]{32}", value)


def test_fallback_kept_when_it_already_matches() -> None:
    assert constrained_string({"pattern": "^[a-z]+$"}, "string") == "string"


def test_escapes_optional_parts_and_alternatives() -> None:
    assert re.fullmatch(r"\+?[1-9]\d{1,14}", constrained_string({"pattern": r"^\+?[1-9]\d{1,14}$"}, "string"))
    assert constrained_string({"pattern": "^(GET|POST)$"}, "string") == "GET"


def test_lengths_without_a_pattern() -> None:
    assert constrained_string({"minLength": 10}, "abc") == "abcxxxxxxx"
    assert constrained_string({"maxLength": 2}, "string") == "st"


def test_unusable_pattern_leaves_the_fallback() -> None:
    assert constrained_string({"pattern": r"^(a)\1$"}, "string") == "string"


def test_numbers_move_inside_their_bounds() -> None:
    assert constrained_number({"minimum": 256}, 1) == 256
    assert constrained_number({"maximum": 0.5}, 1) == 0.5
    assert constrained_number({}, 1) == 1
