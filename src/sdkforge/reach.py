"""Keep only the type modules the public surface needs: those the rest of the package reaches, and those the config keeps.

A pipeline pass between the emitters of modules and those of package indexes (`__init__`,
`api.md`). It never reads generated text back (nor the spec): every module it sees carries its
`references`, the modules its printed symbols name (`GeneratedFile.references`). A module printed
from a lowered `Module` (types, params, resources, client mixins) gets them from the printer
(`lower.printer.module_references`: annotation-only, `TYPE_CHECKING`, lazy stand-in, deferred
and function-local references included, since annotations need those modules too); the two
kinds of fixed-code modules that reach the pass get them from their emitters (the lazy
resource package `__init__` files: the modules of their table; `reexports` modules: the
module they re-export from). A module without references is an emitter bug and fails the run.

Roots are every generated module outside `<package>.types` (resources, client mixins), every
method's params module, and the modules of what the config names: `types` entries (model,
twin and aliases, as their `sides` and `alias_sides` say), webhook events and their union,
`reexports`, `extra_names` and `keep`.
Everything those reference, directly or through other type modules, stays; the rest is
dropped, and so are its entries in `Names`, so no index lists it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, AbstractSet, Dict, FrozenSet, Iterable, List, Sequence, Set, Tuple

from .config import TYPE_SIDES

if TYPE_CHECKING:
    from .config import Config
    from .emit import GeneratedFile
    from .naming import ModuleName, Names

__all__ = ["Selection", "config_roots", "keep_issues", "select_types", "side_issues"]


@dataclass(frozen=True)
class Selection:
    """What the pass keeps.

    Attributes:
        files: The generated files minus the dropped type modules, in their order.
        names: `Names` without the entries of dropped modules (for the indexes).
        dropped: The dotted modules dropped, sorted.
    """

    files: Sequence[GeneratedFile]
    names: Names
    dropped: Tuple[str, ...]


def _module_of(path: str) -> str:
    # `src/pkg/types/a.py` -> `pkg.types.a`; only `.py` files under `src/` are modules.
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def config_roots(names: Names, config: Config) -> Set[str]:
    """The type modules kept whatever imports them: every method's params module (a method whose
    arguments need none of its classes still has one), and what the config names (official names
    need no operation): of a `types` entry, the sides its `sides` lists and the re-exports its
    `alias_sides` keeps; of a `keep` entry, model and twin."""
    roots: Set[str] = {where.module for where in names.method_params.values()}
    for schema in [*config.types, *config.keep]:
        sides = _kept_sides(schema, config)
        if "model" in sides and schema in names.models:
            roots.add(names.models[schema].module)
        if "param" in sides and schema in names.params:
            roots.add(names.params[schema].module)
    unwanted = _unwanted_aliases(config)
    roots.update(alias.module for alias, _ in names.aliases if _alias_key(alias) not in unwanted)
    roots.update(event.module for event in names.webhook_events.values())
    if names.webhook_union is not None:
        roots.add(names.webhook_union.module)
    roots.update(config.reexports)
    roots.update(config.extra_names)
    return roots


def _kept_sides(schema: str, config: Config) -> FrozenSet[str]:
    entry = config.types.get(schema)
    if entry is None or schema in config.keep:
        return frozenset(TYPE_SIDES)
    if entry.sides is not None:
        return frozenset(entry.sides)
    # Unsaid: the model, and the twin only when the entry names it (else it stays only when used).
    return frozenset(["model", *(["param"] if entry.param is not None or entry.param_module is not None else [])])


def _alias_key(alias: ModuleName) -> Tuple[str, str]:
    return alias.module.rpartition(".")[0], alias.name


def _unwanted_aliases(config: Config) -> Set[Tuple[str, str]]:
    """(package, class) of the `aliases` re-exports whose side the entry's `alias_sides` leaves out."""
    unwanted: Set[Tuple[str, str]] = set()
    for entry in config.types.values():
        for path in entry.aliases:
            package, _, cls = path.rpartition(".")
            if "model" not in entry.alias_sides:
                unwanted.add((package, cls))
            if "param" not in entry.alias_sides:
                unwanted.add((package, cls + "Param"))
    for entry in config.types.values():
        for path in entry.param_aliases:  # an explicit name: always kept
            package, _, cls = path.rpartition(".")
            unwanted.discard((package, cls))
    return unwanted


def side_issues(names: Names, config: Config) -> List[Tuple[str, str]]:
    """(config path, message) for each `types` entry whose `sides` keeps a twin the schema does not have."""
    return [
        (f"types.{schema}.sides", f"{schema!r} has no TypedDict twin to keep")
        for schema, entry in sorted(config.types.items())
        if entry.sides is not None and "param" in entry.sides and schema in names.models and schema not in names.params
    ]


def keep_issues(names: Names, config: Config) -> List[Tuple[str, str]]:
    """(config path, message) for each `keep` entry that names no component schema."""
    return [
        (f"keep.{index}", f"{schema!r} is not a component schema of the spec")
        for index, schema in enumerate(config.keep)
        if schema not in names.models
    ]


def select_types(files: Sequence[GeneratedFile], names: Names, config: Config) -> Selection:
    """Drop the type modules that neither the rest of the package nor the config reaches.

    Args:
        files: Every generated file so far (no package `__init__` of the types yet); each module
            under `src/` carries its `references`.
        names: All names.
        config: The config (its kept names).

    Returns:
        The kept files, the names without dropped modules, and the dropped modules.

    Raises:
        ValueError: A module has no `references` (an emitter that does not set them).
    """
    types_root = f"{names.package}.types"
    references: Dict[str, AbstractSet[str]] = {}
    roots: Set[str] = set(config_roots(names, config))
    for item in files:
        if not (item.path.startswith("src/") and item.path.endswith(".py")):
            continue
        if item.references is None:
            raise ValueError(f"{item.path}: its emitter gave no references, so the reach pass cannot see what it uses")
        module = _module_of(item.path)
        references[module] = item.references
        if module != types_root and not module.startswith(types_root + "."):
            roots.add(module)
    reached: Set[str] = set()
    stack = sorted(root for root in roots if root in references)
    while stack:
        module = stack.pop()
        if module in reached:
            continue
        reached.add(module)
        stack.extend(sorted(target for target in references[module] if target in references))
    dropped = {module for module in references if module not in reached}
    kept = [item for item in files if not (item.path.endswith(".py") and _module_of(item.path) in dropped)]
    return Selection(kept, _without(names, dropped), tuple(sorted(dropped)))


def _kept_table(table: Dict[str, ModuleName], dropped: Set[str]) -> Dict[str, ModuleName]:
    return {key: where for key, where in table.items() if where.module not in dropped}


def _without(names: Names, dropped: Iterable[str]) -> Names:
    """A copy of `names` whose tables list no class of a dropped module."""
    gone = set(dropped)
    if not gone:
        return names
    return replace(
        names,
        models=_kept_table(names.models, gone),
        params=_kept_table(names.params, gone),
        responses={key: where for key, where in names.responses.items() if where.module not in gone},
        method_params={key: where for key, where in names.method_params.items() if where.module not in gone},
        webhook_events=_kept_table(names.webhook_events, gone),
        aliases=[(alias, target) for alias, target in names.aliases if alias.module not in gone],
        nested={key: name for key, name in names.nested.items() if key[0] not in gone},
        module_aliases={module: pairs for module, pairs in names.module_aliases.items() if module not in gone},
    )
