"""A response type's first small body, built without compiling a pydantic-core validator.

Compiling a validator is the largest cost of a short process's first call: pydantic's plugin
scan (which imports `importlib.metadata`) and the schema build of every nested model, about
7 ms and 2.4 MB for a chat completion. When every value of a small body already has exactly
its declared JSON type, what the validator would build is known without running it: the same
values (an int given for a float made a float), defaults for the missing fields, unknown keys
kept as extras and counted as set. `parse_cold` builds that with `json.loads` and
`model_construct`. For anything else (a value that needs coercion or the lenient pass, a union
whose members could both take the value, a model with validators) it answers None and the
caller validates as usual; it never guesses. Only a type's first parse comes here.
"""

from __future__ import annotations

import json
import types
from typing import Any, Callable, Dict, List, Union, cast

import pydantic
from pydantic.fields import FieldInfo
from typing_extensions import Annotated, Literal, get_args, get_origin

__all__ = ["COLD_PARSE_MAX_BYTES", "parse_cold"]

# Above this size the validator's speed pays for its build even in a one-call process.
COLD_PARSE_MAX_BYTES = 32 * 1024

_Build = Callable[[Any], Any]


class _Misfit(Exception):
    """The value is not exactly of its declared type: let the validator decide."""


class _Unsupported(Exception):
    """The type has a part this module does not rebuild exactly (validators, constraints, dates...)."""


def _reject_constant(name: str) -> object:
    # NaN and Infinity are not JSON; pydantic-core's parser rejects them.
    raise _Misfit(name)


_tried: set[object] = set()


def parse_cold(model: type[pydantic.BaseModel], raw: bytes | str) -> pydantic.BaseModel | None:
    """Build `model` from `raw` if this is the type's first parse and the body fits it exactly.

    Returns:
        The model the validator would have built, or None: not the first parse of `model`,
        a body over `COLD_PARSE_MAX_BYTES`, or one that does not fit exactly (the caller
        then validates it).
    """
    if model in _tried or len(raw) > COLD_PARSE_MAX_BYTES:
        return None
    _tried.add(model)
    try:
        build = _Compiler().compile(model)  # not kept: a type comes here once
    except _Unsupported:
        return None
    try:
        # Strict UTF-8 like pydantic-core: `json.loads(bytes)` would also guess UTF-16 and 32.
        text = raw if isinstance(raw, str) else bytes(raw).decode()
        if "\\ud" in text or "\\uD" in text:
            return None  # maybe an escaped lone surrogate, which pydantic-core refuses
        result: pydantic.BaseModel = build(json.loads(text, parse_constant=_reject_constant))
    except (_Misfit, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError too
        return None
    return result


# --- Plan nodes: each returns what the validator would, or raises _Misfit -----------------


def _exactly(kind: type) -> _Build:
    def build(value: Any) -> Any:
        if type(value) is not kind:  # bool is not an int here, as in pydantic's strict check
            raise _Misfit
        return value

    return build


def _as_float(value: Any) -> Any:
    kind: type[object] = value.__class__
    if kind is float:
        return value
    if kind is int:
        try:
            return float(value)
        except OverflowError:
            raise _Misfit from None
    raise _Misfit


def _as_is(value: Any) -> Any:
    return value


def _none(value: Any) -> Any:
    if value is not None:
        raise _Misfit
    return None


def _literal(values: tuple[object, ...]) -> _Build:
    allowed = frozenset((type(v), v) for v in values)

    def build(value: Any) -> Any:
        try:
            if (type(value), value) in allowed:
                return value
        except TypeError:  # unhashable: a list or an object
            pass
        raise _Misfit

    return build


def _list_of(item: _Build) -> _Build:
    def build(value: Any) -> Any:
        if value.__class__ is not list:
            raise _Misfit
        return [item(v) for v in value]

    return build


def _dict_of(item: _Build) -> _Build:
    def build(value: Any) -> Any:
        if type(value) is not dict:
            raise _Misfit
        entries = cast(Dict[str, Any], value)  # a JSON object: str keys
        return {k: item(v) for k, v in entries.items()}

    return build


class _Member:
    """A union member: its plan, the JSON kinds it can take, and whether it returns values unchanged."""

    __slots__ = ("build", "is_identity", "kinds")

    def __init__(self, build: _Build, kinds: frozenset[type], *, is_identity: bool) -> None:
        self.build = build
        self.kinds = kinds
        self.is_identity = is_identity


_ALL_KINDS: frozenset[type] = frozenset({str, int, float, bool, type(None), list, dict})


def _union(members: list[_Member]) -> _Build:
    def build(value: Any) -> Any:
        kind: type[object] = value.__class__
        candidates = [m for m in members if kind in m.kinds]
        if len(candidates) == 1:
            return candidates[0].build(value)
        # Several members take this kind: only safe when each returns the value unchanged, so
        # whichever pydantic's smart mode picks gives the same result.
        if not candidates or not all(m.is_identity for m in candidates):
            raise _Misfit
        for member in candidates:
            try:
                return member.build(value)
            except _Misfit:
                continue
        raise _Misfit

    return build


def _tagged(key: str, by_tag: dict[str, _Build]) -> _Build:
    def build(value: Any) -> Any:
        if type(value) is not dict:
            raise _Misfit
        data = cast(Dict[str, Any], value)  # a JSON object: str keys
        tag: object = data.get(key)
        member = by_tag.get(tag) if isinstance(tag, str) else None
        if member is None:
            raise _Misfit
        return member(value)

    return build


class _ModelPlan:
    """Builds one model class: declared fields by wire key, the other keys as extras."""

    def __init__(self, cls: type[pydantic.BaseModel]) -> None:
        self.cls = cls
        self.fields: list[tuple[str, str, _Build, bool]] = []  # name, wire key, plan, required
        self.keys: frozenset[str] = frozenset()
        self.shadowed: frozenset[str] = frozenset()  # Python names that differ from their alias

    def __call__(self, value: Any) -> Any:
        if type(value) is not dict:
            raise _Misfit
        data = cast(Dict[str, Any], value)  # a JSON object: str keys
        if self.shadowed and not self.shadowed.isdisjoint(data):
            raise _Misfit  # populate_by_name: the validator may read the key as the field
        values: dict[str, Any] = {}
        for name, key, build, required in self.fields:
            if key in data:
                values[name] = build(data[key])
            elif required:
                raise _Misfit
        keys = self.keys
        extra = {k: v for k, v in data.items() if k not in keys}
        # As after validation: the fields received and the extra keys count as set.
        model = self.cls.model_construct(_fields_set={*values, *extra}, **values)
        object.__setattr__(model, "__pydantic_extra__", extra)
        return model


class _Compiler:
    def __init__(self) -> None:
        self.models: dict[type, _ModelPlan] = {}

    def compile(self, tp: Any) -> _Build:
        return self._member(tp).build

    def _member(self, tp: Any) -> _Member:
        what: Any = tp  # not narrowed below: named in the error
        if tp is str or tp is int or tp is bool:
            return _Member(_exactly(tp), frozenset({tp}), is_identity=True)
        if tp is float:
            return _Member(_as_float, frozenset({int, float}), is_identity=False)
        if tp is type(None) or tp is None:
            return _Member(_none, frozenset({type(None)}), is_identity=True)
        if tp is Any or tp is object:
            return _Member(_as_is, _ALL_KINDS, is_identity=True)
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            return _Member(self._model(tp), frozenset({dict}), is_identity=False)
        origin = get_origin(tp)
        args = get_args(tp)
        if origin is Literal:
            literal_kinds: frozenset[type] = frozenset(a.__class__ for a in args)
            return _Member(_literal(args), literal_kinds, is_identity=True)
        if origin is list or origin is List:
            item = self.compile(args[0]) if args else _as_is
            return _Member(_list_of(item), frozenset({list}), is_identity=False)
        if (origin is dict or origin is Dict) and (not args or args[0] is str):
            item = self.compile(args[1]) if args else _as_is
            return _Member(_dict_of(item), frozenset({dict}), is_identity=False)
        if origin is Union or origin is types.UnionType:
            return self._union(args, None)
        if origin is Annotated:
            return self._annotated(args[0], args[1:])
        raise _Unsupported(what)

    def _annotated(self, inner: Any, metadata: tuple[object, ...]) -> _Member:
        discriminator: str | None = None
        for item in metadata:
            if (
                not isinstance(item, FieldInfo)
                or item.metadata
                or not isinstance(item.discriminator, (str, type(None)))
            ):
                raise _Unsupported(item)  # constraints, callable discriminators, foreign metadata
            discriminator = item.discriminator or discriminator
        if discriminator is None:
            return self._member(inner)
        origin = get_origin(inner)
        if origin is not Union and origin is not types.UnionType:
            raise _Unsupported(inner)
        return self._union(get_args(inner), discriminator)

    def _union(self, args: tuple[Any, ...], discriminator: str | None) -> _Member:
        if discriminator is None:
            members = [self._member(a) for a in args]
            kinds = frozenset[type]().union(*(m.kinds for m in members))
            return _Member(_union(members), kinds, is_identity=all(m.is_identity for m in members))
        by_tag: dict[str, _Build] = {}
        key: str | None = None
        for arg in args:
            member: object = arg
            if not (isinstance(member, type) and issubclass(member, pydantic.BaseModel)):
                raise _Unsupported(arg)
            field = member.model_fields.get(discriminator)
            if field is None or get_origin(field.annotation) is not Literal:
                raise _Unsupported(member)
            member_key = field.alias or discriminator
            if key not in (None, member_key):
                raise _Unsupported(member)
            key = member_key
            plan = self._model(member)
            for tag in get_args(field.annotation):
                if not isinstance(tag, str) or tag in by_tag:
                    raise _Unsupported(member)
                by_tag[tag] = plan
        if key is None:
            raise _Unsupported(args)
        return _Member(_tagged(key, by_tag), frozenset({dict}), is_identity=False)

    def _model(self, cls: type[pydantic.BaseModel]) -> _ModelPlan:
        plan = self.models.get(cls)
        if plan is not None:
            return plan
        _check_plain(cls)
        plan = self.models[cls] = _ModelPlan(cls)  # before the fields: models may recurse
        fields: list[tuple[str, str, _Build, bool]] = []
        for name, field in cls.model_fields.items():
            if field.metadata or field.validation_alias not in (None, field.alias) or field.default_factory:
                raise _Unsupported(cls, name)
            annotation: Any = field.annotation
            if field.discriminator is not None:
                annotation = Annotated[annotation, pydantic.Field(discriminator=field.discriminator)]
            fields.append((name, field.alias or name, self.compile(annotation), field.is_required()))
        plan.fields = fields
        plan.keys = frozenset(key for _, key, _, _ in fields)
        plan.shadowed = frozenset(name for name, key, _, _ in fields if name != key)
        return plan


def _check_plain(cls: type[pydantic.BaseModel]) -> None:
    """Refuse models whose validation does more than check types: validators, hooks, private state."""
    decorators = cls.__pydantic_decorators__
    config = cls.model_config
    if (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
        or cls.__pydantic_post_init__ is not None
        or cls.__private_attributes__
        or cls.__pydantic_root_model__
        or config.get("extra") != "allow"
        or config.get("strict")
        or config.get("revalidate_instances", "never") != "never"
        or config.get("str_strip_whitespace")
        or config.get("str_to_lower")
        or config.get("str_to_upper")
        or config.get("str_max_length") is not None
        or config.get("str_min_length")
        or config.get("frozen")
        or config.get("validate_default")
        or config.get("validate_by_alias") is False
    ):
        raise _Unsupported(cls)
