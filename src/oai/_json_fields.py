"""Raw JSON and presence status per field of a response model, as openai-go's `respjson`; never parses or validates.

The parser (`_models`) leaves two pieces of evidence on a model (`_json_evidence`): the body
text of a top-level model and the names of the fields the lenient fallback kept as received.
Everything here is computed from them when `json_fields` is read, and this module is only
imported then, so the parsing path pays nothing for it.

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
from typing import TYPE_CHECKING

import pydantic_core
from typing_extensions import Literal

if TYPE_CHECKING:
    import pydantic

from ._json_evidence import invalid_fields

__all__ = ["JSONField", "JSONFieldStatus", "JSONFields"]

JSONFieldStatus = Literal["omitted", "null", "invalid", "valid"]


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
