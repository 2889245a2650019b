"""Params (TypedDict-shaped dicts) → JSON-ready wire data, through a per-type plan compiled once.

`transform` drops `omit` at any depth, unwraps `override(...)` verbatim, renames keys by
`PropertyInfo(alias=...)`, applies `PropertyInfo(format=...)`, dumps pydantic models, turns
declared iterables into lists and runs cheap type checks. It must not do I/O, build multipart
bodies (see `_files`) or encode JSON.
"""

from __future__ import annotations

import base64
import threading
import types
import typing
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from datetime import date, datetime
from typing import Any, Union

import pydantic
import typing_extensions
from typing_extensions import Annotated, Literal, NotRequired, ReadOnly, Required, is_typeddict

from ._files import is_file_content
from ._key_hints import KeyHint, key_hints
from ._params import PropertyInfo
from ._types import FileContent, Override, omit

__all__ = ["transform"]

_QUALIFIER_NAMES = ("Required", "NotRequired", "ReadOnly")
_KEY_QUALIFIERS: frozenset[object] = frozenset(
    {Required, NotRequired, ReadOnly, *(getattr(typing, n) for n in _QUALIFIER_NAMES if hasattr(typing, n))}
)
_UNION_ORIGINS: frozenset[object] = frozenset({Union, types.UnionType})
_LIST_ORIGINS: frozenset[object] = frozenset(
    {list, set, frozenset, Iterable, Sequence, MutableSequence, typing.AbstractSet, typing.MutableSet}
)
_MAPPING_ORIGINS: frozenset[object] = frozenset({dict, Mapping, typing.MutableMapping})
_NOT_A_LIST = (str, bytes, bytearray, Mapping)
_MAX_SHOWN_VALUE = 60
_ISO8601 = PropertyInfo(format="iso8601")


def transform(data: object, expected_type: object) -> Any:
    """Turn a params dict (or any params value) into the data sent on the wire.

    Args:
        data: the value built by a generated method, usually a dict of its keyword arguments.
        expected_type: the declared type, usually a generated params `TypedDict`.

    Returns:
        A new JSON-ready value: `omit` dropped at any depth, `override(...)` values unwrapped
        and not transformed further, aliases and formats applied, non-list iterables made
        lists, pydantic models dumped. Keys not declared by the TypedDict are kept. File inputs
        pass through unchanged.

    Raises:
        TypeError: a value does not fit its declared type; the message names the key path,
            e.g. "`messages[0].role` must be one of 'user', 'system', got 'admin'".
    """
    if isinstance(data, Override):
        return data.value
    try:
        return _plan(expected_type).apply(data)
    except _Invalid as error:
        raise TypeError(error.message()) from None


# --- Errors -------------------------------------------------------------------------------


class _Invalid(Exception):
    """Raised by a plan node; containers append their key on the way up, so the path costs nothing until it is read."""

    def __init__(self, expected: str, value: object, *, show_value: bool = False) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value
        self.show_value = show_value
        self.path: list[str | int] = []  # innermost first
        self.hint = ""

    def message(self) -> str:
        got = _short_repr(self.value) if self.show_value else type(self.value).__name__
        if not self.path:
            return f"Expected {self.expected}, got {got}{self.hint}"
        text = ""
        for part in reversed(self.path):
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return f"`{text}` must be {self.expected}, got {got}{self.hint}"


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN_VALUE else text[: _MAX_SHOWN_VALUE - 1] + "…"


# --- Untyped values -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Strip `omit`, unwrap `override`, dump models and dates in data with no declared shape."""
    # Tests on `kind` rather than isinstance on `value`: cheaper, and keeps `value` typed Any.
    kind: type[object] = value.__class__
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return {key: _plain(item) for key, item in value.items() if item is not omit}
    if kind is list:
        return [_plain(item) for item in value if item is not omit]
    if kind is Override:
        return value.value
    if issubclass(kind, tuple):
        return value if is_file_content(value) else [_plain(item) for item in value if item is not omit]
    if issubclass(kind, date):  # datetime included
        return value.isoformat()
    if issubclass(kind, pydantic.BaseModel):
        return _dump(value)
    if issubclass(kind, Mapping):
        return {key: _plain(item) for key, item in value.items() if item is not omit}
    return value


def _dump(model: pydantic.BaseModel) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- Plan nodes ---------------------------------------------------------------------------


class _Node:
    """One compiled annotation: `apply` checks and converts a value, `matches` is a shallow test for unions."""

    __slots__ = ("name", "plural", "same_kinds")

    def __init__(self, name: str, plural: str, same_kinds: frozenset[type] = frozenset()) -> None:
        self.name = name
        self.plural = plural
        # Exact classes `apply` returns unchanged and never rejects: containers skip the call for them.
        self.same_kinds = same_kinds

    def apply(self, value: Any) -> Any:
        return _plain(value)

    def matches(self, value: Any) -> bool:
        return True


_SCALAR_KINDS: frozenset[type] = frozenset({str, int, float, bool, type(None)})
_ANY = _Node("any value", "values", _SCALAR_KINDS)


class _ScalarNode(_Node):
    __slots__ = ("accepted", "exact", "rejects_bool")

    def __init__(self, name: str, plural: str, exact: type, accepted: tuple[type, ...]) -> None:
        super().__init__(
            name, plural, frozenset({exact, *(k for k in accepted if k in _SCALAR_KINDS and k is not bool)})
        )
        self.exact = exact
        self.accepted = accepted
        # bool subclasses int, but True is not a valid int or float parameter.
        self.rejects_bool = exact is not bool

    def apply(self, value: Any) -> Any:
        if type(value) is self.exact or self.matches(value):
            return value
        raise _Invalid(self.name, value)

    def matches(self, value: Any) -> bool:
        return isinstance(value, self.accepted) and not (self.rejects_bool and isinstance(value, bool))


_SCALARS: dict[object, _Node] = {
    str: _ScalarNode("a string", "strings", str, (str,)),
    int: _ScalarNode("an integer", "integers", int, (int,)),
    float: _ScalarNode("a number", "numbers", float, (int, float)),
    bool: _ScalarNode("a boolean", "booleans", bool, (bool,)),
    type(None): _ScalarNode("None", "None values", type(None), (type(None),)),
}


_SCALAR_SAMPLES: dict[type, object] = {str: "", int: 0, float: 0.0, bool: False, type(None): None}


class _LiteralNode(_Node):
    __slots__ = ("ordered", "values")

    def __init__(self, values: tuple[object, ...]) -> None:
        shown = ", ".join(repr(v) for v in values)
        super().__init__(f"one of {shown}" if len(values) > 1 else shown, shown)
        self.values = frozenset(values)
        self.ordered = values  # declaration order, for stable messages

    def apply(self, value: Any) -> Any:
        try:
            if value in self.values:
                return value
        except TypeError:  # unhashable values are never literals
            pass
        raise _Invalid(self.name, value, show_value=True)

    def matches(self, value: Any) -> bool:
        try:
            return value in self.values
        except TypeError:  # unhashable values are never literals
            return False


class _FormatNode(_Node):
    __slots__ = ("format", "inner", "template")

    def __init__(self, inner: _Node, info: PropertyInfo, name: str | None = None) -> None:
        super().__init__(name or inner.name, f"{name}s" if name else inner.plural, inner.same_kinds)
        self.inner = inner
        self.format = info.format
        self.template = info.format_template

    def apply(self, value: Any) -> Any:
        if isinstance(value, datetime | date):
            if self.format == "iso8601":
                return value.isoformat()
            if self.format == "custom" and self.template is not None:
                return value.strftime(self.template)
        elif self.format == "base64" and isinstance(value, bytes | bytearray):
            return base64.b64encode(value).decode("ascii")
        return self.inner.apply(value)

    def matches(self, value: Any) -> bool:
        return isinstance(value, date | bytes | bytearray) or self.inner.matches(value)


class _ListNode(_Node):
    __slots__ = ("item",)

    def __init__(self, item: _Node) -> None:
        super().__init__(f"an iterable of {item.plural}", "iterables")
        self.item = item

    def apply(self, value: Any) -> Any:
        kind: type[object] = value.__class__
        if kind is not list and kind is not tuple and not self.matches(value):
            raise _Invalid(self.name, value)
        item_node = self.item
        same_kinds = item_node.same_kinds
        out: list[object] = []
        index = 0
        try:
            for index, item in enumerate(value):  # noqa: B007  # index is read by the except clause
                if item.__class__ in same_kinds:
                    out.append(item)
                elif item is not omit:
                    out.append(item.value if type(item) is Override else item_node.apply(item))
        except _Invalid as error:
            error.path.append(index)
            raise
        return out

    def matches(self, value: Any) -> bool:
        kind: type[object] = value.__class__
        if kind is list:  # skips the slower ABC check on the common case
            return True
        if kind in _SCALAR_KINDS:
            # Never iterables of items; and testing them against `Mapping` would fill the ABC
            # caches with weak references (a union's plan tests one sample of each).
            return False
        return not isinstance(value, _NOT_A_LIST) and hasattr(value, "__iter__")


class _DictNode(_Node):
    """A TypedDict (declared `fields`, undeclared keys through `rest`) or a `Dict[str, X]` (no fields)."""

    __slots__ = ("fields", "rest", "tags", "uncompiled")

    def __init__(self, rest: _Node = _ANY) -> None:
        super().__init__("a dict", "dicts")
        self.rest = rest
        # key → (wire name, node, node.same_kinds); filled after registration so a recursive
        # TypedDict can refer to itself.
        self.fields: dict[str, tuple[str, _Node, frozenset[type]]] = {}
        # Keys declared as Literal: their values tell union members apart.
        self.tags: dict[str, _LiteralNode] = {}
        # Declared keys compiled on their first value: a call sending 2 keys of 50 compiles 2
        # (and imports the params modules of those 2 only: see `_key_hints`).
        self.uncompiled: dict[str, KeyHint] = {}

    def apply(self, value: Any) -> Any:
        kind: type[object] = value.__class__
        if kind is not dict:
            if issubclass(kind, pydantic.BaseModel):
                return _dump(value)
            if not issubclass(kind, Mapping):
                raise _Invalid(self.name, value)
        fields = self.fields
        rest = self.rest
        out: dict[object, object] = {}
        key: Any = None
        try:
            for key, item in value.items():
                if item is omit:
                    continue
                field = fields.get(key)
                if field is None and key in self.uncompiled:
                    field = self._compile_field(key)
                if field is None:
                    out[key] = item.value if type(item) is Override else rest.apply(item)
                elif item.__class__ in field[2]:
                    out[field[0]] = item
                else:
                    out[field[0]] = item.value if type(item) is Override else field[1].apply(item)
        except _Invalid as error:
            error.path.append(str(key))
            raise
        return out

    def _compile_field(self, key: str) -> tuple[str, _Node, frozenset[type]]:
        with _LOCK:
            field = self.fields.get(key)
            if field is None:
                annotation = self.uncompiled[key].resolve()
                field = _field(_plan(annotation), annotation, key)
                self.fields[key] = field  # published before the key leaves `uncompiled`
                del self.uncompiled[key]
        return field

    def matches(self, value: Any) -> bool:
        kind: type[object] = value.__class__
        if kind in _SCALAR_KINDS:
            return False  # before the ABC checks, which would cache a weak reference per kind
        if issubclass(kind, pydantic.BaseModel):
            return True
        if kind is not dict and not issubclass(kind, Mapping):
            return False
        for key, literal in self.tags.items():
            tag = value.get(key, omit)
            if tag is not omit and type(tag) is not Override and not literal.matches(tag):
                return False
        return True


class _UnionNode(_Node):
    __slots__ = ("_by_scalar_kind", "_dispatch", "members")

    def __init__(self, members: list[_Node]) -> None:
        # "a string or one of 'a', 'b'" says no more than "a string": leave such literals out.
        shown = [m for m in members if not (_SCALARS[str] in members and _is_str_literal(m))]
        super().__init__(_join(m.name for m in shown), _join(m.plural for m in shown))
        self.members = members
        self._dispatch: tuple[str, dict[object, _Node]] | None | bool = False  # False: not computed yet
        # Every member returns a plain scalar unchanged, so for a scalar type whose acceptance
        # does not depend on the value (no literal or format member), the answer is known now.
        self._by_scalar_kind: dict[type, bool] = {}
        if not any(isinstance(m, _FormatNode) for m in members):
            literal_kinds = {type(v) for m in members if isinstance(m, _LiteralNode) for v in m.values}
            for kind, sample in _SCALAR_SAMPLES.items():
                if kind not in literal_kinds:
                    self._by_scalar_kind[kind] = any(m.matches(sample) for m in members)
        self.same_kinds = frozenset(kind for kind, is_accepted in self._by_scalar_kind.items() if is_accepted)

    def apply(self, value: Any) -> Any:
        kind: type[object] = value.__class__
        is_accepted = self._by_scalar_kind.get(kind)
        if is_accepted is not None:
            if is_accepted:
                return value
            raise _Invalid(self.name, value)
        if kind is dict:
            dispatch = self._dispatch if self._dispatch is not False else self._compute_dispatch()
            if isinstance(dispatch, tuple):
                tag_key, by_tag = dispatch
                tag = value.get(tag_key, omit)
                if tag is not omit and type(tag) is not Override:
                    try:
                        member = by_tag.get(tag)
                    except TypeError:  # unhashable tag value
                        member = None
                    if member is None:
                        error = _Invalid(f"one of {', '.join(map(repr, by_tag))}", tag, show_value=True)
                        error.path.append(tag_key)
                        raise error
                    return member.apply(value)
        best: _Invalid | None = None
        for member in self.members:
            if not member.matches(value):
                continue
            try:
                return member.apply(value)
            except _Invalid as error:
                if best is None or len(error.path) > len(best.path):
                    best = error
        raise best if best is not None else _Invalid(self.name, value)

    def matches(self, value: Any) -> bool:
        return any(member.matches(value) for member in self.members)

    def _compute_dispatch(self) -> tuple[str, dict[object, _Node]] | None:
        # Done on first use: members may be TypedDicts still compiling when the union is built.
        dispatch: tuple[str, dict[object, _Node]] | None = None
        dicts = [m for m in self.members if isinstance(m, _DictNode) and m.tags]
        if dicts and len(dicts) == sum(1 for m in self.members if m.matches({})):
            for key in dicts[0].tags:
                by_tag: dict[object, _Node] = {}
                for member in dicts:
                    literal = member.tags.get(key)
                    if literal is None or any(tag in by_tag for tag in literal.ordered):
                        break
                    by_tag.update(dict.fromkeys(literal.ordered, member))
                else:
                    dispatch = (key, by_tag)
                    break
        self._dispatch = dispatch
        return dispatch


class _FileNode(_Node):
    """A file parameter: bytes, a file object, a path or a tuple; text is refused, since it would be sent as a form field."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("a file (a pathlib.Path, bytes, a file object or a (filename, content) tuple)", "files")

    def apply(self, value: Any) -> Any:
        if is_file_content(value):
            return value
        if isinstance(value, str):
            error = _Invalid(self.name, value)
            error.hint = f"; to upload a file by name pass pathlib.Path({_short_repr(value)})"
            raise error
        raise _Invalid(self.name, value)

    def matches(self, value: Any) -> bool:
        return is_file_content(value)


_FILE = _FileNode()
# The members of `FileContent`; a union holding all of them is a file parameter (`FileTypes`).
_FILE_CONTENT_ARGS: frozenset[object] = frozenset(typing_extensions.get_args(FileContent))


def _is_str_literal(node: _Node) -> bool:
    return isinstance(node, _LiteralNode) and all(isinstance(v, str) for v in node.values)


def _join(parts: Iterable[str]) -> str:
    return " or ".join(dict.fromkeys(parts))


# --- Compiling plans ----------------------------------------------------------------------

_CACHE: dict[object, _Node] = {}
_LOCK = threading.RLock()


def _plan(expected_type: object) -> _Node:
    """Return the compiled plan for `expected_type`, compiling and caching it on first use."""
    try:
        node = _CACHE.get(expected_type)
    except TypeError:  # an unhashable annotation: compile every time rather than fail
        return _Compiler({}).compile(expected_type)
    if node is None:
        with _LOCK:
            node = _CACHE.get(expected_type)
            if node is None:
                pending: dict[object, _Node] = {}
                node = _Compiler(pending).compile(expected_type)
                # Publish only finished nodes: recursive TypedDicts are complete once compile returns.
                _CACHE.update(pending)
    return node


class _Compiler:
    __slots__ = ("pending",)

    def __init__(self, pending: dict[object, _Node]) -> None:
        self.pending = pending

    def compile(self, tp: object) -> _Node:
        try:
            node = _CACHE.get(tp) or self.pending.get(tp)
        except TypeError:
            return self._build(tp)
        if node is None:
            node = self._build(tp)
            self.pending[tp] = node
        return node

    def _build(self, tp: object) -> _Node:
        scalar = _SCALARS.get(tp)
        if scalar is not None:
            return scalar
        if is_typeddict(tp):
            return self._typed_dict(tp)  # type: ignore[arg-type]  # is_typeddict: a class
        if tp is datetime or tp is date:
            # Declared without a format: ISO 8601, and text given in its place is kept.
            return _FormatNode(_SCALARS[str], _ISO8601, name="a datetime")
        supertype = getattr(tp, "__supertype__", None)  # NewType
        if supertype is not None:
            return self.compile(supertype)
        origin = typing_extensions.get_origin(tp)
        args = typing_extensions.get_args(tp)
        if origin in _KEY_QUALIFIERS:
            return self.compile(args[0])
        if origin is Annotated:
            inner = self.compile(args[0])
            info = next((m for m in reversed(args[1:]) if isinstance(m, PropertyInfo) and m.format), None)
            return inner if info is None else _FormatNode(inner, info)
        if origin is Literal:
            return _LiteralNode(args)
        if origin in _UNION_ORIGINS:
            return self._union(args)
        if origin in _LIST_ORIGINS or tp in _LIST_ORIGINS:
            return _ListNode(self.compile(args[0]) if args else _ANY)
        if origin in _MAPPING_ORIGINS:
            value_node = self.compile(args[1]) if len(args) == 2 else _ANY
            return _ANY if value_node is _ANY else _DictNode(value_node)
        # Any, object, bytes, IO, PathLike, tuples, models, unresolved refs: accept anything.
        return _ANY

    def _union(self, args: tuple[object, ...]) -> _Node:
        members: list[_Node] = []
        if set(args) >= _FILE_CONTENT_ARGS:
            # `FileTypes` (maybe Optional, maybe beside a list of files): its content types and tuples are one node.
            members.append(_FILE)
            args = tuple(
                a for a in args if a not in _FILE_CONTENT_ARGS and typing_extensions.get_origin(a) is not tuple
            )
        for arg in args:
            node = self.compile(arg)
            if node is _ANY:
                return _ANY
            flat = node.members if isinstance(node, _UnionNode) else [node]
            members.extend(m for m in flat if m not in members)
        return members[0] if len(members) == 1 else _UnionNode(members)

    def _typed_dict(self, cls: type) -> _Node:
        node = _DictNode()
        self.pending[cls] = node  # before the fields, so self-references find it
        for key, hint in key_hints(cls).items():
            # A key whose annotation names a name not loaded yet is no literal tag: generated
            # params modules import literal aliases eagerly for this.
            annotation = hint.early()
            if annotation is None or not _is_literal(annotation):
                node.uncompiled[key] = hint  # resolved and compiled when a value for it first comes
                continue
            field = self.compile(annotation)
            node.fields[key] = _field(field, annotation, key)
            # Not only required keys: `__required_keys__` is wrong under postponed annotations,
            # and a literal key that is present must match whether or not it is required.
            if isinstance(field, _LiteralNode):
                node.tags[key] = field
        return node


def _field(node: _Node, annotation: object, key: str) -> tuple[str, _Node, frozenset[type]]:
    return (_alias(annotation) or key, node, node.same_kinds)


def _is_literal(annotation: object) -> bool:
    """A `Literal` under qualifiers and `Annotated`: a tag telling union members apart, compiled at once."""
    while True:
        origin = typing_extensions.get_origin(annotation)
        if origin in _KEY_QUALIFIERS or origin is Annotated:
            annotation = typing_extensions.get_args(annotation)[0]
        else:
            supertype: object = getattr(annotation, "__supertype__", None)  # NewType
            if supertype is not None:
                annotation = supertype
                continue
            return origin is Literal


def _alias(annotation: object) -> str | None:
    """The wire alias of a key, from a `PropertyInfo` on its outer `Annotated` (inside or outside `Required`)."""
    while True:
        origin = typing_extensions.get_origin(annotation)
        args = typing_extensions.get_args(annotation)
        if origin in _KEY_QUALIFIERS:
            annotation = args[0]
        elif origin is Annotated:
            for meta in args[1:]:
                if isinstance(meta, PropertyInfo) and meta.alias is not None:
                    return meta.alias
            annotation = args[0]
        else:
            return None
