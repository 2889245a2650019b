"""Module-level aliases for components that a named type references but the config leaves unnamed.

With `naming.ref_aliases`, such a component is treated as if it were written inline where it
is referenced: the referencing module also exports it (and the inline classes inside it) under
the nested-class names its place gives (`Choice`, `ToolMcp`), as aliases of the component's own
classes. A request body that is a reference lends its nested names to the method's params
module the same way. Named components end the walk: they are public under their own name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, FrozenSet, List, Optional, Set, Tuple

from .ir.nodes import ArraySchema, ObjectSchema, RefSchema, Schema, UnionSchema
from .naming import ModuleName, build_names, child_labels, class_view, spell

if TYPE_CHECKING:
    from .config import Config
    from .ir.nodes import Api, Method
    from .naming import Names

__all__ = ["add_extra_names", "build_all_names", "extra_name_issues", "lend_nested_names", "name_ref_aliases"]

# Names the emitters import into type modules; an alias must never take one.
_IMPORTED = frozenset(
    {
        "Annotated",
        "Any",
        "BaseModel",
        "Dict",
        "Field",
        "FileTypes",
        "Iterable",
        "List",
        "Literal",
        "Optional",
        "PropertyInfo",
        "Required",
        "Sequence",
        "SequenceNotStr",
        "TypeAlias",
        "TypedDict",
        "Union",
        "builtins",
    }
)

# (node, path label, component whose module holds the node's class or None, components walked)
_Frame = Tuple[Schema, str, Optional[str], FrozenSet[str]]


def build_all_names(api: Api, config: Config) -> Names:
    """`build_names`, then the aliases of this module: every name the emitters need."""
    names = build_names(api, config)
    name_ref_aliases(api, names, config)
    return names


def name_ref_aliases(api: Api, names: Names, config: Config) -> None:
    """Fill `names.module_aliases` for every model, TypedDict twin and params module (with
    `naming.ref_aliases`), and with the config's `extra_names`."""
    if config.naming.ref_aliases:
        _name_ref_aliases(api, names, config)
    add_extra_names(names, config)
    if config.naming.ref_aliases:
        lend_nested_names(names)


def module_names(names: Names, module: str) -> Set[str]:
    """Every class or alias name `module` defines or re-exports."""
    found = {name for (where, _), name in names.nested.items() if where == module}
    found.update(label for label, _ in names.module_aliases.get(module, []))
    for table in (names.models, names.params, names.responses, names.method_params, names.webhook_events):
        found.update(target.name for target in table.values() if target.module == module)
    found.update(alias.name for alias, _ in names.aliases if alias.module == module)
    return found


def _extra_target(module: str, value: str) -> ModuleName:
    """`Name` (in `module` itself) or `other.module:Name`, as the name it refers to."""
    where, _, name = value.rpartition(":")
    return ModuleName(where or module, name)


def add_extra_names(names: Names, config: Config) -> None:
    """The config's `extra_names`: another name in a module for a name it has (or, as
    `module:Name`, for one another module has). An unknown module or name, or a new name
    already taken, is skipped here and reported by `extra_name_issues`."""
    for module, pairs in config.extra_names.items():
        have = module_names(names, module)
        if not have:
            continue
        for new, value in pairs.items():
            target = _extra_target(module, value)
            if target.name in module_names(names, target.module) and new not in have and new not in _IMPORTED:
                names.module_aliases.setdefault(module, []).append((new, target))
                names.names_in(module).add(new)
                have.add(new)


def extra_name_issues(names: Names, config: Config) -> List[Tuple[str, str]]:
    """(config path, message) for each `extra_names` entry that names nothing or a taken name."""
    issues: List[Tuple[str, str]] = []
    for module, pairs in config.extra_names.items():
        aliases = {label: target for label, target in names.module_aliases.get(module, [])}
        for new, value in pairs.items():
            path = f"extra_names.{module}.{new}"
            target = _extra_target(module, value)
            if not module_names(names, module):
                issues.append((path, f"{module} is not a generated module"))
            elif target.name not in module_names(names, target.module):
                issues.append((path, f"{target.module} has no name {target.name!r}"))
            elif aliases.get(new) != target:
                issues.append((path, f"{new!r} is already a name in {module}"))
    return issues


def _name_ref_aliases(api: Api, names: Names, config: Config) -> None:
    acronyms = frozenset(config.naming.acronyms)
    named = frozenset(schema for schema, entry in config.types.items() if not entry.inline)
    for item in api.schemas:
        start = _start(api, class_view(item.schema), item.name)
        _walk(api, names, named, acronyms, names.models[item.name].module, [start], param=False)
        if item.name in names.params:
            _walk(api, names, named, acronyms, names.params[item.name].module, [start], param=True)
    for key, target in sorted(names.responses.items()):
        method = _method(api, key)
        schema = method.operation.response.schema if method is not None else None
        if schema is not None:
            _walk(api, names, named, acronyms, target.module, [(schema, "", None, frozenset())], param=False)
    for key, target in sorted(names.method_params.items()):
        method = _method(api, key)
        if method is None or method.operation.body is None:
            continue
        body = method.operation.body.schema
        start: _Frame = (body, "", None, frozenset())
        if isinstance(body, RefSchema) and body.target in api.schema_index:
            # The params TypedDict stands for the referenced body: its nested names belong here.
            start = (class_view(api.schema_index[body.target].schema), "", body.target, frozenset({body.target}))
        _walk(api, names, named, acronyms, target.module, [start], param=True)


def lend_nested_names(names: Names) -> None:
    """A configured alias's module also exports its target module's nested classes and aliases,
    as a module of its own would (`eval_create_response.DataSourceConfig`)."""
    by_module: Dict[str, List[str]] = {}
    for (module, _), nested in names.nested.items():
        by_module.setdefault(module, []).append(nested)
    for module, pairs in names.module_aliases.items():
        by_module.setdefault(module, []).extend(label for label, _ in pairs)
    for alias, target in names.aliases:
        lent = sorted(set(by_module.get(target.module, [])))
        if not lent:
            continue
        used = names.names_in(alias.module)
        used.add(alias.name)
        aliases = names.module_aliases.setdefault(alias.module, [])
        for label in lent:
            _add(aliases, used, label, ModuleName(target.module, label))


def _start(api: Api, schema: Schema, name: str) -> _Frame:
    """Where the walk of component `name` starts: a list of (or another name for) a single
    referenced type stands for that type, so the type's nested names belong here too."""
    inner = schema.items if isinstance(schema, ArraySchema) else schema
    if isinstance(inner, RefSchema) and inner.target in api.schema_index and inner.target != name:
        return (class_view(api.schema_index[inner.target].schema), "", inner.target, frozenset({name, inner.target}))
    return (schema, "", None, frozenset({name}))


def _walk(
    api: Api,
    names: Names,
    named: FrozenSet[str],
    acronyms: FrozenSet[str],
    module: str,
    stack: List[_Frame],
    *,
    param: bool,
) -> None:
    used = names.names_in(module)
    own_classes = {name for (where, _), name in names.nested.items() if where == module}
    aliases = names.module_aliases.setdefault(module, [])
    variant_names = names.param_variant_names if param else names.variant_names
    while stack:
        node, label, via, seen = stack.pop()
        if via is not None and isinstance(node, (ObjectSchema, UnionSchema)) and label:
            home = _home(names, via, param)
            nested = names.nested.get((home.module, node.pointer))
            if nested is not None:
                _add(aliases, used, label, ModuleName(home.module, nested))
        kids: List[_Frame] = []
        base = node.base if isinstance(node, ObjectSchema) else None
        if base is not None and base in api.schema_index and base not in seen:
            # Inherited properties are the type's own: their nested names belong here too.
            kids.append((class_view(api.schema_index[base].schema), label, base, seen | {base}))
        for child, child_label in child_labels(node, label, acronyms, api, variant_names):
            if not isinstance(child, RefSchema):
                kids.append((child, child_label, via, seen))
                continue
            target = child.target
            if target in named or target in seen or target not in names.models:
                continue
            schema = api.schema_index[target].schema
            if child_label and isinstance(schema, (ObjectSchema, UnionSchema)):
                home = _home(names, target, param)
                # A TypedDict module imports the twin, not the model: the model's name is free here.
                free = param and home.name != names.models[target].name and child_label == names.models[target].name
                if free and child_label not in own_classes:
                    used.discard(child_label)
                _add(aliases, used, child_label, home)
            kids.append((class_view(api.schema_index[target].schema), child_label, target, seen | {target}))
        stack.extend(reversed(kids))
    if not aliases:
        del names.module_aliases[module]


def _home(names: Names, schema: str, param: bool) -> ModuleName:
    """The class standing for component `schema` on one side: its TypedDict twin, else its model."""
    if param and schema in names.params:
        return names.params[schema]
    return names.models[schema]


def _add(aliases: List[Tuple[str, ModuleName]], used: Set[str], label: str, target: ModuleName) -> None:
    label = spell(label)
    if label in used or label in _IMPORTED:
        return
    used.add(label)
    aliases.append((label, target))


def _method(api: Api, key: Tuple[Tuple[str, ...], str]) -> Optional[Method]:
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        if resource.path == key[0]:
            return next((method for method in resource.methods if method.name == key[1]), None)
        stack.extend(resource.children)
    return None
