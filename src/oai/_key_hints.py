"""A TypedDict's key annotations, each resolved only when it is needed.

Generated params modules import the names their TypedDicts' annotations use for type checkers
only and load them on first access (`_lazy.lazy_imports`). Resolving every key of a params
class up front would import its whole tree of params modules; `key_hints` resolves nothing,
and each `KeyHint` says what its key is without importing (`early`: enough to find the
`Literal` tags that tell union members apart) or in full, importing what it names (`resolve`).
"""

from __future__ import annotations

import builtins
import sys
import types
from collections.abc import Iterator, Mapping
from typing import Any, ForwardRef

import typing_extensions

__all__ = ["KeyHint", "key_hints"]


class _LoadFailed(Exception):
    """A lazily imported name failed to load: raised as its own error, never read as an unknown name."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class _NotLoaded(Exception):
    """An annotation names a name its module has not loaded yet."""


class _LoadedNames(Mapping[str, object]):
    """A `locals` for `eval` that imports nothing: a name is the TypedDict's own, one its module
    has loaded, or a builtin; any other ends the evaluation (`_NotLoaded`) before the module's
    `__builtins__` (`_lazy._LazyBuiltins`) could import it."""

    __slots__ = ("_globals", "_own")

    def __init__(self, globalns: dict[str, Any], own: dict[str, object]) -> None:
        self._globals = globalns
        self._own = own

    def __getitem__(self, name: str) -> object:
        for names in (self._own, self._globals, vars(builtins)):
            if name in names:
                return names[name]
        raise _NotLoaded(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._own)

    def __len__(self) -> int:
        return len(self._own)


class _ModuleNames(Mapping[str, object]):
    """A `locals` for `eval` reading a module's names through `getattr`: a name the module's
    `__getattr__` imports lazily is imported on first use."""

    __slots__ = ("_module", "_own")

    def __init__(self, module: types.ModuleType | None, own: dict[str, object]) -> None:
        self._module = module
        self._own = own

    def __getitem__(self, name: str) -> object:
        if name in self._own:
            return self._own[name]
        if self._module is not None:
            try:
                return getattr(self._module, name)
            except AttributeError:
                pass
            except Exception as error:  # a module that failed to import: not an unknown name
                raise _LoadFailed(error) from error
        raise KeyError(name)  # eval goes on to the globals and builtins

    def __iter__(self) -> Iterator[str]:
        return iter(self._own)

    def __len__(self) -> int:
        return len(self._own)


class KeyHint:
    """The annotation of one key, in its own module (a key inherited from a base keeps the base's)."""

    __slots__ = ("annotation", "key", "module", "own")

    def __init__(self, key: str, annotation: object, module: str, own: dict[str, object]) -> None:
        self.key = key
        self.annotation = annotation
        self.module = module
        self.own = own  # the TypedDict itself by name, for a recursive reference

    def early(self) -> object | None:
        """The annotation evaluated with the names its module has loaded, or None when it names
        one not loaded yet (a lazily imported name, or none at all). Nested quoted names are
        left as they are: enough to see what the key's outer type is."""
        code = self._code()
        if code is None:
            return self.annotation
        globalns = self._globals()
        try:
            return _evaluate(code, globalns, _LoadedNames(globalns, self.own))
        except Exception:  # _NotLoaded, or a name that exists nowhere
            return None

    def resolve(self) -> Any:
        """The annotation evaluated in full as `typing.get_type_hints` would, importing the names
        it uses on first access; `object` (accept anything) when a name exists nowhere."""
        names = _ModuleNames(sys.modules.get(self.module), self.own)
        holder = type(self.key, (), {"__annotations__": {self.key: self.annotation}, "__module__": self.module})
        try:
            return typing_extensions.get_type_hints(holder, localns=names, include_extras=True)[self.key]
        except _LoadFailed as failed:
            raise failed.error from None
        except Exception:  # noqa: S110  # retried below without nested forward references
            pass
        code = self._code()
        if code is None:
            return self.annotation
        try:
            return _evaluate(code, self._globals(), names)
        except _LoadFailed as failed:
            raise failed.error from None
        except Exception:  # an unknown name: accept anything for this key
            return object

    def _code(self) -> types.CodeType | str | None:
        annotation = self.annotation
        if isinstance(annotation, ForwardRef):
            return annotation.__forward_code__
        return annotation if isinstance(annotation, str) else None

    def _globals(self) -> dict[str, Any]:
        module = sys.modules.get(self.module)
        return vars(module) if module is not None else {}


def _evaluate(code: types.CodeType | str, globalns: dict[str, Any], names: Mapping[str, object]) -> object:
    """One annotation evaluated as `get_type_hints` does for one key, in its module's globals."""
    value: object = eval(code, globalns, names)  # noqa: S307  # an annotation of the SDK's own module
    if isinstance(value, str):  # a quoted annotation under postponed evaluation
        value = eval(value, globalns, names)  # noqa: S307  # as above
    return value


def key_hints(cls: type) -> dict[str, KeyHint]:
    """A `KeyHint` for each key of the TypedDict `cls` (inherited keys included), none evaluated yet."""
    own: dict[str, object] = {cls.__name__: cls}
    raw: dict[str, object] = getattr(cls, "__annotations__", {})
    hints: dict[str, KeyHint] = {}
    for key, annotation in raw.items():
        module = getattr(annotation, "__forward_module__", None) or cls.__module__
        hints[key] = KeyHint(key, annotation, module, own)
    return hints
