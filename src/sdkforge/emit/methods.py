"""Plan and render one resource method (arguments, body, return type, overloads); no class or module layout.

A method is planned once (`plan_method`) and rendered per variant (sync/async, stream overloads)
by `emit_method`, one small function per construct.
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
from ..lower.nodes import NONE, Builtin, Expr, Ref, Subscript, Symbol, is_nullable
from ..lower.printer import print_expr
from ..lower.types import core_symbol
from ..naming import ModuleName, Names, identifier
from . import imports as core
from .annotations import Annotator, Side, schema_description
from .code import CodeWriter, docstring_lines, py_str
from .imports import Imports

__all__ = [
    "STANDARD_ARGS",
    "STANDARD_DOCS",
    "Arg",
    "MethodPlan",
    "emit_method",
    "plan_method",
    "printed_core_names",
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


@dataclass(frozen=True)
class Arg:
    """One keyword (or the positional path) argument of a generated method."""

    name: str
    wire: str
    annotation: str
    is_required: bool
    description: Optional[str]
    where: str  # "path", "query", "header" or "body"
    default: Optional[str] = None  # a required argument with one allowed value defaults to it
    type: Expr = _OBJECT  # the annotation as a tree (what decisions read, not the text)


@dataclass(frozen=True)
class MethodPlan:
    """Everything needed to render one method, independent of sync/async."""

    name: str
    positional: Optional[Arg]
    args: Tuple[Arg, ...]
    verb: str
    path: str
    returns: str
    cast_to: str
    page_class: Optional[Tuple[str, str]]  # (sync, async) page classes when paginated
    item: Optional[str]
    item_model: Optional[str]  # the `model=` argument: the item class, or `cast(Any, Alias)` for unions
    chunk: Optional[str]
    stream_arg: Optional[Arg]
    params_class: Optional[str]  # `module_alias.ClassName` for transform()
    body_kind: Optional[BodyKind]
    content_type: Optional[str]
    security: Optional[Tuple[str, ...]]
    is_deprecated: bool
    summary: Optional[str]
    alias_of: Optional[str] = None
    is_coroutine: bool = True  # False: the async method is a plain function returning its coroutine
    deprecation: Optional[str] = None  # the configured deprecation message, if any
    checks: Tuple[Tuple[str, str], ...] = ()  # (function as imported, argument) called first
    # The types above as trees, for emitters that print them elsewhere (generated tests).
    returns_type: Expr = _OBJECT
    item_type: Optional[Expr] = None
    chunk_type: Optional[Expr] = None
    page_types: Optional[Tuple[Ref, Ref]] = None  # (sync, async) page classes


def _lower(api: Api, names: Names, imports: Imports, schema: Schema, side: Side, home: Optional[str] = None) -> Expr:
    qualify = side is Side.PARAM and home is not None
    return Annotator(api, names, imports.module, imports, side, home=home, qualify_home=qualify).lower(schema)


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


def _single_value(api: Api, schema: Schema) -> Optional[str]:
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
    return py_str(value) if isinstance(value, str) else repr(value)


def _param_arg(api: Api, param: Param, names: Names, imports: Imports, home: Optional[str]) -> Arg:
    tree = _lower(api, names, imports, param.schema, Side.PARAM, home)
    default = _single_value(api, param.schema) if param.is_required else None
    description = param.description or schema_description(api, param.schema)
    where = param.location.value
    return Arg(param.python_name, param.name, print_expr(tree), param.is_required, description, where, default, tree)


def _body_args(
    api: Api, method: Method, names: Names, imports: Imports, taken: set[str], home: Optional[str]
) -> List[Arg]:
    body = method.operation.body
    if body is None:
        return []
    if body.kind is BodyKind.BINARY:
        bytes_type = Builtin("bytes")
        return [Arg("content", "", "bytes", body.is_required, "The raw request body.", "content", type=bytes_type)]
    obj = _object_of(api, body.schema)
    if obj is None:
        tree = _lower(api, names, imports, body.schema, Side.PARAM, home)
        return [Arg("body", "", print_expr(tree), body.is_required, "The request body.", "whole", type=tree)]
    out: List[Arg] = []
    for prop in obj.properties:
        name = prop.python_name or _kwarg_name(prop.name)
        if name in taken:
            continue
        taken.add(name)
        tree = _lower(api, names, imports, prop.schema, Side.PARAM, home)
        default = _single_value(api, prop.schema) if prop.is_required else None
        description = prop.description or schema_description(api, prop.schema)
        out.append(Arg(name, prop.name, print_expr(tree), prop.is_required, description, "body", default, tree))
    return out


def _response(api: Api, path: Tuple[str, ...], method: Method, names: Names, imports: Imports) -> Tuple[str, str, Expr]:
    """The return annotation, the `cast_to` argument and the return type's tree."""
    response = method.operation.response
    if response.kind is ResponseKind.BINARY:
        imports.core(core.BINARY_RESPONSE)
        return (
            core.BINARY_RESPONSE.name,
            core.BINARY_RESPONSE.name,
            Ref(core_symbol(names.package, core.BINARY_RESPONSE)),
        )
    if response.kind is ResponseKind.TEXT:
        return "str", "str", Builtin("str")
    if response.kind is ResponseKind.NONE or response.schema is None:
        imports.core(core.NONE_TYPE)
        return "None", core.NONE_TYPE.name, NONE
    inline = names.responses.get((path, method.name))
    if inline is not None:
        imports.add(inline.module, inline.name)
        tree = Ref(Symbol(inline.module, inline.name))
        if isinstance(response.schema, ObjectSchema):
            return inline.name, inline.name, tree
        imports.add("typing", "Any")
        imports.add("typing", "cast")
        return inline.name, f"cast(Any, {inline.name})", tree
    alias = _returns_alias(names, method, response.schema)
    if alias is not None:
        imports.add(alias.module, alias.name)
        return alias.name, alias.name, Ref(Symbol(alias.module, alias.name))
    tree = _lower(api, names, imports, response.schema, Side.MODEL)
    text = print_expr(tree)
    if _is_class(api, response.schema):
        return text, text, tree
    imports.add("typing", "Any")
    imports.add("typing", "cast")
    return text, f"cast(Any, {text})", tree


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


def plan_method(
    api: Api, resource: Resource, method: Method, names: Names, config: Config, imports: Imports
) -> MethodPlan:
    """Work out a method's arguments, body and return type, registering the imports it needs."""
    operation = method.operation
    target = names.method_params.get((resource.path, method.name))
    home = target.module if target is not None else None
    with imports.annotations_only():  # argument types only annotate: imported under TYPE_CHECKING
        path_args = [_param_arg(api, p, names, imports, home) for p in operation.path_params]
        positional = path_args[-1] if path_args else None
        taken = {arg.name for arg in path_args} | set(STANDARD_ARGS)
        args: List[Arg] = path_args[:-1]
        for param in (*operation.query_params, *operation.header_params):
            if param.python_name not in taken:
                taken.add(param.python_name)
                args.append(_param_arg(api, param, names, imports, home))
        args += _body_args(api, method, names, imports, taken, home)
    args.sort(key=lambda a: not a.is_required)
    page_class = item = item_model = None
    item_type: Optional[Expr] = None
    page_types: Optional[Tuple[Ref, Ref]] = None
    response = operation.response
    returns = cast_to = ""
    returns_type: Expr = _OBJECT
    if response.kind is not ResponseKind.PAGE or response.page is None:
        returns, cast_to, returns_type = _response(api, resource.path, method, names, imports)
    else:
        style = config.pagination[response.page.style]
        page_class = (style.sync, style.async_)
        sync_page, async_page = core.pagination_name(style.sync), core.pagination_name(style.async_)
        page_types = (Ref(core_symbol(names.package, sync_page)), Ref(core_symbol(names.package, async_page)))
        imports.core(sync_page, async_page, core.ASYNC_PAGINATOR)
        alias = _returns_alias(names, method, response.page.item)
        if alias is not None:
            imports.add(alias.module, alias.name)
            item_type = Ref(Symbol(alias.module, alias.name))
        else:
            home = _list_home(response.schema, resource, method, names)
            item_type = _lower(api, names, imports, response.page.item, Side.MODEL, home)
        item = print_expr(item_type)
        item_model = item
        if not _is_class(api, response.page.item):
            imports.add("typing", "Any")
            imports.add("typing", "cast")
            item_model = f"cast(Any, {item})"
    chunk = stream_arg = chunk_type = None
    if response.stream is not None:
        stream_arg = next((a for a in args if a.wire == "stream" and a.where in ("body", "query")), None)
        if stream_arg is not None:
            chunk_type = _lower(api, names, imports, response.stream.chunk, Side.MODEL)
            chunk = print_expr(chunk_type)
            args = [a for a in args if a is not stream_arg]
    params_class = None
    if target is not None and any(a.where in ("query", "body") for a in args + ([stream_arg] if stream_arg else [])):
        parent, leaf = target.module.rsplit(".", 1)
        imports.add_lazy_module(parent, leaf)  # loaded by the first call, not with the resource
        params_class = f"{leaf}.{target.name}"
    security = None
    if operation.security and operation.security != tuple(filter(None, [config.security.default])):
        security = operation.security
    path = operation.path
    for param in operation.path_params:
        path = path.replace("{" + param.name + "}", "{" + param.python_name + "}")
    if operation.fixed_query:
        path += "?" + "&".join(f"{k}={v}" for k, v in operation.fixed_query)
    checks = _checks(resource, method, config, imports, args + ([stream_arg] if stream_arg else []))
    return MethodPlan(
        checks=checks,
        name=method.name,
        positional=positional,
        args=tuple(args),
        verb=operation.verb,
        path=path,
        returns=returns,
        cast_to=cast_to,
        page_class=page_class,
        item=item,
        item_model=item_model,
        chunk=chunk,
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
        returns_type=returns_type,
        item_type=item_type,
        chunk_type=chunk_type,
        page_types=page_types,
    )


def _checks(
    resource: Resource, method: Method, config: Config, imports: Imports, args: List[Arg]
) -> Tuple[Tuple[str, str], ...]:
    """The configured `checks` of a method as (function, argument) pairs, imports registered."""
    resource_config = config.resources.get(".".join(resource.path))
    method_config = resource_config.methods.get(method.name) if resource_config is not None else None
    if method_config is None or not method_config.checks:
        return ()
    names = {arg.name for arg in args}
    pairs: List[Tuple[str, str]] = []
    for argument, reference in method_config.checks.items():
        if argument not in names:
            where = f"resources.{'.'.join(resource.path)}.methods.{method.name}.checks"
            raise ValueError(f"{where}: the method has no argument {argument!r}")
        module, _, function = reference.partition(":")
        imports.add(module, function)
        pairs.append((function, argument))
    return tuple(pairs)


def _signature(plan: MethodPlan, stream: Optional[str]) -> List[str]:
    """The parameter lines; `stream` is the `stream` annotation of this variant (None: no stream arg)."""
    lines = ["self,"]
    if plan.positional is not None:
        lines.append(f"{plan.positional.name}: {plan.positional.annotation},")
    lines.append("*,")
    required = [a for a in plan.args if a.is_required]
    optional = [a for a in plan.args if not a.is_required]
    lines += [f"{a.name}: {a.annotation}{'' if a.default is None else ' = ' + a.default}," for a in required]
    if stream is not None and plan.stream_arg is not None and "Omit" not in stream:
        lines.append(f"stream: {stream},")
    lines += [f"{a.name}: {a.annotation} | Omit = omit," for a in optional]
    if stream is not None and plan.stream_arg is not None and "Omit" in stream:
        lines.append(f"stream: {stream} = omit,")
    lines += [
        "extra_headers: Headers | None = None,",
        "extra_query: Query | None = None,",
        "extra_body: Body | None = None,",
        "timeout: float | httpx.Timeout | None | Omit = omit,",
        "max_retries: int | Omit = omit,",
    ]
    return lines


def _docstring(plan: MethodPlan) -> List[str]:
    args = [(a.name, a.description or "") for a in ((plan.positional,) if plan.positional else ()) + plan.args]
    if plan.stream_arg is not None:
        args.append(("stream", plan.stream_arg.description or ""))
    return docstring_lines(plan.summary, args + list(STANDARD_DOCS))


def _dict_literal(args: List[Arg]) -> str:
    return "{" + ", ".join(f"{py_str(a.name)}: {a.name}" for a in args) + "}"


def _body_lines(plan: MethodPlan, is_async: bool, self_name: str = "self") -> List[str]:
    """The statements of the implementation (after the docstring)."""
    lines: List[str] = [f"{function}({argument})" for function, argument in plan.checks]
    with_stream = [*plan.args, *([plan.stream_arg] if plan.stream_arg else [])]
    query = [a for a in with_stream if a.where == "query"]
    body = [a for a in with_stream if a.where == "body"]
    headers = [a for a in plan.args if a.where == "header"]
    header_items = [f"{py_str(a.wire)}: {_header_value(a)}" for a in headers]
    if plan.body_kind in (BodyKind.BINARY, BodyKind.FORM) and plan.content_type:
        header_items.insert(0, f"{py_str('Content-Type')}: {py_str(plan.content_type)}")
    if header_items:
        lines.append("extra_headers = {" + ", ".join(header_items) + ", **(extra_headers or {})}")
    template = py_str(plan.path)
    path_args = ([plan.positional] if plan.positional else []) + [a for a in plan.args if a.where == "path"]
    if path_args:
        values = ", ".join(f"{a.name}={a.name}" for a in path_args)
        template = f"path_template({template}, {values})"
    options = ["extra_headers=extra_headers", "extra_query=extra_query", "extra_body=extra_body"]
    options += ["timeout=timeout", "max_retries=max_retries"]
    if query:
        options.insert(0, f"query=transform({_dict_literal(query)}, {plan.params_class})")
    if plan.security is not None:
        options.append(f"security=({', '.join(py_str(s) for s in plan.security)},)")
    call: List[str] = [f"{template},"]
    if body and plan.body_kind is BodyKind.FORM:
        call.append(f"content=encode_form(transform({_dict_literal(body)}, {plan.params_class})),")
    elif body:
        call.append(f"body=transform({_dict_literal(body)}, {plan.params_class}),")
    elif any(a.where == "whole" for a in plan.args):
        optional = any(a.where == "whole" and not a.is_required for a in plan.args)
        call.append("body=None if isinstance(body, Omit) else body," if optional else "body=body,")
    elif plan.body_kind is BodyKind.BINARY:
        optional = any(a.where == "content" and not a.is_required for a in plan.args)
        call.append("content=None if isinstance(content, Omit) else content," if optional else "content=content,")
    if plan.body_kind is BodyKind.MULTIPART:
        call.append("multipart=True,")
    call.append(f"options=make_request_options({', '.join(options)}),")
    prefix = "await " if is_async and plan.page_class is None else ""
    if plan.page_class is not None:
        page = plan.page_class[1 if is_async else 0]
        call.append(f"page={page}[{plan.item}],")
        if plan.verb != "get":
            call.append(f"method={py_str(plan.verb)},")
        call.append(f"model={plan.item_model},")
        lines.append(f"return {self_name}._get_api_list(")
    else:
        call.append(f"cast_to={plan.cast_to},")
        if plan.chunk is not None:
            stream_cls = "AsyncStream" if is_async else "Stream"
            call.append("stream=stream is True,")
            call.append(f"stream_cls={stream_cls}[{plan.chunk}],")
        lines.append(f"return {prefix}{self_name}._{plan.verb}(")
    lines += ["    " + text for text in call]
    lines.append(")")
    return lines


def _is_sequence(tree: Expr) -> bool:
    """`List[...]` or `SequenceNotStr[...]` (of strings, for a header: joined with commas)."""
    if not isinstance(tree, Subscript) or not isinstance(tree.base, Ref):
        return False
    symbol = tree.base.symbol
    return (symbol.module, symbol.name) == ("typing", "List") or (
        symbol.name == core.SEQUENCE_NOT_STR.name and symbol.module.endswith(f".{core.SEQUENCE_NOT_STR.module}")
    )


def printed_core_names(plan: MethodPlan) -> List[core.CoreName]:
    """The core names `emit_method` prints for `plan` beyond its annotations (read from the plan, not the text)."""
    with_stream = [*plan.args, *([plan.stream_arg] if plan.stream_arg else [])]
    out: List[core.CoreName] = []
    if plan.positional is not None or any(a.where == "path" for a in plan.args):
        out.append(core.PATH_TEMPLATE)
    if any(a.where in ("query", "body") for a in with_stream):
        out.append(core.TRANSFORM)
    if plan.body_kind is BodyKind.FORM and any(a.where == "body" for a in with_stream):
        out.append(core.ENCODE_FORM)
    if plan.page_class is None and not plan.is_coroutine:
        out.append(core.RETURNS_AWAITABLE)
    return out


def stream_is_nullable(plan: MethodPlan) -> bool:
    """The `stream` argument admits None: its overloads print `Optional[Literal[False]]`."""
    return plan.chunk is not None and plan.stream_arg is not None and is_nullable(plan.stream_arg.type)


def _header_value(arg: Arg) -> str:
    if _is_sequence(arg.type):
        value = f'",".join({arg.name})'
    elif arg.type == Builtin("str"):
        value = arg.name
    else:
        value = f"str({arg.name})"
    if arg.is_required:
        return value
    return f"{value} if not isinstance({arg.name}, Omit) else omit"


def _return_annotation(plan: MethodPlan, is_async: bool, variant: Optional[str]) -> str:
    if plan.page_class is not None:
        page = plan.page_class[1 if is_async else 0]
        return f"AsyncPaginator[{plan.item}, {page}[{plan.item}]]" if is_async else f"{page}[{plan.item}]"
    if plan.chunk is None:
        return plan.returns
    stream = f"{'AsyncStream' if is_async else 'Stream'}[{plan.chunk}]"
    if variant == "false":
        return plan.returns
    if variant == "true":
        return stream
    return f"{plan.returns} | {stream}"


def emit_method(
    w: CodeWriter, plan: MethodPlan, is_async: bool, deprecation: Optional[str], overloads: bool = True
) -> None:
    keyword = "def" if plan.page_class is not None or not is_async else "async def"
    name = plan.name
    if plan.chunk is not None and plan.stream_arg is not None:
        nullable = stream_is_nullable(plan)
        false_type = "Optional[Literal[False]] | Omit" if nullable else "Literal[False] | Omit"
        impl_type = (
            "Optional[Literal[False]] | Literal[True] | Omit" if nullable else "Literal[False] | Literal[True] | Omit"
        )
        for variant, stream in (("false", false_type), ("true", "Literal[True]"), ("bool", "bool")):
            if not overloads:
                break
            w.line("@overload")
            if deprecation:
                w.line(f"@deprecated({py_str(deprecation)})")
            with w.block(f"{keyword} {name}("):
                w.lines(_signature(plan, stream))
            w.line(f") -> {_return_annotation(plan, is_async, variant)}:")
            with w.indented():
                w.docstring(_docstring(plan))
                w.line("...")
            w.blank()
        signature = _signature(plan, impl_type)
    else:
        signature = _signature(plan, None)
    if deprecation:
        w.line(f"@deprecated({py_str(deprecation)})")
    if keyword == "async def" and not plan.is_coroutine:
        w.line(f"@{core.RETURNS_AWAITABLE.name}")
    w.line(f"{keyword} {name}(")
    with w.indented():
        w.lines(signature)
    w.line(f") -> {_return_annotation(plan, is_async, None)}:")
    with w.indented():
        if plan.chunk is None:
            w.docstring(_docstring(plan))
        if deprecation:
            w.lines(_forward_lines(plan, is_async))
        else:
            w.lines(_body_lines(plan, is_async))
    w.blank()


def _forward_lines(plan: MethodPlan, is_async: bool) -> List[str]:
    """A deprecated method's body: call its private, undecorated twin."""
    positional = [plan.positional.name] if plan.positional else []
    keywords = [f"{a.name}={a.name}" for a in plan.args] + [f"{name}={name}" for name in STANDARD_ARGS]
    if plan.stream_arg is not None:
        keywords.append("stream=stream")
    call = f"self._{plan.name}_impl({', '.join(positional + keywords)})"
    if is_async and plan.page_class is None:
        return [f"return await {call}"]
    return [f"return {call}"]
