"""What the lowering reads off IR schemas: inline nodes in order, descriptions, cycles, discriminators; no Python text."""

from __future__ import annotations

from typing import TYPE_CHECKING, FrozenSet, List, Optional, Set, Union

from ..ir.nodes import (
    ArraySchema,
    ConstSchema,
    EnumSchema,
    JsonScalar,
    MapSchema,
    ObjectSchema,
    PrimitiveSchema,
    RefSchema,
    Schema,
    UnionSchema,
)

if TYPE_CHECKING:
    from ..ir.nodes import Api

__all__ = [
    "BUILTIN_TYPES",
    "cycle_partners",
    "discriminator_of",
    "inline_nodes",
    "inline_objects",
    "schema_description",
]

# Builtins an annotation may name; a field of the same name in a class body shadows them.
BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "object", "bytes", "type", "list", "dict"})


def _inline_post_order(root: Schema) -> List[Union[ObjectSchema, UnionSchema]]:
    """The inline objects and unions under `root` and `root` itself (not crossing references),
    each once, children before parents, in spec order."""
    out: List[Union[ObjectSchema, UnionSchema]] = []
    seen: Set[str] = set()

    def visit(node: Schema) -> None:
        if isinstance(node, ObjectSchema):
            for prop in node.properties:
                visit(prop.schema)
            if node.extra is not None:
                visit(node.extra)
        elif isinstance(node, ArraySchema):
            visit(node.items)
        elif isinstance(node, MapSchema):
            visit(node.values)
        elif isinstance(node, UnionSchema):
            for variant in node.variants:
                visit(variant)
        if isinstance(node, (ObjectSchema, UnionSchema)) and node.pointer not in seen:
            seen.add(node.pointer)
            out.append(node)

    visit(root)
    return out


def inline_objects(root: Schema) -> List[ObjectSchema]:
    """The inline object schemas under `root` (not crossing references), children before parents.

    `root` itself is included when it is an object; the order follows the spec.
    """
    return [node for node in _inline_post_order(root) if isinstance(node, ObjectSchema)]


def inline_nodes(root: Schema) -> List[Union[ObjectSchema, UnionSchema]]:
    """`inline_objects` plus the inline unions under `root` (`root` itself excluded), children first."""
    return [node for node in _inline_post_order(root) if node is not root]


def schema_description(api: Api, schema: Schema) -> Optional[str]:
    """What documents a value of `schema`: its own description, else that of what it stands for
    (the referenced component, or the one non-null variant of a union), as a `$ref` or `allOf`
    property in the spec is documented by its target."""
    for _ in range(20):  # a reference chain is short; a cycle of bare references ends here
        if schema.description:
            return schema.description
        if isinstance(schema, RefSchema) and schema.target in api.schema_index:
            schema = api.schema_index[schema.target].schema
        elif isinstance(schema, UnionSchema):
            real = [v for v in schema.variants if not (isinstance(v, PrimitiveSchema) and v.kind == "null")]
            if len(real) != 1:
                return None
            schema = real[0]
        else:
            return None
    return None


def cycle_partners(api: Api, name: Optional[str], schema: Schema) -> FrozenSet[str]:
    """Component schemas whose import must wait until the end of the module defining `name`.

    Only a class (whose annotations are evaluated lazily) can have its imports deferred; a
    type alias is evaluated at import time, so it gets none.
    """
    if name is None or not isinstance(schema, ObjectSchema) or name not in api.schema_index:
        return frozenset()
    if not api.schema_index[name].is_recursive:
        return frozenset()
    return frozenset(item.name for item in api.schemas if item.is_recursive and item.name != name)


def discriminator_of(api: Api, union: UnionSchema) -> Optional[str]:
    """The property pydantic can discriminate `union` on, or None.

    It must be named by the spec (or be `type`), and every variant must be an object whose
    property of that name is a required, non-null literal, with no value shared by two variants.
    """
    name = union.discriminator
    if name is None or not name.isidentifier():
        return None
    seen: Set[JsonScalar] = set()
    for variant in union.variants:
        target = variant
        if isinstance(variant, RefSchema):
            if variant.nullable or variant.target not in api.schema_index:
                return None
            target = api.schema_index[variant.target].schema
        if not isinstance(target, ObjectSchema):
            return None
        prop = next((item for item in target.properties if item.name == name), None)
        if prop is None or not prop.is_required:
            return None
        tag = prop.schema
        if isinstance(tag, ConstSchema) and not tag.nullable:
            values: List[JsonScalar] = [tag.value]
        elif isinstance(tag, EnumSchema) and not tag.nullable:
            values = list(tag.values)
        else:
            return None
        if seen & set(values):
            return None
        seen.update(values)
    return name
