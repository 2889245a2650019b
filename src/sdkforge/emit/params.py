"""Emit request-side TypedDict modules: `XParam` twins of schemas used in requests and each method's params module.

Which modules exist is decided here; each is lowered (`lower.params`) and printed
(`lower.printer`); it must not write files or read raw spec dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Tuple

from ..lower.params import key_names, lower_method_params_module, lower_param_module
from . import GeneratedFile
from .printed import printed_file

if TYPE_CHECKING:
    from ..config import Config
    from ..ir.nodes import Api, Method
    from ..naming import Names

__all__ = ["emit_method_params_module", "emit_param_module", "emit_params", "key_names"]


def emit_param_module(api: Api, names: Names, header: str, schema_name: str) -> GeneratedFile:
    """Emit the `XParam` module of component schema `schema_name` (a TypedDict or a type alias).

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        schema_name: The component schema's key.

    Returns:
        The generated file.
    """
    lowered = lower_param_module(api, names, header, schema_name)
    return printed_file(names.module_file(lowered.name), lowered, names.package)


def emit_method_params_module(
    api: Api, names: Names, header: str, method: Method, module: str, class_name: str
) -> GeneratedFile:
    """Emit a method's params module: its params TypedDict (query keys and body keys) and inline TypedDicts.

    A body that references a component schema is inherited from that schema's `XParam` twin.

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        method: The method.
        module: The dotted params module.
        class_name: The params TypedDict's name.

    Returns:
        The generated file.
    """
    lowered = lower_method_params_module(api, names, header, method, module, class_name)
    return printed_file(names.module_file(module), lowered, names.package)


def emit_params(api: Api, names: Names, config: Config) -> List[GeneratedFile]:
    """Emit every request-side module: component `XParam` twins and method params modules.

    Args:
        api: The IR.
        names: All names.
        config: The config (for the header line).

    Returns:
        The files, sorted by path.
    """
    files: Dict[str, GeneratedFile] = {}
    for schema_name in names.request_schemas:
        generated = emit_param_module(api, names, config.header, schema_name)
        files[generated.path] = generated
    methods = _methods(api)
    for key in sorted(names.method_params):
        target = names.method_params[key]
        generated = emit_method_params_module(api, names, config.header, methods[key], target.module, target.name)
        files.setdefault(generated.path, generated)
    return [files[path] for path in sorted(files)]


def _methods(api: Api) -> Dict[Tuple[Tuple[str, ...], str], Method]:
    out: Dict[Tuple[Tuple[str, ...], str], Method] = {}
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        for method in resource.methods:
            out[(resource.path, method.name)] = method
        stack.extend(resource.children)
    return out
