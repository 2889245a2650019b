"""Lower response-side type modules: one public model (or type alias) per module, with its inline nested models.

Decides the shape of a model module (classes, fields, defaults, aliases); takes names from
`Names` and types from `TypeLowerer`; prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..emit.imports import BASE_MODEL
from ..ir.nodes import ObjectSchema, Property, Schema, UnionSchema
from ..naming import class_view, field_name
from .nodes import (
    Call,
    Class,
    Const,
    Expr,
    Field,
    Module,
    OptionalOf,
    Ref,
    Statement,
    Symbol,
    TypeAlias,
    UnionOf,
    is_nullable,
)
from .parts import module_aliases, union_alias, unshadowed
from .schemas import BUILTIN_TYPES, cycle_partners, discriminator_of, inline_nodes, inline_objects, schema_description
from .types import PYDANTIC_FIELD, Side, TypeLowerer, core_symbol, discriminated

if TYPE_CHECKING:
    from ..config import TypeConfig, WebhooksConfig
    from ..ir.nodes import Api
    from ..naming import ModuleName, Names

__all__ = ["field_names", "lower_alias_module", "lower_model_module", "lower_webhook_union"]


def field_names(
    obj: ObjectSchema, reserved: Set[str], renames: Optional[Dict[str, str]] = None
) -> List[Tuple[Property, str]]:
    """Each property of `obj` with its unique Python attribute name (never one in `reserved`).

    `renames` (property pointer -> name) overrides the derived name.
    """
    used: Set[str] = set(reserved)
    out: List[Tuple[Property, str]] = []
    for prop in obj.properties:
        name = (renames or {}).get(prop.pointer) or field_name(prop.name)
        while name in used:
            name += "_"
        used.add(name)
        out.append((prop, name))
    return out


def _shadowed(objects: List[ObjectSchema]) -> Set[str]:
    found: Set[str] = set()
    for obj in objects:
        for _, name in field_names(obj, set()):
            if name in BUILTIN_TYPES:
                found.add(name)
    return found


def _field(lowerer: TypeLowerer, prop: Property, name: str) -> Field:
    annotation = lowerer.lower(prop.schema)
    # A field that may be null defaults to None even when required on the wire, so strict
    # validation accepts a response that leaves it out (as the reference SDKs' models do).
    is_optional = not prop.is_required or is_nullable(annotation) or prop.pointer in lowerer.names.optional_fields
    if is_optional and not is_nullable(annotation):
        annotation = OptionalOf(annotation)
    doc = prop.description or schema_description(lowerer.api, prop.schema)
    default: Optional[Expr] = Const(None) if is_optional else None
    if name != prop.name:
        keywords = ((("default", Const(None)),) if is_optional else ()) + (("alias", Const(prop.name)),)
        default = Call(Ref(PYDANTIC_FIELD), keywords)
    return Field(name, annotation, default, doc)


def _class(
    lowerer: TypeLowerer,
    obj: ObjectSchema,
    class_name: str,
    base: Optional[Expr] = None,
    mixin: Optional[Expr] = None,
    computed: Tuple[str, ...] = (),
) -> Class:
    bases: Tuple[Expr, ...] = (base or Ref(core_symbol(lowerer.names.package, BASE_MODEL)),)
    if mixin is not None:
        bases = (mixin, *bases)  # first, so its computed properties win
    named = field_names(obj, set(), lowerer.names.field_renames)
    # Annotations run with the class body (`eager_annotations`): the module's own class (defined
    # last) and names imported at the end to break a cycle are quoted; nested classes come first.
    lowerer.quote_late = True
    try:
        fields = tuple(_field(lowerer, prop, name) for prop, name in named if prop.name not in computed)
    finally:
        lowerer.quote_late = False
    return Class(class_name, bases, fields, obj.description or obj.title)


def lower_model_module(
    api: Api,
    names: Names,
    header: str,
    module: str,
    class_name: str,
    schema: Schema,
    schema_name: Optional[str] = None,
    type_config: Optional[TypeConfig] = None,
) -> Module:
    """The module defining `class_name` for `schema` (a model class or a type alias).

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        module: The dotted module to emit.
        class_name: The public name defined there.
        schema: The schema of the public name.
        schema_name: The component schema's key, when `schema` is a component.
        type_config: The schema's `types` entry, for its `extends` mixin and `computed` names.
    """
    base: Optional[Expr] = None
    if schema_name is not None and isinstance(schema, ObjectSchema) and schema.base is not None:
        # `allOf: [Base, {...}]` keeping Base as is: subclass it, declare only the rest.
        base_class = names.models[schema.base]
        base = unshadowed(base_class.module, base_class.name, class_name)
        schema = class_view(schema)
    lowerer = TypeLowerer(
        api,
        names,
        module,
        Side.MODEL,
        home=module,
        shadowed=_shadowed(inline_objects(schema)),
        deferred_targets=cycle_partners(api, schema_name, schema),
    )
    body: List[Statement] = []
    exported: List[str] = []
    for node in inline_nodes(schema):
        nested = names.nested.get((module, node.pointer))
        if nested is None:
            continue
        if isinstance(node, ObjectSchema):
            body.append(_class(lowerer, node, nested))
        else:
            body.append(union_alias(lowerer, nested, node))
        exported.append(nested)
    if isinstance(schema, ObjectSchema):
        mixin: Optional[Expr] = None
        computed: Tuple[str, ...] = ()
        if type_config is not None and type_config.extends is not None:
            mixin_module, _, mixin_class = type_config.extends.partition(":")
            mixin = unshadowed(mixin_module, mixin_class, class_name)
            computed = type_config.computed
        body.append(_class(lowerer, schema, class_name, base, mixin, computed))
    else:
        body.append(TypeAlias(class_name, lowerer.lower(schema), schema.description))
    exported.append(class_name)
    reexports, assigns, labels = module_aliases(names, module)
    return Module(module, header, (*exported, *labels), tuple(body), reexports, assigns, eager_annotations=True)


def lower_webhook_union(
    api: Api,
    target: ModuleName,
    events: List[ModuleName],
    variants: Tuple[Schema, ...],
    webhooks: WebhooksConfig,
    header: str,
) -> Module:
    """The module of the union of every webhook event, discriminated when the events allow it."""
    members: List[Expr] = []
    seen: Set[str] = set()
    for event in events:
        if event.name not in seen:
            seen.add(event.name)
            members.append(Ref(Symbol(event.module, event.name)))
    value: Expr = members[0] if len(members) == 1 else UnionOf(tuple(members))
    union = UnionSchema("#/webhooks", variants, discriminator=webhooks.discriminator)
    discriminator = discriminator_of(api, union)
    if discriminator is not None and len(members) > 1:
        value = discriminated(value, discriminator)
    statement = TypeAlias(target.name, value, webhooks.description)
    return Module(target.module, header, (target.name,), (statement,), eager_annotations=True)


def lower_alias_module(names: Names, alias: ModuleName, target: ModuleName, header: str) -> Module:
    """`Alias: TypeAlias = Target`, re-exported with the alias module's other names."""
    # The same name in another package (`projects.groups.RoleCreateResponse`) is imported as `_Name`.
    value = unshadowed(target.module, target.name, alias.name)
    reexports, assigns, labels = module_aliases(names, alias.module)
    statement = TypeAlias(alias.name, value, f"Another name for `{target.name}`.")
    return Module(alias.module, header, (alias.name, *labels), (statement,), reexports, assigns, eager_annotations=True)
