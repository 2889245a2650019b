"""Command-line arguments for `python -m sdkforge`; parsing only, the work is in `pipeline`."""

from __future__ import annotations

import argparse
import keyword
import os
import sys
from pathlib import Path
from typing import List, Optional

__all__ = ["main", "parser"]


def _is_package_name(name: str) -> bool:
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))


def _init(spec: Path, package: str, out: Path, *, force: bool) -> int:
    from .loader import LoadError
    from .pipeline import inferred_config

    if not _is_package_name(package):
        print(f"sdkforge init: --package {package!r} is not a Python package name", file=sys.stderr)
        return 2
    if out.exists() and not force:
        print(f"sdkforge init: {out} exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    try:
        text, notes = inferred_config(spec, package)
    except LoadError as exc:
        print(str(exc.diagnostic), file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    out.write_text(text, encoding="utf-8")
    print(f"sdkforge: wrote {out} ({text.count('{operation:')} operations)")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (`generate --spec [--config | --package] --out [--check]`, `init --spec --package`)."""
    root = argparse.ArgumentParser(prog="sdkforge", description="Generate a typed Python SDK from an OpenAPI spec.")
    commands = root.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="write a starter sdkforge.yml inferred from the spec")
    init.add_argument("--spec", required=True, type=Path, help="the OpenAPI document (YAML or JSON)")
    init.add_argument("--package", required=True, help="the import package of the SDK (e.g. petstore)")
    init.add_argument("--out", default=Path("sdkforge.yml"), type=Path, help="where to write it; default: sdkforge.yml")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    generate = commands.add_parser("generate", help="generate (or check) the SDK's generated layer")
    generate.add_argument("--spec", required=True, type=Path, help="the OpenAPI document (YAML or JSON)")
    generate.add_argument(
        "--config", type=Path, help="the sdkforge.yml config; without it, the config `init` would write is used"
    )
    generate.add_argument("--package", help="the import package, when there is no --config")
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

    if args.command == "init":
        return _init(args.spec, args.package, args.out, force=args.force)
    if args.config is None and not args.package:
        print("sdkforge generate: give --config, or --package to infer the config from the spec", file=sys.stderr)
        return 2
    if args.package and not _is_package_name(args.package):
        print(f"sdkforge: --package {args.package!r} is not a Python package name", file=sys.stderr)
        return 2
    try:
        return run(
            package=args.package,
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
