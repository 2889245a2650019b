"""Tests for `oai._models`: fast path, lenient fallback, strict mode, aliases, generics, dumps."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, Generic, List, Optional, TypeVar, Union

import pydantic
import pytest
from pydantic import Field
from typing_extensions import Annotated, Literal

from oai._models import BaseModel, InvalidJSONError, _build_lenient, type_adapter, validate_json, validate_type

T = TypeVar("T")


class Sub(BaseModel):
    a: int
    b: str = "default"


class Dog(BaseModel):
    type: Literal["dog"]
    bark: str


class Cat(BaseModel):
    type: Literal["cat"]
    lives: int


Pet = Annotated[Union[Dog, Cat], Field(discriminator="type")]


class Thing(BaseModel):
    id: str
    created: int
    kind: Literal["a", "b"]
    sub: Sub
    subs: List[Sub] = []  # noqa: RUF012  # a pydantic field: each instance gets a copy
    pet: Optional[Pet] = None
    tags: Dict[str, int] = {}  # noqa: RUF012  # a pydantic field: each instance gets a copy
    schema_: Optional[str] = Field(default=None, alias="schema")
    when: Optional[datetime.datetime] = None


class Page(BaseModel, Generic[T]):
    data: List[T]
    has_more: bool


class Plain(pydantic.BaseModel):
    x: int


class WithPrivate(BaseModel):
    x: int
    _cursor: Optional[str] = pydantic.PrivateAttr(default="start")


VALID_THING = {
    "id": "t1",
    "created": 1700000000,
    "kind": "a",
    "sub": {"a": 1, "b": "x"},
    "subs": [{"a": 2}, {"a": 3, "b": "y"}],
    "pet": {"type": "cat", "lives": 9},
    "tags": {"k": 1},
    "schema": "s",
    "when": "2024-01-02T03:04:05Z",
    "unknown": {"nested": [1, 2]},
}


def _dumps(data: object) -> bytes:
    return json.dumps(data).encode()


def test_base_model_config_matches_the_contract() -> None:
    config = BaseModel.model_config
    assert config.get("extra") == "allow"
    assert config.get("populate_by_name") is True
    assert config.get("protected_namespaces") == ()
    assert config.get("defer_build") is True


def test_fast_path_equals_lenient_builder_on_valid_data() -> None:
    fast = validate_json(Thing, _dumps(VALID_THING))
    lenient = _build_lenient(Thing, json.loads(json.dumps(VALID_THING)))

    assert isinstance(lenient, Thing)
    assert fast == lenient
    assert fast.model_fields_set == lenient.model_fields_set
    assert fast.model_extra == lenient.model_extra
    assert fast.to_dict() == lenient.to_dict()


def test_fast_path_equals_lenient_builder_for_generic_page() -> None:
    data = {"data": [{"a": 1}, {"a": 2, "b": "z"}], "has_more": False}
    fast = validate_json(Page[Sub], _dumps(data))
    assert fast == _build_lenient(Page[Sub], data)


def test_unknown_keys_are_kept_as_extra_and_as_attributes() -> None:
    thing = validate_json(Thing, _dumps(VALID_THING))
    assert thing.model_extra == {"unknown": {"nested": [1, 2]}}
    untyped: Any = thing  # extra keys are runtime attributes, unknown to the model's type
    assert untyped.unknown == {"nested": [1, 2]}


def test_top_level_wrong_type_is_kept_as_received() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "created": "yesterday"}))
    assert thing.created == "yesterday"
    # The rest of the object is still parsed normally.
    assert isinstance(thing.sub, Sub)
    assert thing.when == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


def test_wrong_type_at_depth_keeps_the_nested_model_and_only_the_leaf_raw() -> None:
    body = {**VALID_THING, "sub": {"a": "not-a-number", "b": "ok", "more": True}}
    thing = validate_json(Thing, _dumps(body))
    assert isinstance(thing.sub, Sub)
    assert thing.sub.a == "not-a-number"
    assert thing.sub.b == "ok"
    assert thing.sub.model_extra == {"more": True}


def test_wrong_item_in_a_list_keeps_other_items_as_models() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "subs": [{"a": 1}, 7, {"a": "x"}]}))
    first, second, third = thing.subs
    assert first == Sub(a=1)
    assert second == 7
    assert isinstance(third, Sub) and third.a == "x"


def test_wrong_value_in_a_dict_field_is_kept_with_the_others_validated() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "tags": {"ok": "3", "bad": "x"}}))
    assert thing.tags == {"ok": 3, "bad": "x"}


def test_unknown_literal_value_is_kept_as_the_string() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "kind": "brand-new-kind"}))
    assert thing.kind == "brand-new-kind"


def test_discriminated_union_with_unknown_tag_is_kept_as_dict() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "pet": {"type": "fish", "fins": 2}}))
    assert thing.pet == {"type": "fish", "fins": 2}


def test_discriminated_union_with_known_tag_and_broken_leaf_builds_that_member() -> None:
    pets = validate_json(List[Pet], b'[{"type": "cat", "lives": "many"}, {"type": "dog", "bark": "woof"}]')
    cat, dog = pets
    assert isinstance(cat, Cat) and cat.lives == "many"
    assert dog == Dog(type="dog", bark="woof")


def test_optional_discriminated_union_field_with_broken_leaf_builds_that_member() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "pet": {"type": "dog", "bark": 1.5}}))
    assert isinstance(thing.pet, Dog)
    assert thing.pet.bark == 1.5


def test_plain_union_picks_the_member_with_fewest_invalid_fields() -> None:
    result: object = validate_json(Union[Dog, Cat], b'{"type": "cat", "lives": "nine"}')
    assert isinstance(result, Cat)
    assert result.lives == "nine"


def test_missing_required_field_is_none_in_lenient_mode() -> None:
    body = dict(VALID_THING)
    del body["id"]
    thing = validate_json(Thing, _dumps(body))
    assert thing.id is None
    assert "id" not in thing.model_fields_set


def test_lenient_mode_accepts_any_shape_for_a_model() -> None:
    assert validate_json(Thing, b"[1, 2]") == [1, 2]
    assert validate_json(Thing, b"null") is None


def test_strict_mode_raises_validation_error_for_json() -> None:
    with pytest.raises(pydantic.ValidationError):
        validate_json(Thing, _dumps({**VALID_THING, "created": "yesterday"}), strict=True)


def test_strict_mode_raises_validation_error_for_python_data() -> None:
    with pytest.raises(pydantic.ValidationError):
        validate_type(Thing, {**VALID_THING, "kind": "other"}, strict=True)


def test_strict_mode_still_parses_valid_data() -> None:
    thing = validate_json(Thing, _dumps(VALID_THING), strict=True)
    assert thing.pet == Cat(type="cat", lives=9)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("body", [b"{", b"", b"not json", "{'single': 1}", b'"\xff"'])
def test_malformed_json_raises_invalid_json_error(strict: bool, body: bytes | str) -> None:
    with pytest.raises(InvalidJSONError) as info:
        validate_json(Thing, body, strict=strict)
    assert isinstance(info.value, ValueError)
    expected = body if isinstance(body, str) else body.decode("utf-8", errors="replace")
    assert info.value.raw == expected
    assert "Invalid JSON" in str(info.value)


def test_aliased_field_parses_from_api_name_and_dumps_by_api_name() -> None:
    thing = validate_json(Thing, _dumps(VALID_THING))
    assert thing.schema_ == "s"
    assert thing.to_dict()["schema"] == "s"
    assert "schema_" not in thing.to_dict()
    assert thing.to_dict(use_api_names=False)["schema_"] == "s"


def test_aliased_field_wrong_type_is_kept_and_dumped_by_api_name() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "schema": {"type": "object"}}))
    assert thing.schema_ == {"type": "object"}
    assert thing.to_dict(warnings=False)["schema"] == {"type": "object"}
    assert "schema" not in (thing.model_extra or {})


@pytest.mark.parametrize("strict", [False, True])
def test_aliased_field_also_accepts_the_python_name(strict: bool) -> None:
    body = {key: value for key, value in VALID_THING.items() if key != "schema"}
    thing = validate_json(Thing, _dumps({**body, "schema_": "by-name"}), strict=strict)
    assert thing.schema_ == "by-name"
    assert thing.to_dict()["schema"] == "by-name"


def test_aliased_field_python_name_is_used_by_the_lenient_pass() -> None:
    body = {key: value for key, value in VALID_THING.items() if key != "schema"}
    thing = validate_json(Thing, _dumps({**body, "created": "x", "schema_": "by-name"}))
    assert thing.schema_ == "by-name"
    assert "schema_" not in (thing.model_extra or {})


def test_generic_page_model_parses_items_as_the_type_argument() -> None:
    page = validate_json(Page[Sub], b'{"data": [{"a": 1}, {"a": 2}], "has_more": true}')
    assert [item.a for item in page.data] == [1, 2]
    assert all(isinstance(item, Sub) for item in page.data)
    assert page.has_more is True


def test_generic_page_with_a_broken_item_keeps_the_page() -> None:
    page = validate_json(Page[Sub], b'{"data": [{"a": 1}, {"a": "x"}], "has_more": "perhaps"}')
    assert isinstance(page, Page)
    assert page.data[0] == Sub(a=1)
    assert page.data[1].a == "x"
    assert page.has_more == "perhaps"


def test_raw_json_is_the_exact_body_for_a_top_level_model() -> None:
    body = '{ "kind" : "a", "id":"t\\u00e9",\n "created": 1, "sub": {"a": 1}, "zzz": 1.50 }'
    thing = validate_json(Thing, body.encode())
    assert thing.raw_json() == body
    assert validate_json(Thing, body).raw_json() == body


def test_raw_json_is_exact_after_the_lenient_fallback() -> None:
    body = '{"id": "x", "created": "soon", "kind": "a", "sub": {"a": 1}}'
    assert validate_json(Thing, body.encode()).raw_json() == body


def test_raw_json_of_a_nested_model_is_a_compact_reserialisation_of_received_keys() -> None:
    thing = validate_json(Thing, b'{"sub": {"a": 1,   "extra": [1, 2]}, "id": "x"}')
    assert thing.sub.raw_json() == '{"a":1,"extra":[1,2]}'


def test_kept_raw_json_is_invisible_to_dump_repr_eq_and_fields_set() -> None:
    raw = _dumps(VALID_THING)
    parsed = validate_json(Thing, raw)
    built = validate_type(Thing, VALID_THING)
    assert parsed == built
    assert repr(parsed) == repr(built)
    assert parsed.model_dump() == built.model_dump()
    assert parsed.model_fields_set == built.model_fields_set
    assert raw.decode() not in repr(parsed)


def test_user_built_model_raw_json_reserialises_by_api_name() -> None:
    thing = Thing.model_construct(schema_="s", id="x")
    assert json.loads(thing.raw_json()) == {"schema": "s", "id": "x"}


def test_to_dict_defaults_use_api_names_and_exclude_unset() -> None:
    sub = validate_json(Sub, b'{"a": 1}')
    assert sub.to_dict() == {"a": 1}
    assert sub.to_dict(exclude_unset=False) == {"a": 1, "b": "default"}


def test_to_dict_mode_json_converts_values() -> None:
    thing = validate_json(Thing, _dumps(VALID_THING))
    assert thing.to_dict()["when"] == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert thing.to_dict(mode="json")["when"] == "2024-01-02T03:04:05Z"


def test_to_dict_exclude_none_drops_null_fields() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "pet": None}))
    assert thing.to_dict()["pet"] is None
    assert "pet" not in thing.to_dict(exclude_none=True)


def test_to_dict_warns_about_kept_values_unless_told_not_to() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "created": "yesterday"}))
    with pytest.warns(UserWarning):
        thing.to_dict()
    with pytest.warns(UserWarning):
        thing.to_json()
    assert thing.to_dict(warnings=False)["created"] == "yesterday"


def test_to_json_indents_by_default_and_is_compact_with_indent_none() -> None:
    sub = validate_json(Sub, b'{"a": 1}')
    assert sub.to_json() == '{\n  "a": 1\n}'
    assert sub.to_json(indent=None) == '{"a":1}'
    assert sub.to_json(indent=None, exclude_unset=False) == '{"a":1,"b":"default"}'


def test_to_json_options_mirror_to_dict() -> None:
    thing = validate_json(Thing, _dumps({**VALID_THING, "pet": None}))
    as_json = json.loads(thing.to_json(use_api_names=False, exclude_none=True))
    assert as_json == thing.to_dict(mode="json", use_api_names=False, exclude_none=True)
    assert "schema_" in as_json and "pet" not in as_json


def test_type_adapter_is_cached_per_type_object() -> None:
    assert type_adapter(Thing) is type_adapter(Thing)
    assert type_adapter(List[Sub]) is type_adapter(List[Sub])
    assert type_adapter(list[Sub]) is type_adapter(list[Sub])
    assert type_adapter(Page[Sub]) is type_adapter(Page[Sub])
    assert type_adapter(Pet) is type_adapter(Pet)
    assert type_adapter(list[Sub]) is not type_adapter(list[Dog])


def test_validate_json_reuses_the_cached_adapter() -> None:
    adapter = type_adapter(Dict[str, Sub])
    validate_json(Dict[str, Sub], b'{"x": {"a": 1}}')
    assert type_adapter(Dict[str, Sub]) is adapter


@pytest.mark.parametrize("type_", [object, Any, dict])
def test_free_form_types_return_decoded_json(type_: Any) -> None:
    assert validate_json(type_, b'{"a": [1, null]}') == {"a": [1, None]}


def test_dict_of_models_with_a_broken_value_keeps_the_others_as_models() -> None:
    result = validate_json(Dict[str, Sub], b'{"ok": {"a": 1}, "bad": {"a": []}, "odd": 3}')
    assert result["ok"] == Sub(a=1)
    assert isinstance(result["bad"], Sub) and result["bad"].a == []
    assert result["odd"] == 3


def test_validate_type_lenient_keeps_values_as_received() -> None:
    sub = validate_type(Sub, {"a": "x", "c": 1})
    assert isinstance(sub, Sub)
    untyped: Any = sub  # extra keys are runtime attributes, unknown to the model's type
    assert sub.a == "x" and untyped.c == 1


def test_plain_pydantic_model_is_built_leniently_without_extra_state() -> None:
    plain = validate_json(Plain, b'{"x": "nope"}')
    assert isinstance(plain, Plain)
    assert plain.x == "nope"
    assert plain.__dict__ == {"x": "nope"}


def test_lenient_model_still_initialises_private_attributes() -> None:
    model = validate_json(WithPrivate, b'{"x": "bad"}')
    assert model.x == "bad"
    assert model._cursor == "start"


def test_self_referencing_model_parses_leniently() -> None:
    tree = validate_json(Node, b'{"name": "root", "children": [{"name": "a", "children": [{"name": 5}]}]}')
    assert isinstance(tree.children[0].children[0], Node)
    assert tree.children[0].children[0].name == 5


class Node(BaseModel):
    name: str
    children: List[Node] = []  # noqa: RUF012  # a pydantic field: each instance gets a copy
