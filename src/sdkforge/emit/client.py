"""Emit `_client_resources.py`: client mixins whose accessors import each top-level resource lazily; no other file.

The hand-written client inherits the mixins. Each accessor is a `cached_property` that
imports its resource module inside the property body, so `import <package>` loads no resource.
"""

from __future__ import annotations

from typing import List, Tuple

from ..config import Config
from ..ir.nodes import Api, Resource
from ..naming import Names, identifier, resource_class_name
from . import GeneratedFile
from . import imports as core
from .code import CodeWriter, docstring_lines, py_str
from .imports import Imports
from .resources import class_ref, resource_module

__all__ = ["emit_client"]

_VARIANTS: Tuple[Tuple[str, str], ...] = (
    ("", ""),
    ("WithRawResponse", "with_raw_response"),
    ("WithStreamingResponse", "with_streaming_response"),
)


def _relative(package: str, module: str) -> str:
    # `_client_resources` sits at the package root, so one dot reaches any module below it.
    return "." + module.removeprefix(package + ".")


def _accessor(w: CodeWriter, package: str, resource: Resource, cls: str, argument: str) -> None:
    name = identifier(resource.path[-1])
    module = _relative(package, resource_module(package, resource))
    w.line("@cached_property")
    with w.block(f"def {name}(self) -> {cls}:"):
        description = resource.description
        if description:
            w.docstring(docstring_lines(description))
        w.line(f"from {module} import {cls}")
        w.blank()
        w.line(f"return {cls}({argument})")
    w.blank()


def _type_checking_imports(api: Api, package: str) -> List[str]:
    lines: List[str] = []
    for resource in api.resources:
        cls = resource_class_name(resource.path)
        module = _relative(package, resource_module(package, resource))
        names = sorted(f"{prefix}{cls}{suffix}" for prefix in ("", "Async") for suffix, _ in _VARIANTS)
        lines.append(f"from {module} import {', '.join(names)}")
    return sorted(lines)


def _mixin(w: CodeWriter, api: Api, config: Config, is_async: bool, imports: Imports) -> None:
    package = config.package
    prefix = "Async" if is_async else ""
    mixin = config.client.async_mixin if is_async else config.client.mixin
    base = core.ASYNC_API_CLIENT.name if is_async else core.SYNC_API_CLIENT.name
    extends = config.client.extends
    if extends is not None:
        # The hand-written mixin comes first so its accessors win over generated ones.
        module, helper = class_ref(extends.async_ if is_async else extends.sync)
        imports.add(module, helper)
        base = f"{helper}, {base}"
    with w.block(f"class {mixin}({base}):"):
        w.docstring(
            [f"Resource accessors of the {'async ' if is_async else ''}client; each resource loads on first use."]
        )
        w.blank()
        for resource in api.resources:
            _accessor(w, package, resource, prefix + resource_class_name(resource.path), "self")
        for suffix, attr in _VARIANTS[1:]:
            w.line("@cached_property")
            with w.block(f"def {attr}(self) -> {mixin}{suffix}:"):
                w.line(f"return {mixin}{suffix}(self)")
            w.blank()
    w.blank()
    for suffix, _ in _VARIANTS[1:]:
        with w.block(f"class {mixin}{suffix}:"):
            with w.block(f"def __init__(self, client: {mixin}) -> None:"):
                w.line("self._client = client")
            w.blank()
            for resource in api.resources:
                name = identifier(resource.path[-1])
                _accessor(
                    w, package, resource, prefix + resource_class_name(resource.path) + suffix, f"self._client.{name}"
                )
        w.blank()


def emit_client(api: Api, names: Names, config: Config) -> GeneratedFile:
    """Build `src/<package>/_client_resources.py`.

    Args:
        api: The IR (its top-level resources, in config order).
        names: The names (for the module file path).
        config: The package, header and mixin class names.

    Returns:
        The mixin module.
    """
    package = config.package
    module = f"{package}._client_resources"
    imports = Imports(package, module)
    imports.add("functools", "cached_property")
    imports.add("typing", "TYPE_CHECKING")
    imports.core(core.SYNC_API_CLIENT, core.ASYNC_API_CLIENT)
    mixins = [config.client.mixin, config.client.async_mixin]
    exported = sorted(f"{m}{suffix}" for m in mixins for suffix, _ in _VARIANTS)
    body = CodeWriter()
    for is_async in (False, True):
        _mixin(body, api, config, is_async, imports)
    w = CodeWriter()
    w.line(config.header)
    w.line('"""Resource accessors mixed into the hand-written clients; every resource module is imported lazily."""')
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.lines(imports.render())
    w.blank()
    checking = _type_checking_imports(api, package)
    if checking:
        with w.block("if TYPE_CHECKING:"):
            w.lines(checking)
        w.blank()
    w.line("__all__ = [" + ", ".join(py_str(name) for name in exported) + "]")
    return GeneratedFile(names.module_file(module), w.render() + "\n\n" + body.render())
