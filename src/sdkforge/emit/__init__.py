"""Emitters: IR plus names to generated files, one module per artifact; this package touches no filesystem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Optional

__all__ = ["GeneratedFile"]


@dataclass(frozen=True)
class GeneratedFile:
    """One output file.

    Attributes:
        path: POSIX path relative to the output root (`src/pkg/resources/files.py`, `api.md`).
        text: The whole file content, ending with a newline.
        sort_imports: The format stage sorts its imports: a copy of hand-written code (the
            vendored core) whose imports move when its package is renamed. Emitted modules
            write their imports in order already, so only `ruff format` runs on them.
        references: The absolute modules the module's code names, for the reach pass: for each
            symbol `m.name` both `m` and `m.name` (the name may be a submodule), annotation-only
            (`TYPE_CHECKING`), deferred, lazy and function-local imports included. Set by every
            emitter of a module the pass reads (those between the module emitters and the
            indexes); None for the rest (indexes, tests, `api.md`, project files).
    """

    path: str
    text: str
    sort_imports: bool = False
    references: Optional[FrozenSet[str]] = None
