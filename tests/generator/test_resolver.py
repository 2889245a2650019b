"""Tests for sdkforge.resolver: refs, allOf merge, nullability forms, cycles and `$recursiveRef`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Set

from hypothesis import given, settings
from hypothesis import strategies as st

from sdkforge.ir.nodes import (
    ArraySchema,
    ConstSchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    PrimitiveSchema,
    RefSchema,
    Schema,
    UnionSchema,
)
from sdkforge.loader import SpecDocument, load_spec
from sdkforge.resolver import ResolvedSpec, resolve

WIDGETS = Path(__file__).parent / "specs" / "frontend_widgets.yaml"


def _resolved() -> ResolvedSpec:
    return resolve(load_spec(WIDGETS))


def _schema(spec: ResolvedSpec, name: str) -> Schema:
    return next(item.schema for item in spec.schemas if item.name == name)


def _object(spec: ResolvedSpec, name: str) -> ObjectSchema:
    node = _schema(spec, name)
    assert isinstance(node, ObjectSchema)
    return node


def _prop(obj: ObjectSchema, name: str) -> Schema:
    return next(prop.schema for prop in obj.properties if prop.name == name)


def _document(schemas: Dict[str, Any]) -> SpecDocument:
    data = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": schemas}}
    return SpecDocument(data=data, source="<test>", text="", sha256="", is_yaml=False)


def test_component_schemas_keep_spec_order() -> None:
    names = [item.name for item in _resolved().schemas]
    assert names[:3] == ["Widget", "WidgetList", "WidgetChunk"]
    assert "Error-2" in names


def test_ref_to_component_stays_a_reference() -> None:
    items = _prop(_object(_resolved(), "WidgetList"), "data")
    assert isinstance(items, ArraySchema)
    assert items.items == RefSchema("#/components/schemas/WidgetList/properties/data/items", "Widget")


def test_all_of_merges_properties_in_order_with_their_pointers() -> None:
    obj = _object(_resolved(), "CreateWidgetRequest")
    assert [prop.name for prop in obj.properties] == ["name", "color", "shape", "tags", "stream"]
    assert {prop.name for prop in obj.properties if prop.is_required} == {"name", "shape"}
    assert obj.properties[0].pointer == "#/components/schemas/WidgetBase/properties/name"


def test_all_of_does_not_mutate_the_document() -> None:
    spec = _resolved()
    base = spec.document.data["components"]["schemas"]["WidgetBase"]
    assert list(base["properties"]) == ["name", "color"]


def test_all_of_with_only_nullable_keeps_the_reference() -> None:
    node = _schema(_resolved(), "MaybeWidget")
    assert isinstance(node, RefSchema)
    assert node.target == "Widget" and node.nullable


def test_any_of_with_null_becomes_nullable() -> None:
    status = _prop(_object(_resolved(), "Widget"), "status")
    assert isinstance(status, EnumSchema)
    assert status.values == ("ready", "broken") and status.nullable


def test_type_list_with_null_becomes_nullable() -> None:
    label = _prop(_object(_resolved(), "Widget"), "label")
    assert label == PrimitiveSchema("#/components/schemas/Widget/properties/label", "str", nullable=True)


def test_openapi30_nullable_flag_is_kept() -> None:
    color = _prop(_object(_resolved(), "WidgetBase"), "color")
    assert isinstance(color, PrimitiveSchema) and color.nullable


def test_nullable_without_type_is_nullable_any() -> None:
    loose = _schema(_resolved(), "Loose")
    assert isinstance(loose, PrimitiveSchema)
    assert loose.kind == "any" and loose.nullable and loose.description == "Nullable without a type."


def test_boolean_exclusive_minimum_is_tolerated() -> None:
    radius = _prop(_object(_resolved(), "Circle"), "radius")
    assert isinstance(radius, PrimitiveSchema) and radius.kind == "float"


def test_stainless_const_and_single_value_enum_become_const() -> None:
    spec = _resolved()
    assert isinstance(_prop(_object(spec, "Circle"), "type"), ConstSchema)
    square_type = _prop(_object(spec, "Square"), "type")
    assert isinstance(square_type, ConstSchema) and square_type.value == "square"


def test_one_of_keeps_discriminator() -> None:
    shape = _schema(_resolved(), "Shape")
    assert isinstance(shape, UnionSchema)
    assert shape.discriminator == "type"
    assert [v.target for v in shape.variants if isinstance(v, RefSchema)] == ["Circle", "Square"]


def test_additional_properties_become_a_map() -> None:
    spec = _resolved()
    metadata = _schema(spec, "Metadata")
    assert isinstance(metadata, MapSchema) and isinstance(metadata.values, PrimitiveSchema)
    assert metadata.values.kind == "str"
    extra = _prop(_object(spec, "Widget"), "extra")
    assert isinstance(extra, MapSchema) and isinstance(extra.values, PrimitiveSchema)
    assert extra.values.kind == "any"


def test_recursive_ref_points_to_the_enclosing_component() -> None:
    children = _prop(_object(_resolved(), "Tree"), "children")
    assert isinstance(children, ArraySchema)
    assert isinstance(children.items, RefSchema) and children.items.target == "Tree"


def test_cycles_are_marked_recursive() -> None:
    spec = _resolved()
    assert spec.recursive == frozenset({"Tree", "Node", "Edge"})
    assert [item.name for item in spec.schemas if item.is_recursive] == ["Tree", "Node", "Edge"]


def test_broken_reference_is_a_diagnostic_with_pointer() -> None:
    spec = resolve(_document({"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/Nope"}}}}))
    assert spec.diagnostics.has_errors
    assert spec.diagnostics.sorted()[0].pointer == "#/components/schemas/A/properties/b"


def test_all_of_including_itself_terminates() -> None:
    spec = resolve(_document({"A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"x": {}}}]}}))
    assert [item.name for item in spec.schemas] == ["A"]


def test_nested_non_component_ref_is_followed() -> None:
    schemas = {
        "A": {"type": "object", "properties": {"x": {"type": "integer"}}},
        "B": {"$ref": "#/components/schemas/A/properties/x"},
    }
    spec = resolve(_document(schemas))
    assert isinstance(_schema(spec, "B"), PrimitiveSchema)


def _reference_cycles(edges: Dict[str, Set[str]]) -> Set[str]:
    # Brute force: a node is recursive when it can reach itself.
    found: Set[str] = set()
    for start in edges:
        seen: Set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node == start:
                found.add(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(edges[node])
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=7), max_size=4), min_size=1, max_size=8))
def test_resolver_terminates_and_marks_every_cycle(graph: List[List[int]]) -> None:
    count = len(graph)
    edges = {f"S{i}": {f"S{j % count}" for j in targets} for i, targets in enumerate(graph)}
    schemas = {
        name: {
            "type": "object",
            "properties": {
                f"p{index}": {"$ref": f"#/components/schemas/{target}"} for index, target in enumerate(sorted(targets))
            },
        }
        for name, targets in edges.items()
    }
    spec = resolve(_document(schemas))
    assert len(spec.schemas) == count
    assert spec.recursive == _reference_cycles(edges)
