"""Property tests: `transform` strips `omit` and unwraps `override` at any depth, and nothing else."""

from __future__ import annotations

from typing import Any, Dict, Iterable

from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import TypedDict

from oai._transform import transform
from oai._types import Omit, Override, omit, override

# JSON values: what a user may legitimately put in a body.
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
_json = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=25,
)


def _empty_object() -> Dict[str, object]:
    return {}


def _decorate(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Containers whose entries may be `omit`; any value may instead be an override of pure JSON.
    entries = st.one_of(children, st.just(omit), _json.map(override))
    return st.lists(entries, max_size=4) | st.dictionaries(st.text(max_size=4), entries, max_size=4)


_params = st.recursive(_scalars | _json.map(override), _decorate, max_leaves=30)
_bodies = st.dictionaries(st.text(max_size=4), st.one_of(_params, st.just(omit), _json.map(override)), max_size=6)


def _expected(value: Any) -> Any:
    if isinstance(value, Override):
        return value.value
    if isinstance(value, dict):
        return {k: _expected(v) for k, v in value.items() if v is not omit}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [_expected(v) for v in value if v is not omit]  # pyright: ignore[reportUnknownVariableType]
    return value


def _contains_sentinel(value: Any) -> bool:
    if isinstance(value, Omit | Override):
        return True
    if isinstance(value, dict):
        return any(_contains_sentinel(v) for v in value.values())  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return any(_contains_sentinel(v) for v in value)  # pyright: ignore[reportUnknownVariableType]
    return False


class Empty(TypedDict, total=False):
    """Declares nothing: every key is undeclared and passes through."""


class Node(TypedDict, total=False):
    children: Iterable[Node]
    data: Dict[str, object]


@settings(max_examples=300, deadline=None)
@given(_bodies)
def test_round_trip_against_undeclared_keys(body: dict[str, Any]) -> None:
    for expected_type in (Empty, Any, object, Dict[str, Any]):
        out = transform(body, expected_type)
        assert out == _expected(body)
        assert not _contains_sentinel(out)


@settings(max_examples=300, deadline=None)
@given(_params)
def test_round_trip_of_any_value(value: Any) -> None:
    out = transform(value, Any)
    assert out == _expected(value)
    assert not _contains_sentinel(out)


def _trees(depth: int) -> st.SearchStrategy[Any]:
    data = st.dictionaries(st.text(max_size=3), st.one_of(_params, st.just(omit)), max_size=3)
    pure = st.dictionaries(st.text(max_size=3), _json, max_size=3)
    fields: dict[str, st.SearchStrategy[Any]] = {"data": st.one_of(data, st.just(omit), pure.map(override))}
    if depth > 0:
        child = _trees(depth - 1)
        fields["children"] = st.one_of(
            st.lists(st.one_of(child, st.just(omit), st.builds(_empty_object).map(override)), max_size=3), st.just(omit)
        )
    return st.fixed_dictionaries({}, optional=fields)


@settings(max_examples=200, deadline=None)
@given(_trees(3))
def test_round_trip_through_declared_recursive_typed_dict(tree: dict[str, Any]) -> None:
    out = transform(tree, Node)
    assert out == _expected(tree)
    assert not _contains_sentinel(out)
