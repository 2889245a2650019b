"""Raw JSON and presence status per field of a response model, as openai-go's `respjson`; never parses or validates.

The parser (`_models`) leaves two pieces of evidence on a model, both in `__slots__` that
pydantic never sees (so they stay out of `model_dump`, `repr`, `==` and `model_fields_set`):

- the exact body text, for a top-level model parsed from bytes (`remember_raw_json`);
- the names of the fields whose value did not fit the declared type, for a model built by
  the lenient fallback (`mark_invalid_fields`).

Everything else is computed lazily, when `json_fields` or `raw_json()` is read, so the
parsing hot path pays nothing for it.

A field is `invalid` when any part of its value did not fit its declared type: a nested
object with one broken leaf makes the parent field `invalid` while the leaf is marked in the
nested model's own `json_fields`. A JSON `null` always reads as `null` (as in respjson), and
copies (`model_copy`) drop both pieces of evidence.

A field's `raw` is the compact re-serialisation of the value as received (by API name, only
the keys that were received), not a slice of the body text: cutting one key's text out of
the body would need a JSON scanner in Python, which costs more than it is worth. Only
`raw_json()` of a top-level model returns the body text byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union, cast

import pydantic_core
from typing_extensions import Literal

if TYPE_CHECKING:
    import pydantic

__all__ = [
    "INVALID_FIELDS_SLOT",
    "RAW_JSON_SLOT",
    "JSONField",
    "JSONFieldStatus",
    "JSONFields",
    "invalid_fields",
    "mark_invalid_fields",
    "model_raw_json",
    "remember_raw_json",
]

JSONFieldStatus = Literal["omitted", "null", "invalid", "valid"]

# Slot names declared by `oai.BaseModel.__slots__`; prefixed so no API key can shadow them.
RAW_JSON_SLOT = "_oai_raw_json"
INVALID_FIELDS_SLOT = "_oai_invalid_fields"

_EMPTY: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class JSONField:
    """The raw JSON text and presence status of one field of a response.

    Attributes:
        raw: `''` when the key was absent, `'null'` when it was JSON null, else the
            field's JSON text (compact).
        status: `'omitted'`, `'null'`, `'invalid'` (the value does not fit the declared
            type and is kept as received) or `'valid'`.

    ```py
    if not completion.json_fields.usage.is_present:
        print("the server sent no usage")
    ```
    """

    raw: str
    status: JSONFieldStatus

    @property
    def is_present(self) -> bool:
        """True when the key was in the response, whatever its value."""
        return self.status != "omitted"

    @property
    def is_null(self) -> bool:
        """True when the key was in the response with the value `null`."""
        return self.status == "null"

    @property
    def is_valid(self) -> bool:
        """True when the key was present, not null, and its value fits the declared type."""
        return self.status == "valid"


_OMITTED = JSONField("", "omitted")
_NULL = JSONField("null", "null")


class JSONFields:
    """Per-field `JSONField`s of one model, computed on access.

    Attribute names are the model's Python field names (not API aliases); unknown keys
    the server sent are in `extra_fields` and also reachable as attributes. Any other
    name raises `AttributeError`.

    ```py
    page = client.files.list()
    page.json_fields.has_more.raw  # 'true'
    ```
    """

    __slots__ = ("_model",)

    def __init__(self, model: pydantic.BaseModel) -> None:
        self._model = model

    def __getattr__(self, name: str) -> JSONField:
        model = self._model
        if name in type(model).model_fields:
            return _declared_field(model, name)
        extra = model.__pydantic_extra__
        if extra is not None and name in extra:
            return _extra_field(extra[name])
        raise AttributeError(f"{type(model).__name__} has no field or extra key named {name!r}")

    @property
    def extra_fields(self) -> dict[str, JSONField]:
        """A `JSONField` for each key the server sent that the model does not declare."""
        extra = self._model.__pydantic_extra__ or {}
        return {key: _extra_field(value) for key, value in extra.items()}

    def __dir__(self) -> list[str]:
        names = set(type(self._model).model_fields)
        names.update(self._model.__pydantic_extra__ or {})
        names.add("extra_fields")
        return sorted(names)

    def __repr__(self) -> str:
        return f"JSONFields({type(self._model).__name__})"


def _declared_field(model: pydantic.BaseModel, name: str) -> JSONField:
    if name not in model.model_fields_set:
        return _OMITTED
    if model.__dict__.get(name) is None:
        return _NULL
    # Dumping through the model applies the field's serializer, its API name for nested
    # models, and `exclude_unset`, so the text shows only keys that were received.
    dumped = model.model_dump(mode="json", include={name}, by_alias=True, exclude_unset=True, warnings=False)
    raw = pydantic_core.to_json(next(iter(dumped.values()))).decode()
    status: JSONFieldStatus = "invalid" if name in invalid_fields(model) else "valid"
    return JSONField(raw, status)


def _extra_field(value: object) -> JSONField:
    if value is None:
        return _NULL
    return JSONField(pydantic_core.to_json(value, serialize_unknown=True).decode(), "valid")


def _read_slot(model: pydantic.BaseModel, slot: str) -> object:
    # `object.__getattribute__` skips pydantic's `__getattr__`, which would otherwise
    # answer an unset slot from `model_extra`.
    try:
        return object.__getattribute__(model, slot)
    except AttributeError:
        return None


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
