"""Emit the config's `reexports`: types modules whose names hand-written code defines, each a
lowered module importing `<name> as <public>` from the defining module. Only those modules;
the package `__init__` tables list their names (see `init`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List

from ..lower.packages import lower_reexport_module
from . import GeneratedFile
from .printed import printed_file

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
        doc = f"Names defined by `{entry.from_}`, importable from here as well."
        lowered = lower_reexport_module(module, config.header, entry.from_, entry.names, doc)
        # Its references (for the reach pass) are the module re-exported from and its names.
        out.append(printed_file("src/" + module.replace(".", "/") + ".py", lowered, config.package))
    return out
