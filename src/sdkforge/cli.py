"""Command-line arguments for `python -m sdkforge`; parsing only, the work is in `pipeline`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import List, Optional

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The argument parser (`generate --spec --config --out [--check]`)."""
    root = argparse.ArgumentParser(prog="sdkforge", description="Generate a typed Python SDK from an OpenAPI spec.")
    commands = root.add_subparsers(dest="command", required=True)
    generate = commands.add_parser("generate", help="generate (or check) the SDK's generated layer")
    generate.add_argument("--spec", required=True, type=Path, help="the OpenAPI document (YAML or JSON)")
    generate.add_argument("--config", required=True, type=Path, help="the sdkforge.yml config")
    generate.add_argument("--out", default=Path("."), type=Path, help="output root (the repository); default: .")
    generate.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and print a diff summary if anything differs"
    )
    generate.add_argument("--diff", action="store_true", help="with --check, print the full unified diff")
    generate.add_argument("--no-format", action="store_true", help="skip ruff (for debugging the emitters)")
    return root


def main(argv: Optional[List[str]] = None) -> int:
    """Run the CLI.

    Args:
        argv: Arguments without the program name (defaults to `sys.argv[1:]`).

    Returns:
        The exit status: 0 on success, 1 on diagnostics or a `--check` difference, 2 on usage errors.
    """
    args = parser().parse_args(argv)
    from .pipeline import run

    try:
        return run(
            spec=args.spec,
            config=args.config,
            out=args.out,
            check=args.check,
            show_diff=args.diff,
            should_format=not args.no_format,
            stdout=sys.stdout,
            stderr=sys.stderr,
        )
    except Exception as exc:  # a generator bug: report it in one line unless debugging
        if os.environ.get("SDKFORGE_DEBUG"):
            raise
        print(
            f"sdkforge: internal error: {type(exc).__name__}: {exc} (set SDKFORGE_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
