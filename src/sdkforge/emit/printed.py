"""A generated file printed from a lowered `Module`: its text and the modules its symbols name."""

from __future__ import annotations

from ..lower.nodes import Module
from ..lower.printer import module_references, print_module
from . import GeneratedFile

__all__ = ["printed_file"]


def printed_file(path: str, module: Module, package: str) -> GeneratedFile:
    """The file at `path` holding `module` printed against `package`, with its `references`
    (what the reach pass walks instead of reading the text back)."""
    return GeneratedFile(path, print_module(module, package), references=module_references(module))
