"""Property tests for `oai._models`: lenient parsing never raises on well-formed JSON."""

from __future__ import annotations

import json
from typing import Dict, List, Optional

from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import Literal

from oai._models import BaseModel, validate_json, validate_type


class Sub(BaseModel):
    a: int
    b: str = "b"


class Rich(BaseModel):
    count: int
    name: str
    ratio: Optional[float] = None
    subs: List[Sub] = []  # noqa: RUF012  # a pydantic field: each instance gets a copy
    kind: Literal["x", "y"] = "x"
    sub: Optional[Sub] = None
    tags: Dict[str, int] = {}  # noqa: RUF012  # a pydantic field: each instance gets a copy


VALID: dict[str, object] = {
    "count": 1,
    "name": "n",
    "ratio": 0.5,
    "subs": [{"a": 1}, {"a": 2, "b": "c"}],
    "kind": "y",
    "sub": {"a": 3},
    "tags": {"t": 4},
}
# Fields whose declared type has no container, so a kept value is the received value itself.
SCALAR_FIELDS = {"count", "name", "ratio", "kind"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(VALID)), value=json_values)
def test_any_json_value_for_any_field_never_raises_and_leaves_other_fields_valid(field: str, value: object) -> None:
    body = json.dumps({**VALID, field: value}).encode()

    rich = validate_json(Rich, body)

    assert isinstance(rich, Rich)
    assert rich.raw_json() == body.decode()
    for other in VALID:
        if other != field:
            assert getattr(rich.json_fields, other).status == "valid", other
    status = getattr(rich.json_fields, field)
    if value is None:
        assert status.status == "null"
    else:
        assert status.status in ("valid", "invalid")
        if status.status == "invalid" and field in SCALAR_FIELDS:
            assert getattr(rich, field) == value
            assert json.loads(status.raw) == value
    # Dumping a kept value must not raise either.
    json.loads(rich.to_json(warnings=False))


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from(sorted(VALID)), value=json_values)
def test_python_data_and_json_body_give_the_same_statuses(field: str, value: object) -> None:
    data = {**VALID, field: value}
    from_json = validate_json(Rich, json.dumps(data))
    from_python = validate_type(Rich, json.loads(json.dumps(data)))
    for name in VALID:
        assert getattr(from_json.json_fields, name).status == getattr(from_python.json_fields, name).status


@settings(max_examples=100, deadline=None)
@given(
    count=st.integers(),
    name=st.text(max_size=8),
    ratio=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    items=st.lists(st.integers(), max_size=4),
)
def test_valid_values_stay_valid(count: int, name: str, ratio: float | None, items: list[int]) -> None:
    body = {"count": count, "name": name, "ratio": ratio, "subs": [{"a": item} for item in items]}
    rich = validate_json(Rich, json.dumps(body))
    assert rich.count == count and rich.name == name and rich.ratio == ratio
    assert [sub.a for sub in rich.subs] == items
    for field in ("count", "name", "subs"):
        assert getattr(rich.json_fields, field).status == "valid"
    assert rich.json_fields.ratio.status == ("null" if ratio is None else "valid")
