"""`python -m oai` and the `oai` console script: runs the CLI in `oai.lib.cli`; nothing else."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Entry point of the `oai` console script."""
    from .lib.cli.main import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
