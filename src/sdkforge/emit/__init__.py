"""Emitters: IR plus names to generated files, one module per artifact; this package touches no filesystem."""

from __future__ import annotations

from dataclasses import dataclass

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
    """

    path: str
    text: str
    sort_imports: bool = False
