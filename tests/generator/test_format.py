"""The format stage only formats emitted modules; it sorts imports only in files marked
`sort_imports` (the vendored core, whose imports move when its package is renamed)."""

from __future__ import annotations

from sdkforge.emit import GeneratedFile
from sdkforge.format import FormatSettings, format_files

# Third-party before stdlib, and a statement ruff format rewrites (single quotes, spacing).
_UNSORTED = "import httpx\nimport os\n\nx = {'a':1}\n"


def test_only_files_marked_sort_imports_have_their_imports_sorted() -> None:
    files = [GeneratedFile("emitted.py", _UNSORTED), GeneratedFile("core/_copy.py", _UNSORTED, sort_imports=True)]
    emitted, core = format_files(files, FormatSettings())
    assert emitted.text == 'import httpx\nimport os\n\nx = {"a": 1}\n'
    assert core.text == 'import os\n\nimport httpx\n\nx = {"a": 1}\n'
    assert core.sort_imports and not emitted.sort_imports


def test_non_python_files_pass_through() -> None:
    readme = GeneratedFile("README.md", "# Title\n\nimport httpx\nimport os\n")
    assert format_files([readme]) == [readme]


def test_type_stubs_are_formatted_like_modules() -> None:
    stub = GeneratedFile("pkg/__init__.pyi", "from .pet import (Pet as Pet)\n__all__ = ['Pet']\n")
    (formatted,) = format_files([stub], FormatSettings())
    assert formatted.text == 'from .pet import Pet as Pet\n\n__all__ = ["Pet"]\n'
