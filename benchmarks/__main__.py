"""`python -m benchmarks`: run the benchmark suite (see `benchmarks/run.py`); nothing else."""

from __future__ import annotations

import sys

from .run import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
