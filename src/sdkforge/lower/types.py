"""Lower IR schemas to type trees for the model side or the params side.

It decides type mapping only (what a schema looks like as a type); it lays out no class or
module and takes every class name from `Names`. Every name outside the module is a `Symbol`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, FrozenSet, List, Optional, Set

from ..emit.imports import FILE_TYPES, SEQUENCE_NOT_STR, CoreName
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
from .nodes import (
    ANNOTATED,
    NONE,
    Attr,
    Builtin,
    Call,
    Const,
    Expr,
    Literal,
    Local,
    OptionalOf,
    Ref,
    Subscript,
    Symbol,
    UnionOf,
)
from .schemas import discriminator_of

if TYPE_CHECKING:
    from ..ir.nodes import Api
    from ..naming import Names

__all__ = ["PYDANTIC_FIELD", "Side", "TypeLowerer", "core_symbol", "typing_ref"]

_PRIMITIVE = {"str": "str", "int": "int", "float": "float", "bool": "bool", "any": "object"}
PYDANTIC_FIELD = Symbol("pydantic", "Field")


class Side(str, enum.Enum):
    """Which side of the API a type is for: parsed responses (models) or request params (TypedDicts)."""

    MODEL = "model"
    PARAM = "param"


def core_symbol(package: str, name: CoreName) -> Symbol:
    """The symbol of a name of the hand-written core."""
    return Symbol(f"{package}.{name.module}", name.name)


def typing_ref(module: str, name: str) -> Ref:
    """A reference to a `typing` / `typing_extensions` name."""
    return Ref(Symbol(module, name))


@dataclass
class TypeLowerer:
    """Lowers schemas to type trees for one generated module.

    Attributes:
        api: The IR (to look through references).
        names: Every class name.
        module: The dotted module being generated (names defined there are `Local`).
        side: Model or params.
        home: The module holding the inline classes of the schema being lowered.
        shadowed: Builtin names that fields of this module shadow; written as `builtins.X`.
        deferred_targets: Component schemas on a reference cycle with this module's schema;
            their references are imported at the end of the module to break the import cycle.
        quote_late: Quote references to classes not yet defined when the annotation runs (the
            value of a module-level type alias).
        qualify_home: Name the home's inline classes through its module (`x_params.Name`), as
            resource methods do: two params modules may both have a `Name`.
    """

    api: Api
    names: Names
    module: str
    side: Side
    home: Optional[str] = None
    shadowed: Set[str] = field(default_factory=lambda: set())
    deferred_targets: FrozenSet[str] = frozenset()
    quote_late: bool = False
    qualify_home: bool = False

    def lower(self, schema: Schema) -> Expr:
        """The type of `schema`, nullable folded in as `Optional[...]`."""
        tree = self._bare(schema)
        if self.is_nullable(schema) and tree != NONE and not isinstance(tree, OptionalOf):
            return OptionalOf(tree)
        return tree

    def is_nullable(self, schema: Schema) -> bool:
        """`schema` admits null, itself or through the component it references."""
        # A reference to a nullable component (`anyOf: [{...}, {type: null}]`) is nullable too:
        # the component's class cannot carry the `None` itself.
        if schema.nullable:
            return True
        if isinstance(schema, RefSchema):
            target = self.api.schema_index.get(schema.target)
            return target is not None and target.schema.nullable
        return False

    def builtin(self, name: str) -> Expr:
        """A builtin type, reached through `builtins` when a field of the module shadows it."""
        if name in self.shadowed:
            return Attr(Ref(Symbol("builtins")), name)
        return Builtin(name)

    def _bare(self, schema: Schema) -> Expr:
        if isinstance(schema, RefSchema):
            return self._ref(schema.target)
        if isinstance(schema, PrimitiveSchema):
            return self._primitive(schema)
        if isinstance(schema, ConstSchema):
            return self._literal([schema.value])
        if isinstance(schema, EnumSchema):
            return self._literal(list(schema.values))
        if isinstance(schema, ArraySchema):
            return self._array(schema)
        if isinstance(schema, MapSchema):
            return Subscript(typing_ref("typing", "Dict"), (self.builtin("str"), self.lower(schema.values)))
        if isinstance(schema, ObjectSchema):
            return self._inline(schema)
        named = self._nested(schema.pointer, lent=False)
        return named if named is not None else self.union(schema)

    def _nested(self, pointer: str, lent: bool = True) -> Optional[Expr]:
        """The class (or alias) of the inline schema at `pointer`, from its home.

        The home may define it or, with `lent`, re-export it from the module that does (a params
        module lends the nested classes of the component its body references). A union without
        a name of its own is written out, so only classes take the lent name.
        """
        home = self.home or self.module
        name = self.names.nested.get((home, pointer))
        if name is None and lent and home != self.module:
            name = self.names.lent_nested(home, pointer)
        if name is None:
            return None
        if home == self.module:
            return Local(name)
        if self.qualify_home:
            parent, leaf = home.rsplit(".", 1)
            return Attr(Ref(Symbol(parent, leaf)), name)
        return Ref(Symbol(home, name))

    def _ref(self, target: str) -> Expr:
        if self.side is Side.PARAM and target in self.names.params:
            where = self.names.params[target]
        elif target in self.names.models:
            where = self.names.models[target]
        else:
            return self.builtin("object")
        # A type alias is evaluated when the module runs: a class defined or imported later is quoted.
        if where.module == self.module:  # the module's own class, defined after its nested aliases
            return Local(where.name, quoted=self.quote_late)
        if target in self.deferred_targets:
            return Ref(Symbol(where.module, where.name), deferred=True, quoted=self.quote_late)
        return Ref(Symbol(where.module, where.name), eager=self.side is Side.PARAM and self._is_literal_alias(target))

    def _is_literal_alias(self, target: str) -> bool:
        """`target` is written as a `Literal[...]` alias: a TypedDict key of that type is a tag
        telling union members apart, which the runtime reads without importing anything else."""
        entry = self.api.schema_index.get(target)
        return entry is not None and isinstance(entry.schema, (ConstSchema, EnumSchema))

    def _primitive(self, schema: PrimitiveSchema) -> Expr:
        if schema.format == "binary" and schema.kind in ("str", "any"):
            if self.side is Side.PARAM:
                return Ref(core_symbol(self.names.package, FILE_TYPES))
            return self.builtin("str")
        if schema.kind == "null":
            return NONE
        return self.builtin(_PRIMITIVE[schema.kind])

    def _literal(self, values: List[JsonScalar]) -> Expr:
        if any(isinstance(value, float) for value in values):
            # Type checkers reject float literals; the values still validate as numbers.
            return self.builtin("float")
        return Literal(tuple(values))

    def _array(self, schema: ArraySchema) -> Expr:
        items = self.lower(schema.items)
        if self.side is Side.PARAM and items == self.builtin("str") and not self.is_nullable(schema.items):
            # A bare `str` is a sequence of strings too; the protocol lets type checkers reject it.
            return Subscript(Ref(core_symbol(self.names.package, SEQUENCE_NOT_STR)), (items,))
        if self.side is Side.PARAM and self._is_structured(schema.items):
            return Subscript(typing_ref("typing", "Iterable"), (items,))
        return Subscript(typing_ref("typing", "List"), (items,))

    def _is_structured(self, schema: Schema) -> bool:
        if isinstance(schema, RefSchema):
            return schema.target in self.names.params
        return isinstance(schema, (ObjectSchema, UnionSchema, MapSchema))

    def _inline(self, schema: ObjectSchema) -> Expr:
        named = self._nested(schema.pointer)
        if named is None:
            return Subscript(typing_ref("typing", "Dict"), (self.builtin("str"), self.builtin("object")))
        return named

    def union(self, schema: UnionSchema) -> Expr:
        """The `Union[...]` of `schema`'s variants (discriminated on the model side), never its alias name."""
        members: List[Expr] = []
        for variant in schema.variants:
            tree = self.lower(variant)
            if tree not in members:
                members.append(tree)
        if len(members) == 1:
            return members[0]
        union = UnionOf(tuple(members))
        discriminator = discriminator_of(self.api, schema) if self.side is Side.MODEL else None
        if discriminator is None:
            return union
        return discriminated(union, discriminator)


def discriminated(union: Expr, discriminator: str) -> Expr:
    """`Annotated[union, Field(discriminator=...)]`: pydantic picks the variant by that property."""
    return Subscript(Ref(ANNOTATED), (union, Call(Ref(PYDANTIC_FIELD), (("discriminator", Const(discriminator)),))))
