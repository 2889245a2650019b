"""Pieces every lowered model or params module shares: another module's name bound without
shadowing one defined here, the module's other names re-exported last, a named union alias."""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Tuple

from .nodes import Assign, Local, Reexport, Ref, Symbol, TypeAlias

if TYPE_CHECKING:
    from ..ir.nodes import UnionSchema
    from ..naming import Names
    from .types import TypeLowerer

__all__ = ["module_aliases", "union_alias", "unshadowed"]


def unshadowed(module: str, name: str, defined_here: str) -> Ref:
    """A reference to `name` from a module that defines `defined_here`: the same name is bound as `_<name>`."""
    return Ref(Symbol(module, name, None if name != defined_here else f"_{name}"))


def module_aliases(names: Names, module: str) -> Tuple[Tuple[Reexport, ...], Tuple[Assign, ...], List[str]]:
    """`module`'s other names (`names.module_aliases`): re-exports, assignments, and the labels.

    Re-exports are imported last, after every class of the module, so an import cycle with the
    aliased module finds this one complete.
    """
    reexports: List[Reexport] = []
    assigns: List[Assign] = []
    labels: List[str] = []
    for label, target in names.module_aliases.get(module, []):
        labels.append(label)
        if target.module == module:
            # Another name for one this module has (the config's `extra_names`) is an assignment.
            assigns.append(Assign(label, Local(target.name)))
        else:
            reexports.append(Reexport(Symbol(target.module, target.name, None if label == target.name else label)))
    return tuple(reexports), tuple(assigns), labels


def union_alias(lowerer: TypeLowerer, name: str, schema: UnionSchema) -> TypeAlias:
    """`Name: TypeAlias = Union[...]` for a named inline union (later names quoted)."""
    lowerer.quote_late = True
    try:
        value = lowerer.union(schema)
    finally:
        lowerer.quote_late = False
    return TypeAlias(name, value, schema.description)
