"""Lower `_client_resources.py`: the client mixins and their raw and streaming twins, whose
accessors import each top-level resource inside the property, as a `Module` the printer writes.

An accessor's return annotation names the resource class for type checkers only (`typing_only`,
imported under `TYPE_CHECKING`); its body imports the class when it runs (`LocalImport`), so
`import <package>` loads no resource module.
"""

from __future__ import annotations

from typing import List, Tuple

from ..config import Config
from ..emit import imports as core
from ..ir.nodes import Api, Resource
from ..naming import identifier, resource_class_name
from .nodes import Class, Code, Const, Expr, Function, Local, LocalImport, Module, Param, Ref, Symbol
from .resources import class_ref, resource_module
from .types import core_symbol

__all__ = ["lower_client_module"]

_VARIANTS: Tuple[Tuple[str, str], ...] = (
    ("", ""),
    ("WithRawResponse", "with_raw_response"),
    ("WithStreamingResponse", "with_streaming_response"),
)
_CACHED_PROPERTY = Ref(Symbol("functools", "cached_property"))
_SELF = Param("self")


def _accessor(package: str, resource: Resource, cls: str, argument: str) -> Function:
    """`@cached_property def <resource>(self) -> Cls:` importing `Cls` from the resource module when first read."""
    symbol = Symbol(resource_module(package, resource), cls)
    body = (LocalImport(symbol), Code(()), Code(("return ", Local(cls), f"({argument})")))
    name = identifier(resource.path[-1])
    returns = Ref(symbol, typing_only=True)
    return Function(name, (_SELF,), (), returns, (_CACHED_PROPERTY,), resource.description or None, (), body)


def _mixin(api: Api, config: Config, is_async: bool) -> List[Class]:
    package = config.package
    prefix = "Async" if is_async else ""
    mixin = config.client.async_mixin if is_async else config.client.mixin
    bases: Tuple[Expr, ...] = (Ref(core_symbol(package, core.ASYNC_API_CLIENT if is_async else core.SYNC_API_CLIENT)),)
    extends = config.client.extends
    if extends is not None:
        # The hand-written mixin comes first so its accessors win over generated ones.
        bases = (Ref(Symbol(*class_ref(extends.async_ if is_async else extends.sync))), *bases)
    methods = [
        _accessor(package, resource, prefix + resource_class_name(resource.path), "self") for resource in api.resources
    ]
    for suffix, attr in _VARIANTS[1:]:
        wrapper = Local(f"{mixin}{suffix}")
        body = (Code(("return ", wrapper, "(self)")),)
        methods.append(Function(attr, (_SELF,), (), wrapper, (_CACHED_PROPERTY,), None, (), body))
    doc = f"Resource accessors of the {'async ' if is_async else ''}client; each resource loads on first use."
    out = [Class(mixin, bases, doc=doc, methods=tuple(methods))]
    for suffix, _ in _VARIANTS[1:]:
        init = Function(
            "__init__",
            (_SELF, Param("client", Local(mixin))),
            (),
            Const(None),
            body=(Code(("self._client = client",)),),
        )
        accessors = [
            _accessor(
                package,
                resource,
                prefix + resource_class_name(resource.path) + suffix,
                f"self._client.{identifier(resource.path[-1])}",
            )
            for resource in api.resources
        ]
        out.append(Class(f"{mixin}{suffix}", (), methods=(init, *accessors)))
    return out


def lower_client_module(api: Api, config: Config) -> Module:
    """The mixin module `<package>._client_resources` (sync mixin and its twins, then async)."""
    mixins = [config.client.mixin, config.client.async_mixin]
    return Module(
        f"{config.package}._client_resources",
        config.header,
        tuple(f"{mixin}{suffix}" for mixin in mixins for suffix, _ in _VARIANTS),
        (*_mixin(api, config, False), *_mixin(api, config, True)),
        doc="Resource accessors mixed into the hand-written clients; every resource module is imported lazily.",
        defers=True,
    )
