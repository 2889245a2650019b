"""The evidence the parser leaves on a response model for `json_fields` and `raw_json()`; never parses or validates.

Two pieces, both in `__slots__` that pydantic never sees (so they stay out of `model_dump`,
`repr`, `==` and `model_fields_set`):

- the exact body text, for a top-level model parsed from bytes (`remember_raw_json`);
- the names of the fields whose value did not fit the declared type, for a model built by
  the lenient fallback (`mark_invalid_fields`).

Reading them (`JSONFields`, `JSONField`) lives in `_json_fields`, which loads when a program
first reads `json_fields`: the parsing path imports only this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union, cast

if TYPE_CHECKING:
    import pydantic

__all__ = [
    "INVALID_FIELDS_SLOT",
    "RAW_JSON_SLOT",
    "invalid_fields",
    "mark_invalid_fields",
    "model_raw_json",
    "remember_raw_json",
]

# Slot names declared by `oai.BaseModel.__slots__`; prefixed so no API key can shadow them.
RAW_JSON_SLOT = "_oai_raw_json"
INVALID_FIELDS_SLOT = "_oai_invalid_fields"

_EMPTY: frozenset[str] = frozenset()


def remember_raw_json(model: pydantic.BaseModel, raw: Union[bytes, str]) -> None:
    """Keep the body `raw` on `model` (an `oai.BaseModel`) so `raw_json()` returns it verbatim."""
    object.__setattr__(model, RAW_JSON_SLOT, raw)


def mark_invalid_fields(model: pydantic.BaseModel, names: frozenset[str]) -> None:
    """Record on `model` (an `oai.BaseModel`) the fields whose value did not fit their type."""
    object.__setattr__(model, INVALID_FIELDS_SLOT, names)


def invalid_fields(model: pydantic.BaseModel) -> frozenset[str]:
    """The Python names of the fields of `model` that the lenient pass kept as received."""
    names = _read_slot(model, INVALID_FIELDS_SLOT)
    # Only `mark_invalid_fields` writes the slot, always with a frozenset of str.
    return cast("frozenset[str]", names) if isinstance(names, frozenset) else _EMPTY


def model_raw_json(model: pydantic.BaseModel) -> str:
    """The JSON of `model` as received: the body text for a top-level model parsed from bytes,
    else a compact re-serialisation of the received keys, by API name."""
    raw = _read_slot(model, RAW_JSON_SLOT)
    if isinstance(raw, str):
        return raw
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw).decode("utf-8", errors="replace")
    return model.model_dump_json(by_alias=True, exclude_unset=True, warnings=False)


def _read_slot(model: pydantic.BaseModel, slot: str) -> object:
    # `object.__getattribute__` skips pydantic's `__getattr__`, which would otherwise
    # answer an unset slot from `model_extra`.
    try:
        return object.__getattribute__(model, slot)
    except AttributeError:
        return None
