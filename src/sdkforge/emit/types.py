"""Emit response-side type modules: one public model (or type alias) per module, with its inline nested models.

Which modules exist is decided here; each is lowered (`lower.models`) and printed
(`lower.printer`); it must not write files or read raw spec dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

from ..ir.nodes import RefSchema, Schema
from ..lower.models import (
    field_names,
    lower_alias_module,
    lower_model_module,
    lower_webhook_union,
)
from . import GeneratedFile
from .printed import printed_file

if TYPE_CHECKING:
    from ..config import Config, TypeConfig
    from ..ir.nodes import Api, Method
    from ..naming import Names

__all__ = ["emit_aliases", "emit_model_module", "emit_types", "emit_webhook_union", "field_names"]


def emit_model_module(
    api: Api,
    names: Names,
    header: str,
    module: str,
    class_name: str,
    schema: Schema,
    schema_name: Optional[str] = None,
    type_config: Optional[TypeConfig] = None,
) -> GeneratedFile:
    """Emit the module defining `class_name` for `schema` (a model class or a type alias).

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        module: The dotted module to emit.
        class_name: The public name defined there.
        schema: The schema of the public name.
        schema_name: The component schema's key, when `schema` is a component.
        type_config: The schema's `types` entry, for its `extends` mixin and `computed` names.

    Returns:
        The generated file.
    """
    lowered = lower_model_module(api, names, header, module, class_name, schema, schema_name, type_config)
    return printed_file(names.module_file(module), lowered, names.package)


def emit_types(api: Api, names: Names, config: Config) -> List[GeneratedFile]:
    """Emit every response-side type module: component schemas and inline method responses.

    Args:
        api: The IR.
        names: All names.
        config: The config (for the header line).

    Returns:
        The files, sorted by path.
    """
    files: Dict[str, GeneratedFile] = {}
    for item in api.schemas:
        target = names.models[item.name]
        generated = emit_model_module(
            api, names, config.header, target.module, target.name, item.schema, item.name, config.types.get(item.name)
        )
        files[generated.path] = generated
    for resource_path, method_name in sorted(names.responses):
        target = names.responses[(resource_path, method_name)]
        method = _find_method(api, resource_path, method_name)
        schema = method.operation.response.schema if method is not None else None
        if schema is None:
            continue
        generated = emit_model_module(api, names, config.header, target.module, target.name, schema)
        files[generated.path] = generated
    for hook in api.webhooks:
        event = names.webhook_events.get(hook.name)
        if event is not None and not isinstance(hook.schema, RefSchema):
            generated = emit_model_module(api, names, config.header, event.module, event.name, hook.schema)
            files[generated.path] = generated
    union = emit_webhook_union(api, names, config)
    if union is not None:
        files[union.path] = union
    return [files[path] for path in sorted(files)]


def emit_webhook_union(api: Api, names: Names, config: Config) -> Optional[GeneratedFile]:
    """Emit the module of the union of every webhook event, discriminated when the events allow it.

    Args:
        api: The IR.
        names: All names (`webhook_union` and `webhook_events`).
        config: The config (header, and the `webhooks` section).

    Returns:
        The file, or None when the config asks for no union or the spec has no webhooks.
    """
    target = names.webhook_union
    if target is None or config.webhooks is None:
        return None
    events = [names.webhook_events[hook.name] for hook in api.webhooks]
    variants = tuple(hook.schema for hook in api.webhooks)
    lowered = lower_webhook_union(api, target, events, variants, config.webhooks, config.header)
    return printed_file(names.module_file(target.module), lowered, names.package)


def emit_aliases(names: Names, config: Config) -> List[GeneratedFile]:
    """Emit one module per configured alias: `Alias: TypeAlias = Target`, re-exported.

    Args:
        names: All names (`aliases`).
        config: The config (for the header line).

    Returns:
        The files.
    """
    files: List[GeneratedFile] = []
    for alias, target in names.aliases:
        lowered = lower_alias_module(names, alias, target, config.header)
        files.append(printed_file(names.module_file(alias.module), lowered, names.package))
    return files


def _find_method(api: Api, path: Tuple[str, ...], name: str) -> Optional[Method]:
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        if resource.path == path:
            return next((method for method in resource.methods if method.name == name), None)
        stack.extend(resource.children)
    return None
