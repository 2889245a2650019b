"""Lower the modules that only re-export: a lazy package `__init__` (a runtime module loading
each name on first access, and a stub naming them all for type checkers) and a module
re-exporting names of another module, each as a `Module` the printer writes.

A lazy package imports none of its submodules: each name loads on first access and is then
cached in the module's globals. Its `__init__.py` holds only what that needs: the name ->
submodule table as one string constant (loading a dict of hundreds of entries, and the
`TYPE_CHECKING` imports, cost a cold start milliseconds and hundreds of kB). Type checkers read
the names from the `__init__.pyi` beside it (PEP 484: a stub next to a module takes precedence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from .nodes import Exported, Module, Symbol
from .source import fixed_block

__all__ = ["LazyPackage", "lower_lazy_package", "lower_reexport_module"]


@dataclass(frozen=True)
class LazyPackage:
    """The two files of a lazy package `__init__`.

    Attributes:
        runtime: `__init__.py`: the table, `__getattr__` and `__dir__`; it imports no submodule.
        stub: `__init__.pyi`: every name imported from its submodule, and `__all__`.
    """

    runtime: Module
    stub: Module


_SCOPE = {"importlib": Symbol("importlib"), "Any": Symbol("typing", "Any")}

# The runtime module's code after its table: a name is looked up in the table string on first
# access (then cached in the globals), so no dict of every name is ever built.
_FUNCTIONS = """
def _names() -> list[str]:
    return _MODULES.split()[::2]


def __getattr__(name: str) -> Any:
    if name == "__all__":  # built when asked (`from package import *`), not on import
        value: Any = _names()
    else:
        start = _MODULES.find(f"\\n{name} ") if name.isidentifier() else -1
        if start < 0:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        start += len(name) + 2
        module = _MODULES[start : _MODULES.index("\\n", start)]
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_names(), "__all__"})
"""


def _table_block(table: Mapping[str, str]) -> str:
    lines = "".join(f"{name} {table[name]}\n" for name in sorted(table))
    return (
        "# Each public name and the submodule defining it, one line apiece; a lookup is one `str.find`.\n"
        "# Type checkers read the names from `__init__.pyi`.\n"
        f'_MODULES: str = """\n{lines}"""\n'
    )


def lower_lazy_package(name: str, header: str, doc: str, table: Mapping[str, str]) -> LazyPackage:
    """The lazy `__init__` of package `name`: its runtime module and its stub.

    Args:
        name: The dotted package.
        header: The generated-file header line.
        doc: The module docstring.
        table: Public name -> the submodule defining it (last segment).
    """
    names = tuple(sorted(table))
    body = (fixed_block(_table_block(table), _SCOPE), fixed_block(_FUNCTIONS, _SCOPE))
    runtime = Module(name, header, None, body, doc=doc, is_package=True)
    exported = tuple(Exported(Symbol(f"{name}.{table[item]}", item)) for item in names)
    stub = Module(name, header, names, (), doc=doc, exported=exported, is_package=True, is_stub=True)
    return LazyPackage(runtime, stub)


def lower_reexport_module(name: str, header: str, source: str, names: Mapping[str, str], doc: Optional[str]) -> Module:
    """Module `name` re-exporting names of `source` (public name -> name there)."""
    exported = tuple(Exported(Symbol(source, names[public], public)) for public in sorted(names))
    return Module(name, header, tuple(sorted(names)), (), doc=doc, exported=exported)
