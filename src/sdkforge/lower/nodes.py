"""The typed description of a generated module: symbols, type trees and statements; it knows no IR and no text layout.

A `Symbol(module, name)` is the only way to name anything outside the module being written,
so its imports are exactly the symbols of what is printed (`symbols_of`). Nullability is a
node (`Optional`, the `NONE` builtin), read from the tree rather than from rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Tuple, Union

__all__ = [
    "ANNOTATED",
    "NONE",
    "TYPE_ALIAS",
    "Assign",
    "Attr",
    "Builtin",
    "Call",
    "Class",
    "Const",
    "Expr",
    "Field",
    "Literal",
    "Local",
    "Module",
    "OptionalOf",
    "Reexport",
    "Ref",
    "Statement",
    "Subscript",
    "Symbol",
    "TypeAlias",
    "UnionOf",
    "deferred_symbols",
    "is_nullable",
    "symbols_of",
]


@dataclass(frozen=True)
class Symbol:
    """A name imported from another module.

    Attributes:
        module: The absolute dotted module (`typing`, `pkg.types.chat.chat_completion`).
        name: The imported name; None imports the module itself (`import builtins`).
        local: The name it is bound to when that differs (`from m import Name as _Name`).
    """

    module: str
    name: Optional[str] = None
    local: Optional[str] = None

    @property
    def bound(self) -> str:
        """The name the generated code uses."""
        return self.local or self.name or self.module


@dataclass(frozen=True)
class Ref:
    """A use of an imported symbol.

    Attributes:
        symbol: What is named.
        deferred: Imported at the end of the module (an import cycle of class annotations).
        quoted: Written as a string (a name not bound yet when a type alias is evaluated).
    """

    symbol: Symbol
    deferred: bool = False
    quoted: bool = False


@dataclass(frozen=True)
class Local:
    """A name defined in the module itself (imports nothing)."""

    name: str
    quoted: bool = False


@dataclass(frozen=True)
class Builtin:
    """A builtin (`str`, `object`) or `None`; imports nothing."""

    name: str


@dataclass(frozen=True)
class Attr:
    """`value.name`: a name reached through an imported module (`builtins.str`, `x_params.Name`)."""

    value: Ref
    name: str


@dataclass(frozen=True)
class Const:
    """A Python constant written as a literal (`"type"`, `None`, `False`)."""

    value: Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Literal:
    """`Literal[values...]` (imports `typing_extensions.Literal`)."""

    values: Tuple[Union[str, int, float, bool, None], ...]


@dataclass(frozen=True)
class OptionalOf:
    """`Optional[inner]`: the value may be None (imports `typing.Optional`)."""

    inner: Expr


@dataclass(frozen=True)
class UnionOf:
    """`Union[members...]` (imports `typing.Union`)."""

    members: Tuple[Expr, ...]


@dataclass(frozen=True)
class Subscript:
    """`base[args...]` (`List[str]`, `Required[...]`, `Annotated[T, Field(...)]`)."""

    base: Union[Ref, Attr]
    args: Tuple[Expr, ...]


@dataclass(frozen=True)
class Call:
    """`func(key=value, ...)` with keyword arguments only (`Field(discriminator="type")`)."""

    func: Ref
    keywords: Tuple[Tuple[str, Expr], ...]


Expr = Union[Ref, Local, Builtin, Attr, Const, Literal, OptionalOf, UnionOf, Subscript, Call]

NONE = Builtin("None")
TYPE_ALIAS = Symbol("typing_extensions", "TypeAlias")
ANNOTATED = Symbol("typing_extensions", "Annotated")
LITERAL = Symbol("typing_extensions", "Literal")
OPTIONAL = Symbol("typing", "Optional")
UNION = Symbol("typing", "Union")


def is_nullable(expr: Expr) -> bool:
    """The annotation admits None: `Optional[...]` or `None` itself."""
    return isinstance(expr, OptionalOf) or expr == NONE


@dataclass(frozen=True)
class Field:
    """`name: annotation [= default]` in a class body, then its docstring."""

    name: str
    annotation: Expr
    default: Optional[Expr] = None
    doc: Optional[str] = None


@dataclass(frozen=True)
class Class:
    """`class name(bases..., keywords...):` with a docstring and fields (`pass` when it has neither)."""

    name: str
    bases: Tuple[Expr, ...]
    fields: Tuple[Field, ...] = ()
    doc: Optional[str] = None
    keywords: Tuple[Tuple[str, Expr], ...] = ()


@dataclass(frozen=True)
class TypeAlias:
    """`name: TypeAlias = value`, then its docstring."""

    name: str
    value: Expr
    doc: Optional[str] = None


@dataclass(frozen=True)
class Assign:
    """`name = value` (another name for one of the module's own classes)."""

    name: str
    value: Expr


Statement = Union[Class, TypeAlias]


@dataclass(frozen=True)
class Reexport:
    """A name of another module this one re-exports, imported after every class (`label` is its name here)."""

    symbol: Symbol


@dataclass(frozen=True)
class Module:
    """One generated model or params module.

    Attributes:
        name: The dotted module (`pkg.types.chat.chat_completion`); imports are relative to it.
        header: The generated-file header line.
        exports: The names of `__all__` (printed sorted, once each).
        body: The classes and aliases, in order.
        reexports: Names of other modules re-exported at the end (after the deferred imports).
        assigns: Other names for the module's own classes, written last.
    """

    name: str
    header: str
    exports: Tuple[str, ...]
    body: Tuple[Statement, ...]
    reexports: Tuple[Reexport, ...] = ()
    assigns: Tuple[Assign, ...] = ()


def _children(node: Expr) -> Tuple[Expr, ...]:
    if isinstance(node, Attr):
        return (node.value,)
    if isinstance(node, OptionalOf):
        return (node.inner,)
    if isinstance(node, UnionOf):
        return node.members
    if isinstance(node, Subscript):
        return (node.base, *node.args)
    if isinstance(node, Call):
        return (node.func, *(value for _, value in node.keywords))
    return ()


def _walk(node: Expr) -> Iterator[Expr]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def symbols_of(expr: Expr) -> Iterator[Symbol]:
    """Every symbol printing `expr` names at import time (constructs included: `Optional`, `Literal`, ...)."""
    for node in _walk(expr):
        if isinstance(node, Ref) and not node.deferred:
            yield node.symbol
        elif isinstance(node, Literal):
            yield LITERAL
        elif isinstance(node, OptionalOf):
            yield OPTIONAL
        elif isinstance(node, UnionOf):
            yield UNION


def deferred_symbols(expr: Expr) -> Iterator[Symbol]:
    """The symbols `expr` names whose import waits until the end of the module."""
    for node in _walk(expr):
        if isinstance(node, Ref) and node.deferred:
            yield node.symbol
