"""`encode_form`: URL-encoded request bodies as form APIs read them."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl

from oai._form import encode_form


def test_scalars_lists_booleans_and_none() -> None:
    body = encode_form({"To": "+1 555", "Event": ["a", "b"], "Record": False, "Skip": None, "Count": 3})
    assert parse_qsl(body.decode()) == [
        ("To", "+1 555"),
        ("Event", "a"),
        ("Event", "b"),
        ("Record", "false"),
        ("Count", "3"),
    ]


def test_nested_mappings_use_bracketed_keys_and_dates_iso_format() -> None:
    body = encode_form({"Meta": {"k": "v", "n": {"x": 1}}, "At": datetime.date(2024, 1, 2)})
    assert parse_qsl(body.decode()) == [("Meta[k]", "v"), ("Meta[n][x]", "1"), ("At", "2024-01-02")]


def test_reserved_characters_are_escaped() -> None:
    assert encode_form({"Body": "a&b=c"}) == b"Body=a%26b%3Dc"
