"""Emit resource modules and the lazily exporting package `__init__` files; never reads the raw spec.

A resource module is lowered (`lower.resources`: classes, methods, helpers as a `Module`) and
printed (`lower.printer`), which imports exactly what it prints; so is each package's lazy
`__init__` (`lower.packages`).
"""

from __future__ import annotations

from typing import Dict, List

from ..config import Config
from ..ir.nodes import Api, Resource
from ..lower.packages import lower_lazy_package
from ..lower.printer import module_references, print_module
from ..lower.resources import KINDS, SUFFIXES, class_ref, lower_resource_module, resource_module, walk_resources
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from .printed import printed_file

__all__ = ["class_ref", "emit_resources", "resource_module"]


def _emit_module(api: Api, resource: Resource, names: Names, config: Config) -> GeneratedFile:
    module = lower_resource_module(api, resource, names, config)
    return printed_file(names.module_file(module.name), module, config.package)


def _emit_package_init(resource: Resource, package: str, header: str) -> List[GeneratedFile]:
    """`resources/<path>/__init__.py` and its stub: lazy re-export of the resource's own classes."""
    module = resource_module(package, resource)
    cls = resource_class_name(resource.path)
    exported = sorted(f"{p}{cls}{s}" for p in KINDS for s in SUFFIXES)
    parent, leaf = module.rsplit(".", 1)
    summary = f"The `{'.'.join(resource.path)}` resource package."
    return _lazy_init(parent, package, header, summary, {name: leaf for name in exported})


def _lazy_init(name: str, package: str, header: str, summary: str, table: Dict[str, str]) -> List[GeneratedFile]:
    """The lazy `__init__.py` of the dotted package `name` of the generated `package`, and its
    `__init__.pyi`: `table` maps each name to the submodule (its last segment) it is loaded from
    on first access."""
    doc = f"{summary} Names load lazily on first access."
    lowered = lower_lazy_package(name, header, doc, table)
    path = "src/" + name.replace(".", "/") + "/__init__.py"
    # The reach pass reads modules (`.py`): the runtime module names its submodules only in a string.
    references = module_references(lowered.stub)
    return [
        GeneratedFile(path, print_module(lowered.runtime, package), references=references),
        GeneratedFile(path + "i", print_module(lowered.stub, package)),
    ]


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
            files += _emit_package_init(resource, config.package, config.header)
    top: Dict[str, str] = {}
    for resource in api.resources:
        cls = resource_class_name(resource.path)
        for prefix in KINDS:
            for suffix in SUFFIXES:
                top[f"{prefix}{cls}{suffix}"] = identifier(resource.path[-1])
    files += _lazy_init(f"{config.package}.resources", config.package, config.header, "Every top-level resource.", top)
    return files
