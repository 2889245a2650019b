"""Lower a planned resource method to the functions a resource class defines: its stream
overloads, the implementation, and a deprecated method's undecorated twin.

Every name a signature or body uses is a tree (`Ref(Symbol)`: core helpers such as
`path_template` or `transform`, the params module read through a lazy reference), so the
module's imports are what is printed; nothing here writes text layout or records imports.
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Tuple, Union

from ..emit import imports as core
from ..emit.code import py_str
from ..emit.methods import STANDARD_ARGS, STANDARD_DOCS, Arg, MethodPlan, is_sequence, stream_is_nullable
from ..ir.nodes import BodyKind
from .nodes import (
    NONE,
    Attr,
    Builtin,
    Call,
    Code,
    Const,
    Expr,
    Function,
    Line,
    Literal,
    OptionalOf,
    Param,
    PipeUnion,
    Ref,
    Subscript,
    Symbol,
)
from .types import core_symbol

__all__ = ["lower_method", "standard_params", "undecorated_twin"]

_OVERLOAD = Ref(Symbol("typing", "overload"))
_DEPRECATED = Ref(Symbol("typing_extensions", "deprecated"))
_SELF = Param("self")
_FALSE = Literal((False,))
_TRUE = Literal((True,))

Part = Union[str, Expr]


def _core(package: str, name: core.CoreName) -> Ref:
    return Ref(core_symbol(package, name))


def _omit_type(package: str) -> Ref:
    return _core(package, core.OMIT_TYPE)


def standard_params(package: str) -> Tuple[Param, ...]:
    """The request options every method takes last (`extra_headers`, ..., `max_retries`)."""
    omit_type, omit = _omit_type(package), _core(package, core.OMIT)
    timeout = PipeUnion((Builtin("float"), Attr(Ref(Symbol("httpx")), "Timeout"), NONE, omit_type))
    return (
        Param("extra_headers", PipeUnion((_core(package, core.HEADERS), NONE)), NONE),
        Param("extra_query", PipeUnion((_core(package, core.QUERY), NONE)), NONE),
        Param("extra_body", PipeUnion((_core(package, core.BODY), NONE)), NONE),
        Param("timeout", timeout, omit),
        Param("max_retries", PipeUnion((Builtin("int"), omit_type)), omit),
    )


def _signature(plan: MethodPlan, package: str, stream: Optional[Expr]) -> Tuple[Tuple[Param, ...], Tuple[Param, ...]]:
    """(positional, keyword) parameters; `stream` is this variant's `stream` annotation (None: no stream arg)."""
    params: Tuple[Param, ...] = (_SELF,)
    if plan.positional is not None:
        params += (Param(plan.positional.name, plan.positional.type),)
    omit_type, omit = _omit_type(package), _core(package, core.OMIT)
    optional_stream = isinstance(stream, PipeUnion) and omit_type in stream.members
    keywords: List[Param] = [Param(a.name, a.type, a.default) for a in plan.args if a.is_required]
    if stream is not None and plan.stream_arg is not None and not optional_stream:
        keywords.append(Param("stream", stream))
    keywords += [Param(a.name, PipeUnion((a.type, omit_type)), omit) for a in plan.args if not a.is_required]
    if stream is not None and plan.stream_arg is not None and optional_stream:
        keywords.append(Param("stream", stream, omit))
    return params, (*keywords, *standard_params(package))


def _doc_args(plan: MethodPlan) -> Tuple[Tuple[str, str], ...]:
    args = [(a.name, a.description or "") for a in ((plan.positional,) if plan.positional else ()) + plan.args]
    if plan.stream_arg is not None:
        args.append(("stream", plan.stream_arg.description or ""))
    return (*args, *STANDARD_DOCS)


def _dict_literal(args: List[Arg]) -> str:
    return "{" + ", ".join(f"{py_str(a.name)}: {a.name}" for a in args) + "}"


def _header_value(arg: Arg, omit: Ref, omit_type: Ref) -> Tuple[Part, ...]:
    if is_sequence(arg.type):
        value: Tuple[Part, ...] = (f'",".join({arg.name})',)
    elif arg.type == Builtin("str"):
        value = (arg.name,)
    else:
        value = (f"str({arg.name})",)
    if arg.is_required:
        return value
    return (*value, f" if not isinstance({arg.name}, ", omit_type, ") else ", omit)


def _join(items: List[Tuple[Part, ...]], separator: str) -> Tuple[Part, ...]:
    out: List[Part] = []
    for index, item in enumerate(items):
        if index:
            out.append(separator)
        out.extend(item)
    return tuple(out)


def _body(plan: MethodPlan, package: str, is_async: bool) -> Tuple[Line, ...]:
    """The statements of the implementation (after the docstring)."""
    omit, omit_type = _core(package, core.OMIT), _omit_type(package)
    lines: List[Line] = [Code((Ref(function), f"({argument})")) for function, argument in plan.checks]
    with_stream = [*plan.args, *([plan.stream_arg] if plan.stream_arg else [])]
    query = [a for a in with_stream if a.where == "query"]
    body = [a for a in with_stream if a.where == "body"]
    headers = [a for a in plan.args if a.where == "header"]
    header_items = [(f"{py_str(a.wire)}: ", *_header_value(a, omit, omit_type)) for a in headers]
    if plan.body_kind in (BodyKind.BINARY, BodyKind.FORM) and plan.content_type:
        header_items.insert(0, (f"{py_str('Content-Type')}: {py_str(plan.content_type)}",))
    if header_items:
        lines.append(Code(("extra_headers = {", *_join(header_items, ", "), ", **(extra_headers or {})}")))
    template: Tuple[Part, ...] = (py_str(plan.path),)
    path_args = ([plan.positional] if plan.positional else []) + [a for a in plan.args if a.where == "path"]
    if path_args:
        values = ", ".join(f"{a.name}={a.name}" for a in path_args)
        template = (_core(package, core.PATH_TEMPLATE), "(", *template, f", {values})")
    transform = _core(package, core.TRANSFORM)
    params_class: Tuple[Part, ...] = (plan.params_class,) if plan.params_class is not None else ("None",)
    options: List[Tuple[Part, ...]] = [
        ("extra_headers=extra_headers",),
        ("extra_query=extra_query",),
        ("extra_body=extra_body",),
        ("timeout=timeout",),
        ("max_retries=max_retries",),
    ]
    if query:
        options.insert(0, ("query=", transform, f"({_dict_literal(query)}, ", *params_class, ")"))
    if plan.security is not None:
        options.append((f"security=({', '.join(py_str(s) for s in plan.security)},)",))
    call: List[Tuple[Part, ...]] = [(*template, ",")]
    if body and plan.body_kind is BodyKind.FORM:
        encode = _core(package, core.ENCODE_FORM)
        call.append(("content=", encode, "(", transform, f"({_dict_literal(body)}, ", *params_class, ")),"))
    elif body:
        call.append(("body=", transform, f"({_dict_literal(body)}, ", *params_class, "),"))
    elif any(a.where == "whole" for a in plan.args):
        if any(a.where == "whole" and not a.is_required for a in plan.args):
            call.append(("body=None if isinstance(body, ", omit_type, ") else body,"))
        else:
            call.append(("body=body,",))
    elif plan.body_kind is BodyKind.BINARY:
        if any(a.where == "content" and not a.is_required for a in plan.args):
            call.append(("content=None if isinstance(content, ", omit_type, ") else content,"))
        else:
            call.append(("content=content,",))
    if plan.body_kind is BodyKind.MULTIPART:
        call.append(("multipart=True,",))
    make_options = _core(package, core.MAKE_REQUEST_OPTIONS)
    call.append(("options=", make_options, "(", *_join(options, ", "), "),"))
    if plan.page_types is not None and plan.item_type is not None and plan.item_model is not None:
        page = plan.page_types[1 if is_async else 0]
        call.append(("page=", Subscript(page, (plan.item_type,)), ","))
        if plan.verb != "get":
            call.append((f"method={py_str(plan.verb)},",))
        call.append(("model=", plan.item_model, ","))
        lines.append(Code(("return self._get_api_list(",)))
    else:
        call.append(("cast_to=", plan.cast_to, ","))
        if plan.chunk_type is not None:
            stream_cls = _core(package, core.ASYNC_STREAM if is_async else core.STREAM)
            call.append(("stream=stream is True,",))
            # Only a streamed call reads its stream class: a plain call loads no chunk model.
            call.append(("stream_cls=", Subscript(stream_cls, (plan.chunk_type,)), " if stream is True else None,"))
        lines.append(Code((f"return {'await ' if is_async else ''}self._{plan.verb}(",)))
    lines += [Code(parts, indent=1) for parts in call]
    lines.append(Code((")",)))
    return tuple(lines)


def _returns(plan: MethodPlan, package: str, is_async: bool, variant: Optional[str]) -> Expr:
    if plan.page_types is not None and plan.item_type is not None:
        page = Subscript(plan.page_types[1 if is_async else 0], (plan.item_type,))
        if not is_async:
            return page
        return Subscript(_core(package, core.ASYNC_PAGINATOR), (plan.item_type, page))
    if plan.chunk_type is None or variant == "false":
        return plan.returns_type
    stream = Subscript(_core(package, core.ASYNC_STREAM if is_async else core.STREAM), (plan.chunk_type,))
    if variant == "true":
        return stream
    return PipeUnion((plan.returns_type, stream))


def _forward(plan: MethodPlan, is_async: bool) -> Tuple[Line, ...]:
    """A deprecated method's body: call its private, undecorated twin."""
    positional = [plan.positional.name] if plan.positional else []
    keywords = [f"{a.name}={a.name}" for a in plan.args] + [f"{name}={name}" for name in STANDARD_ARGS]
    if plan.stream_arg is not None:
        keywords.append("stream=stream")
    call = f"self._{plan.name}_impl({', '.join(positional + keywords)})"
    if is_async and plan.page_types is None:
        return (Code((f"return await {call}",)),)
    return (Code((f"return {call}",)),)


def lower_method(
    plan: MethodPlan, package: str, is_async: bool, deprecation: Optional[str], overloads: bool = True
) -> List[Function]:
    """The functions of one method variant: its `stream` overloads (when it streams), then the implementation.

    Args:
        plan: The planned method.
        package: The generated package (core names are its modules).
        is_async: The async resource's variant.
        deprecation: The message of `@deprecated(...)`; None: not deprecated.
        overloads: Write the stream overloads (an undecorated twin has none).
    """
    is_async_def = is_async and plan.page_types is None
    decorators: Tuple[Expr, ...] = ()
    if deprecation:
        decorators = (Call(_DEPRECATED, (), (Const(deprecation),)),)
    doc_args = _doc_args(plan)
    out: List[Function] = []
    stream_type: Optional[Expr] = None
    if plan.chunk_type is not None and plan.stream_arg is not None:
        omit_type = _omit_type(package)
        false: Expr = OptionalOf(_FALSE) if stream_is_nullable(plan) else _FALSE
        for variant, stream in (("false", PipeUnion((false, omit_type))), ("true", _TRUE), ("bool", Builtin("bool"))):
            if not overloads:
                break
            params, keywords = _signature(plan, package, stream)
            returns = _returns(plan, package, is_async, variant)
            out.append(
                Function(
                    plan.name,
                    params,
                    keywords,
                    returns,
                    (_OVERLOAD, *decorators),
                    plan.summary,
                    doc_args,
                    is_async=is_async_def,
                )
            )
        stream_type = PipeUnion((false, _TRUE, omit_type))
    if is_async_def and not plan.is_coroutine:
        decorators += (_core(package, core.RETURNS_AWAITABLE),)
    params, keywords = _signature(plan, package, stream_type)
    body = _forward(plan, is_async) if deprecation else _body(plan, package, is_async)
    # A streaming method's overloads carry the docstring; the implementation has none.
    summary, args = (None, ()) if plan.chunk_type is not None else (plan.summary, doc_args)
    returns = _returns(plan, package, is_async, None)
    out.append(Function(plan.name, params, keywords, returns, decorators, summary, args, body, is_async_def))
    return out


def undecorated_twin(plan: MethodPlan) -> MethodPlan:
    """A deprecated method's private twin (`_<name>_impl`), for the library's own helpers, which warn once themselves."""
    summary = f"`{plan.name}` without the deprecation warning, for the library's own helpers."
    return replace(plan, name=f"_{plan.name}_impl", is_deprecated=False, summary=summary)
