"""Plan and render derived helper methods (a method's `helpers` in the config).

A helper takes the keyword parameters of the method it derives from, as planned for it
(names, annotations, defaults, `Args:` docs), minus the dropped ones, with some retyped or
added, and hands every argument to a hand-written function. That function is imported in the
helper's body, so the resource module loads nothing of it until the helper runs; the names
its annotations use are imported for type checkers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..config import Config, HelperArgumentConfig, HelperConfig
from ..ir.nodes import Api, Resource
from ..naming import Names
from .code import CodeWriter, docstring_lines
from .imports import Imports
from .methods import STANDARD_ARGS, STANDARD_DOCS, Arg, MethodPlan, plan_method

__all__ = [
    "HelperArg",
    "HelperListing",
    "HelperPlan",
    "emit_helper",
    "emit_helper_wrappers",
    "helper_listings",
    "plan_helpers",
]

_STANDARD_SIGNATURE = (
    ("extra_headers", "Headers | None", "None"),
    ("extra_query", "Query | None", "None"),
    ("extra_body", "Body | None", "None"),
    ("timeout", "float | httpx.Timeout | None | Omit", "omit"),
    ("max_retries", "int | Omit", "omit"),
)


@dataclass(frozen=True)
class HelperArg:
    """One keyword parameter of a helper, its annotation written out in full."""

    name: str
    annotation: str
    default: Optional[str]  # Python source; None: required
    description: str


@dataclass(frozen=True)
class HelperSignature:
    """The parameters (after `self`) and return annotations of one helper definition."""

    positional: Optional[HelperArg]
    args: Tuple[HelperArg, ...]
    returns: str
    async_returns: str


@dataclass(frozen=True)
class HelperPlan:
    """Everything needed to render one helper, sync and async."""

    name: str
    summary: Optional[str]
    signature: HelperSignature
    overloads: Tuple[HelperSignature, ...]
    implementation: Tuple[Tuple[str, str], Tuple[str, str]]  # (module as imported, function), sync then async
    is_coroutine: bool
    in_response_wrappers: bool  # exposed by `with_raw_response`/`with_streaming_response` too


def _from_plan(arg: Arg) -> HelperArg:
    if arg.is_required:
        return HelperArg(arg.name, arg.annotation, arg.default, arg.description or "")
    return HelperArg(arg.name, f"{arg.annotation} | Omit", "omit", arg.description or "")


def _apply(args: List[HelperArg], overrides: Dict[str, HelperArgumentConfig]) -> List[HelperArg]:
    """`args` with each override replacing its parameter in place, new ones appended."""
    out = list(args)
    index = {arg.name: i for i, arg in enumerate(out)}
    for name, override in overrides.items():
        old = out[index[name]] if name in index else None
        description = override.description or (old.description if old is not None else "")
        new = HelperArg(name, override.annotation, override.default, description)
        if old is None:
            out.append(new)
        else:
            out[index[name]] = new
    return out


def _ref(reference: str) -> Tuple[str, str]:
    module, _, name = reference.partition(":")
    return module, name


def plan_helpers(resource: Resource, plans: List[MethodPlan], config: Config, imports: Imports) -> List[HelperPlan]:
    """Plan the helpers configured on a resource's methods, registering the imports they need.

    Args:
        resource: The resource.
        plans: Its planned methods, whose arguments the helpers take.
        config: The config holding each method's `helpers`.
        imports: The resource module's imports.

    Returns:
        The helpers, in config order.

    Raises:
        ValueError: A helper drops or overloads a parameter the method lacks, or its name is
            already a method of the resource; the message names the config path.
    """
    resource_config = config.resources.get(".".join(resource.path))
    if resource_config is None:
        return []
    taken = {plan.name for plan in plans}
    out: List[HelperPlan] = []
    for plan in plans:
        method_config = resource_config.methods.get(plan.name)
        if method_config is None:
            continue
        for name, helper in method_config.helpers.items():
            where = f"resources.{'.'.join(resource.path)}.methods.{plan.name}.helpers.{name}"
            if name in taken:
                raise ValueError(f"{where}: the resource already has a method {name!r}")
            taken.add(name)
            out.append(_plan_helper(plan, name, helper, imports, where))
    return out


def _plan_helper(plan: MethodPlan, name: str, helper: HelperConfig, imports: Imports, where: str) -> HelperPlan:
    base = [_from_plan(arg) for arg in (*plan.args, *([plan.stream_arg] if plan.stream_arg else []))]
    known = {arg.name for arg in base} | set(STANDARD_ARGS)
    for dropped in helper.drop:
        if dropped not in known:
            raise ValueError(f"{where}.drop: the method has no parameter {dropped!r}")
    kept = [arg for arg in base if arg.name not in helper.drop]
    args = _apply(kept, helper.arguments)
    docs = dict(STANDARD_DOCS)
    args += [
        HelperArg(arg, annotation, default, docs.get(arg, ""))
        for arg, annotation, default in _STANDARD_SIGNATURE
        if arg not in helper.drop
    ]
    positional = _from_plan(plan.positional) if plan.positional is not None else None
    names = {arg.name for arg in args} | ({positional.name} if positional else set[str]())
    functions = (_ref(helper.implementation.sync), _ref(helper.implementation.async_))
    for _, function in functions:
        if function in names:
            raise ValueError(f"{where}.implementation: {function!r} is also a parameter name; rename the function")
    overloads: List[HelperSignature] = []
    for i, overload in enumerate(helper.overloads):
        unknown = [arg for arg in overload.arguments if arg not in names]
        if unknown:
            raise ValueError(f"{where}.overloads[{i}]: the helper has no parameter {unknown[0]!r}")
        returns = overload.returns
        overloads.append(
            HelperSignature(
                positional, tuple(_apply(args, overload.arguments)), returns, overload.async_returns or returns
            )
        )
    if overloads:
        imports.add("typing", "overload")
    for symbol in helper.symbols:
        imports.add_for_type_checking(*_ref(symbol))
    signature = HelperSignature(positional, tuple(args), helper.returns, helper.async_returns or helper.returns)
    implementation = (
        (imports.relative(functions[0][0]), functions[0][1]),
        (imports.relative(functions[1][0]), functions[1][1]),
    )
    return HelperPlan(
        name,
        helper.description,
        signature,
        tuple(overloads),
        implementation,
        helper.coroutine,
        helper.response_wrappers,
    )


def _parameters(signature: HelperSignature) -> List[str]:
    lines = ["self,"]
    if signature.positional is not None:
        lines.append(f"{signature.positional.name}: {signature.positional.annotation},")
    lines.append("*,")
    for arg in signature.args:
        default = "" if arg.default is None else f" = {arg.default}"
        lines.append(f"{arg.name}: {arg.annotation}{default},")
    return lines


def emit_helper(w: CodeWriter, helper: HelperPlan, is_async: bool) -> None:
    """Write a helper's overloads and its implementation, which calls the hand-written function."""
    keyword = "async def" if is_async and helper.is_coroutine else "def"
    for overload in helper.overloads:
        w.line("@overload")
        w.line(f"{keyword} {helper.name}(")
        with w.indented():
            w.lines(_parameters(overload))
        w.line(f") -> {overload.async_returns if is_async else overload.returns}: ...")
        w.blank()
    signature = helper.signature
    w.line(f"{keyword} {helper.name}(")
    with w.indented():
        w.lines(_parameters(signature))
    w.line(f") -> {signature.async_returns if is_async else signature.returns}:")
    with w.indented():
        args = ([signature.positional] if signature.positional else []) + list(signature.args)
        w.docstring(docstring_lines(helper.summary, [(arg.name, arg.description) for arg in args]))
        module, function = helper.implementation[1 if is_async else 0]
        w.line(f"from {module} import {function}")  # imported here: the resource loads none of it
        call = f"{function}(" + ", ".join(["self", *(f"{arg.name}={arg.name}" for arg in args)]) + ")"
        w.line(f"return await {call}" if keyword == "async def" else f"return {call}")
    w.blank()


def emit_helper_wrappers(w: CodeWriter, helpers: Tuple[HelperPlan, ...], wrap: str, resource: str) -> None:
    """In a raw or streaming wrapper class's `__init__`: wrap the helpers that ask for it with
    `wrap`, as the generated methods are (the helper's request then comes back unparsed)."""
    for helper in helpers:
        if helper.in_response_wrappers:
            w.line(f"self.{helper.name} = {wrap}({resource}.{helper.name})")


@dataclass(frozen=True)
class HelperListing:
    """What `api.md` says of one helper: its shape next to the method it derives from.

    Attributes:
        name: The helper's name.
        method: The method it derives from.
        added: Keyword parameters it has beyond the method's, in order.
        dropped: The method's parameters it does not take (request options excluded).
        returns: The sync helper's return annotation.
        symbols: Name -> dotted module, for the package's names the annotation may mention.
        in_response_wrappers: Exposed by `with_raw_response`/`with_streaming_response` too.
    """

    name: str
    method: str
    added: Tuple[str, ...]
    dropped: Tuple[str, ...]
    returns: str
    symbols: Dict[str, str]
    in_response_wrappers: bool


def helper_listings(api: Api, resource: Resource, names: Names, config: Config) -> Dict[str, List[HelperListing]]:
    """The helpers of a resource's methods as `api.md` lists them, by the method's name.

    Args:
        api: The IR.
        resource: The resource.
        names: Type and params module names.
        config: The config holding each method's `helpers`.

    Returns:
        Method name -> its helpers, in config order (methods without helpers absent).
    """
    resource_config = config.resources.get(".".join(resource.path))
    if resource_config is None:
        return {}
    scratch = Imports(config.package, f"{config.package}.resources._listing", defer=True)  # imports unused here
    out: Dict[str, List[HelperListing]] = {}
    for method in resource.methods:
        method_config = resource_config.methods.get(method.name)
        if method_config is None or not method_config.helpers:
            continue
        plan = plan_method(api, resource, method, names, config, scratch)
        own = [arg.name for arg in (*plan.args, *([plan.stream_arg] if plan.stream_arg else []))]
        for name, helper in method_config.helpers.items():
            symbols = {
                symbol: module
                for module, symbol in map(_ref, helper.symbols)
                if module.split(".", 1)[0] == config.package
            }
            listing = HelperListing(
                name=name,
                method=method.name,
                added=tuple(arg for arg in helper.arguments if arg not in own),
                dropped=tuple(arg for arg in own if arg in helper.drop),
                returns=helper.returns,
                symbols=symbols,
                in_response_wrappers=helper.response_wrappers,
            )
            out.setdefault(method.name, []).append(listing)
    return out
