"""Emit the lazy `__init__` files of the types packages (lowered by `lower.packages`): an
`__init__.py` with a name -> submodule table and `__getattr__`, and an `__init__.pyi` importing
every name for type checkers.

`import <package>.types` must import no type module; each name is imported on first access.
This module must not emit anything but package `__init__` files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Sequence, Tuple

from ..lower.packages import lower_lazy_package
from ..lower.printer import print_module
from . import GeneratedFile
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


def emit_init(header: str, root: str, package: str, exports: Dict[str, str]) -> Tuple[str, str]:
    """The texts of one lazy package's `__init__.py` and `__init__.pyi`.

    Args:
        header: The generated-file header line.
        root: The generated package (whose modules are imported relatively).
        package: The dotted package.
        exports: Public name -> submodule (last segment).

    Returns:
        The runtime module's text and the stub's.
    """
    doc = f"Types of `{package}`, each imported from its own module on first access."
    lowered = lower_lazy_package(package, header, doc, exports)
    return print_module(lowered.runtime, root), print_module(lowered.stub, root)


def emit_inits(files: Sequence[GeneratedFile], names: Names, config: Config) -> List[GeneratedFile]:
    """Emit the `__init__.py` and `__init__.pyi` of every types package.

    Args:
        files: The files emitted so far; a package whose `__init__.py` is among them is left alone.
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
        path = "src/" + package.replace(".", "/") + "/__init__.py"
        if path not in taken:
            runtime, stub = emit_init(config.header, config.package, package, table[package])
            out += [GeneratedFile(path, runtime), GeneratedFile(path + "i", stub)]
    return out
