"""Render IR schemas as Python annotation strings for the model side or the params side, collecting imports.

It decides type mapping only (what a schema looks like as a type); it must not lay out
classes or modules, and takes every class name from `Names`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, FrozenSet, List, Optional, Set, Tuple, Union

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
from .code import CodeWriter, docstring_lines, py_str
from .imports import FILE_TYPES, SEQUENCE_NOT_STR

if TYPE_CHECKING:
    from ..ir.nodes import Api
    from ..naming import Names

from .imports import Imports

__all__ = [
    "BUILTIN_TYPES",
    "Annotator",
    "Side",
    "cycle_partners",
    "deferred_lines",
    "discriminator_of",
    "emit_union_alias",
    "inline_nodes",
    "inline_objects",
    "literal",
    "schema_description",
]

# Builtins an annotation may name; a field of the same name in a class body shadows them.
BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "object", "bytes", "type", "list", "dict"})
_PRIMITIVE = {"str": "str", "int": "int", "float": "float", "bool": "bool", "null": "None", "any": "object"}


class Side(str, enum.Enum):
    """Which side of the API a type is for: parsed responses (models) or request params (TypedDicts)."""

    MODEL = "model"
    PARAM = "param"


def literal(values: List[JsonScalar]) -> str:
    """The inside of a `Literal[...]` for `values` (strings quoted, others as Python literals)."""
    parts: List[str] = []
    for value in values:
        if isinstance(value, str):
            parts.append(py_str(value))
        else:
            parts.append(repr(value))
    return ", ".join(parts)


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


def deferred_lines(deferred: Imports) -> List[str]:
    """The end-of-module import lines for `deferred` (each marked as a deliberate late import)."""
    return [f"{line}  # noqa: E402" for line in deferred.render()]


def alias_import_lines(names: Names, module: str, imported: Optional[Imports] = None) -> Tuple[List[str], List[str]]:
    """The end-of-module imports of `module`'s aliases (`names.module_aliases`) and the names they add.

    They come last, after every class of the module, so an import cycle with the aliased
    module finds this one complete; a name `imported` already brings in is not imported twice.
    """
    aliases = names.module_aliases.get(module, [])
    if not aliases:
        return [], []
    late = Imports(names.package, module)
    # Another name for one this module has (the config's `extra_names`) is an assignment.
    own = [f"{label} = {target.name}" for label, target in aliases if target.module == module]
    for label, target in aliases:
        if target.module == module:
            continue
        if label == target.name and imported is not None and imported.has(target.module, label):
            continue
        late.add(target.module, target.name if label == target.name else f"{target.name} as {label}")
    labels = [label for label, _ in aliases]
    if not late.render():
        return own, labels
    # A file-level exemption: the formatter may wrap a long line and move a line's own `noqa`.
    lines = ["# Nested-class names of types written elsewhere (imported last).", "# ruff: noqa: E402"]
    return lines + late.render() + own, labels


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


@dataclass
class Annotator:
    """Renders annotations for one generated module.

    Attributes:
        api: The IR (to look through references).
        names: Every class name.
        module: The dotted module being generated (names defined there are not imported).
        imports: Where the needed imports are recorded.
        side: Model or params.
        home: The module holding the inline classes of the schema being rendered.
        shadowed: Builtin names that fields of this module shadow; rendered as `builtins.X`.
        deferred_targets: Component schemas on a reference cycle with this module's schema;
            they are imported at the end of the module (into `deferred`) to break the import cycle.
        deferred: Where those end-of-module imports are recorded.
        quote_late: Quote references to classes not yet defined when the annotation runs (the
            value of a module-level type alias).
        qualify_home: Name the home's inline classes through its module (`x_params.Name`), as
            resource methods do: two params modules may both have a `Name`.
    """

    api: Api
    names: Names
    module: str
    imports: Imports
    side: Side
    home: Optional[str] = None
    shadowed: Set[str] = field(default_factory=lambda: set())
    deferred_targets: FrozenSet[str] = frozenset()
    deferred: Optional[Imports] = None
    quote_late: bool = False
    qualify_home: bool = False

    def render(self, schema: Schema) -> str:
        """The annotation of `schema`, nullable folded in as `Optional[...]`."""
        text = self._bare(schema)
        if self._is_nullable(schema) and text != "None" and not text.startswith("Optional["):
            self.imports.add("typing", "Optional")
            return f"Optional[{text}]"
        return text

    def _is_nullable(self, schema: Schema) -> bool:
        # A reference to a nullable component (`anyOf: [{...}, {type: null}]`) is nullable too:
        # the component's class cannot carry the `None` itself.
        if schema.nullable:
            return True
        if isinstance(schema, RefSchema):
            target = self.api.schema_index.get(schema.target)
            return target is not None and target.schema.nullable
        return False

    def builtin(self, name: str) -> str:
        """A builtin type name, qualified when a field of the module shadows it."""
        if name in self.shadowed:
            self.imports.add_module("builtins")
            return f"builtins.{name}"
        return name

    def _bare(self, schema: Schema) -> str:
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
            self.imports.add("typing", "Dict")
            return f"Dict[{self.builtin('str')}, {self.render(schema.values)}]"
        if isinstance(schema, ObjectSchema):
            return self._inline(schema)
        named = self._named_union(schema)
        return named if named is not None else self.union(schema)

    def _named_union(self, schema: UnionSchema) -> Optional[str]:
        return self._nested(schema.pointer, lent=False)

    def _nested(self, pointer: str, lent: bool = True) -> Optional[str]:
        """The class (or alias) name of the inline schema at `pointer`, imported from its home.

        The home may define it or, with `lent`, re-export it from the module that does (a params
        module lends the nested classes of the component its body references). A union without
        a name of its own is written out, so only classes take the lent name.
        """
        home = self.home or self.module
        name = self.names.nested.get((home, pointer))
        if name is None and lent and home != self.module:
            name = self.names.lent_nested(home, pointer)
        if name is not None and home != self.module:
            if self.qualify_home:
                parent, leaf = home.rsplit(".", 1)
                self.imports.add(parent, leaf)
                return f"{leaf}.{name}"
            self.imports.add(home, name)
        return name

    def _ref(self, target: str) -> str:
        if self.side is Side.PARAM and target in self.names.params:
            where = self.names.params[target]
        elif target in self.names.models:
            where = self.names.models[target]
        else:
            return self.builtin("object")
        late = where.module == self.module  # the module's own class, defined after its nested aliases
        if where.module != self.module:
            if target in self.deferred_targets and self.deferred is not None:
                self.deferred.add(where.module, where.name)
                late = True
            else:
                self.imports.add(where.module, where.name)
        # A type alias is evaluated when the module runs: a class defined or imported later is quoted.
        return f'"{where.name}"' if late and self.quote_late else where.name

    def _primitive(self, schema: PrimitiveSchema) -> str:
        if schema.format == "binary" and schema.kind in ("str", "any"):
            if self.side is Side.PARAM:
                self.imports.core(FILE_TYPES)
                return FILE_TYPES.name
            return self.builtin("str")
        if schema.kind == "null":
            return "None"
        return self.builtin(_PRIMITIVE[schema.kind])

    def _literal(self, values: List[JsonScalar]) -> str:
        if any(isinstance(value, float) for value in values):
            # Type checkers reject float literals; the values still validate as numbers.
            return self.builtin("float")
        self.imports.add("typing_extensions", "Literal")
        return f"Literal[{literal(values)}]"

    def _array(self, schema: ArraySchema) -> str:
        items = self.render(schema.items)
        if self.side is Side.PARAM and items == self.builtin("str") and not self._is_nullable(schema.items):
            # A bare `str` is a sequence of strings too; the protocol lets type checkers reject it.
            self.imports.core(SEQUENCE_NOT_STR)
            return f"{SEQUENCE_NOT_STR.name}[{items}]"
        if self.side is Side.PARAM and self._is_structured(schema.items):
            self.imports.add("typing", "Iterable")
            return f"Iterable[{items}]"
        self.imports.add("typing", "List")
        return f"List[{items}]"

    def _is_structured(self, schema: Schema) -> bool:
        if isinstance(schema, RefSchema):
            return schema.target in self.names.params
        return isinstance(schema, (ObjectSchema, UnionSchema, MapSchema))

    def _inline(self, schema: ObjectSchema) -> str:
        name = self._nested(schema.pointer)
        if name is None:
            self.imports.add("typing", "Dict")
            return f"Dict[{self.builtin('str')}, {self.builtin('object')}]"
        return name

    def union(self, schema: UnionSchema) -> str:
        """The `Union[...]` of `schema`'s variants (discriminated on the model side), never its alias name."""
        members: List[str] = []
        for variant in schema.variants:
            text = self.render(variant)
            if text not in members:
                members.append(text)
        if len(members) == 1:
            return members[0]
        self.imports.add("typing", "Union")
        text = f"Union[{', '.join(members)}]"
        discriminator = discriminator_of(self.api, schema) if self.side is Side.MODEL else None
        if discriminator is not None:
            self.imports.add("typing_extensions", "Annotated")
            self.imports.add("pydantic", "Field")
            return f"Annotated[{text}, Field(discriminator={py_str(discriminator)})]"
        return text


def emit_union_alias(w: CodeWriter, ann: Annotator, name: str, schema: UnionSchema) -> None:
    """`Name: TypeAlias = Union[...]` for a named inline union."""
    ann.imports.add("typing_extensions", "TypeAlias")
    ann.quote_late = True
    try:
        value = ann.union(schema)
    finally:
        ann.quote_late = False
    w.blank(2)
    w.line(f"{name}: TypeAlias = {value}")
    w.docstring(docstring_lines(schema.description, width=100))
