"""Infer the resource tree and method names of a spec's operations from their paths (and tags).

The rules, in the order they apply to one operation:

- Path segments that only version or format the URL are dropped: a leading version (`v1`,
  `v2beta`, `2010-04-01`) and a format suffix (`Calls.json` -> `Calls`).
- Every other literal segment names a resource (snake_case); path parameters name nothing and
  become method arguments. A path with no literal segment falls back to the operation's first tag.
- The last literal segment is an *action* (`POST /jobs/{id}/cancel` -> `jobs.cancel`,
  `GET /pets/findByStatus` -> `pets.find_by_status`) when it has a parent resource, no path of
  the spec goes below it and its path has one operation; otherwise it is a resource of its own.
- Conventional names: `GET` on a collection is `list`, on an item `retrieve`; `POST` on a
  collection `create`, on an item `update`; `PUT`/`PATCH` `update`; `DELETE` `delete`.
- Two operations landing on the same name keep it in spec order for the first; the others are
  named after their operationId (snake_case), numbered when that is taken too, each with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Sequence, Set, Tuple

from ..naming import identifier
from .json_nodes import json_list

__all__ = ["InferredMethod", "infer_methods", "path_words"]

VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_VERSION = re.compile(r"^(v\d+[a-z0-9.]*|\d{4}-\d{2}-\d{2}|\d+(\.\d+)*)$", re.IGNORECASE)
_FORMAT_SUFFIX = re.compile(r"\.(json|xml|yaml|yml|csv|txt)$", re.IGNORECASE)
_PARAM = re.compile(r"^\{[^}]+\}$")
_CONVENTIONAL = {
    ("get", False): "list",
    ("get", True): "retrieve",
    ("post", False): "create",
    ("post", True): "update",
    ("put", False): "update",
    ("put", True): "update",
    ("patch", False): "update",
    ("patch", True): "update",
    ("delete", False): "delete",
    ("delete", True): "delete",
}


@dataclass(frozen=True)
class InferredMethod:
    """One operation placed in the tree.

    Attributes:
        resource: The dotted resource path (`accounts.calls`).
        name: The method name.
        operation_id: The spec's operationId.
        note: Why the name is not the conventional one (a collision), if it is not.
    """

    resource: str
    name: str
    operation_id: str
    note: str = ""


def path_words(path: str) -> List[Tuple[str, bool]]:
    """The path's segments as `(text, is_param)`, version prefix and format suffixes dropped."""
    raw = [segment for segment in path.split("?", 1)[0].split("/") if segment]
    if raw and _VERSION.match(raw[0]):
        raw = raw[1:]
    out: List[Tuple[str, bool]] = []
    for segment in raw:
        segment = _FORMAT_SUFFIX.sub("", segment)
        if not segment:
            continue
        is_param = bool(_PARAM.match(segment))
        if not is_param and _VERSION.match(segment) and not out:
            continue  # a second version-like prefix (`/api/v3/...` after `api` is not one)
        out.append((segment, is_param))
    return out


def _literal_prefixes(paths: Sequence[str]) -> Set[Tuple[str, ...]]:
    """Every chain of literal segments that some path continues below (a resource with children)."""
    out: Set[Tuple[str, ...]] = set()
    for path in paths:
        words = path_words(path)
        literals: List[str] = []
        for index, (text, is_param) in enumerate(words):
            if not is_param:
                literals.append(text)
            if index < len(words) - 1:
                out.add(tuple(literals))
    return out


def _place(
    path: str, verb: str, tags: Sequence[str], has_children: Set[Tuple[str, ...]], verbs_here: int
) -> Tuple[List[str], str]:
    words = path_words(path)
    literals = [text for text, is_param in words if not is_param]
    if not literals:
        return [identifier(tags[0]) if tags else "root"], _CONVENTIONAL.get((verb, bool(words)), verb)
    is_item = words[-1][1]
    last_is_action = not is_item and len(literals) > 1 and tuple(literals) not in has_children and verbs_here == 1
    if last_is_action:
        return [identifier(text) for text in literals[:-1]], identifier(literals[-1])
    return [identifier(text) for text in literals], _CONVENTIONAL.get((verb, is_item), verb)


def infer_methods(paths: Mapping[str, Mapping[str, object]]) -> List[InferredMethod]:
    """Place every operation of the spec's `paths` in a resource tree, in spec order.

    Args:
        paths: The spec's `paths` object (path -> path item), `$ref`s already followed.

    Returns:
        One entry per operation that has an operationId; names are unique per resource.
    """
    has_children = _literal_prefixes(list(paths))
    placed: List[Tuple[str, str, str]] = []
    for path, item in paths.items():
        verbs_here = sum(1 for verb in VERBS if isinstance(item.get(verb), dict))
        for verb in VERBS:
            raw = item.get(verb)
            if not isinstance(raw, dict):
                continue
            operation: Dict[str, object] = raw  # pyright: ignore[reportUnknownVariableType]
            operation_id = operation.get("operationId")
            if not isinstance(operation_id, str):
                continue
            tags_raw = operation.get("tags")
            tags = [str(tag) for tag in json_list(tags_raw)]
            resource, name = _place(path, verb, tags, has_children, verbs_here)
            placed.append((".".join(resource), name, operation_id))
    return _resolve_collisions(placed)


def _resolve_collisions(placed: List[Tuple[str, str, str]]) -> List[InferredMethod]:
    taken: Dict[str, Set[str]] = {}
    # Child resources also take a name on their parent's class.
    for resource, _, _ in placed:
        parts = resource.split(".")
        for depth in range(1, len(parts)):
            taken.setdefault(".".join(parts[:depth]), set()).add(parts[depth])
    out: List[InferredMethod] = []
    for resource, name, operation_id in placed:
        names = taken.setdefault(resource, set())
        final, note = name, ""
        if final in names:
            final = identifier(operation_id)
            base, number = final, 2
            while final in names:
                final, number = f"{base}_{number}", number + 1
            note = f"`{name}` is taken on `{resource}`; named after the operationId"
        names.add(final)
        out.append(InferredMethod(resource, final, operation_id, note))
    return out
