"""Emit the config's `reexports`: types modules whose names hand-written code defines, each a
module of `from <module> import <name> as <public>` lines. Only those modules; the package
`__init__` tables list their names (see `init`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List

from . import GeneratedFile
from .code import CodeWriter, py_str

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["emit_reexports", "reexported_names"]


def reexported_names(config: Config) -> Dict[str, Dict[str, str]]:
    """For each package holding a re-export module: its public names -> the module (last segment)."""
    table: Dict[str, Dict[str, str]] = {}
    for module in sorted(config.reexports):
        package, _, leaf = module.rpartition(".")
        for public in sorted(config.reexports[module].names):
            table.setdefault(package, {}).setdefault(public, leaf)
    return table


def emit_reexports(config: Config) -> List[GeneratedFile]:
    """One module per `reexports` entry, sorted by path."""
    out: List[GeneratedFile] = []
    for module in sorted(config.reexports):
        entry = config.reexports[module]
        w = CodeWriter()
        w.line(config.header)
        w.line(f'"""Names defined by `{entry.from_}`, importable from here as well."""')
        w.blank()
        w.line("from __future__ import annotations")
        w.blank()
        for public in sorted(entry.names):
            w.line(f"from {entry.from_} import {entry.names[public]} as {public}")
        w.blank()
        w.line(f"__all__ = [{', '.join(py_str(name) for name in sorted(entry.names))}]")
        # For the reach pass: the module re-exported from (hand-written code, so nothing past it).
        references = frozenset({entry.from_, *(f"{entry.from_}.{name}" for name in entry.names.values())})
        out.append(GeneratedFile("src/" + module.replace(".", "/") + ".py", w.render(), references=references))
    return out
