#!/usr/bin/env python3
"""Propose `inline: true` entries for sdkforge.yml from the official SDK's type names.

The official SDK writes some schemas inline where they are used (`responses.tool.Mcp`) although
our config names them (`MCPTool`): `naming.ref_aliases` re-exports such a type under its nested
names only when its `types` entry says `inline: true`. This script finds the named types whose
`inline: true` would add official (module, name) pairs that are missing now, and prints them
with the names each one adds. It changes nothing: copy what you agree with into sdkforge.yml,
which stays the one source of truth.

Usage: .venv/bin/python scripts/official_names.py [--spec PATH] [--config PATH] [--reference PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sdkforge.config import Config, load_config  # noqa: E402
from sdkforge.ir.build import build_api  # noqa: E402
from sdkforge.ir.nodes import Api  # noqa: E402
from sdkforge.loader import load_spec  # noqa: E402
from sdkforge.naming import Names  # noqa: E402
from sdkforge.promote import is_pointer, promote_inline_schemas  # noqa: E402
from sdkforge.ref_aliases import build_all_names  # noqa: E402
from sdkforge.resolver import resolve  # noqa: E402

Pair = Tuple[str, str]


def official_pairs(reference: Path, package: str) -> Set[Pair]:
    """Every (module, name) of the official SDK's types, with `oai` replaced by `package`."""
    data = json.loads(reference.read_text())
    return {(package + module[len("oai") :], name) for module, rows in data["type_modules"].items() for name in rows}


def exported(names: Names) -> Set[Pair]:
    """Every (module, name) that the generated types define or re-export."""
    pairs: Set[Pair] = set()
    for table in (names.models, names.params, names.responses, names.method_params, names.webhook_events):
        pairs.update((target.module, target.name) for target in table.values())
    pairs.update((module, name) for (module, _), name in names.nested.items())
    pairs.update((alias.module, alias.name) for alias, _ in names.aliases)
    for module, aliases in names.module_aliases.items():
        pairs.update((module, label) for label, _ in aliases)
    return pairs


def with_inline(config: Config, schemas: Iterable[str]) -> Config:
    """`config` with `inline: true` on the `types` entries of `schemas`."""
    types = dict(config.types)
    for schema in schemas:
        types[schema] = types[schema].model_copy(update={"inline": True})
    return config.model_copy(update={"types": types})


def owners(names: Names, pairs: Set[Pair]) -> Dict[str, Set[str]]:
    """Component schema -> the names in `pairs` that alias one of its classes."""
    by_module: Dict[str, str] = {}
    for table in (names.models, names.params):
        by_module.update({target.module: schema for schema, target in table.items()})
    found: Dict[str, Set[str]] = {}
    for module, aliases in names.module_aliases.items():
        for label, target in aliases:
            schema = by_module.get(target.module)
            if schema is not None and (module, label) in pairs:
                found.setdefault(schema, set()).add(f"{module}.{label}")
    return found


def propose(api: Api, config: Config, official: Set[Pair]) -> Tuple[Dict[str, Set[str]], int, int]:
    """The named types to mark inline, the official names each adds, and missing counts before/after."""
    before = official - exported(build_all_names(api, config))
    candidates: FrozenSet[str] = frozenset(schema for schema, entry in config.types.items() if not entry.inline)
    everything = build_all_names(api, with_inline(config, candidates))
    gained = before & exported(everything)
    chosen = {schema: hits for schema, hits in owners(everything, gained).items() if schema in candidates}
    after = official - exported(build_all_names(api, with_inline(config, chosen)))
    return chosen, len(before), len(after)


def load(spec: Path, config_path: Path) -> Tuple[Api, Config]:
    """The IR and config, as `sdkforge generate` builds them."""
    config = load_config(config_path)
    document = load_spec(spec)
    pointers = [key for key in config.types if is_pointer(key)]
    document, errors = promote_inline_schemas(document, pointers, config_label="types")
    if errors:
        raise SystemExit("\n".join(str(error) for error in errors))
    return build_api(resolve(document), config), config


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT.parent / "shared/spec/openai/openapi.yaml")
    parser.add_argument("--config", type=Path, default=ROOT / "sdkforge.yml")
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared/reference/openai-python-surface.json")
    args = parser.parse_args(argv)
    api, config = load(args.spec, args.config)
    chosen, before, after = propose(api, config, official_pairs(args.reference, config.package))
    for schema in sorted(chosen):
        hits = sorted(chosen[schema])
        print(f"{schema}: inline: true  # adds {len(hits)}: {', '.join(hits[:3])}{' ...' if len(hits) > 3 else ''}")
    print(f"# official names missing: {before} now, {after} with these entries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
