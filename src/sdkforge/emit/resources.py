"""Emit resource modules: sync, async, raw and streaming wrapper classes per resource; never reads the raw spec.

Methods are planned and rendered by `methods`; this module lays out the classes, the
module and the lazily exporting package `__init__` files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, List, Tuple

from ..config import Config
from ..ir.nodes import Api, Resource
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from . import imports as core
from .code import CodeWriter, docstring_lines, py_str
from .helpers import HelperPlan, emit_helper, emit_helper_wrappers, plan_helpers
from .imports import Imports
from .methods import MethodPlan, emit_method, plan_method, printed_core_names, stream_is_nullable

__all__ = ["class_ref", "emit_resources", "resource_module"]

_KINDS = ("", "Async")


def resource_module(package: str, resource: Resource) -> str:
    """The dotted module holding a resource's classes (a package's same-named module when it has children)."""
    parts = [identifier(part) for part in resource.path]
    base = f"{package}.resources.{'.'.join(parts)}"
    return f"{base}.{parts[-1]}" if resource.children else base


@dataclass(frozen=True)
class _ResourceNames:
    cls: str
    module: str


def _child_names(package: str, resource: Resource) -> _ResourceNames:
    return _ResourceNames(resource_class_name(resource.path), resource_module(package, resource))


def class_ref(reference: str) -> Tuple[str, str]:
    """Split a config `module:Class` reference into its module and class name."""
    module, _, name = reference.partition(":")
    return module, name


def _bases(resource: Resource, is_async: bool, imports: Imports) -> str:
    base = core.ASYNC_API_RESOURCE.name if is_async else core.SYNC_API_RESOURCE.name
    if resource.extends is None:
        return base
    # The hand-written mixin comes first so its methods win over generated ones of the same name.
    module, mixin = class_ref(resource.extends[1 if is_async else 0])
    imports.add(module, mixin)
    return f"{mixin}, {base}"


def _emit_class(
    w: CodeWriter,
    resource: Resource,
    plans: List[MethodPlan],
    package: str,
    is_async: bool,
    imports: Imports,
    helpers: Tuple[HelperPlan, ...] = (),
) -> None:
    prefix = "Async" if is_async else ""
    cls = prefix + resource_class_name(resource.path)
    with w.block(f"class {cls}({_bases(resource, is_async, imports)}):"):
        description = resource.description or f"The `{'.'.join(resource.path)}` resource."
        w.docstring(docstring_lines(description))
        w.blank()
        for child in resource.children:
            child_cls = prefix + _child_names(package, child).cls
            w.line("@cached_property")
            with w.block(f"def {identifier(child.path[-1])}(self) -> {child_cls}:"):
                w.line(f"return {child_cls}(self._client)")
            w.blank()
        for name, target in resource.aliases:
            target_cls = prefix + resource_class_name(target)
            w.line("@cached_property")
            with w.block(f"def {identifier(name)}(self) -> {target_cls}:"):
                w.docstring([f"The `{'.'.join(target)}` resource under a second name."])
                w.line(f"return {target_cls}(self._client)")
            w.blank()
        for suffix in ("WithRawResponse", "WithStreamingResponse"):
            w.line("@cached_property")
            attr = "with_raw_response" if suffix == "WithRawResponse" else "with_streaming_response"
            with w.block(f"def {attr}(self) -> {cls}{suffix}:"):
                w.line(f"return {cls}{suffix}(self)")
            w.blank()
        for plan in plans:
            if plan.is_deprecated:
                emit_method(w, plan, is_async, _deprecation(plan))
                # An undecorated twin for the library's own helpers, which warn once themselves.
                summary = f"`{plan.name}` without the deprecation warning, for the library's own helpers."
                private = replace(plan, name=f"_{plan.name}_impl", is_deprecated=False, summary=summary)
                emit_method(w, private, is_async, None, overloads=False)
            else:
                emit_method(w, plan, is_async, None)
        for helper in helpers:
            emit_helper(w, helper, is_async)


def _deprecation(plan: MethodPlan) -> str:
    if plan.deprecation is not None:
        return plan.deprecation
    if plan.alias_of is not None:
        return f"The `{plan.name}` method is deprecated; use `{plan.alias_of}` instead"
    return f"The `{plan.name}` method is deprecated"


def _emit_wrapper(
    w: CodeWriter,
    resource: Resource,
    plans: List[MethodPlan],
    package: str,
    is_async: bool,
    suffix: str,
    helpers: Tuple[HelperPlan, ...] = (),
) -> None:
    prefix = "Async" if is_async else ""
    base = prefix + resource_class_name(resource.path)
    attr = "_" + identifier(resource.path[-1])
    streaming = suffix == "WithStreamingResponse"
    wrap = {
        (False, False): core.TO_RAW.name,
        (True, False): core.ASYNC_TO_RAW.name,
        (False, True): core.TO_STREAMED.name,
        (True, True): core.ASYNC_TO_STREAMED.name,
    }[(is_async, streaming)]
    with w.block(f"class {base}{suffix}:"):
        with w.block(f"def __init__(self, {attr[1:]}: {base}) -> None:"):
            w.line(f"self.{attr} = {attr[1:]}")
            for plan in plans:
                # A deprecated method is wrapped as it is, so raw and streaming calls warn too.
                ignore = "  # pyright: ignore[reportDeprecated]" if plan.is_deprecated else ""
                w.line(f"self.{plan.name} = {wrap}({attr[1:]}.{plan.name}){ignore}")
                if plan.is_deprecated:
                    # pyright attributes the public method's deprecation to an async paginated twin too.
                    twin = f"self._{plan.name}_impl = {wrap}({attr[1:]}._{plan.name}_impl)"
                    w.line(twin + ("  # pyright: ignore[reportDeprecated]" if plan.page_class and is_async else ""))
            emit_helper_wrappers(w, helpers, wrap, attr[1:])
        w.blank()
        accessors = [(identifier(child.path[-1]), child.path) for child in resource.children]
        accessors += [(identifier(name), target) for name, target in resource.aliases]
        for name, target_path in accessors:
            child_cls = prefix + resource_class_name(target_path)
            w.line("@cached_property")
            with w.block(f"def {name}(self) -> {child_cls}{suffix}:"):
                w.line(f"return {child_cls}{suffix}(self.{attr}.{name})")
            w.blank()


def _emit_module(api: Api, resource: Resource, names: Names, config: Config) -> GeneratedFile:
    package = config.package
    module = resource_module(package, resource)
    imports = Imports(package, module, defer=True)
    imports.add("functools", "cached_property")
    imports.core(core.SYNC_API_RESOURCE, core.ASYNC_API_RESOURCE)
    if resource.methods:  # a namespace of sub-resources only makes no request itself
        imports.add_module("httpx")
        imports.core(core.BODY, core.HEADERS, core.QUERY, core.OMIT_TYPE, core.OMIT, core.MAKE_REQUEST_OPTIONS)
        imports.core(core.TO_RAW, core.ASYNC_TO_RAW, core.TO_STREAMED, core.ASYNC_TO_STREAMED)
    plans = [plan_method(api, resource, method, names, config, imports) for method in resource.methods]
    for plan in plans:
        imports.core(*printed_core_names(plan))
    helpers = tuple(plan_helpers(resource, plans, config, imports))
    by_path = {item.path: item for item in _walk(api.resources)}
    for child in [*resource.children, *(by_path[target] for _, target in resource.aliases)]:
        child_names = _child_names(package, child)
        for prefix in _KINDS:
            for suffix in ("", "WithRawResponse", "WithStreamingResponse"):
                imports.add(child_names.module, f"{prefix}{child_names.cls}{suffix}")
    w = CodeWriter()
    for is_async in (False, True):
        _emit_class(w, resource, plans, package, is_async, imports, helpers)
        w.blank()
    for suffix in ("WithRawResponse", "WithStreamingResponse"):
        for is_async in (False, True):
            _emit_wrapper(w, resource, plans, package, is_async, suffix, helpers)
            w.blank()
    body = w.render()
    if any(p.chunk for p in plans):
        imports.core(core.STREAM, core.ASYNC_STREAM)
        imports.add("typing", "overload")
        imports.add("typing_extensions", "Literal")
    if any(stream_is_nullable(p) for p in plans):
        imports.add("typing", "Optional")
    if any(p.is_deprecated for p in plans):
        imports.add("typing_extensions", "deprecated")
    cls = resource_class_name(resource.path)
    exported = sorted(f"{p}{cls}{s}" for p in _KINDS for s in ("", "WithRawResponse", "WithStreamingResponse"))
    out = CodeWriter()
    out.line(config.header)
    out.line(f'"""The `{".".join(resource.path)}` resource: sync, async, raw and streaming classes."""')
    out.blank()
    out.line("from __future__ import annotations")
    out.blank()
    out.lines(imports.render())
    out.blank()
    out.line("__all__ = [" + ", ".join(py_str(name) for name in exported) + "]")
    return GeneratedFile(names.module_file(module), out.render() + "\n\n" + body)


def _walk(resources: Tuple[Resource, ...]) -> List[Resource]:
    out: List[Resource] = []
    stack = list(reversed(resources))
    while stack:
        resource = stack.pop()
        out.append(resource)
        stack.extend(reversed(resource.children))
    return out


def _emit_package_init(resource: Resource, package: str, header: str) -> GeneratedFile:
    """`resources/<path>/__init__.py`: lazy re-export of the resource's own classes."""
    module = resource_module(package, resource)
    cls = resource_class_name(resource.path)
    exported = sorted(f"{p}{cls}{s}" for p in _KINDS for s in ("", "WithRawResponse", "WithStreamingResponse"))
    leaf = module.rsplit(".", 1)[1]
    return _lazy_init(
        "/".join(["src", *package.split("."), "resources", *[identifier(p) for p in resource.path], "__init__.py"]),
        header,
        f"The `{'.'.join(resource.path)}` resource package.",
        {name: leaf for name in exported},
    )


def _lazy_init(path: str, header: str, summary: str, table: Dict[str, str]) -> GeneratedFile:
    w = CodeWriter()
    w.line(header)
    w.line(f'"""{summary} Names load lazily on first access."""')
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.line("import importlib")
    w.line("from typing import TYPE_CHECKING")
    w.blank()
    if table:
        with w.block("if TYPE_CHECKING:"):
            by_module: Dict[str, List[str]] = {}
            for name, module in table.items():
                by_module.setdefault(module, []).append(name)
            for module in sorted(by_module):
                w.line(f"from .{module} import {', '.join(sorted(by_module[module]))}")
        w.blank()
    w.line("__all__ = [" + ", ".join(py_str(name) for name in sorted(table)) + "]")
    w.blank()
    w.line("_LAZY: dict[str, str] = {")
    with w.indented():
        for name in sorted(table):
            w.line(f"{py_str(name)}: {py_str('.' + table[name])},")
    w.line("}")
    w.blank(2)
    with w.block("def __getattr__(name: str) -> object:"):
        with w.block("if name in _LAZY:"):
            w.line("value: object = getattr(importlib.import_module(_LAZY[name], __name__), name)")
            w.line("globals()[name] = value")
            w.line("return value")
        w.line('raise AttributeError(f"module {__name__!r} has no attribute {name!r}")')
    return GeneratedFile(path, w.render())


def emit_resources(api: Api, names: Names, config: Config) -> List[GeneratedFile]:
    """Emit one module per resource, the `__init__` of every resource package, and `resources/__init__.py`.

    Args:
        api: The IR.
        names: Names of every type and params module.
        config: The config (package, header, page classes, default security).

    Returns:
        The files, in resource order.
    """
    files: List[GeneratedFile] = []
    for resource in _walk(api.resources):
        files.append(_emit_module(api, resource, names, config))
        if resource.children:
            files.append(_emit_package_init(resource, config.package, config.header))
    top: Dict[str, str] = {}
    for resource in api.resources:
        cls = resource_class_name(resource.path)
        for prefix in _KINDS:
            for suffix in ("", "WithRawResponse", "WithStreamingResponse"):
                top[f"{prefix}{cls}{suffix}"] = identifier(resource.path[-1])
    root = "/".join(["src", *config.package.split("."), "resources", "__init__.py"])
    files.append(_lazy_init(root, config.header, "Every top-level resource.", top))
    return files
