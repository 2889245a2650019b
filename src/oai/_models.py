"""Response models: `BaseModel`, one cached pydantic adapter per type, and the lenient fallback; no HTTP.

Parsing is one call into pydantic-core (`TypeAdapter.validate_json` on the body bytes) with
the adapter built once per type. Only when that fails, and strict mode is off, does a
Python pass rebuild the value: it decodes the JSON once, validates field by field with
cached per-field adapters, keeps every value that does not fit as received, and records
those fields as `invalid` for `json_fields`. This module must not know about HTTP,
responses or streams.
"""

from __future__ import annotations

import collections.abc
import gc
import types
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Sequence, TypeVar, Union, cast

import pydantic
import pydantic_core
from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from typing_extensions import Annotated, Literal, get_args, get_origin

from ._cold_parse import parse_cold
from ._gc_pause import call_with_gc_paused, paused_validator
from ._json_evidence import (
    INVALID_FIELDS_SLOT,
    RAW_JSON_SLOT,
    invalid_fields,
    mark_invalid_fields,
    model_raw_json,
    remember_raw_json,
)
from ._rate_limits import RATE_LIMITS_SLOT

if TYPE_CHECKING:
    from ._json_fields import JSONFields

__all__ = [
    "BaseModel",
    "InvalidJSONError",
    "carry_response_info",
    "set_request_id",
    "type_adapter",
    "validate_json",
    "validate_type",
]

_T = TypeVar("_T")
_REQUEST_ID_SLOT = "_oai_request_id"

_SEQUENCE_ORIGINS: frozenset[object] = frozenset(
    {list, List, Sequence, collections.abc.Sequence, collections.abc.Iterable, collections.abc.MutableSequence}
)
_MAPPING_ORIGINS: frozenset[object] = frozenset(
    {dict, Dict, Mapping, collections.abc.Mapping, collections.abc.MutableMapping}
)


class InvalidJSONError(ValueError):
    """The body is not well-formed JSON (raised in strict and lenient mode alike).

    Attributes:
        raw: the text that failed to decode.
    """

    raw: str

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw


class BaseModel(pydantic.BaseModel):
    """Base class of every response model.

    Unknown keys are kept (`model_extra`, and as attributes). A value that does not fit
    its declared type is kept as received rather than raising; `json_fields` tells which.

    ```py
    completion = client.chat.completions.create(...)
    completion.to_dict()                  # API names, only the keys received
    completion.json_fields.usage.status   # 'valid', 'invalid', 'null' or 'omitted'
    completion.raw_json()                 # the body exactly as received
    ```
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=(), defer_build=True)

    # Evidence left by the parser (`_json_evidence`) and the request loop (`_rate_limits`, the
    # request id); slots keep it out of `__dict__`, so out of dumps, `repr`, `==` and
    # `model_fields_set`.
    __slots__ = (RAW_JSON_SLOT, INVALID_FIELDS_SLOT, RATE_LIMITS_SLOT, _REQUEST_ID_SLOT)

    @property
    def _request_id(self) -> str | None:
        """The `x-request-id` of the response this object was returned from (official
        `_request_id`); None for a nested object or one built by hand."""
        try:
            value: str | None = object.__getattribute__(self, _REQUEST_ID_SLOT)
        except AttributeError:
            return None
        return value

    @_request_id.setter
    def _request_id(self, value: str | None) -> None:
        object.__setattr__(self, _REQUEST_ID_SLOT, value)

    @property
    def json_fields(self) -> JSONFields:
        """Raw JSON text and presence status (`omitted`/`null`/`invalid`/`valid`) of each field."""
        from ._json_fields import JSONFields  # loaded when a program first reads json_fields

        return JSONFields(self)

    def raw_json(self) -> str:
        """Return this object's JSON as received.

        Exact text for a top-level object parsed from a body; for a nested object, a
        compact re-serialisation of the keys received, by API name.
        """
        return model_raw_json(self)

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """Return the model as a dict.

        Args:
            mode: `"json"` gives only JSON-compatible values; `"python"` may keep objects
                such as `datetime`.
            use_api_names: key by the API's names (aliases) instead of Python names.
            exclude_unset: leave out fields the server did not send.
            exclude_none: leave out fields whose value is None.
            warnings: warn when a value does not fit its declared type.

        Returns:
            A new dict.
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """Return the model as a JSON string.

        Args:
            indent: spaces per indentation level; None for compact output.
            use_api_names: key by the API's names (aliases) instead of Python names.
            exclude_unset: leave out fields the server did not send.
            exclude_none: leave out fields whose value is None.
            warnings: warn when a value does not fit its declared type.

        Returns:
            The JSON text.
        """
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_none=exclude_none,
            warnings=warnings,
        )


_adapters: dict[Any, TypeAdapter[Any]] = {}
_field_adapters: dict[tuple[type[pydantic.BaseModel], str], TypeAdapter[Any]] = {}


def set_request_id(result: object, request_id: str | None) -> None:
    """Record the response's `x-request-id` on a returned model or page (`_request_id`)."""
    if isinstance(result, BaseModel):
        object.__setattr__(result, _REQUEST_ID_SLOT, request_id)


def carry_response_info(source: object, target: _T) -> _T:
    """Give `target` (a helper's result built from `source`) the request id and rate limits
    that `source` got from its response; returns `target`."""
    if isinstance(source, BaseModel) and isinstance(target, BaseModel):
        for slot in (_REQUEST_ID_SLOT, RATE_LIMITS_SLOT):
            try:
                object.__setattr__(target, slot, object.__getattribute__(source, slot))
            except AttributeError:
                continue
    return target


def type_adapter(type_: Any) -> TypeAdapter[Any]:
    """Return the `TypeAdapter` for `type_`, built on first use and cached by the type object.

    Args:
        type_: any type pydantic accepts: a model class, `list[Foo]`, `Page[Foo]`, a union...

    Returns:
        The same adapter object on every call for equal types.
    """
    try:
        return _adapters[type_]
    except KeyError:
        pass
    except TypeError:
        # Unhashable metadata inside `Annotated[...]`: build without caching.
        return TypeAdapter(type_)
    adapter: TypeAdapter[Any] = TypeAdapter(type_)
    _adapters[type_] = adapter
    return adapter


# Bodies at least this large are parsed with the cyclic GC paused where nothing can observe it
# (`_gc_pause`): building tens of thousands of objects with it on costs about 2x.
_GC_PAUSE_THRESHOLD = 64 * 1024


def _validate_json_fast(type_: Any, adapter: TypeAdapter[Any], raw: bytes | str) -> Any:
    # Only cached adapters: `paused_validator` remembers its verdict by the adapter's identity.
    if len(raw) >= _GC_PAUSE_THRESHOLD and gc.isenabled() and _is_cached(type_, adapter):
        validate = paused_validator(adapter)
        if validate is not None:
            return call_with_gc_paused(validate, raw)
    return adapter.validate_json(raw)


def _is_cached(type_: Any, adapter: TypeAdapter[Any]) -> bool:
    try:
        return _adapters.get(type_) is adapter
    except TypeError:  # unhashable metadata inside `Annotated[...]`
        return False


def validate_json(type_: type[_T] | Any, raw: bytes | str, *, strict: bool = False) -> _T:
    """Parse a JSON body into `type_`.

    The fast path is one pydantic-core call. A top-level `BaseModel` result keeps `raw`, so
    its `raw_json()` returns the body verbatim.

    Args:
        type_: the target type (model class, generic alias, union, `object`, `Any`...).
        raw: the body as bytes or text.
        strict: raise when the data does not fit `type_` instead of keeping it as received.
            (Coercion rules are pydantic's lax mode in both cases.)

    Returns:
        The parsed value.

    Raises:
        InvalidJSONError: `raw` is not well-formed JSON.
        pydantic.ValidationError: strict mode only, the data does not fit `type_`.
    """
    if isinstance(type_, type) and issubclass(type_, BaseModel) and type_ not in _adapters:
        # A type's first small body: built without compiling its validator when it fits exactly.
        cold = parse_cold(type_, raw)
        if cold is not None:
            remember_raw_json(cold, raw)
            return cast(_T, cold)
    try:
        result = _validate_json_fast(type_, type_adapter(type_), raw)
    except ValidationError as exc:
        if _is_json_error(exc):
            raise InvalidJSONError(_json_error_message(exc), _as_text(raw)) from exc
        if strict:
            raise
        try:
            data = pydantic_core.from_json(raw)
        except ValueError as json_exc:  # pragma: no cover - validate_json rejects these first
            raise InvalidJSONError(f"Invalid JSON: {json_exc}", _as_text(raw)) from None
        result = _build_lenient(type_, data)
    if isinstance(result, BaseModel):
        remember_raw_json(result, raw)
    return cast(_T, result)  # the adapter for `type_` (or the lenient pass) produced it


def validate_type(type_: type[_T] | Any, data: object, *, strict: bool = False) -> _T:
    """Validate already-decoded data (e.g. one SSE event's JSON) into `type_`.

    Args:
        type_: the target type (model class, generic alias, union, `object`, `Any`...).
        data: decoded JSON data.
        strict: raise when the data does not fit `type_` instead of keeping it as received.

    Returns:
        The validated value.

    Raises:
        pydantic.ValidationError: strict mode only, the data does not fit `type_`.
    """
    try:
        result = type_adapter(type_).validate_python(data)
    except ValidationError:
        if strict:
            raise
        result = _build_lenient(type_, data)
    return cast(_T, result)  # the adapter for `type_` (or the lenient pass) produced it


def _is_json_error(exc: ValidationError) -> bool:
    return any(error["type"] == "json_invalid" for error in exc.errors(include_url=False, include_input=False))


def _json_error_message(exc: ValidationError) -> str:
    # pydantic's message already reads "Invalid JSON: <reason> at line L column C".
    return exc.errors(include_url=False, include_input=False)[0]["msg"]


def _as_text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else bytes(raw).decode("utf-8", errors="replace")


# --- lenient pass: only runs after pydantic-core has rejected the data -----------------


def _coerce(type_: Any, data: object) -> object:
    """Validate `data` as `type_`; on failure rebuild it leniently."""
    try:
        return type_adapter(type_).validate_python(data)
    except ValidationError:
        return _build_lenient(type_, data)


def _build_lenient(type_: Any, data: object, discriminator: object = None) -> object:
    """Shape `data` like `type_` as far as it fits, keeping every part that does not as received."""
    origin = get_origin(type_)
    if origin is Annotated:
        inner, *metadata = get_args(type_)
        return _build_lenient(inner, data, _discriminator_of(metadata) or discriminator)
    if origin is Union or origin is types.UnionType:
        return _build_union(get_args(type_), data, discriminator)
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        if isinstance(data, dict):
            return _build_model(type_, cast(Dict[str, object], data))  # JSON objects have str keys
        return data
    if origin in _SEQUENCE_ORIGINS and isinstance(data, list):
        item_type = _first_arg(type_)
        return [_coerce(item_type, item) for item in cast(List[object], data)]  # JSON array
    if origin in _MAPPING_ORIGINS and isinstance(data, dict):
        args = get_args(type_)
        value_type = args[1] if len(args) == 2 else Any
        return {key: _coerce(value_type, value) for key, value in cast(Dict[str, object], data).items()}
    return data


def _first_arg(type_: Any) -> Any:
    args = get_args(type_)
    return args[0] if args else Any


def _discriminator_of(metadata: Sequence[object]) -> object:
    for item in metadata:
        if isinstance(item, FieldInfo) and item.discriminator is not None:
            return item.discriminator
    return None


def _flatten_union(members: Sequence[Any], discriminator: object) -> tuple[list[Any], object]:
    """Unwrap `Annotated` and nested unions (`Optional[Annotated[Union[A, B], ...]]`)."""
    flat: list[Any] = []
    for member in members:
        if get_origin(member) is Annotated:
            member, *metadata = get_args(member)
            discriminator = _discriminator_of(metadata) or discriminator
        if get_origin(member) is Union or get_origin(member) is types.UnionType:
            nested, discriminator = _flatten_union(get_args(member), discriminator)
            flat.extend(nested)
        else:
            flat.append(member)
    return flat, discriminator


def _build_union(union_args: tuple[Any, ...], data: object, discriminator: object) -> object:
    members, discriminator = _flatten_union(union_args, discriminator)
    if isinstance(data, dict):
        return _build_union_object(members, cast(Dict[str, object], data), discriminator)  # JSON object
    if isinstance(data, list):
        items = cast(List[object], data)  # JSON array
        for member in members:
            if get_origin(member) in _SEQUENCE_ORIGINS:
                return _build_lenient(member, items)
        return items
    return data


def _build_union_object(members: list[Any], data: dict[str, object], discriminator: object) -> object:
    models = [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
    if isinstance(discriminator, str):
        chosen = _member_for_tag(models, discriminator, data)
        # An unknown tag says nothing about the shape: keep the object as a dict.
        return data if chosen is None else _build_model(chosen, data)
    if models:
        # No tag: take the member with the fewest invalid or missing required fields.
        candidates = [_build_model(model, data) for model in models]
        return min(candidates, key=_misfit_count)
    for member in members:
        if get_origin(member) in _MAPPING_ORIGINS:
            return _build_lenient(member, data)
    return data


def _misfit_count(model: pydantic.BaseModel) -> int:
    missing = [
        name
        for name, field in type(model).model_fields.items()
        if field.is_required() and name not in model.model_fields_set
    ]
    return len(invalid_fields(model)) + len(missing)


def _member_for_tag(
    models: list[type[pydantic.BaseModel]], discriminator: str, data: dict[str, object]
) -> type[pydantic.BaseModel] | None:
    for model in models:
        field = model.model_fields.get(discriminator)
        if field is None:
            continue
        key = field.alias or discriminator
        tag = data.get(key, data.get(discriminator))
        if get_origin(field.annotation) is Literal and tag in get_args(field.annotation):
            return model
    return None


def _build_model(cls: type[pydantic.BaseModel], data: dict[str, object]) -> pydantic.BaseModel:
    """Construct `cls` field by field without raising; extra keys are kept as received."""
    values: dict[str, object] = {}
    fields_set: set[str] = set()
    invalid: list[str] = []
    rest = dict(data)
    for name, field in cls.model_fields.items():
        key = _key_in(rest, name, field)
        if key is None:
            if field.is_required():
                # Absent required key: None rather than an attribute that raises on access.
                values[name] = None
            continue
        value = rest.pop(key)
        fields_set.add(name)
        try:
            values[name] = _field_adapter(cls, name, field).validate_python(value)
        except ValidationError:
            values[name] = _build_lenient(field.annotation, value, field.discriminator)
            invalid.append(name)
    is_extra_allowed = cls.model_config.get("extra") == "allow"
    if is_extra_allowed:
        # As after validation: extra keys count as set.
        fields_set.update(rest)
    model = cls.model_construct(_fields_set=fields_set, **values)
    # Set extras ourselves: `model_construct` would also treat a key equal to a field's
    # Python name as that field.
    object.__setattr__(model, "__pydantic_extra__", rest if is_extra_allowed else None)
    if invalid and isinstance(model, BaseModel):
        mark_invalid_fields(model, frozenset(invalid))
    return model


def _key_in(data: dict[str, object], name: str, field: FieldInfo) -> str | None:
    alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
    if alias is not None and alias in data:
        return alias
    if name in data:
        return name
    return None


def _field_adapter(cls: type[pydantic.BaseModel], name: str, field: FieldInfo) -> TypeAdapter[Any]:
    key = (cls, name)
    adapter = _field_adapters.get(key)
    if adapter is None:
        annotation: Any = Any if field.annotation is None else field.annotation
        metadata: list[object] = list(field.metadata)
        if field.discriminator is not None:
            metadata.append(pydantic.Field(discriminator=field.discriminator))
        if metadata:
            # Subscripting with a tuple is how `Annotated[T, *metadata]` is spelt before 3.11.
            params = (annotation, *metadata)
            annotation = Annotated[params]
        adapter = TypeAdapter(annotation)
        _field_adapters[key] = adapter
    return adapter
