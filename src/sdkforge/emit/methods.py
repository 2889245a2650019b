"""Plan one resource method (arguments, request, return type) as type trees; no text and no imports.

A method is planned once (`plan_method`); `lower.methods` lowers the plan to the functions of
each variant (sync/async, stream overloads), whose printed symbols make the module's imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from ..config import Config
from ..ir.nodes import (
    Api,
    BodyKind,
    ConstSchema,
    EnumSchema,
    Method,
    ObjectSchema,
    Param,
    RefSchema,
    Resource,
    ResponseKind,
    Schema,
)
from ..lower.nodes import NONE, Attr, Builtin, Call, Const, Expr, Ref, Subscript, Symbol, is_nullable
from ..lower.schemas import schema_description
from ..lower.types import Side, TypeLowerer, core_symbol
from ..naming import ModuleName, Names, identifier
from . import imports as core

__all__ = [
    "STANDARD_ARGS",
    "STANDARD_DOCS",
    "Arg",
    "MethodPlan",
    "cast_any",
    "is_sequence",
    "plan_method",
    "stream_is_nullable",
]

STANDARD_ARGS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries")
STANDARD_DOCS = (  # `Args:` entries of the request options every method takes
    ("extra_headers", "Send extra headers"),
    ("extra_query", "Add additional query parameters to the request"),
    ("extra_body", "Add additional JSON properties to the request"),
    ("timeout", "Override the client-level default timeout for this request, in seconds"),
)


_OBJECT = Builtin("object")
_ANY = Ref(Symbol("typing", "Any"))
_CAST = Ref(Symbol("typing", "cast"))


def cast_any(tree: Expr) -> Call:
    """`cast(Any, tree)`: a type alias passed where the core expects a class."""
    return Call(_CAST, (), (_ANY, tree))


@dataclass(frozen=True)
class Arg:
    """One keyword (or the positional path) argument of a generated method."""

    name: str
    wire: str
    type: Expr  # the annotation
    is_required: bool
    description: Optional[str]
    where: str  # "path", "query", "header" or "body"
    default: Optional[Expr] = None  # a required argument with one allowed value defaults to it


@dataclass(frozen=True)
class MethodPlan:
    """Everything needed to render one method, independent of sync/async."""

    name: str
    positional: Optional[Arg]
    args: Tuple[Arg, ...]
    verb: str
    path: str
    returns_type: Expr  # the return annotation (of one item when paginated)
    cast_to: Expr  # the `cast_to=` argument: the class, or `cast(Any, Alias)` for an alias
    page_types: Optional[Tuple[Ref, Ref]]  # (sync, async) page classes when paginated
    item_type: Optional[Expr]
    item_model: Optional[Expr]  # the `model=` argument: the item class, or `cast(Any, Alias)` for unions
    chunk_type: Optional[Expr]
    stream_arg: Optional[Arg]
    params_class: Optional[Expr]  # `module.ClassName` for transform(), the module a lazy reference
    body_kind: Optional[BodyKind]
    content_type: Optional[str]
    security: Optional[Tuple[str, ...]]
    is_deprecated: bool
    summary: Optional[str]
    alias_of: Optional[str] = None
    is_coroutine: bool = True  # False: the async method is a plain function returning its coroutine
    deprecation: Optional[str] = None  # the configured deprecation message, if any
    checks: Tuple[Tuple[Symbol, str], ...] = ()  # (function, argument) called first


def _lower(api: Api, names: Names, module: str, schema: Schema, side: Side, home: Optional[str] = None) -> Expr:
    qualify = side is Side.PARAM and home is not None
    return TypeLowerer(api, names, module, side, home, qualify_home=qualify).lower(schema)


def _kwarg_name(wire: str) -> str:
    # Wire names that are already identifiers are kept as the keyword (and TypedDict key).
    if wire.isidentifier() and identifier(wire) == wire:
        return wire
    return identifier(wire)


def _object_of(api: Api, schema: Schema) -> Optional[ObjectSchema]:
    seen = 0
    while isinstance(schema, RefSchema) and seen < 20:
        if schema.target not in api.schema_index:
            return None
        schema = api.schema_index[schema.target].schema
        seen += 1
    return schema if isinstance(schema, ObjectSchema) else None


def _is_class(api: Api, schema: Schema) -> bool:
    # A component object becomes a BaseModel subclass, usable as `type[T]`; anything else is an alias.
    if isinstance(schema, ObjectSchema):
        return not schema.nullable
    return isinstance(schema, RefSchema) and _object_of(api, schema) is not None and not schema.nullable


def _single_value(api: Api, schema: Schema) -> Optional[Const]:
    """The Python literal of the only value `schema` allows (a const or a one-value enum), if any."""
    target: Schema = schema
    if isinstance(schema, RefSchema):
        named = api.schema_index.get(schema.target)
        if named is None:
            return None
        target = named.schema
    if schema.nullable or target.nullable:
        return None
    if isinstance(target, ConstSchema):
        value = target.value
    elif isinstance(target, EnumSchema) and len(target.values) == 1:
        value = target.values[0]
    else:
        return None
    return Const(value)


def _param_arg(api: Api, param: Param, names: Names, module: str, home: Optional[str]) -> Arg:
    tree = _lower(api, names, module, param.schema, Side.PARAM, home)
    default = _single_value(api, param.schema) if param.is_required else None
    description = param.description or schema_description(api, param.schema)
    where = param.location.value
    return Arg(param.python_name, param.name, tree, param.is_required, description, where, default)


def _body_args(api: Api, method: Method, names: Names, module: str, taken: set[str], home: Optional[str]) -> List[Arg]:
    body = method.operation.body
    if body is None:
        return []
    if body.kind is BodyKind.BINARY:
        return [Arg("content", "", Builtin("bytes"), body.is_required, "The raw request body.", "content")]
    obj = _object_of(api, body.schema)
    if obj is None:
        tree = _lower(api, names, module, body.schema, Side.PARAM, home)
        return [Arg("body", "", tree, body.is_required, "The request body.", "whole")]
    out: List[Arg] = []
    for prop in obj.properties:
        name = prop.python_name or _kwarg_name(prop.name)
        if name in taken:
            continue
        taken.add(name)
        tree = _lower(api, names, module, prop.schema, Side.PARAM, home)
        default = _single_value(api, prop.schema) if prop.is_required else None
        description = prop.description or schema_description(api, prop.schema)
        out.append(Arg(name, prop.name, tree, prop.is_required, description, "body", default))
    return out


def _response(api: Api, path: Tuple[str, ...], method: Method, names: Names, module: str) -> Tuple[Expr, Expr]:
    """The return annotation and the `cast_to` argument."""
    response = method.operation.response
    if response.kind is ResponseKind.BINARY:
        binary = Ref(core_symbol(names.package, core.BINARY_RESPONSE))
        return binary, binary
    if response.kind is ResponseKind.TEXT:
        return Builtin("str"), Builtin("str")
    if response.kind is ResponseKind.NONE or response.schema is None:
        return NONE, Ref(core_symbol(names.package, core.NONE_TYPE))
    inline = names.responses.get((path, method.name))
    if inline is not None:
        tree = Ref(Symbol(inline.module, inline.name))
        return tree, tree if isinstance(response.schema, ObjectSchema) else cast_any(tree)
    alias = _returns_alias(names, method, response.schema)
    if alias is not None:
        tree = Ref(Symbol(alias.module, alias.name))
        return tree, tree
    tree = _lower(api, names, module, response.schema, Side.MODEL)
    return tree, tree if _is_class(api, response.schema) else cast_any(tree)


def _returns_alias(names: Names, method: Method, schema: Schema) -> Optional[ModuleName]:
    """The configured alias `returns` names, when the response (or page item) is a model shared under several names."""
    if method.returns is None or not isinstance(schema, RefSchema) or schema.nullable:
        return None
    model = names.models.get(schema.target)
    if model is None or model.name == method.returns:
        return None
    return next((alias for alias, target in names.aliases if target == model and alias.name == method.returns), None)


def _list_home(schema: Optional[Schema], resource: Resource, method: Method, names: Names) -> Optional[str]:
    # Inline page items are named inside the module of the list object that holds them.
    if isinstance(schema, RefSchema) and schema.target in names.models:
        return names.models[schema.target].module
    inline = names.responses.get((resource.path, method.name))
    return inline.module if inline is not None else None


def plan_method(api: Api, resource: Resource, method: Method, names: Names, config: Config, module: str) -> MethodPlan:
    """Work out a method's arguments, request and return type for the resource `module`."""
    operation = method.operation
    target = names.method_params.get((resource.path, method.name))
    home = target.module if target is not None else None
    path_args = [_param_arg(api, p, names, module, home) for p in operation.path_params]
    positional = path_args[-1] if path_args else None
    taken = {arg.name for arg in path_args} | set(STANDARD_ARGS)
    args: List[Arg] = path_args[:-1]
    for param in (*operation.query_params, *operation.header_params):
        if param.python_name not in taken:
            taken.add(param.python_name)
            args.append(_param_arg(api, param, names, module, home))
    args += _body_args(api, method, names, module, taken, home)
    args.sort(key=lambda a: not a.is_required)
    item_type = item_model = None
    page_types: Optional[Tuple[Ref, Ref]] = None
    response = operation.response
    returns_type: Expr = _OBJECT
    cast_to: Expr = _OBJECT
    if response.kind is not ResponseKind.PAGE or response.page is None:
        returns_type, cast_to = _response(api, resource.path, method, names, module)
    else:
        style = config.pagination[response.page.style]
        sync_page, async_page = core.pagination_name(style.sync), core.pagination_name(style.async_)
        page_types = (Ref(core_symbol(names.package, sync_page)), Ref(core_symbol(names.package, async_page)))
        alias = _returns_alias(names, method, response.page.item)
        if alias is not None:
            item_type = Ref(Symbol(alias.module, alias.name))
        else:
            list_home = _list_home(response.schema, resource, method, names)
            item_type = _lower(api, names, module, response.page.item, Side.MODEL, list_home)
        item_model = item_type if _is_class(api, response.page.item) else cast_any(item_type)
    stream_arg = chunk_type = None
    if response.stream is not None:
        stream_arg = next((a for a in args if a.wire == "stream" and a.where in ("body", "query")), None)
        if stream_arg is not None:
            chunk_type = _lower(api, names, module, response.stream.chunk, Side.MODEL)
            args = [a for a in args if a is not stream_arg]
    params_class = None
    if target is not None and any(a.where in ("query", "body") for a in args + ([stream_arg] if stream_arg else [])):
        parent, leaf = target.module.rsplit(".", 1)
        # The params module is loaded by the first call, not with the resource.
        params_class = Attr(Ref(Symbol(parent, leaf), lazy=True), target.name)
    security = None
    if operation.security and operation.security != tuple(filter(None, [config.security.default])):
        security = operation.security
    path = operation.path
    for param in operation.path_params:
        path = path.replace("{" + param.name + "}", "{" + param.python_name + "}")
    if operation.fixed_query:
        path += "?" + "&".join(f"{k}={v}" for k, v in operation.fixed_query)
    checks = _checks(resource, method, config, args + ([stream_arg] if stream_arg else []))
    return MethodPlan(
        checks=checks,
        name=method.name,
        positional=positional,
        args=tuple(args),
        verb=operation.verb,
        path=path,
        returns_type=returns_type,
        cast_to=cast_to,
        page_types=page_types,
        item_type=item_type,
        item_model=item_model,
        chunk_type=chunk_type,
        stream_arg=stream_arg,
        params_class=params_class,
        body_kind=operation.body.kind if operation.body else None,
        content_type=operation.body.content_type if operation.body else None,
        security=security,
        is_deprecated=method.is_deprecated or operation.is_deprecated,
        summary=operation.summary,
        alias_of=method.alias_of,
        is_coroutine=method.is_coroutine,
        deprecation=method.deprecation,
    )


def _checks(resource: Resource, method: Method, config: Config, args: List[Arg]) -> Tuple[Tuple[Symbol, str], ...]:
    """The configured `checks` of a method as (function, argument) pairs."""
    resource_config = config.resources.get(".".join(resource.path))
    method_config = resource_config.methods.get(method.name) if resource_config is not None else None
    if method_config is None or not method_config.checks:
        return ()
    names = {arg.name for arg in args}
    pairs: List[Tuple[Symbol, str]] = []
    for argument, reference in method_config.checks.items():
        if argument not in names:
            where = f"resources.{'.'.join(resource.path)}.methods.{method.name}.checks"
            raise ValueError(f"{where}: the method has no argument {argument!r}")
        module, _, function = reference.partition(":")
        pairs.append((Symbol(module, function), argument))
    return tuple(pairs)


def is_sequence(tree: Expr) -> bool:
    """`List[...]` or `SequenceNotStr[...]` (of strings, for a header: joined with commas)."""
    if not isinstance(tree, Subscript) or not isinstance(tree.base, Ref):
        return False
    symbol = tree.base.symbol
    return (symbol.module, symbol.name) == ("typing", "List") or (
        symbol.name == core.SEQUENCE_NOT_STR.name and symbol.module.endswith(f".{core.SEQUENCE_NOT_STR.module}")
    )


def stream_is_nullable(plan: MethodPlan) -> bool:
    """The `stream` argument admits None: its overloads print `Optional[Literal[False]]`."""
    return plan.chunk_type is not None and plan.stream_arg is not None and is_nullable(plan.stream_arg.type)
