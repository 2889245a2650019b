"""A required argument that allows one value (const or one-value enum) defaults to that value."""

from __future__ import annotations

from sdkforge.emit.methods import _single_value
from sdkforge.ir.nodes import Api, ConstSchema, EnumSchema, NamedSchema, PrimitiveSchema, RefSchema
from sdkforge.lower.nodes import Const


def _api(*named: NamedSchema) -> Api:
    return Api(
        title="t",
        version="1",
        spec_sha256="0",
        operations=(),
        resources=(),
        schemas=named,
        schema_index={item.name: item for item in named},
    )


def test_const_and_one_value_enum_give_their_value() -> None:
    api = _api()
    assert _single_value(api, ConstSchema(pointer="#/a", value="month")) == Const("month")
    assert _single_value(api, EnumSchema(pointer="#/b", values=("auto",))) == Const("auto")
    assert _single_value(api, ConstSchema(pointer="#/c", value=3)) == Const(3)


def test_a_reference_to_a_const_component_gives_its_value() -> None:
    api = _api(NamedSchema(name="Interval", schema=ConstSchema(pointer="#/x", value="month"), pointer="#/x"))
    assert _single_value(api, RefSchema(pointer="#/r", target="Interval")) == Const("month")


def test_no_default_for_several_values_nullable_or_other_kinds() -> None:
    api = _api()
    assert _single_value(api, EnumSchema(pointer="#/a", values=("a", "b"))) is None
    assert _single_value(api, ConstSchema(pointer="#/b", value="x", nullable=True)) is None
    assert _single_value(api, PrimitiveSchema(pointer="#/c", kind="str")) is None
    assert _single_value(api, RefSchema(pointer="#/d", target="Missing")) is None
