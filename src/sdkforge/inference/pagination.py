"""Infer how a list operation pages, from the shapes of its query parameters and its response.

A `GET` whose JSON response is an object with exactly one array property pages when:

- the response has a next-page link (`next`, `next_page_uri`, `nextLink`, ... a string) -> `next_url`;
- the response has a cursor (`next_cursor`, `next_page_token`, ...) and the request a cursor
  parameter (`cursor`, `page_token`, `after`, ...) -> `cursor`;
- the request has an integer page number (`page`, `page_number`) -> `page_number`;
- the request has an integer offset (`offset`, `skip`, `start`) -> `offset`.

Anything else is a plain return. Names compare case- and separator-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..naming import identifier
from .json_nodes import json_list, json_member, json_object

__all__ = ["PageStyle", "infer_page"]

_NEXT_LINKS = ("next", "nexturl", "nexturi", "nextlink", "nextpageurl", "nextpageuri", "nextpagelink", "nexthref")
_NEXT_CURSORS = ("nextcursor", "nextpagetoken", "nexttoken", "cursor", "continuationtoken", "nextpagecursor")
_CURSOR_PARAMS = ("cursor", "pagetoken", "after", "startingafter", "token", "continuationtoken", "nexttoken")
_PAGE_PARAMS = ("page", "pagenumber", "pagenum")
_OFFSET_PARAMS = ("offset", "skip", "start")


@dataclass(frozen=True)
class PageStyle:
    """One inferred pagination style (a `pagination` entry of the config)."""

    rule: str
    request: Tuple[str, ...]
    response: Tuple[str, ...]

    @property
    def key(self) -> str:
        return identifier("_".join((self.rule, *self.request, *self.response)))


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _deref(document: Mapping[str, Any], value: object) -> Dict[str, Any]:
    seen = 0
    ref = json_member(value, "$ref")
    while isinstance(ref, str) and seen < 20:
        node: object = document
        for part in ref.lstrip("#/").split("/"):
            node = json_member(node, part.replace("~1", "/").replace("~0", "~"))
        value = node
        ref = json_member(value, "$ref")
        seen += 1
    return json_object(value)


def _response_object(document: Mapping[str, Any], operation: Mapping[str, Any]) -> Dict[str, Any]:
    responses = _deref(document, operation.get("responses"))
    status = next((code for code in responses if str(code).startswith("2")), None)
    if status is None:
        return {}
    content = json_object(_deref(document, responses[status]).get("content"))
    json_type = next((t for t in content if "json" in t), None)
    if json_type is None:
        return {}
    return _deref(document, _deref(document, content[json_type]).get("schema"))


def _query_params(
    document: Mapping[str, Any], path_item: Mapping[str, Any], operation: Mapping[str, Any]
) -> Dict[str, str]:
    """Query parameter wire name -> its schema type."""
    out: Dict[str, str] = {}
    for source in (path_item.get("parameters"), operation.get("parameters")):
        for raw in json_list(source):
            param = _deref(document, raw)
            if param.get("in") == "query" and isinstance(param.get("name"), str):
                out[param["name"]] = str(_deref(document, param.get("schema")).get("type", ""))
    return out


def _find(names: List[str], wanted: Tuple[str, ...]) -> Optional[str]:
    by_squash = {_squash(name): name for name in names}
    return next((by_squash[w] for w in wanted if w in by_squash), None)


def infer_page(
    document: Mapping[str, Any], path_item: Mapping[str, Any], verb: str, operation: Mapping[str, Any]
) -> Optional[PageStyle]:
    """The pagination style of one operation, or `None` for a plain return."""
    if verb != "get":
        return None
    body = _response_object(document, operation)
    properties = body.get("properties")
    if not isinstance(properties, dict):
        return None
    props: Dict[str, Dict[str, Any]] = {str(k): _deref(document, v) for k, v in properties.items()}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    arrays = [name for name, schema in props.items() if schema.get("type") == "array"]
    if len(arrays) != 1:
        return None
    strings = [name for name, schema in props.items() if schema.get("type") in ("string", None) and name not in arrays]
    query = _query_params(document, path_item, operation)
    link = _find(strings, _NEXT_LINKS)
    if link is not None:
        return PageStyle("next_url", (), (link,))
    cursor_field = _find([n for n in props if n not in arrays], _NEXT_CURSORS)
    cursor_param = _find(list(query), _CURSOR_PARAMS)
    if cursor_field is not None and cursor_param is not None:
        return PageStyle("cursor", (cursor_param,), (cursor_field,))
    integers = [name for name, kind in query.items() if kind == "integer"]
    page = _find(integers, _PAGE_PARAMS)
    if page is not None:
        return PageStyle("page_number", (page,), ())
    offset = _find(integers, _OFFSET_PARAMS)
    if offset is not None:
        return PageStyle("offset", (offset,), ())
    return None
