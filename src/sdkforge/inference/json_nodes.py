"""Typed views of parsed spec nodes (plain JSON values); no OpenAPI meaning lives here."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, cast

__all__ = ["json_list", "json_member", "json_object", "object_entries"]


def json_object(value: object) -> Dict[str, Any]:
    """`value` when it is a JSON object (keys as `str`), else an empty dict."""
    found = _object_or_none(value)
    return {} if found is None else found


def _object_or_none(value: object) -> Optional[Dict[str, Any]]:
    if not isinstance(value, dict):
        return None
    return {str(key): item for key, item in cast(Dict[object, Any], value).items()}


def json_list(value: object) -> List[Any]:
    """`value` when it is a JSON array, else an empty list."""
    return cast(List[Any], value) if isinstance(value, list) else []


def object_entries(value: object) -> Dict[str, Dict[str, Any]]:
    """The entries of the JSON object `value` whose values are JSON objects themselves."""
    entries = ((key, _object_or_none(item)) for key, item in json_object(value).items())
    return {key: found for key, found in entries if found is not None}


def json_member(value: object, key: str) -> object:
    """`value[key]` when `value` is a JSON object, else None (no copy: for walking `$ref` paths)."""
    return cast(Dict[str, object], value).get(key) if isinstance(value, dict) else None
