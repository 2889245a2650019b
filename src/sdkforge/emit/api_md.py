"""Emit `api.md`: per resource, the types it returns and its methods with verb, path, params and return type,
then the webhook event types and an index of every public type by package; no code."""

from __future__ import annotations

import re
import textwrap
from typing import Dict, List, Optional, Set, Tuple

from ..config import Config
from ..ir.nodes import Api, Method, RefSchema, Resource, ResponseKind, Schema
from ..naming import ModuleName, Names, identifier
from . import GeneratedFile
from .helpers import HelperListing, helper_listings
from .init import exported_names
from .resources import resource_module

__all__ = ["emit_api_md"]


def _title(segment: str) -> str:
    return " ".join(word.capitalize() for word in identifier(segment).split("_") if word)


def _file(names: Names, module: str) -> str:
    return "./" + names.module_file(module)


def _named(names: Names, schema: Optional[Schema]) -> Optional[ModuleName]:
    if isinstance(schema, RefSchema) and schema.target in names.models:
        return names.models[schema.target]
    return None


def _return(names: Names, config: Config, resource: Resource, method: Method) -> Tuple[str, List[ModuleName]]:
    """The return type as markdown, and the public types it mentions."""
    response = method.operation.response
    if response.kind is ResponseKind.BINARY:
        return "HttpxBinaryResponseContent", []
    if response.kind is ResponseKind.TEXT:
        return "str", []
    if response.kind is ResponseKind.NONE:
        return "None", []
    if response.kind is ResponseKind.PAGE and response.page is not None:
        page = config.pagination[response.page.style].sync
        item = _named(names, response.page.item)
        if item is None:
            return f"{page}[object]", []
        return f'{page}[<a href="{_file(names, item.module)}">{item.name}</a>]', [item]
    target = names.responses.get((resource.path, method.name)) or _named(names, response.schema)
    if target is None:
        return "object", []
    return f'<a href="{_file(names, target.module)}">{target.name}</a>', [target]


def _signature(names: Names, resource: Resource, method: Method) -> str:
    operation = method.operation
    args = [p.python_name for p in operation.path_params]
    if len(args) > 1:
        args = [args[-1], "*", *args[:-1]]
    params = names.method_params.get((resource.path, method.name))
    if params is not None and (operation.query_params or operation.body or operation.header_params):
        args.append(f'\\*\\*<a href="{_file(names, params.module)}">params</a>')
    return ", ".join(args)


def _helper_line(names: Names, resource: Resource, method: Method, helper: HelperListing, prefix: str) -> str:
    """A helper's entry: the method's title and params link, the parameters it adds named."""
    # The method's signature with the added keywords before its `**params`.
    head, star, params = _signature(names, resource, method).partition("\\*\\*")
    args = [part for part in head.split(", ") if part]
    if helper.added:
        args += ["*"] if args and "*" not in args else []
        args += helper.added
    args += [star + params] if star else []

    def link(match: re.Match[str]) -> str:
        module = helper.symbols.get(match.group(0))
        return match.group(0) if module is None else f'<a href="{_file(names, module)}">{match.group(0)}</a>'

    returns = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", link, helper.returns)
    without = f", without {', '.join(f'`{name}`' for name in helper.dropped)}" if helper.dropped else ""
    wrapped = "; also on `with_raw_response` and `with_streaming_response`" if helper.in_response_wrappers else ""
    return (
        f"{prefix}{helper.name}</a>({', '.join(args)}) -> {returns}</code>"
        f" (helper: `{method.name}`'s parameters{without}{wrapped})"
    )


def _section(w: List[str], api: Api, names: Names, config: Config, resource: Resource) -> None:
    depth = min(len(resource.path) + 1, 6)
    w.append(f"{'#' * depth} {_title(resource.path[-1])}")
    w.append("")
    types: Dict[str, Set[str]] = {}
    lines: List[str] = []
    helpers = helper_listings(api, resource, names, config)
    for method in resource.methods:
        operation = method.operation
        returns, mentioned = _return(names, config, resource, method)
        for item in mentioned:
            types.setdefault(item.module.rsplit(".", 1)[0], set()).add(item.name)
        href = _file(names, resource_module(config.package, resource))
        accessor = ".".join(["client", *[identifier(p) for p in resource.path]])
        verb_path = f"{operation.verb} {operation.path}"
        note = (
            f" (alias of `{method.alias_of}`{', deprecated' if method.is_deprecated else ''})"
            if method.alias_of
            else ""
        )
        note = note or (" (deprecated)" if method.is_deprecated else "")
        prefix = f'- <code title="{verb_path}">{accessor}.<a href="{href}">'
        lines.append(f"{prefix}{method.name}</a>({_signature(names, resource, method)}) -> {returns}</code>{note}")
        lines += [_helper_line(names, resource, method, helper, prefix) for helper in helpers.get(method.name, [])]
    if types:
        w += ["Types:", "", "```python"]
        for package in sorted(types):
            w.append(f"from {package} import {', '.join(sorted(types[package]))}")
        w += ["```", ""]
    if lines:
        w += ["Methods:", "", *lines, ""]
    for child in resource.children:
        _section(w, api, names, config, child)
    for name, target in resource.aliases:
        accessor = ".".join(["client", *[identifier(p) for p in resource.path], identifier(name)])
        target_accessor = ".".join(["client", *[identifier(p) for p in target]])
        w += [f"{'#' * min(depth + 1, 6)} {_title(name)}", ""]
        w += [f"`{accessor}` is `{target_accessor}` under a second name: the same methods.", ""]


def _walk(resources: Tuple[Resource, ...]) -> List[Resource]:
    out: List[Resource] = []
    for resource in resources:
        out.append(resource)
        out.extend(_walk(resource.children))
    return out


def _webhooks_section(w: List[str], names: Names) -> None:
    events = [*names.webhook_events.values(), *([names.webhook_union] if names.webhook_union else [])]
    if not events:
        return
    by_package: Dict[str, List[str]] = {}
    for event in events:
        names_in = by_package.setdefault(event.module.rsplit(".", 1)[0], [])
        if event.name not in names_in:
            names_in.append(event.name)
    count = len(names.webhook_events)
    w += ["## Webhooks", "", f"The {count} event{'s' * (count != 1)} the API may send to your webhook endpoint.", ""]
    w += ["Types:", "", "```python"]
    for package in sorted(by_package):
        w.append(f"from {package} import {', '.join(sorted(by_package[package]))}")
    w += ["```", ""]


def _types_index(w: List[str], names: Names) -> None:
    """Every public type, by package: where to import each name from."""
    table = {package: sorted(exports) for package, exports in exported_names(names).items() if exports}
    count = sum(len(exports) for exports in table.values())
    w += ["## All types", "", f"Every public type ({count} names), by the package that exports it.", ""]
    w += ["```python"]
    for package in sorted(table):
        # Plain import lines of at most 100 characters: stable under any formatter.
        head = f"from {package} import "
        lines = textwrap.wrap(", ".join(table[package]), width=100 - len(head), break_on_hyphens=False)
        w += [head + line.rstrip(",") for line in lines]
    w += ["```", ""]


def emit_api_md(api: Api, names: Names, config: Config) -> GeneratedFile:
    """Build `api.md` at the output root, resources in config order.

    Args:
        api: The IR.
        names: Type and params module names.
        config: Package, header and page classes.

    Returns:
        The markdown file (its first line is the header as an HTML comment).
    """
    w: List[str] = [f"<!-- {config.header.lstrip('#').strip()} -->", ""]
    w += [f"# {api.title or config.package}", ""]
    methods = [method for resource in _walk(api.resources) for method in resource.methods]
    aliases = sum(1 for method in methods if method.alias_of)
    w += [
        f"{len(methods) - aliases} operations, {len(methods)} methods"
        f" ({aliases} of them aliases: a second name for an operation another method exposes).",
        "",
    ]
    helpers = sum(
        len(config.resources[key].methods[m].helpers) for key in config.resources for m in config.resources[key].methods
    )
    if helpers:
        w += [
            f"{helpers} helper{'s' * (helpers != 1)}: hand-written behaviour over a method's request,"
            " with its typed parameters, listed after that method.",
            "",
        ]
    for resource in api.resources:
        _section(w, api, names, config, resource)
    _webhooks_section(w, names)
    _types_index(w, names)
    text = "\n".join(w).rstrip("\n") + "\n"
    return GeneratedFile("api.md", text)
