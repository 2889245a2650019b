"""`application/x-www-form-urlencoded` request bodies: a transformed params dict to bytes."""

from __future__ import annotations

import datetime
from typing import Any, List, Mapping, Tuple
from urllib.parse import urlencode

__all__ = ["FORM_CONTENT_TYPE", "encode_form"]

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def encode_form(data: Mapping[str, Any]) -> bytes:
    """Encode a body dict (wire names, after `transform`) as a URL-encoded form.

    Lists repeat their key (`To=a&To=b`), booleans are `true`/`false`, `None` is left out, and a
    nested mapping becomes bracketed keys (`Meta[key]=value`), the convention form APIs read.
    """
    pairs: List[Tuple[str, str]] = []
    for key, value in data.items():
        _add(pairs, str(key), value)
    return urlencode(pairs).encode("ascii")


def _add(pairs: List[Tuple[str, str]], key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for sub, item in value.items():  # pyright: ignore[reportUnknownVariableType]
            _add(pairs, f"{key}[{sub}]", item)
    elif isinstance(value, (list, tuple)):
        for item in value:  # pyright: ignore[reportUnknownVariableType]
            _add(pairs, key, item)
    elif isinstance(value, bool):
        pairs.append((key, "true" if value else "false"))
    elif isinstance(value, (datetime.date, datetime.datetime)):
        pairs.append((key, value.isoformat()))
    else:
        pairs.append((key, str(value)))  # pyright: ignore[reportUnknownArgumentType]
