"""What a method parameter takes on the command line, read from its annotation, and its documentation.

`--user 12345` stays a string because `user` is a `str`; `--n 2` is an int; `--messages`
takes JSON because it is structured; `--file` takes a path. It must not parse the command
line (that is `api`) nor call anything.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pathlib
import re
import sys
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Tuple

import typing_extensions

from ..._types import FileContent, Omit

__all__ = ["ParamKind", "convert_value", "method_docs", "parameter_kinds"]

_UNIONS: FrozenSet[object] = frozenset({typing.Union, types.UnionType})
_WRAPPERS: FrozenSet[object] = frozenset(
    {typing_extensions.Required, typing_extensions.NotRequired, typing_extensions.ReadOnly, typing_extensions.Annotated}
)
_FILE_MEMBERS: FrozenSet[object] = frozenset(typing_extensions.get_args(FileContent))
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


@dataclass(frozen=True)
class ParamKind:
    """The shapes a parameter accepts: any of "str", "int", "float", "bool", "file", "json"; "any" when unknown."""

    kinds: FrozenSet[str] = field(default_factory=lambda: frozenset({"any"}))
    allows_none: bool = False

    @property
    def is_flag(self) -> bool:
        """A boolean parameter, which may be given without a value (`--stream`)."""
        return self.kinds == frozenset({"bool"})


def _members(tp: object) -> Tuple[object, ...]:
    origin = typing_extensions.get_origin(tp)
    if origin in _WRAPPERS:
        return _members(typing_extensions.get_args(tp)[0])
    if origin in _UNIONS:
        return tuple(m for arg in typing_extensions.get_args(tp) for m in _members(arg))
    supertype = getattr(tp, "__supertype__", None)  # NewType
    return _members(supertype) if supertype is not None else (tp,)


def _kind(tp: object) -> str | None:
    if tp is str or tp is bytes:
        return "str"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    origin = typing_extensions.get_origin(tp)
    if origin is typing_extensions.Literal:
        values = typing_extensions.get_args(tp)
        return "bool" if all(isinstance(v, bool) for v in values) else "str"
    if tp is Any or tp is object:
        return "any"
    if origin is not None or typing_extensions.is_typeddict(tp) or isinstance(tp, type):
        return "json"  # lists, iterables, mappings, TypedDicts, models
    return "any"


def kind_of(annotation: object) -> ParamKind:
    """The `ParamKind` of a resolved annotation."""
    members = [m for m in _members(annotation) if m is not Omit]
    allows_none = any(m is type(None) for m in members)
    members = [m for m in members if m is not type(None)]
    kinds: set[str] = set()
    if set(members) >= _FILE_MEMBERS:
        kinds.add("file")
        members = [m for m in members if m not in _FILE_MEMBERS and typing_extensions.get_origin(m) is not tuple]
    for member in members:
        kind = _kind(member)
        if kind is not None:
            kinds.add(kind)
    if "any" in kinds or not kinds:
        kinds = {"any"}
    return ParamKind(frozenset(kinds), allows_none)


def _type_checking_names(method: Callable[..., Any]) -> Dict[str, Any]:
    """The names the method's module imports under `if TYPE_CHECKING:` (generated resources
    import argument types there so that importing them stays cheap), imported now."""
    module = sys.modules.get(getattr(method, "__module__", ""), None)
    if module is None:
        return {}
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return {}
    names: Dict[str, Any] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom):
                source = importlib.import_module("." * statement.level + (statement.module or ""), module.__package__)
                for alias in statement.names:
                    value = getattr(source, alias.name, None)
                    if value is None:  # a submodule (`from ..types import x_params`)
                        value = importlib.import_module(f"{source.__name__}.{alias.name}")
                    names[alias.asname or alias.name] = value
    return names


def parameter_kinds(method: Callable[..., Any]) -> Dict[str, ParamKind]:
    """Each parameter's `ParamKind`; {} when the annotations cannot be resolved (then values are guessed)."""
    try:
        hints = typing_extensions.get_type_hints(method, include_extras=True)
    except NameError:  # an argument type imported for type checkers only: import it now
        try:
            namespace = {**vars(sys.modules[method.__module__]), **_type_checking_names(method)}
            hints = typing_extensions.get_type_hints(method, globalns=namespace, include_extras=True)
        except Exception:
            return {}
    except Exception:  # an unresolvable forward reference: fall back to guessing from the text
        return {}
    return {name: kind_of(hint) for name, hint in hints.items() if name != "return"}


def convert_value(name: str, text: str, kind: ParamKind) -> object:
    """Convert one option value by its parameter's kind.

    Raises:
        ValueError: the text does not fit the parameter (the message names the option).
    """
    option = "--" + name.replace("_", "-")
    kinds = kind.kinds
    if kind.allows_none and text == "null":
        return None
    if "file" in kinds:
        return pathlib.Path(text)
    if "any" in kinds:
        return _json_or_text(text)
    if "json" in kinds and (text[:1] in "[{" or "str" not in kinds):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{option} takes JSON ({exc.msg} at position {exc.pos}): {text[:60]!r}") from None
    if "str" in kinds:
        return text
    lowered = text.lower()
    if "bool" in kinds and lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    if "int" in kinds and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if "float" in kinds:
        try:
            return float(text)
        except ValueError:
            pass
    expected = " or ".join(
        {"bool": "true/false", "int": "a whole number", "float": "a number"}[k]
        for k in ("bool", "int", "float")
        if k in kinds
    )
    raise ValueError(f"{option} takes {expected}, got {text!r}")


def _json_or_text(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


def method_docs(method: Callable[..., Any]) -> Tuple[str, Dict[str, str]]:
    """The first paragraph of a method's docstring and each parameter's one-line description.

    Overloaded methods document their overloads; the first overload's docstring is used.
    """
    doc = inspect.getdoc(method)
    if not doc:
        get_overloads: Callable[[object], List[Callable[..., Any]]] | None = getattr(typing, "get_overloads", None)
        function: object = getattr(method, "__func__", method)
        overloads = get_overloads(function) if get_overloads is not None else []  # Python 3.11+
        doc = next((d for d in map(inspect.getdoc, overloads) if d), None)
    if not doc:
        return "", {}
    summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    descriptions: dict[str, str] = {}
    _, _, args_section = doc.partition("\nArgs:\n")
    current: str | None = None
    for line in args_section.splitlines():
        if line and not line.startswith(" "):
            break  # the next section (Returns:, Raises:, ...)
        match = re.match(r"^ {4}(\w+): (.*)$", line)
        if match:
            current = str(match.group(1))
            descriptions[current] = str(match.group(2)).strip()
        elif current is not None and line.strip():
            descriptions[current] += " " + line.strip()
    return summary, {name: _first_sentence(text) for name, text in descriptions.items()}


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
