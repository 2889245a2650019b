"""Lower request-side TypedDict modules: `XParam` twins of schemas used in requests and each method's params module.

Decides the shape of a params module (TypedDicts, keys, aliases, stream variants); takes
names from `Names` and types from `TypeLowerer`; prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..emit.imports import PROPERTY_INFO
from ..ir.nodes import (
    BodyKind,
    ConstSchema,
    ObjectSchema,
    Param,
    PrimitiveSchema,
    Property,
    RefSchema,
    Schema,
    UnionSchema,
)
from ..naming import class_view, identifier
from .nodes import (
    ANNOTATED,
    Block,
    Call,
    Class,
    Const,
    Expr,
    Field,
    Local,
    Module,
    Ref,
    Statement,
    Subscript,
    Symbol,
    TypeAlias,
)
from .parts import module_aliases, union_alias, unshadowed
from .schemas import BUILTIN_TYPES, cycle_partners, inline_nodes, inline_objects, schema_description
from .types import Side, TypeLowerer, core_symbol, typing_ref

if TYPE_CHECKING:
    from ..ir.nodes import Api, Method
    from ..naming import Names

__all__ = ["Entry", "entries", "key_names", "lower_method_params_module", "lower_param_module"]

# (wire name, schema, required, description) of one TypedDict key.
Entry = Tuple[str, Schema, bool, Optional[str]]

_TYPED_DICT = typing_ref("typing_extensions", "TypedDict")
_REQUIRED = typing_ref("typing_extensions", "Required")
_TOTAL = (("total", Const(False)),)


def key_names(props: List[Entry], renamed: Optional[Dict[str, str]] = None) -> List[str]:
    """The Python key of each TypedDict entry: the wire name when usable, else an aliased identifier.

    `renamed` maps wire names to the keys a method's config gives them.
    """
    used: Set[str] = set()
    out: List[str] = []
    for wire, _, _, _ in props:
        name = wire if wire.isidentifier() and identifier(wire) == wire else identifier(wire)
        name = (renamed or {}).get(wire, name)
        while name in used:
            name += "_"
        used.add(name)
        out.append(name)
    return out


def entries(obj: ObjectSchema) -> List[Entry]:
    """The TypedDict keys of `obj`'s properties."""
    return [(prop.name, prop.schema, prop.is_required, _doc(prop)) for prop in obj.properties]


def _doc(prop: Property) -> Optional[str]:
    return prop.description or prop.schema.description


def _typed_dict(
    lowerer: TypeLowerer,
    class_name: str,
    keys: List[Entry],
    description: Optional[str],
    base: Expr = _TYPED_DICT,
    renamed: Optional[Dict[str, str]] = None,
) -> Class:
    fields: List[Field] = []
    for key, (wire, schema, is_required, doc) in zip(key_names(keys, renamed), keys, strict=True):
        annotation = lowerer.lower(schema)
        if key != wire:
            info = Call(Ref(core_symbol(lowerer.names.package, PROPERTY_INFO)), (("alias", Const(wire)),))
            annotation = Subscript(Ref(ANNOTATED), (annotation, info))
        if is_required:
            annotation = Subscript(_REQUIRED, (annotation,))
        fields.append(Field(key, annotation, None, doc or schema_description(lowerer.api, schema)))
    return Class(class_name, (base,), tuple(fields), description, _TOTAL)


def _shadowed(groups: List[List[Entry]]) -> Set[str]:
    return {key for group in groups for key in key_names(group) if key in BUILTIN_TYPES}


def _nested(lowerer: TypeLowerer, module: str, root: Schema, skip: Optional[Schema]) -> List[Statement]:
    out: List[Statement] = []
    nodes = inline_nodes(root)
    if isinstance(root, (ObjectSchema, UnionSchema)):
        nodes.append(root)  # an unnamed root (a query parameter's schema) is named like its children
    for node in nodes:
        if node is skip:
            continue
        nested = lowerer.names.nested.get((module, node.pointer))
        if nested is None:
            continue
        if isinstance(node, ObjectSchema):
            out.append(_typed_dict(lowerer, nested, entries(node), node.description or node.title))
        else:
            out.append(union_alias(lowerer, nested, node))
    return out


def _module(names: Names, header: str, module: str, body: List[Statement]) -> Module:
    reexports, assigns, labels = module_aliases(names, module)
    exported = [statement.name for statement in body if not isinstance(statement, Block)]
    return Module(module, header, (*exported, *labels), tuple(body), reexports, assigns, lazy_annotations=True)


def lower_param_module(api: Api, names: Names, header: str, schema_name: str) -> Module:
    """The `XParam` module of component schema `schema_name` (a TypedDict or a type alias)."""
    target = names.params[schema_name]
    schema = api.schema_index[schema_name].schema
    base: Expr = _TYPED_DICT
    if isinstance(schema, ObjectSchema) and schema.base is not None and schema.base in names.params:
        # `allOf: [Base, {...}]` keeping Base as is: the twin extends Base's twin.
        base_twin = names.params[schema.base]
        base = unshadowed(base_twin.module, base_twin.name, target.name)
        schema = class_view(schema)
    lowerer = TypeLowerer(
        api,
        names,
        target.module,
        Side.PARAM,
        home=target.module,
        shadowed=_shadowed([entries(obj) for obj in inline_objects(schema)]),
        deferred_targets=cycle_partners(api, schema_name, schema),
    )
    body = _nested(lowerer, target.module, schema, schema)
    if isinstance(schema, ObjectSchema):
        body.append(_typed_dict(lowerer, target.name, entries(schema), schema.description or schema.title, base))
    else:
        body.append(TypeAlias(target.name, lowerer.lower(schema), schema.description))
    return _module(names, header, target.module, body)


def _param_entry(param: Param) -> Entry:
    return (param.name, param.schema, param.is_required, param.description or param.schema.description)


def lower_method_params_module(
    api: Api, names: Names, header: str, method: Method, module: str, class_name: str
) -> Module:
    """A method's params module: its params TypedDict (query keys and body keys) and inline TypedDicts.

    A body that references a component schema is inherited from that schema's `XParam` twin.
    """
    operation = method.operation
    query = [_param_entry(param) for param in operation.query_params]
    body_schema: Optional[Schema] = None
    if operation.body is not None and operation.body.kind is not BodyKind.BINARY:
        body_schema = operation.body.schema
    own = list(query)
    base: Optional[Expr] = None
    body_obj: Optional[ObjectSchema] = None
    if isinstance(body_schema, ObjectSchema):
        body_obj = body_schema
        own.extend(entries(body_schema))
    groups = [own] + [entries(obj) for schema in [body_schema] if schema is not None for obj in inline_objects(schema)]
    lowerer = TypeLowerer(api, names, module, Side.PARAM, home=module, shadowed=_shadowed(groups))
    body: List[Statement] = []
    for param in operation.query_params:
        body.extend(_nested(lowerer, module, param.schema, None))
    if body_schema is not None:
        body.extend(_nested(lowerer, module, body_schema, body_obj))
    body_required = operation.body is not None and operation.body.is_required
    if isinstance(body_schema, RefSchema):
        twin = names.params.get(body_schema.target)
        target_schema = api.schema_index[body_schema.target].schema if body_schema.target in api.schema_index else None
        if twin is not None and isinstance(target_schema, ObjectSchema):
            base = Ref(Symbol(twin.module, twin.name))
        else:
            own.append(("body", body_schema, body_required, None))
    elif body_schema is not None and body_obj is None:
        own.append(("body", body_schema, body_required, None))
    renamed = {p.name: p.python_name for p in body_obj.properties if p.python_name} if body_obj else {}
    split = _stream_split(api, names, method, module, own, base is not None, groups)
    if split is not None:
        flat_lowerer, flat = split
        body.extend(_stream_variants(flat_lowerer, class_name, flat, renamed))
    else:
        # The twin is a base only here: the stream variants flatten its keys instead.
        body.append(_typed_dict(lowerer, class_name, own, None, base or _TYPED_DICT, renamed))
    return _module(names, header, module, body)


def _stream_split(
    api: Api,
    names: Names,
    method: Method,
    module: str,
    own: List[Entry],
    inherits: bool,
    groups: List[List[Entry]],
) -> Optional[Tuple[TypeLowerer, List[Entry]]]:
    """For params with a boolean `stream` key: a lowerer and every key, flattened.

    A body inherited from a twin is flattened (its keys lowered against the twin's module, whose
    nested classes they use), unless a query key needs this module's own nested classes.
    """
    flat, home = list(own), module
    body = method.operation.body.schema if method.operation.body is not None else None
    if inherits and isinstance(body, RefSchema):
        target = api.schema_index[body.target].schema
        if not isinstance(target, ObjectSchema) or any(names.nested.get((module, s.pointer)) for s in _inlines(own)):
            return None
        flat, home = flat + entries(target), names.params[body.target].module
        groups = groups + [entries(obj) for obj in inline_objects(target)]
    if not any(wire == "stream" and _is_bool(schema) for wire, schema, _, _ in flat):
        return None
    return TypeLowerer(api, names, module, Side.PARAM, home=home, shadowed=_shadowed(groups)), flat


def _is_bool(schema: Schema) -> bool:
    return isinstance(schema, PrimitiveSchema) and schema.kind == "bool"


def _inlines(keys: List[Entry]) -> List[Schema]:
    out: List[Schema] = [node for _, schema, _, _ in keys for node in inline_nodes(schema)]
    return out + [schema for _, schema, _, _ in keys if isinstance(schema, (ObjectSchema, UnionSchema))]


def _stream_variants(lowerer: TypeLowerer, class_name: str, keys: List[Entry], renamed: Dict[str, str]) -> List[Class]:
    """`<Params>Base` (every key but `stream`), `<Params>` (adding `stream`), and the
    `<Params>NonStreaming` / `<Params>Streaming` pair that pins `stream` to false or true."""
    base = Local(f"{class_name}Base")
    stream = next(entry for entry in keys if entry[0] == "stream")
    pointer = stream[1].pointer
    off = ConstSchema(pointer, False, nullable=True)
    on = ConstSchema(pointer, True)
    return [
        _typed_dict(lowerer, base.name, [entry for entry in keys if entry[0] != "stream"], None, renamed=renamed),
        _typed_dict(lowerer, class_name, [stream], None, base),
        _typed_dict(lowerer, f"{class_name}NonStreaming", [("stream", off, False, stream[3])], None, base),
        _typed_dict(lowerer, f"{class_name}Streaming", [("stream", on, True, stream[3])], None, base),
    ]
