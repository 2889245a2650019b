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
    "ELLIPSIS",
    "NONE",
    "TYPE_ALIAS",
    "Assign",
    "Attr",
    "Block",
    "Builtin",
    "Call",
    "Class",
    "Code",
    "Const",
    "DictOf",
    "Exported",
    "Expr",
    "Field",
    "Function",
    "Line",
    "ListOf",
    "Literal",
    "Local",
    "LocalImport",
    "Module",
    "OptionalOf",
    "Param",
    "PipeUnion",
    "Reexport",
    "Ref",
    "Source",
    "Statement",
    "Subscript",
    "Symbol",
    "TypeAlias",
    "UnionOf",
    "Variable",
    "deferred_symbols",
    "function_exprs",
    "is_nullable",
    "symbols_of",
    "walk",
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
        quoted: Written as a string (a name not bound yet when a type alias, or the annotation
            of a module with `eager_annotations`, is evaluated).
        lazy: A module (`Symbol(parent, leaf)`) that a deferring module binds to a stand-in which
            imports it on first use (`leaf = lazy_module("parent.leaf")`), imported for type
            checkers only.
        typing_only: Named for type checkers only: a deferring module imports a name of its own
            package under `TYPE_CHECKING` (a helper's config `symbols`, a client accessor's class).
        eager: Imported at the top even where only annotations name it, in a module whose
            annotation names load on access (`Module.lazy_annotations`): a literal alias, which a
            runtime reader of the annotations needs without importing anything (a union's tag).
    """

    symbol: Symbol
    deferred: bool = False
    quoted: bool = False
    lazy: bool = False
    typing_only: bool = False
    eager: bool = False


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

    base: Union[Ref, Attr, Builtin]
    args: Tuple[Expr, ...]


@dataclass(frozen=True)
class Call:
    """`func(args..., key=value, ...)` (`Field(discriminator="type")`, `cast(Any, Name)`)."""

    func: Union[Ref, Local, Builtin]
    keywords: Tuple[Tuple[str, Expr], ...]
    args: Tuple[Expr, ...] = ()


@dataclass(frozen=True)
class PipeUnion:
    """`A | B | ...` in an annotation (the request options: `Headers | None`); imports nothing itself."""

    members: Tuple[Expr, ...]


@dataclass(frozen=True)
class DictOf:
    """A dict display `{key: value, ...}`; a `Variable`'s value is written one entry a line."""

    items: Tuple[Tuple[Expr, Expr], ...]


@dataclass(frozen=True)
class ListOf:
    """A list display `[items...]` (`Callable[[List[object]], Client]`)."""

    items: Tuple[Expr, ...]


@dataclass(frozen=True)
class Source:
    """A literal value written as the given Python source (JSON-like test data): it names no
    symbol, so it imports nothing."""

    text: str


Expr = Union[
    Ref, Local, Builtin, Attr, Const, Literal, OptionalOf, UnionOf, Subscript, Call, PipeUnion, DictOf, ListOf, Source
]

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
    """`class name(bases..., keywords...):` with a docstring, fields and methods (`pass` when it
    has none), under its `@decorators`."""

    name: str
    bases: Tuple[Expr, ...]
    fields: Tuple[Field, ...] = ()
    doc: Optional[str] = None
    keywords: Tuple[Tuple[str, Expr], ...] = ()
    methods: Tuple[Function, ...] = ()
    decorators: Tuple[Expr, ...] = ()


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


@dataclass(frozen=True)
class Code:
    """One line of a function body: text and the expressions it names, in order.

    `indent` counts levels below the body (the arguments of a call spread over lines).
    """

    parts: Tuple[Union[str, Expr], ...]
    indent: int = 0


@dataclass(frozen=True)
class LocalImport:
    """`from module import name` inside a function body: loaded when the function runs, so the
    module imports nothing of it."""

    symbol: Symbol


Line = Union[Code, LocalImport]
ELLIPSIS = Code(("...",))


@dataclass(frozen=True)
class Param:
    """`name[: annotation][ = default]` in a signature."""

    name: str
    annotation: Optional[Expr] = None
    default: Optional[Expr] = None


@dataclass(frozen=True)
class Function:
    """A `def` (a method in a class body).

    Attributes:
        name: The function name.
        params: The parameters before `*` (`self` included).
        keywords: The keyword-only parameters (after `*`); a signature with any is written one
            parameter per line.
        returns: The return annotation.
        decorators: `@expr` lines, in order (`overload`, `deprecated("...")`).
        doc: The docstring summary; `doc_args` its `Args:` entries `(name, description)`.
        body: The lines after the docstring; only `...` with no docstring is written on the
            signature's line (an overload stub).
        is_async: `async def`.
    """

    name: str
    params: Tuple[Param, ...]
    keywords: Tuple[Param, ...] = ()
    returns: Optional[Expr] = None
    decorators: Tuple[Expr, ...] = ()
    doc: Optional[str] = None
    doc_args: Tuple[Tuple[str, str], ...] = ()
    body: Tuple[Line, ...] = (ELLIPSIS,)
    is_async: bool = False


@dataclass(frozen=True)
class Variable:
    """`name[: annotation] = value` at module level, in body order (a lazy package's name table)."""

    name: str
    value: Expr
    annotation: Optional[Expr] = None


@dataclass(frozen=True)
class Block:
    """Fixed top-level code written as given (a template's classes and functions).

    `symbols` are the imported names its code uses, found by parsing it
    (`lower.source.fixed_block`), so the module imports exactly those.
    """

    text: str
    symbols: Tuple[Symbol, ...]


Statement = Union[Class, TypeAlias, Function, Variable, Block]


def function_exprs(function: Function) -> Tuple[Tuple[Expr, ...], Tuple[Expr, ...]]:
    """What `function` names: (annotations, expressions evaluated at run time)."""
    params = (*function.params, *function.keywords)
    annotations = [param.annotation for param in params if param.annotation is not None]
    if function.returns is not None:
        annotations.append(function.returns)
    runtime = [param.default for param in params if param.default is not None]
    runtime += function.decorators
    for line in function.body:
        if isinstance(line, Code):
            runtime += [part for part in line.parts if not isinstance(part, str)]
    return tuple(annotations), tuple(runtime)


@dataclass(frozen=True)
class Reexport:
    """A name of another module this one re-exports, imported after every class (`label` is its name here)."""

    symbol: Symbol


@dataclass(frozen=True)
class Exported:
    """A name of another module this one re-exports through its imports: `from m import name as
    bound` at the top (the alias, even when redundant, marks a re-export for type checkers).

    `typing_only` imports it under `TYPE_CHECKING`: a lazy package, whose `__getattr__` loads
    the name on first access, so importing the package loads none of its modules.
    """

    symbol: Symbol
    typing_only: bool = False


@dataclass(frozen=True)
class Module:
    """One generated model or params module.

    Attributes:
        name: The dotted module (`pkg.types.chat.chat_completion`); imports are relative to it.
        header: The generated-file header line.
        exports: The names of `__all__` (printed sorted, once each; annotated when empty); None
            writes no `__all__` (a test module, a conftest).
        body: The classes, aliases, functions and variables, in order.
        reexports: Names of other modules re-exported at the end (after the deferred imports).
        assigns: Other names for the module's own classes, written last.
        doc: A one-line module docstring, written under the header.
        defers: Imports wait where they can (resource modules): a name of the package's
            `types` that only annotations use, and a `typing_only` name of the package, is
            imported under `TYPE_CHECKING`; a `lazy` module is bound to a `lazy_module` stand-in.
        exported: Names of other modules re-exported through the imports at the top.
        is_package: `name` is a package (its `__init__`): relative imports start one level lower.
        first_party: Other top-level packages of the project, imported absolutely in a section of
            their own (the package a test module tests).
        lazy_annotations: Names of the package's `types` that only class annotations use, and the
            names re-exported at the end, are imported under `TYPE_CHECKING` and at run time on
            first access, by a module `__getattr__` (TypedDict modules: a reader resolves a key's
            annotation when it needs that key, so it imports only the modules of keys it uses).
        eager_annotations: No `from __future__ import annotations` (response models): class
            annotations are evaluated as the class body runs, so pydantic gets types instead of
            strings to compile and evaluate. Every name they use is imported at the top or
            defined above; a forward reference (a class defined below, the class itself, a name
            imported at the end to break a cycle) is quoted.
        is_stub: A type stub (`.pyi`): no `from __future__ import annotations`, which has no effect there.
    """

    name: str
    header: str
    exports: Optional[Tuple[str, ...]]
    body: Tuple[Statement, ...]
    reexports: Tuple[Reexport, ...] = ()
    assigns: Tuple[Assign, ...] = ()
    doc: Optional[str] = None
    defers: bool = False
    exported: Tuple[Exported, ...] = ()
    is_package: bool = False
    first_party: Tuple[str, ...] = ()
    lazy_annotations: bool = False
    eager_annotations: bool = False
    is_stub: bool = False


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
        return (node.func, *node.args, *(value for _, value in node.keywords))
    if isinstance(node, PipeUnion):
        return node.members
    if isinstance(node, DictOf):
        return tuple(part for item in node.items for part in item)
    if isinstance(node, ListOf):
        return node.items
    return ()


def walk(node: Expr) -> Iterator[Expr]:
    """`node` and every expression under it."""
    return _walk(node)


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
