"""Lower one resource to its module: the sync and async classes (sub-resource accessors, methods,
helpers) and the raw and streaming wrapper classes, as a `Module` the printer writes.

The module defers what it can (`Module.defers`): names of the package's types that only
annotations use are imported under `TYPE_CHECKING`, and params modules, which only a call reads,
are `lazy_module` stand-ins, so importing a resource loads no params or argument types.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from ..config import Config
from ..emit import imports as core
from ..emit.helpers import HelperPlan, lower_helper, plan_helpers, wrapped_helpers
from ..emit.methods import MethodPlan, plan_method
from ..ir.nodes import Api, Resource
from ..naming import Names, identifier, resource_class_name
from .methods import lower_method, undecorated_twin
from .nodes import Class, Code, Const, Expr, Function, Local, Module, Param, Ref, Symbol
from .types import core_symbol

__all__ = ["KINDS", "SUFFIXES", "class_ref", "lower_resource_module", "resource_module", "walk_resources"]

KINDS = ("", "Async")
SUFFIXES = ("", "WithRawResponse", "WithStreamingResponse")
_CACHED_PROPERTY = Ref(Symbol("functools", "cached_property"))
_SELF = Param("self")


def resource_module(package: str, resource: Resource) -> str:
    """The dotted module holding a resource's classes (a package's same-named module when it has children)."""
    parts = [identifier(part) for part in resource.path]
    base = f"{package}.resources.{'.'.join(parts)}"
    return f"{base}.{parts[-1]}" if resource.children else base


def class_ref(reference: str) -> Tuple[str, str]:
    """Split a config `module:Class` reference into its module and class name."""
    module, _, name = reference.partition(":")
    return module, name


def walk_resources(resources: Tuple[Resource, ...]) -> List[Resource]:
    """Every resource, depth first, in order."""
    out: List[Resource] = []
    stack = list(reversed(resources))
    while stack:
        resource = stack.pop()
        out.append(resource)
        stack.extend(reversed(resource.children))
    return out


def _deprecation(plan: MethodPlan) -> str:
    if plan.deprecation is not None:
        return plan.deprecation
    if plan.alias_of is not None:
        return f"The `{plan.name}` method is deprecated; use `{plan.alias_of}` instead"
    return f"The `{plan.name}` method is deprecated"


def _accessor(name: str, cls: Expr, argument: str, doc: Optional[str] = None) -> Function:
    """`@cached_property def name(self) -> Cls: return Cls(argument)`."""
    body = (Code(("return ", cls, f"({argument})")),)
    return Function(name, (_SELF,), (), cls, (_CACHED_PROPERTY,), doc, (), body)


class _Lowering:
    """The classes of one resource module."""

    def __init__(self, api: Api, resource: Resource, names: Names, config: Config) -> None:
        self.resource = resource
        self.package = config.package
        self.module = resource_module(self.package, resource)
        self.plans = [plan_method(api, resource, method, names, config, self.module) for method in resource.methods]
        self.helpers: Tuple[HelperPlan, ...] = tuple(plan_helpers(resource, self.plans, config))
        by_path = {item.path: item for item in walk_resources(api.resources)}
        self.targets = {target: by_path[target] for _, target in resource.aliases}

    def _class_of(self, path: Tuple[str, ...], prefix: str, suffix: str = "") -> Expr:
        """A resource class of this module (`Local`) or of a sub-resource's module (`Ref`)."""
        cls = f"{prefix}{resource_class_name(path)}{suffix}"
        if path == self.resource.path:
            return Local(cls)
        target = next((child for child in self.resource.children if child.path == path), None)
        return Ref(Symbol(resource_module(self.package, target or self.targets[path]), cls))

    def _bases(self, is_async: bool) -> Tuple[Expr, ...]:
        base = Ref(core_symbol(self.package, core.ASYNC_API_RESOURCE if is_async else core.SYNC_API_RESOURCE))
        if self.resource.extends is None:
            return (base,)
        # The hand-written mixin comes first so its methods win over generated ones of the same name.
        module, mixin = class_ref(self.resource.extends[1 if is_async else 0])
        return (Ref(Symbol(module, mixin)), base)

    def resource_class(self, is_async: bool) -> Class:
        prefix = "Async" if is_async else ""
        resource = self.resource
        methods: List[Function] = []
        for child in resource.children:
            methods.append(_accessor(identifier(child.path[-1]), self._class_of(child.path, prefix), "self._client"))
        for name, target in resource.aliases:
            doc = f"The `{'.'.join(target)}` resource under a second name."
            methods.append(_accessor(identifier(name), self._class_of(target, prefix), "self._client", doc))
        for suffix, attr in (
            ("WithRawResponse", "with_raw_response"),
            ("WithStreamingResponse", "with_streaming_response"),
        ):
            methods.append(_accessor(attr, self._class_of(resource.path, prefix, suffix), "self"))
        for plan in self.plans:
            if plan.is_deprecated:
                methods += lower_method(plan, self.package, is_async, _deprecation(plan))
                # An undecorated twin for the library's own helpers, which warn once themselves.
                methods += lower_method(undecorated_twin(plan), self.package, is_async, None, overloads=False)
            else:
                methods += lower_method(plan, self.package, is_async, None)
        for helper in self.helpers:
            methods += lower_helper(helper, is_async)
        description = resource.description or f"The `{'.'.join(resource.path)}` resource."
        cls = prefix + resource_class_name(resource.path)
        return Class(cls, self._bases(is_async), doc=description, methods=tuple(methods))

    def wrapper_class(self, is_async: bool, suffix: str) -> Class:
        prefix = "Async" if is_async else ""
        resource = self.resource
        base = self._class_of(resource.path, prefix)
        attr = identifier(resource.path[-1])
        streaming = suffix == "WithStreamingResponse"
        wrap = Ref(
            core_symbol(
                self.package,
                {
                    (False, False): core.TO_RAW,
                    (True, False): core.ASYNC_TO_RAW,
                    (False, True): core.TO_STREAMED,
                    (True, True): core.ASYNC_TO_STREAMED,
                }[(is_async, streaming)],
            )
        )
        body: List[Code] = [Code((f"self._{attr} = {attr}",))]
        for plan in self.plans:
            # A deprecated method is wrapped as it is, so raw and streaming calls warn too.
            ignore = "  # pyright: ignore[reportDeprecated]" if plan.is_deprecated else ""
            body.append(Code((f"self.{plan.name} = ", wrap, f"({attr}.{plan.name}){ignore}")))
            if plan.is_deprecated:
                # pyright attributes the public method's deprecation to an async paginated twin too.
                twin_ignore = "  # pyright: ignore[reportDeprecated]" if plan.page_types and is_async else ""
                body.append(Code((f"self._{plan.name}_impl = ", wrap, f"({attr}._{plan.name}_impl){twin_ignore}")))
        for name in wrapped_helpers(self.helpers):
            body.append(Code((f"self.{name} = ", wrap, f"({attr}.{name})")))
        init = Function("__init__", (_SELF, Param(attr, base)), (), Const(None), (), None, (), tuple(body))
        methods = [init]
        accessors = [(identifier(child.path[-1]), child.path) for child in resource.children]
        accessors += [(identifier(name), target) for name, target in resource.aliases]
        for name, target_path in accessors:
            methods.append(_accessor(name, self._class_of(target_path, prefix, suffix), f"self._{attr}.{name}"))
        cls = f"{prefix}{resource_class_name(resource.path)}{suffix}"
        return Class(cls, (), methods=tuple(methods))


def _exports(resource: Resource) -> Sequence[str]:
    cls = resource_class_name(resource.path)
    return [f"{prefix}{cls}{suffix}" for prefix in KINDS for suffix in SUFFIXES]


def lower_resource_module(api: Api, resource: Resource, names: Names, config: Config) -> Module:
    """The module of `resource`: sync and async classes, then the raw and streaming wrappers."""
    lowering = _Lowering(api, resource, names, config)
    body = [lowering.resource_class(is_async) for is_async in (False, True)]
    body += [lowering.wrapper_class(is_async, suffix) for suffix in SUFFIXES[1:] for is_async in (False, True)]
    return Module(
        lowering.module,
        config.header,
        tuple(_exports(resource)),
        tuple(body),
        doc=f"The `{'.'.join(resource.path)}` resource: sync, async, raw and streaming classes.",
        defers=True,
    )
