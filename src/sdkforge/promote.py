"""Promote inline schemas to components, so the config can name them; runs between load and resolve.

An inline schema (a response's `choices` items, a union inside a request property) is emitted
as a nested class of its parent's module under a derived name. A `types` entry keyed by the
schema's JSON pointer instead of a component name asks for a public type of its own: this
stage moves the schema to `#/components/schemas/<pointer>` and leaves a `$ref` in its place,
so every later stage sees an ordinary component whose name is the pointer, and `types` names
it like any other. The document is copied along each path, never mutated. This module must
not know about names, Python or the IR.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Tuple, cast

from .diagnostics import Diagnostic, Level
from .loader import SpecDocument, escape_pointer, unescape_pointer

__all__ = ["is_pointer", "promote_inline_schemas"]

_COMPONENTS = ("components", "schemas")


def is_pointer(key: str) -> bool:
    """Whether a `types` key is a JSON pointer (`#/...`) rather than a component name."""
    return key.startswith("#/")


def _tokens(pointer: str) -> List[str]:
    return [unescape_pointer(token) for token in pointer[2:].split("/")]


def _child(node: Any, token: str) -> Tuple[bool, Any]:
    if isinstance(node, dict):
        mapping = cast(Dict[str, Any], node)
        return (token in mapping, mapping.get(token))
    if isinstance(node, list) and token.isdigit():
        items = cast(List[Any], node)
        index = int(token)
        return (index < len(items), items[index] if index < len(items) else None)
    return (False, None)


def _replaced(node: Any, tokens: List[str], value: Any) -> Any:
    """A copy of `node` with the element at `tokens` replaced; containers off the path are shared."""
    if not tokens:
        return value
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, list):
        items = list(cast(List[Any], node))
        items[int(head)] = _replaced(items[int(head)], rest, value)
        return items
    mapping = dict(cast(Dict[str, Any], node))
    mapping[head] = _replaced(mapping.get(head, {}), rest, value)
    return mapping


def _all_refs(node: Any) -> List[str]:
    """Every `$ref` value anywhere under `node`."""
    refs: List[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            mapping = cast(Dict[str, Any], item)
            ref = mapping.get("$ref")
            if isinstance(ref, str):
                refs.append(ref)
            stack.extend(mapping.values())
        elif isinstance(item, list):
            stack.extend(cast(List[Any], item))
    return refs


def promote_inline_schemas(
    document: SpecDocument, pointers: Iterable[str], *, config_label: str = "types"
) -> Tuple[SpecDocument, List[Diagnostic]]:
    """Move the schema at each pointer to `#/components/schemas/<pointer>`, leaving a `$ref`.

    Args:
        document: The loaded spec.
        pointers: JSON pointers (`#/components/schemas/X/properties/y/items`) of inline schemas.
        config_label: Where the pointers come from, for messages (`sdkforge.yml:types`).

    Returns:
        The new document (the same object when there is nothing to promote) and an error for
        each pointer that is not an inline schema: missing, already a `$ref`, or the target of
        another `$ref` (which would break once the schema moves).
    """
    wanted = sorted(set(pointers), key=lambda p: (-p.count("/"), p))  # innermost first: nested promotions
    if not wanted:
        return document, []
    data: Any = document.data
    errors: List[Diagnostic] = []
    # Promotions only add refs into `components/schemas/<pointer>`, never into a source subtree.
    refs = _all_refs(data)
    for pointer in wanted:
        where = f"{config_label}.{pointer}"
        node: Any = data
        found = True
        for token in _tokens(pointer):
            found, node = _child(node, token)
            if not found:
                break
        if not found or not isinstance(node, dict):
            errors.append(Diagnostic(where, Level.ERROR, "no schema at this JSON pointer in the spec"))
            continue
        if "$ref" in node:
            errors.append(Diagnostic(where, Level.ERROR, "this schema is a $ref: name the component it refers to"))
            continue
        if pointer.startswith("#/" + "/".join(_COMPONENTS) + "/") and pointer.count("/") == 3:
            errors.append(Diagnostic(where, Level.ERROR, "this is a component already: use its name as the key"))
            continue
        clashes = sorted({ref for ref in refs if ref == pointer or ref.startswith(pointer + "/")})
        if clashes:
            errors.append(Diagnostic(where, Level.ERROR, f"other $refs point into this schema ({clashes[0]})"))
            continue
        name = pointer
        schemas: Mapping[str, Any] = cast(Dict[str, Any], data.get("components", {})).get("schemas", {})
        if name in schemas:
            errors.append(Diagnostic(where, Level.ERROR, "a component already has this pointer as its name"))
            continue
        schema = cast(Dict[str, Any], node)  # a JSON object
        ref: Dict[str, Any] = {"$ref": "#/" + "/".join([*_COMPONENTS, escape_pointer(name)])}
        if isinstance(schema.get("description"), str):
            # The site keeps its description (3.1 allows it beside `$ref`), so fields stay documented.
            ref["description"] = schema["description"]
        data = _replaced(data, _tokens(pointer), ref)
        data = _replaced(data, [*_COMPONENTS, name], schema)
    if errors:
        return document, errors
    promoted = SpecDocument(
        data=cast(Dict[str, Any], data),
        source=document.source,
        text=document.text,
        sha256=document.sha256,
        is_yaml=document.is_yaml,
    )
    return promoted, []
