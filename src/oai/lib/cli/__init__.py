"""The `oai` command line (`python -m oai`, or the `oai` script); see `main`.

Importing this package must not build a client nor parse arguments.
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
