"""Entry point for `python -m sdkforge`; it only hands over to the CLI."""

from __future__ import annotations

import sys

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
