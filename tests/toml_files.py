"""Read a TOML file on every supported Python (tomllib from 3.11, the tomli backport on 3.10)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Dict

__all__ = ["load_toml"]


def load_toml(path: Path) -> Dict[str, Any]:
    """The parsed TOML document at `path`."""
    text = path.read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)
    # The dev extra installs the backport on 3.10 only, so it is imported by name.
    tomli: Any = importlib.import_module("tomli")
    document: Dict[str, Any] = tomli.loads(text)
    return document
