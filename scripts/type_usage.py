#!/usr/bin/env python3
"""Count the generated type modules that nothing uses: the baseline for pruning `src/<package>/types`.

Reads the generated files on disk (no generation) and the spec's request bodies, and prints:

- `modules`, `lines`: Python modules and lines under `src/<package>/types`.
- `unimported`: type modules that no other generated module imports (resources, client mixins,
  other types modules; a package `__init__` re-export is not a use, and neither is the
  hand-written core, which sdkforge cannot see: what it needs is kept by config).
- `request_models`: models of component schemas that are an operation's request body (a
  `$ref` body) that no generated module imports but `__init__` files: no method returns them
  and no response-side type references them.
- `official`: of the unimported modules, how many the official SDK has too: a module of its
  surface (`--reference`), or one defining a name its api.md lists in the module's package
  (`--names`: `from openai.types.chat import ChatCompletionToolUnion` is official there).

Usage: .venv/bin/python scripts/type_usage.py [--root DIR] [--list] [--reference PATH] [--names PATH]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path
from typing import Dict, List, Set

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sdkforge.config import load_config  # noqa: E402
from sdkforge.ir.build import build_api  # noqa: E402
from sdkforge.ir.nodes import RefSchema  # noqa: E402
from sdkforge.loader import SpecDocument, load_spec  # noqa: E402
from sdkforge.promote import is_pointer, promote_inline_schemas  # noqa: E402
from sdkforge.ref_aliases import build_all_names  # noqa: E402
from sdkforge.resolver import resolve  # noqa: E402

SPEC = ROOT.parent / "shared" / "spec" / "openai" / "openapi.yaml"
REFERENCE = ROOT.parent / "shared" / "reference" / "openai-python-surface.json"
NAMES = ROOT.parent / "shared" / "reference" / "openai-python-names.json"


def imported_modules(text: str, module: str) -> Set[str]:
    """Every module `text` (the source of `module`, read from disk) imports from, relative imports resolved.

    `from a import b` counts both `a` and `a.b`: `b` may be a submodule. Imports under
    `if TYPE_CHECKING:` count too (annotations need the module). sdkforge's reach pass does not
    read text back (it walks the printed symbols); this script measures files as they are on disk.
    """
    package = module.rpartition(".")[0]
    found: Set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def defined_names(text: str) -> Set[str]:
    """The classes and module-level assignments (type aliases) a module's source defines."""
    found: Set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.add(node.target.id)
    return found


def official_modules(type_files: Dict[str, Path], reference: Path, names: Path) -> Set[str]:
    """The modules of `type_files` the official SDK has: at the same path in its surface, or
    defining a name its api.md lists in the module itself or in the module's package."""
    official: Set[str] = set()
    if reference.exists():
        official.update(json.loads(reference.read_text(encoding="utf-8"))["type_modules"])
    if names.exists():
        listed = {(row["module"], row["name"]) for row in json.loads(names.read_text(encoding="utf-8"))["types"]}
        for module, path in type_files.items():
            package = module.rpartition(".")[0]
            defined = defined_names(path.read_text(encoding="utf-8"))
            if any((module, name) in listed or (package, name) in listed for name in defined):
                official.add(module)
    return official


def module_of(path: Path, src: Path) -> str:
    """The dotted module of a file under `src` (`pkg/a/__init__.py` -> `pkg.a`)."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def generated_files(src: Path, package: str, header: str) -> List[Path]:
    """Every generated Python file of the package (they start with the header)."""
    out: List[Path] = []
    for path in sorted((src / package).rglob("*.py")):
        with path.open(encoding="utf-8") as handle:
            if handle.readline().startswith(header):
                out.append(path)
    return out


def request_body_modules(spec: Path, config: Path) -> Set[str]:
    """The model modules sdkforge names for component schemas that some operation's body is a `$ref` to."""
    api = build_api(resolve(promoted(spec, config)), load_config(config))
    names = build_all_names(api, load_config(config))
    targets = {op.body.schema.target for op in api.operations if op.body and isinstance(op.body.schema, RefSchema)}
    return {names.models[target].module for target in targets if target in names.models}


def promoted(spec: Path, config: Path) -> SpecDocument:
    """The spec with the config's pointer-named inline schemas made components (as the pipeline does)."""
    pointers = [key for key in load_config(config).types if is_pointer(key)]
    document, _ = promote_inline_schemas(load_spec(spec), pointers, config_label="types")
    return document


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (its src/ and sdkforge.yml)")
    parser.add_argument("--package", default="oai")
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    parser.add_argument("--names", type=Path, default=NAMES)
    parser.add_argument(
        "--list", action="store_true", help="print every unimported module (R: request model, O: official)"
    )
    args = parser.parse_args(argv)
    src: Path = args.root / "src"
    types_dir: Path = src / args.package / "types"
    files = generated_files(src, args.package, "# File generated by sdkforge")
    users: Dict[str, Set[str]] = {}
    for path in files:
        if path.name == "__init__.py":
            continue  # a re-export is not a use
        module = module_of(path, src)
        for target in imported_modules(path.read_text(encoding="utf-8"), module) - {module}:
            users.setdefault(target, set()).add(module)
    type_files = {module_of(p, src): p for p in files if p.is_relative_to(types_dir) and p.name != "__init__.py"}
    every = list(types_dir.rglob("*.py"))
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in every)
    unused = sorted(module for module in type_files if not users.get(module))
    unused_lines = sum(len(type_files[m].read_text(encoding="utf-8").splitlines()) for m in unused)
    bodies = request_body_modules(args.spec, args.root / "sdkforge.yml")
    request_models = [m for m in unused if m in bodies]
    official = official_modules({m: type_files[m] for m in unused}, args.reference, args.names)
    print(f"modules: {len(every)} ({lines} lines) under {args.package}.types")
    print(f"unimported: {len(unused)} modules ({unused_lines} lines), {sum(m in official for m in unused)} official")
    print(f"request_models: {len(request_models)} ({sum(m in official for m in request_models)} official)")
    if args.list:
        for module in unused:
            print(f"{'R' if module in bodies else ' '} {'O' if module in official else ' '} {module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
