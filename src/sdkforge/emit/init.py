"""Emit lazy `__init__.py` files for the types packages: a name -> submodule table, `__getattr__`, `TYPE_CHECKING` imports.

`import <package>.types` must import no type module; each name is imported on first access.
This module must not emit anything but package `__init__` files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Sequence, Set

from . import GeneratedFile
from .code import CodeWriter, py_str
from .reexports import reexported_names

if TYPE_CHECKING:
    from ..config import Config
    from ..naming import Names

__all__ = ["emit_init", "emit_inits", "exported_names"]


def exported_names(names: Names) -> Dict[str, Dict[str, str]]:
    """For each types package, its public names -> defining submodule (last segment); first claim wins.

    Every package on the way from `<package>.types` to a module is listed, even with no names.
    """
    root = f"{names.package}.types"
    modules = [
        *names.models.values(),
        *names.params.values(),
        *names.method_params.values(),
        *names.responses.values(),
        *names.webhook_events.values(),
        *([names.webhook_union] if names.webhook_union is not None else []),
        *(alias for alias, _ in names.aliases),
    ]
    table: Dict[str, Dict[str, str]] = {root: {}}
    for where in sorted(modules, key=lambda item: (item.module, item.name)):
        package, _, leaf = where.module.rpartition(".")
        parts = package.split(".")
        for depth in range(len(root.split(".")), len(parts) + 1):
            table.setdefault(".".join(parts[:depth]), {})
        table[package].setdefault(where.name, leaf)
    return table


def emit_init(header: str, package: str, exports: Dict[str, str], subpackages: List[str]) -> str:
    """The text of one lazy package `__init__.py`.

    Args:
        header: The generated-file header line.
        package: The dotted package.
        exports: Public name -> submodule (last segment).
        subpackages: Child packages (last segments), for the docstring only.

    Returns:
        The module text.
    """
    w = CodeWriter()
    w.line(header)
    w.line(f'"""Types of `{package}`, each imported from its own module on first access."""')
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.line("import importlib")
    w.line("from typing import TYPE_CHECKING, Any, Dict, List" if exports else "from typing import Any, Dict, List")
    w.blank()
    if exports:
        with w.block("if TYPE_CHECKING:"):
            for name in sorted(exports, key=lambda item: (exports[item], item)):
                w.line(f"from .{exports[name]} import {name} as {name}")
        w.blank()
    w.line(f"__all__: List[str] = [{', '.join(py_str(name) for name in sorted(exports))}]")
    w.blank()
    w.line("_MODULES: Dict[str, str] = {")
    with w.indented():
        for name in sorted(exports):
            w.line(f"{py_str(name)}: {py_str('.' + exports[name])},")
    w.line("}")
    w.blank(2)
    with w.block("def __getattr__(name: str) -> Any:"):
        w.line("module = _MODULES.get(name)")
        with w.block("if module is None:"):
            w.line('raise AttributeError(f"module {__name__!r} has no attribute {name!r}")')
        w.line("value = getattr(importlib.import_module(module, __name__), name)")
        w.line("globals()[name] = value")
        w.line("return value")
    w.blank(2)
    with w.block("def __dir__() -> list[str]:"):
        w.line("return sorted(set(globals()) | set(__all__))")
    _ = subpackages
    return w.render()


def emit_inits(files: Sequence[GeneratedFile], names: Names, config: Config) -> List[GeneratedFile]:
    """Emit the `__init__.py` of every types package.

    Args:
        files: The files emitted so far; a package `__init__.py` among them is left alone.
        names: All names.
        config: The config (for the header line).

    Returns:
        The files, sorted by path.
    """
    taken = {item.path for item in files}
    table = exported_names(names)
    root = f"{names.package}.types"
    for package, exports in reexported_names(config).items():
        parts = package.split(".")
        for depth in range(len(root.split(".")), len(parts) + 1):
            table.setdefault(".".join(parts[:depth]), {})
        for public, leaf in exports.items():
            table[package].setdefault(public, leaf)  # a spec type of the same name keeps it
    out: List[GeneratedFile] = []
    for package in sorted(table):
        children: Set[str] = {
            other.rsplit(".", 1)[1] for other in table if other.rsplit(".", 1)[0] == package and other != package
        }
        text = emit_init(config.header, package, table[package], sorted(children))
        path = "src/" + package.replace(".", "/") + "/__init__.py"
        if path not in taken:
            out.append(GeneratedFile(path, text))
    return out
