"""Tests for `oai._json_fields`: per-field raw JSON, presence status and `raw_json()`."""

from __future__ import annotations

import dataclasses
import json
from typing import Dict, List, Optional

import pytest
from pydantic import Field
from typing_extensions import Literal

from oai._json_fields import JSONField, JSONFields
from oai._models import BaseModel, validate_json, validate_type


class Usage(BaseModel):
    total: int
    detail: Optional[str] = None


class Reply(BaseModel):
    id: str
    created: int
    status: Literal["done", "pending"]
    note: Optional[str] = None
    usage: Optional[Usage] = None
    items: List[Usage] = []  # noqa: RUF012  # a pydantic field: each instance gets a copy
    meta: Dict[str, int] = {}  # noqa: RUF012  # a pydantic field: each instance gets a copy
    schema_: Optional[str] = Field(default=None, alias="schema")


def _parse(body: dict[str, object]) -> Reply:
    return validate_json(Reply, json.dumps(body).encode())


BASE: dict[str, object] = {"id": "r1", "created": 5, "status": "done"}


def test_absent_key_is_omitted_with_empty_raw() -> None:
    field = _parse(BASE).json_fields.note
    assert field == JSONField("", "omitted")
    assert not field.is_present and not field.is_null and not field.is_valid


def test_null_value_is_null_with_raw_null() -> None:
    field = _parse({**BASE, "note": None}).json_fields.note
    assert field == JSONField("null", "null")
    assert field.is_present and field.is_null and not field.is_valid


def test_fitting_value_is_valid_with_its_json_text() -> None:
    reply = _parse({**BASE, "note": "hi \u00e9"})
    assert reply.json_fields.created == JSONField("5", "valid")
    field = reply.json_fields.note
    assert field.status == "valid"
    assert json.loads(field.raw) == "hi \u00e9"
    assert field.is_present and not field.is_null and field.is_valid


def test_value_of_the_wrong_type_is_invalid_and_keeps_its_raw_text() -> None:
    reply = _parse({**BASE, "created": "yesterday"})
    field = reply.json_fields.created
    assert field == JSONField('"yesterday"', "invalid")
    assert field.is_present and not field.is_null and not field.is_valid
    assert reply.json_fields.id.status == "valid"


def test_unknown_literal_value_is_invalid() -> None:
    reply = _parse({**BASE, "status": "archived"})
    assert reply.json_fields.status == JSONField('"archived"', "invalid")


def test_null_for_a_required_field_is_reported_as_null() -> None:
    reply = _parse({**BASE, "created": None})
    assert reply.created is None
    assert reply.json_fields.created.status == "null"


def test_broken_leaf_marks_the_path_invalid_and_the_siblings_valid() -> None:
    reply = _parse({**BASE, "usage": {"total": "lots", "detail": "d"}})
    assert reply.json_fields.usage.status == "invalid"
    assert reply.json_fields.usage.raw == '{"total":"lots","detail":"d"}'
    assert isinstance(reply.usage, Usage)
    assert reply.usage.json_fields.total == JSONField('"lots"', "invalid")
    assert reply.usage.json_fields.detail == JSONField('"d"', "valid")


def test_broken_list_item_marks_the_list_field_invalid() -> None:
    reply = _parse({**BASE, "items": [{"total": 1}, {"total": []}]})
    assert reply.json_fields.items.status == "invalid"
    assert reply.items[0].json_fields.total.status == "valid"
    assert reply.items[1].json_fields.total == JSONField("[]", "invalid")


def test_nested_raw_shows_only_received_keys_by_api_name() -> None:
    reply = _parse({**BASE, "usage": {"total": 3}})
    assert reply.json_fields.usage == JSONField('{"total":3}', "valid")


def test_extra_fields_list_unknown_keys_with_their_status() -> None:
    reply = _parse({**BASE, "surprise": {"a": [1, 2]}, "gone": None})
    assert reply.json_fields.extra_fields == {
        "surprise": JSONField('{"a":[1,2]}', "valid"),
        "gone": JSONField("null", "null"),
    }


def test_extra_key_is_reachable_as_an_attribute() -> None:
    reply = _parse({**BASE, "surprise": 7})
    assert reply.json_fields.surprise == JSONField("7", "valid")


def test_extra_fields_is_empty_when_nothing_unknown_was_sent() -> None:
    assert _parse(BASE).json_fields.extra_fields == {}


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nope"):
        _ = _parse(BASE).json_fields.nope


def test_fields_are_named_by_python_name_not_api_alias() -> None:
    reply = _parse({**BASE, "schema": "s"})
    assert reply.json_fields.schema_ == JSONField('"s"', "valid")
    with pytest.raises(AttributeError):
        _ = reply.json_fields.schema
    assert reply.json_fields.extra_fields == {}


def test_aliased_field_of_the_wrong_type_is_invalid() -> None:
    reply = _parse({**BASE, "schema": 12})
    assert reply.json_fields.schema_ == JSONField("12", "invalid")


def test_fields_of_a_model_from_python_data_follow_the_same_rules() -> None:
    reply = validate_type(Reply, {**BASE, "created": "soon", "note": None})
    assert reply.json_fields.created.status == "invalid"
    assert reply.json_fields.note.status == "null"
    assert reply.json_fields.usage.status == "omitted"


def test_user_built_model_reports_set_fields_as_valid() -> None:
    usage = Usage(total=1)
    assert usage.json_fields.total == JSONField("1", "valid")
    assert usage.json_fields.detail.status == "omitted"


def test_json_fields_do_not_change_the_model() -> None:
    reply = _parse({**BASE, "created": "x"})
    before = (dict(reply.__dict__), set(reply.model_fields_set), dict(reply.model_extra or {}))
    assert isinstance(reply.json_fields, JSONFields)
    _ = reply.json_fields.created, reply.json_fields.extra_fields
    assert (dict(reply.__dict__), set(reply.model_fields_set), dict(reply.model_extra or {})) == before


def test_dir_lists_fields_and_extras() -> None:
    names = dir(_parse({**BASE, "surprise": 1}).json_fields)
    assert {"id", "schema_", "surprise", "extra_fields"} <= set(names)


def test_json_field_is_frozen_and_slotted() -> None:
    field = JSONField("1", "valid")
    with pytest.raises(dataclasses.FrozenInstanceError):
        field.raw = "2"  # type: ignore[misc]  # checking the runtime guard
    assert not hasattr(field, "__dict__")


def test_raw_json_of_top_level_model_is_the_body_verbatim() -> None:
    body = b'{"id":"r1",  "created": 5,\n"status":"done", "usage": {"total": 1}}'
    reply = validate_json(Reply, body)
    assert reply.raw_json() == body.decode()
    assert reply.usage is not None
    assert reply.usage.raw_json() == '{"total":1}'


def test_raw_json_is_not_carried_to_copies() -> None:
    body = b'{"id": "r1", "created": 5, "status": "done"}'
    copy = validate_json(Reply, body).model_copy(update={"id": "r2"})
    assert json.loads(copy.raw_json()) == {"id": "r2", "created": 5, "status": "done"}
