"""Imports that wait until a name is first read.

`lazy_module` is a stand-in for a module that imports it on first attribute access: generated
resources refer to their params modules (`transform(body, completion_create_params.X)`) through
one, so that importing a resource loads no params module until a method needs it.

`lazy_imports` is the module `__getattr__` of a generated params module: the names its
TypedDicts' annotations use (and the names it re-exports) are imported for type checkers only,
and at run time on first access, so a call loads only the params modules of the keys it sends.
"""

from __future__ import annotations

import builtins
import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_imports", "lazy_module"]


class _LazyModule:
    __slots__ = ("__dict__", "_name")

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(importlib.import_module(self._name), attribute)
        self.__dict__[attribute] = value  # later lookups are plain instance attributes
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """A stand-in for the absolute module `name`, imported when an attribute is first read."""
    return _LazyModule(name)


# From 3.14 `typing` resolves a bare-name string annotation by plain lookups in the globals and
# the `builtins` module, not through `eval` and `globals["__builtins__"]`, so `_LazyBuiltins`
# would not be asked: there `lazy_imports` imports its names at once.
_EVAL_READS_BUILTINS_HOOK = sys.version_info < (3, 14)


class _LazyBuiltins(dict[str, Any]):
    """The `__builtins__` of a module using `lazy_imports`: its lazy names, then the real builtins.

    `eval` (so `typing.get_type_hints` and pydantic, which evaluate string annotations in the
    module's globals) looks a name up in the locals, the globals, then `globals["__builtins__"]`,
    through `__getitem__` (and so `__missing__`) when that is not a plain dict. A name imported
    for type checkers only is missing from the globals until first read: found here, it is
    imported as `getattr(module, name)` would, so introspecting an annotation works as if the
    module imported everything at the top. Other names come from the `builtins` module (not
    copied: a loaded params module costs no extra dict of every builtin).
    """

    __slots__ = ("_module", "_sources")

    def __init__(self, module: str, sources: Mapping[str, str]) -> None:
        # The two names the interpreter reads with plain dict lookups (class bodies, imports).
        super().__init__(__build_class__=builtins.__build_class__, __import__=builtins.__import__)
        self._module = module
        self._sources = sources

    def __missing__(self, name: str) -> Any:
        if name in self._sources:
            return getattr(sys.modules[self._module], name)
        try:
            return getattr(builtins, name)
        except AttributeError:
            raise KeyError(name) from None


def lazy_imports(module: str, sources: Mapping[str, str]) -> Callable[[str], Any]:
    """A PEP 562 `__getattr__` for the module named `module`, importing each name of `sources` on first access.

    Args:
        module: the module's `__name__` (called while the module runs, which is in `sys.modules`).
        sources: name -> where it comes from, relative to the module's package: `".sibling"`
            (the same name in that module) or `"..other:Original"` (another name there).

    The value is stored in the module on first access, so later reads are plain globals; a name
    not in `sources` raises AttributeError as usual. The module's `__builtins__` also finds the
    names (`_LazyBuiltins`), so annotations naming them evaluate in the module's globals, and its
    `__dir__` lists them, loaded or not.
    """
    home = sys.modules[module]

    def load(name: str, source: str) -> Any:
        path, _, original = source.partition(":")
        value = getattr(importlib.import_module(path, home.__package__), original or name)
        setattr(home, name, value)
        return value

    if not _EVAL_READS_BUILTINS_HOOK:
        # Annotations naming these would not resolve until first read: import them now.
        for name, source in sources.items():
            load(name, source)

    def __getattr__(name: str) -> Any:
        source = sources.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        return load(name, source)

    def __dir__() -> list[str]:
        return sorted(set(vars(home)) | set(sources))

    vars(home)["__builtins__"] = _LazyBuiltins(module, sources)
    vars(home)["__dir__"] = __dir__
    return __getattr__
