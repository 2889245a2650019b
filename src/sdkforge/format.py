"""Format generated Python with ruff, one process per ruff command for the whole set; it knows nothing of meaning.

Files are written to a temporary directory, ruff runs there with the settings passed
explicitly (so no config file from the output tree or the temp dir can change the result),
and the formatted text is read back. Non-Python files pass through untouched.

Only formats: emitted modules print their imports exactly and in isort's order (the lowering
stage computes them from the symbols printed), so they get `ruff format` alone. The import sort
(`ruff check --fix --select I`) is kept for files marked `sort_imports`: the vendored core of a
standalone project, whose import blocks reorder when `oai` is renamed to the project's package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from .emit import GeneratedFile

__all__ = ["FormatError", "FormatSettings", "find_ruff", "format_files"]


@dataclass(frozen=True)
class FormatSettings:
    """The ruff settings applied to generated code (the repo's, passed explicitly).

    Attributes:
        line_length: Maximum line length.
        target_version: Ruff's target version (`py310`).
        first_party: Import roots sorted as first party.
    """

    line_length: int = 120
    target_version: str = "py310"
    first_party: Sequence[str] = ()


class FormatError(Exception):
    """Ruff failed; the message holds its output."""


def find_ruff() -> str:
    """Locate the ruff executable: beside the running interpreter first, then on PATH.

    Raises:
        FormatError: Ruff is not installed.
    """
    beside = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if beside.exists():
        return str(beside)
    found = shutil.which("ruff")
    if found is None:
        raise FormatError("ruff is not installed (pip install ruff)")
    return found


def _options(settings: FormatSettings) -> List[str]:
    first_party = ", ".join(f'"{name}"' for name in settings.first_party)
    return [
        "--isolated",
        "--line-length",
        str(settings.line_length),
        "--target-version",
        settings.target_version,
        "--config",
        f"lint.isort.known-first-party = [{first_party}]",
    ]


def _run(args: List[str], cwd: Path) -> None:
    # An argument list of our own formatter command, never a shell string.
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise FormatError(f"{' '.join(args[:3])} failed:\n{result.stdout}{result.stderr}")


def format_files(
    files: Sequence[GeneratedFile], settings: Optional[FormatSettings] = None, *, ruff: Optional[str] = None
) -> List[GeneratedFile]:
    """Format every `.py` and `.pyi` file with `ruff format`; sort the imports of those marked `sort_imports` first.

    Emitters write exactly the imports they use, already in isort's order (a whole-spec
    generator test checks both), so this stage changes layout only; the import sort
    (`ruff check --fix --select I`) remains for the vendored core of a standalone project,
    whose imports move when the package is renamed.

    Args:
        files: The generated files (paths relative to the output root).
        settings: Ruff settings; the defaults match the repo's pyproject.
        ruff: The ruff executable (found automatically when omitted).

    Returns:
        The files in the same order, Python ones formatted.

    Raises:
        FormatError: Ruff is missing or rejects a file (a syntax error in generated code).
    """
    settings = settings or FormatSettings()
    python = [f for f in files if f.path.endswith((".py", ".pyi"))]  # modules and type stubs
    if not python:
        return list(files)
    executable = ruff or find_ruff()
    with tempfile.TemporaryDirectory(prefix="sdkforge-") as tmp:
        root = Path(tmp)
        for item in python:
            target = root / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")
        options = _options(settings)
        sorted_paths = [item.path for item in python if item.sort_imports]
        if sorted_paths:
            check = [executable, "check", "--fix", "--quiet", "--select", "I", "--exit-zero", "--no-cache", *options]
            _run([*check, *sorted_paths], root)
        _run([executable, "format", "--quiet", "--no-cache", *options, "."], root)
        formatted = {item.path: (root / item.path).read_text(encoding="utf-8") for item in python}
    return [GeneratedFile(f.path, formatted[f.path], f.sort_imports) if f.path in formatted else f for f in files]
