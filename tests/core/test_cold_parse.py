"""`oai._cold_parse`: a type's first small body is built without a validator, and the result is
indistinguishable from what pydantic-core builds; anything else falls back to the validator."""

from __future__ import annotations

import importlib
import json
import pkgutil
import random
import subprocess
import sys
import types
from typing import Any, Dict, List, Optional, Union, cast

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic.fields import FieldInfo
from typing_extensions import Annotated, Literal, get_args, get_origin

import oai
import oai.types
from oai import _cold_parse
from oai._models import BaseModel, type_adapter, validate_json

# --- comparing results --------------------------------------------------------------------


def assert_same(cold: object, validated: object, path: str = "$") -> None:
    """Equal values of the same exact types, down to each model's fields set and extras."""
    assert type(cold) is type(validated), f"{path}: {type(cold).__name__} != {type(validated).__name__}"
    if isinstance(validated, pydantic.BaseModel):
        assert isinstance(cold, pydantic.BaseModel)
        assert cold.model_fields_set == validated.model_fields_set, path
        assert list(cold.__dict__) == list(validated.__dict__), path
        for name, value in validated.__dict__.items():
            assert_same(cold.__dict__[name], value, f"{path}.{name}")
        assert cold.__pydantic_extra__ is not None and validated.__pydantic_extra__ is not None
        assert list(cold.__pydantic_extra__) == list(validated.__pydantic_extra__), path
        for key, value in validated.__pydantic_extra__.items():
            assert_same(cold.__pydantic_extra__[key], value, f"{path}[{key!r}]")
        assert cold.__pydantic_private__ == validated.__pydantic_private__, path
    elif isinstance(validated, list):
        cold_items, items = cast(List[object], cold), cast(List[object], validated)
        assert len(cold_items) == len(items), path
        for index, (a, b) in enumerate(zip(cold_items, items, strict=True)):
            assert_same(a, b, f"{path}[{index}]")
    elif isinstance(validated, dict):
        cold_entries, entries = cast(Dict[str, object], cold), cast(Dict[str, object], validated)
        assert list(cold_entries) == list(entries), path
        for key, value in entries.items():
            assert_same(cold_entries[key], value, f"{path}[{key!r}]")
    else:
        assert cold == validated, path


def build_cold(model: type[pydantic.BaseModel], raw: bytes) -> pydantic.BaseModel | None:
    """The cold build of `raw`, whatever parses came before (the first-parse gate reset)."""
    _cold_parse._tried.discard(model)
    return _cold_parse.parse_cold(model, raw)


def is_supported(model: type[pydantic.BaseModel]) -> bool:
    try:
        _cold_parse._Compiler().compile(model)
    except _cold_parse._Unsupported:
        return False
    return True


# --- sample bodies that fit their type exactly --------------------------------------------


class Unsampleable(Exception):
    pass


def sample(tp: Any, rng: random.Random, depth: int = 0) -> Any:
    if tp is str:
        return rng.choice(["", "a", "héllo", "line\nbreak", "x" * 20])
    if tp is int:
        return rng.choice([0, 1, -7, 2**40])
    if tp is float:
        return rng.choice([0.5, 3, -1.25, 1e-9])
    if tp is bool:
        return rng.choice([True, False])
    if tp is type(None):
        return None
    if tp is Any or tp is object:
        return rng.choice([1, "s", None, [1, "a"], {"k": {"n": 1.5}}])
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return sample_model(tp, rng, depth)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return rng.choice(args)
    if origin in (list, List):
        return [] if depth > 3 else [sample(args[0], rng, depth + 1) for _ in range(rng.randint(0, 2))]
    if origin in (dict, Dict):
        return {} if depth > 3 else {f"k{i}": sample(args[1], rng, depth + 1) for i in range(rng.randint(0, 2))}
    if origin is Union or origin is types.UnionType:
        members = list(args)
        if depth > 3 and type(None) in members:
            return None
        return sample(rng.choice(members), rng, depth)
    if origin is Annotated:
        return sample(args[0], rng, depth)
    raise Unsampleable(cast(object, tp))


def sample_model(cls: type[pydantic.BaseModel], rng: random.Random, depth: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        if field.is_required() or (depth <= 3 and rng.random() < 0.6):
            data[field.alias or name] = sample(field_type(field), rng, depth + 1)
    if rng.random() < 0.3:
        data["unknown_key"] = rng.choice([1, "x", [1], {"a": None}])
    return data


def field_type(field: FieldInfo) -> Any:
    return field.annotation


def response_models() -> list[type[pydantic.BaseModel]]:
    found: dict[str, type[pydantic.BaseModel]] = {}
    for info in pkgutil.walk_packages(oai.types.__path__, "oai.types."):
        if info.name.endswith(("_param", "_params")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


# --- tests --------------------------------------------------------------------------------


def test_every_generated_response_model_builds_cold_exactly_as_pydantic_validates() -> None:
    rng = random.Random(15)
    models = response_models()
    built = unsupported = 0
    for cls in models:
        for _ in range(3):
            try:
                data = sample_model(cls, rng, 0)
            except Unsampleable:
                break
            raw = json.dumps(data).encode()
            cold = build_cold(cls, raw)
            if not is_supported(cls):
                unsupported += 1
                break
            validated = type_adapter(cls).validate_json(raw)
            if cold is None:
                continue  # an ambiguous union: the validator decides, nothing to compare
            assert_same(cold, validated, cls.__qualname__)
            built += 1
    assert len(models) > 1000
    # Nearly every generated model is plain enough to build cold.
    assert unsupported < len(models) * 0.05, unsupported
    assert built > len(models) * 2


class Sub(BaseModel):
    a: int
    b: str = "b"


class Tool(BaseModel):
    type: Literal["tool"]
    name: str


class Text(BaseModel):
    type: Literal["text"]
    text: Optional[str] = None


class Rich(BaseModel):
    count: int
    name: str
    ratio: Optional[float] = None
    subs: List[Sub] = []  # noqa: RUF012  # a pydantic field: each instance gets a copy
    kind: Literal["x", "y"] = "x"
    sub: Optional[Sub] = None
    tags: Dict[str, int] = {}  # noqa: RUF012  # a pydantic field: each instance gets a copy
    either: Union[str, List[str], None] = None
    number: Union[int, float, None] = None
    part: Optional[Annotated[Union[Tool, Text], pydantic.Field(discriminator="type")]] = None
    schema_: Optional[str] = pydantic.Field(default=None, alias="schema")
    anything: object = None


VALID: dict[str, object] = {
    "count": 1,
    "name": "n",
    "ratio": 2,
    "subs": [{"a": 1}, {"a": 2, "b": "c", "extra": [1]}],
    "kind": "y",
    "sub": {"a": 3},
    "tags": {"t": 4},
    "either": ["a"],
    "number": 2.5,
    "part": {"type": "text", "text": "hi", "more": True},
    "schema": "s",
    "anything": {"deep": [1, {"x": None}]},
    "unknown": {"kept": 1},
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


def test_a_body_of_exact_types_builds_cold_like_the_validator() -> None:
    raw = json.dumps(VALID).encode()
    cold = build_cold(Rich, raw)
    assert cold is not None
    assert_same(cold, type_adapter(Rich).validate_json(raw))
    assert isinstance(cold, Rich) and cold.ratio == 2.0 and type(cold.ratio) is float


@settings(max_examples=400, deadline=None)
@given(key=st.sampled_from([*sorted(VALID), "name"]), value=json_values, drop=st.booleans())
def test_any_value_anywhere_builds_cold_like_the_validator_or_not_at_all(key: str, value: object, drop: bool) -> None:
    data = dict(VALID)
    if drop:
        del data[key]
    else:
        data[key] = value
    raw = json.dumps(data).encode()
    cold = build_cold(Rich, raw)
    try:
        validated = type_adapter(Rich).validate_json(raw)
    except pydantic.ValidationError:
        assert cold is None  # the lenient pass decides what to keep, never the cold build
        return
    if cold is not None:
        assert_same(cold, validated)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"count": "5"}, "a numeric string the validator coerces"),
        ({"count": 5.0}, "a float the validator coerces to int"),
        ({"count": True}, "a bool for an int"),
        ({"number": 3}, "int fits both int and float: smart mode decides"),
        ({"part": {"type": "image"}}, "an unknown tag"),
        ({"name": None}, "null for a required field"),
        ({"schema_": "by name"}, "a Python name the validator may read as the aliased field"),
    ],
)
def test_bodies_that_need_the_validator_are_not_built_cold(change: dict[str, object], why: str) -> None:
    raw = json.dumps({**VALID, **change}).encode()
    assert build_cold(Rich, raw) is None, why


@pytest.mark.parametrize(
    "raw",
    [
        b'{"count": 1, "name": "n", "ratio": NaN}',
        b'{"count": 1, "name": "\\ud800"}',
        '{"count": 1, "name": "n"}'.encode("utf-16"),
        b"\xef\xbb\xbf" + json.dumps(VALID).encode(),
        b'{"count": 1, "name": "n"',
        b'{"count": 1, "name": "\xff"}',
    ],
)
def test_bodies_pydantic_core_would_refuse_are_left_to_it(raw: bytes) -> None:
    assert build_cold(Rich, raw) is None


def test_models_with_validators_or_other_config_are_never_built_cold() -> None:
    class Checked(BaseModel):
        a: int

        @pydantic.field_validator("a")
        @classmethod
        def double(cls, value: int) -> int:
            return value * 2

    class Ignoring(pydantic.BaseModel):
        a: int

    class Dated(BaseModel):
        when: Optional[str] = None
        at: Optional[Union[int, Checked]] = None

    class ValidatedDefaults(BaseModel):
        model_config = pydantic.ConfigDict(validate_default=True)
        a: int = 0

    class NamesOnly(BaseModel):
        model_config = pydantic.ConfigDict(validate_by_alias=False, validate_by_name=True)
        a: int = pydantic.Field(alias="A")

    assert build_cold(Checked, b'{"a": 1}') is None
    assert build_cold(Ignoring, b'{"a": 1}') is None
    assert build_cold(ValidatedDefaults, b'{"a": 1}') is None
    assert build_cold(NamesOnly, b'{"A": 1}') is None
    assert build_cold(Dated, b'{"when": "x"}') is None  # a nested model with a validator


def test_only_a_types_first_small_body_is_built_cold() -> None:
    class Fresh(BaseModel):
        a: int

    first: Fresh = validate_json(Fresh, b'{"a": 1}')
    assert first.a == 1 and first.raw_json() == '{"a": 1}'
    assert Fresh not in oai._models._adapters  # no validator compiled for the first body
    second: Fresh = validate_json(Fresh, b'{"a": 2}')
    assert second.a == 2 and Fresh in oai._models._adapters

    class Big(BaseModel):
        a: str

    validate_json(Big, json.dumps({"a": "x" * _cold_parse.COLD_PARSE_MAX_BYTES}).encode())
    assert Big in oai._models._adapters


def test_a_cold_built_model_keeps_raw_json_and_json_fields() -> None:
    class Fresh(BaseModel):
        a: int
        b: Optional[str] = None

    model: Fresh = validate_json(Fresh, b'{"a": 1, "b": null, "c": 2}')
    assert Fresh not in oai._models._adapters
    assert model.raw_json() == '{"a": 1, "b": null, "c": 2}'
    assert model.json_fields.a.status == "valid"
    assert model.json_fields.b.status == "null"
    assert model.model_extra == {"c": 2} and getattr(model, "c") == 2  # noqa: B009  # an extra key
    assert model.to_dict() == {"a": 1, "b": None, "c": 2}


def test_a_misfit_first_body_is_validated_leniently_as_before() -> None:
    class Fresh(BaseModel):
        a: int
        b: str

    model: Fresh = validate_json(Fresh, b'{"a": "not a number", "b": "x"}')
    assert model.__dict__["a"] == "not a number" and model.b == "x"  # kept as received
    assert model.json_fields.a.status == "invalid"


_FIRST_CALL = """
import json, sys, httpx, oai
body = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": [{"index": 0,
        "finish_reason": "stop", "logprobs": None, "message": {"role": "assistant", "content": "hi", "refusal": None}}]}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
client = oai.Client(api_key="sk-test", base_url="http://test/v1", http_client=httpx.Client(transport=transport))
answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
first = "pydantic.plugin._loader" in sys.modules
reader = "oai._json_fields" in sys.modules
status = answer.json_fields.choices.status
again = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
print(json.dumps([answer.choices[0].message.content, first, again == answer, "pydantic.plugin._loader" in sys.modules,
                  reader, status]))
"""


def test_a_processs_first_call_compiles_no_validator_and_loads_no_json_fields_reader() -> None:
    out = subprocess.run([sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True, timeout=60, check=True)
    content, loaded_first, same_again, loaded_after, reader_loaded, status = json.loads(out.stdout)
    assert content == "hi"
    assert not loaded_first  # pydantic's validator construction (its plugin scan) did not run
    assert same_again and loaded_after  # the second call validates, to the same result
    assert not reader_loaded and status == "valid"  # `json_fields` loads its module when first read


@pytest.mark.parametrize("page", ["SyncPage", "SyncCursorPage", "SyncConversationCursorPage", "SyncNextCursorPage"])
def test_pages_of_models_build_cold_like_the_validator(page: str) -> None:
    import oai.pagination
    from oai.types.model import Model

    page_type: Any = getattr(oai.pagination, page)[Model]
    item = {"id": "m", "object": "model", "created": 1, "owned_by": "o", "unknown": [1]}
    raw = json.dumps({"object": "list", "data": [item, item], "has_more": True, "first_id": "m", "extra": 1}).encode()
    cold = build_cold(page_type, raw)
    assert cold is not None
    assert_same(cold, type_adapter(page_type).validate_json(raw))
