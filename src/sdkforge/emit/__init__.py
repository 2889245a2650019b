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
    """

    path: str
    text: str
