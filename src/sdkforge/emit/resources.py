"""Emit resource modules and the lazily exporting package `__init__` files; never reads the raw spec.

A resource module is lowered (`lower.resources`: classes, methods, helpers as a `Module`) and
printed (`lower.printer`), which imports exactly what it prints; the `__init__` files are fixed code.
"""

from __future__ import annotations

from typing import Dict, List

from ..config import Config
from ..ir.nodes import Api, Resource
from ..lower.resources import KINDS, SUFFIXES, class_ref, lower_resource_module, resource_module, walk_resources
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from .code import CodeWriter, py_str
from .printed import printed_file

__all__ = ["class_ref", "emit_resources", "resource_module"]


def _emit_module(api: Api, resource: Resource, names: Names, config: Config) -> GeneratedFile:
    module = lower_resource_module(api, resource, names, config)
    return printed_file(names.module_file(module.name), module, config.package)


def _emit_package_init(resource: Resource, package: str, header: str) -> GeneratedFile:
    """`resources/<path>/__init__.py`: lazy re-export of the resource's own classes."""
    module = resource_module(package, resource)
    cls = resource_class_name(resource.path)
    exported = sorted(f"{p}{cls}{s}" for p in KINDS for s in SUFFIXES)
    parent, leaf = module.rsplit(".", 1)
    return _lazy_init(
        parent, header, f"The `{'.'.join(resource.path)}` resource package.", {name: leaf for name in exported}
    )


def _lazy_init(package: str, header: str, summary: str, table: Dict[str, str]) -> GeneratedFile:
    """The `__init__` of the dotted `package`: `table` maps each name to the submodule (its last
    segment) it is loaded from on first access."""
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
    # What the reach pass walks: the submodules the table loads (resource modules, all roots anyway).
    references = frozenset({"importlib", "typing", *(f"{package}.{leaf}" for leaf in table.values())})
    return GeneratedFile("src/" + package.replace(".", "/") + "/__init__.py", w.render(), references=references)


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
    for resource in walk_resources(api.resources):
        files.append(_emit_module(api, resource, names, config))
        if resource.children:
            files.append(_emit_package_init(resource, config.package, config.header))
    top: Dict[str, str] = {}
    for resource in api.resources:
        cls = resource_class_name(resource.path)
        for prefix in KINDS:
            for suffix in SUFFIXES:
                top[f"{prefix}{cls}{suffix}"] = identifier(resource.path[-1])
    files.append(_lazy_init(f"{config.package}.resources", config.header, "Every top-level resource.", top))
    return files
