"""Tests for sdkforge.loader: YAML and JSON parsing, hashes, line lookup, load errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from sdkforge.loader import LoadError, escape_pointer, load_spec, parse_spec

SPECS = Path(__file__).parent / "specs"
WIDGETS = SPECS / "frontend_widgets.yaml"


def test_yaml_spec_loads_as_plain_mapping() -> None:
    document = load_spec(WIDGETS)
    assert document.data["info"]["title"] == "Widgets"
    assert "/widgets?beta=true" in document.data["paths"]
    assert document.is_yaml


def test_json_spec_loads_to_the_same_data(tmp_path: Path) -> None:
    data = yaml.safe_load(WIDGETS.read_text())
    target = tmp_path / "spec.json"
    target.write_text(json.dumps(data))
    document = load_spec(target)
    assert not document.is_yaml
    assert document.data == load_spec(WIDGETS).data


def test_sha256_hashes_the_file_bytes() -> None:
    assert load_spec(WIDGETS).sha256 == hashlib.sha256(WIDGETS.read_bytes()).hexdigest()


def test_line_of_points_at_the_element() -> None:
    document = load_spec(WIDGETS)
    lines = WIDGETS.read_text().splitlines()
    line = document.line_of("#/components/schemas/Error-2")
    assert line is not None
    assert lines[line - 1].strip() == "Error-2:"


def test_line_of_escaped_path_key() -> None:
    document = load_spec(WIDGETS)
    line = document.line_of("#/paths/" + escape_pointer("/widgets/{widget_id}/content") + "/get")
    assert line is not None
    assert WIDGETS.read_text().splitlines()[line - 1].strip() == "get:"


def test_line_of_unknown_pointer_falls_back_to_nearest_parent() -> None:
    document = load_spec(WIDGETS)
    assert document.line_of("#/components/schemas/Widget/no/such") == document.line_of("#/components/schemas/Widget")


def test_invalid_yaml_reports_its_line() -> None:
    with pytest.raises(LoadError) as info:
        parse_spec("openapi: 3.1.0\npaths: [unclosed\n", "bad.yaml")
    assert info.value.diagnostic.line is not None
    assert "invalid YAML" in info.value.diagnostic.message


def test_invalid_json_reports_its_line() -> None:
    with pytest.raises(LoadError) as info:
        parse_spec('{\n  "openapi": 3,\n  oops\n}', "bad.json")
    assert info.value.diagnostic.line == 3


def test_root_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(LoadError, match="must be a mapping"):
        parse_spec("- a\n- b\n")


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the spec"):
        load_spec(tmp_path / "nope.yaml")


def test_escape_pointer_follows_rfc6901() -> None:
    assert escape_pointer("/a~b") == "~1a~0b"
