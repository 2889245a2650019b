"""Lower the modules that only re-export: a lazy package `__init__` (a name -> submodule table,
`__getattr__`, the names imported for type checkers only) and a module re-exporting names of
another module, each as a `Module` the printer writes.

A lazy package imports none of its submodules: each name loads on first access and is then
cached in the module's globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Tuple

from .nodes import (
    Builtin,
    Code,
    Const,
    DictOf,
    Exported,
    Expr,
    Function,
    Local,
    Module,
    Param,
    Ref,
    Statement,
    Subscript,
    Symbol,
    Variable,
)

__all__ = ["RESOURCES_SHAPE", "TYPES_SHAPE", "LazyShape", "lower_lazy_package", "lower_reexport_module"]

_STR = Builtin("str")
_IMPORTLIB = Ref(Symbol("importlib"))
_ATTRIBUTE_ERROR = 'raise AttributeError(f"module {__name__!r} has no attribute {name!r}")'


@dataclass(frozen=True)
class LazyShape:
    """How a lazy package writes its table and `__getattr__` (the types and resource packages differ).

    Attributes:
        table: The name of the name -> submodule table.
        table_type: Its annotation (`Dict[str, str]`).
        returns: `__getattr__`'s return annotation (`Any`, `object`).
        with_dir: Also write `__dir__`, listing the lazy names before they load.
    """

    table: str
    table_type: Expr
    returns: Expr
    with_dir: bool


TYPES_SHAPE = LazyShape(
    "_MODULES", Subscript(Ref(Symbol("typing", "Dict")), (_STR, _STR)), Ref(Symbol("typing", "Any")), True
)
RESOURCES_SHAPE = LazyShape("_LAZY", Subscript(Builtin("dict"), (_STR, _STR)), Builtin("object"), False)


def _getattr(shape: LazyShape) -> Function:
    table = Local(shape.table)
    if shape.with_dir:
        body: Tuple[Code, ...] = (
            Code(("module = ", table, ".get(name)")),
            Code(("if module is None:",)),
            Code((_ATTRIBUTE_ERROR,), 1),
            Code(("value = getattr(", _IMPORTLIB, ".import_module(module, __name__), name)")),
            Code(("globals()[name] = value",)),
            Code(("return value",)),
        )
    else:
        body = (
            Code(("if name in ", table, ":")),
            Code(("value: object = getattr(", _IMPORTLIB, ".import_module(", table, "[name], __name__), name)"), 1),
            Code(("globals()[name] = value",), 1),
            Code(("return value",), 1),
            Code((_ATTRIBUTE_ERROR,)),
        )
    return Function("__getattr__", (Param("name", _STR),), returns=shape.returns, body=body)


_DIR = Function(
    "__dir__",
    (),
    returns=Subscript(Builtin("list"), (_STR,)),
    body=(Code(("return sorted(set(globals()) | set(__all__))",)),),
)


def lower_lazy_package(name: str, header: str, doc: str, table: Mapping[str, str], shape: LazyShape) -> Module:
    """The lazy `__init__` of package `name`.

    Args:
        name: The dotted package.
        header: The generated-file header line.
        doc: The module docstring.
        table: Public name -> the submodule defining it (last segment).
        shape: How the table and `__getattr__` are written.
    """
    names = sorted(table)
    exported = tuple(Exported(Symbol(f"{name}.{table[item]}", item), typing_only=True) for item in names)
    entries = tuple((Const(item), Const("." + table[item])) for item in names)
    body: Tuple[Statement, ...] = (Variable(shape.table, DictOf(entries), shape.table_type), _getattr(shape))
    if shape.with_dir:
        body += (_DIR,)
    return Module(name, header, tuple(names), body, doc=doc, exported=exported, is_package=True)


def lower_reexport_module(name: str, header: str, source: str, names: Mapping[str, str], doc: Optional[str]) -> Module:
    """Module `name` re-exporting names of `source` (public name -> name there)."""
    exported = tuple(Exported(Symbol(source, names[public], public)) for public in sorted(names))
    return Module(name, header, tuple(sorted(names)), (), doc=doc, exported=exported)
