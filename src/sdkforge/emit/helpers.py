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
from ..lower.methods import standard_params
from ..lower.nodes import Attr, Builtin, Code, Expr, Function, LocalImport, Param, PipeUnion, Ref, Symbol, walk
from ..lower.source import parse_source
from ..lower.types import core_symbol
from ..naming import Names
from . import imports as core
from .methods import STANDARD_ARGS, STANDARD_DOCS, Arg, MethodPlan, plan_method

__all__ = [
    "HelperArg",
    "HelperListing",
    "HelperPlan",
    "helper_listings",
    "lower_helper",
    "plan_helpers",
    "wrapped_helpers",
]


@dataclass(frozen=True)
class HelperArg:
    """One keyword parameter of a helper: its annotation a tree (taken from the method) or the
    config's text parsed (`lower.source`)."""

    name: str
    annotation: Expr
    default: Optional[Expr]  # None: required
    description: str


@dataclass(frozen=True)
class HelperSignature:
    """The parameters (after `self`) and return annotations of one helper definition."""

    positional: Optional[HelperArg]
    args: Tuple[HelperArg, ...]
    returns: Expr
    async_returns: Expr


@dataclass(frozen=True)
class HelperPlan:
    """Everything needed to render one helper, sync and async."""

    name: str
    summary: Optional[str]
    signature: HelperSignature
    overloads: Tuple[HelperSignature, ...]
    implementation: Tuple[Symbol, Symbol]  # the hand-written functions, sync then async
    is_coroutine: bool
    in_response_wrappers: bool  # exposed by `with_raw_response`/`with_streaming_response` too


def _from_plan(arg: Arg, package: str) -> HelperArg:
    if arg.is_required:
        return HelperArg(arg.name, arg.type, arg.default, arg.description or "")
    omit_type = Ref(core_symbol(package, core.OMIT_TYPE))
    omit = Ref(core_symbol(package, core.OMIT))
    return HelperArg(arg.name, PipeUnion((arg.type, omit_type)), omit, arg.description or "")


def _apply(
    args: List[HelperArg], overrides: Dict[str, HelperArgumentConfig], scope: Dict[str, Expr], where: str
) -> List[HelperArg]:
    """`args` with each override replacing its parameter in place, new ones appended."""
    out = list(args)
    index = {arg.name: i for i, arg in enumerate(out)}
    for name, override in overrides.items():
        old = out[index[name]] if name in index else None
        description = override.description or (old.description if old is not None else "")
        key = f"{where}.{name}"
        default = None if override.default is None else parse_source(override.default, scope, f"{key}.default")
        new = HelperArg(name, parse_source(override.annotation, scope, f"{key}.annotation"), default, description)
        if old is None:
            out.append(new)
        else:
            out[index[name]] = new
    return out


def _ref(reference: str) -> Symbol:
    module, _, name = reference.partition(":")
    return Symbol(module, name)


def plan_helpers(resource: Resource, plans: List[MethodPlan], config: Config) -> List[HelperPlan]:
    """Plan the helpers configured on a resource's methods.

    Args:
        resource: The resource.
        plans: Its planned methods, whose arguments the helpers take.
        config: The config holding each method's `helpers`.

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
            out.append(_plan_helper(plan, name, helper, config.package, where))
    return out


_CORE_NAMES = (core.OMIT_TYPE, core.OMIT, core.HEADERS, core.QUERY, core.BODY)


def _scope(plan: MethodPlan, helper: HelperConfig, package: str) -> Dict[str, Expr]:
    """The names a helper's annotation text may use: the config's `symbols` (for type checkers
    only), the names the method's own types use, the core's request option types."""
    scope: Dict[str, Expr] = {}
    for reference in helper.symbols:
        symbol = _ref(reference)
        scope[symbol.bound] = Ref(symbol, typing_only=True)
    trees = [arg.type for arg in (*plan.args, *filter(None, [plan.positional, plan.stream_arg]))]
    if isinstance(plan.params_class, Attr):
        trees.append(plan.params_class.value)
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, Ref) and not node.quoted and not node.deferred:
                scope.setdefault(node.symbol.bound, node)
    for name in _CORE_NAMES:
        scope.setdefault(name.name, Ref(core_symbol(package, name)))
    return scope


def _plan_helper(plan: MethodPlan, name: str, helper: HelperConfig, package: str, where: str) -> HelperPlan:
    base = [_from_plan(arg, package) for arg in (*plan.args, *([plan.stream_arg] if plan.stream_arg else []))]
    known = {arg.name for arg in base} | set(STANDARD_ARGS)
    for dropped in helper.drop:
        if dropped not in known:
            raise ValueError(f"{where}.drop: the method has no parameter {dropped!r}")
    kept = [arg for arg in base if arg.name not in helper.drop]
    scope = _scope(plan, helper, package)
    args = _apply(kept, helper.arguments, scope, f"{where}.arguments")
    docs = dict(STANDARD_DOCS)
    args += [
        HelperArg(param.name, param.annotation or Builtin("object"), param.default, docs.get(param.name, ""))
        for param in standard_params(package)
        if param.name not in helper.drop
    ]
    positional = _from_plan(plan.positional, package) if plan.positional is not None else None
    names = {arg.name for arg in args} | ({positional.name} if positional else set[str]())
    functions = (_ref(helper.implementation.sync), _ref(helper.implementation.async_))
    for function in functions:
        if function.name in names:
            raise ValueError(f"{where}.implementation: {function.name!r} is also a parameter name; rename the function")
    overloads: List[HelperSignature] = []
    for i, overload in enumerate(helper.overloads):
        unknown = [arg for arg in overload.arguments if arg not in names]
        if unknown:
            raise ValueError(f"{where}.overloads[{i}]: the helper has no parameter {unknown[0]!r}")
        key = f"{where}.overloads[{i}]"
        returns = parse_source(overload.returns, scope, f"{key}.returns")
        async_returns = parse_source(overload.async_returns or overload.returns, scope, f"{key}.async_returns")
        overload_args = _apply(args, overload.arguments, scope, f"{key}.arguments")
        overloads.append(HelperSignature(positional, tuple(overload_args), returns, async_returns))
    returns = parse_source(helper.returns, scope, f"{where}.returns")
    async_returns = parse_source(helper.async_returns or helper.returns, scope, f"{where}.async_returns")
    signature = HelperSignature(positional, tuple(args), returns, async_returns)
    return HelperPlan(
        name,
        helper.description,
        signature,
        tuple(overloads),
        functions,
        helper.coroutine,
        helper.response_wrappers,
    )


def _parameters(signature: HelperSignature) -> Tuple[Tuple[Param, ...], Tuple[Param, ...]]:
    params = [Param("self")]
    if signature.positional is not None:
        params.append(Param(signature.positional.name, signature.positional.annotation))
    return tuple(params), tuple(Param(arg.name, arg.annotation, arg.default) for arg in signature.args)


_OVERLOAD = Ref(Symbol("typing", "overload"))


def lower_helper(helper: HelperPlan, is_async: bool) -> List[Function]:
    """A helper's overloads and its implementation, which calls the hand-written function."""
    coroutine = is_async and helper.is_coroutine
    out: List[Function] = []
    for overload in helper.overloads:
        params, keywords = _parameters(overload)
        returns = overload.async_returns if is_async else overload.returns
        out.append(Function(helper.name, params, keywords, returns, (_OVERLOAD,), is_async=coroutine))
    signature = helper.signature
    params, keywords = _parameters(signature)
    args = ([signature.positional] if signature.positional else []) + list(signature.args)
    function = helper.implementation[1 if is_async else 0]
    call = f"{function.name}(" + ", ".join(["self", *(f"{arg.name}={arg.name}" for arg in args)]) + ")"
    body = (
        LocalImport(function),  # imported here: the resource loads none of it
        Code((f"return await {call}" if coroutine else f"return {call}",)),
    )
    returns = signature.async_returns if is_async else signature.returns
    doc_args = tuple((arg.name, arg.description) for arg in args)
    out.append(Function(helper.name, params, keywords, returns, (), helper.summary, doc_args, body, coroutine))
    return out


def wrapped_helpers(helpers: Tuple[HelperPlan, ...]) -> List[str]:
    """The helpers a raw or streaming wrapper class wraps as it wraps the generated methods
    (the helper's request then comes back unparsed)."""
    return [helper.name for helper in helpers if helper.in_response_wrappers]


def _ref_pair(reference: str) -> Tuple[str, str]:
    module, _, name = reference.partition(":")
    return module, name


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
    module = f"{config.package}.resources._listing"  # the annotations are not printed here
    out: Dict[str, List[HelperListing]] = {}
    for method in resource.methods:
        method_config = resource_config.methods.get(method.name)
        if method_config is None or not method_config.helpers:
            continue
        plan = plan_method(api, resource, method, names, config, module)
        own = [arg.name for arg in (*plan.args, *([plan.stream_arg] if plan.stream_arg else []))]
        for name, helper in method_config.helpers.items():
            symbols = {
                symbol: symbol_module
                for symbol_module, symbol in map(_ref_pair, helper.symbols)
                if symbol_module.split(".", 1)[0] == config.package
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
