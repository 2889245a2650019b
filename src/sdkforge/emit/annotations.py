"""Annotation text for emitters that still print strings (resource method signatures).

It lowers the schema to a type tree (`lower.types.TypeLowerer`), records the tree's symbols
in the module's `Imports` and returns the printed tree; it decides no type mapping itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..lower.nodes import Expr, symbols_of
from ..lower.printer import add_symbols, print_expr
from ..lower.schemas import (
    BUILTIN_TYPES,
    cycle_partners,
    discriminator_of,
    inline_nodes,
    inline_objects,
    schema_description,
)
from ..lower.types import Side, TypeLowerer

if TYPE_CHECKING:
    from ..ir.nodes import Api, Schema
    from ..naming import Names
    from .imports import Imports

__all__ = [
    "BUILTIN_TYPES",
    "Annotator",
    "Side",
    "cycle_partners",
    "discriminator_of",
    "inline_nodes",
    "inline_objects",
    "schema_description",
]


@dataclass
class Annotator:
    """Renders annotations for one generated module, recording their imports.

    Attributes:
        api: The IR (to look through references).
        names: Every class name.
        module: The dotted module being generated (names defined there are not imported).
        imports: Where the needed imports are recorded.
        side: Model or params.
        home: The module holding the inline classes of the schema being rendered.
        qualify_home: Name the home's inline classes through its module (`x_params.Name`).
    """

    api: Api
    names: Names
    module: str
    imports: Imports
    side: Side
    home: Optional[str] = None
    qualify_home: bool = False

    def lower(self, schema: Schema) -> Expr:
        """The type tree of `schema`, its symbols recorded as imports."""
        lowerer = TypeLowerer(self.api, self.names, self.module, self.side, self.home, qualify_home=self.qualify_home)
        tree = lowerer.lower(schema)
        add_symbols(self.imports, symbols_of(tree))
        return tree

    def render(self, schema: Schema) -> str:
        """The annotation of `schema`, nullable folded in as `Optional[...]`."""
        return print_expr(self.lower(schema))
