"""Print the typed description of a module as Python text; it decides nothing, and imports exactly the symbols it prints.

Imports come out in the sections and order ruff's isort rules give (`Imports.render`), so
the format stage only formats.
"""

from __future__ import annotations

from typing import Iterable, List, Set

from ..emit.code import CodeWriter, docstring_lines, py_str
from ..emit.imports import Imports
from .nodes import (
    TYPE_ALIAS,
    Attr,
    Builtin,
    Class,
    Const,
    Expr,
    Literal,
    Local,
    Module,
    OptionalOf,
    Ref,
    Subscript,
    Symbol,
    TypeAlias,
    UnionOf,
    deferred_symbols,
    symbols_of,
)

__all__ = ["add_symbols", "print_expr", "print_module"]


def _const(value: object) -> str:
    return py_str(value) if isinstance(value, str) else repr(value)


def print_expr(expr: Expr) -> str:
    """The Python text of `expr`."""
    if isinstance(expr, Ref):
        return f'"{expr.symbol.bound}"' if expr.quoted else expr.symbol.bound
    if isinstance(expr, Local):
        return f'"{expr.name}"' if expr.quoted else expr.name
    if isinstance(expr, Builtin):
        return expr.name
    if isinstance(expr, Attr):
        return f"{print_expr(expr.value)}.{expr.name}"
    if isinstance(expr, Const):
        return _const(expr.value)
    if isinstance(expr, Literal):
        return f"Literal[{', '.join(_const(value) for value in expr.values)}]"
    if isinstance(expr, OptionalOf):
        return f"Optional[{print_expr(expr.inner)}]"
    if isinstance(expr, UnionOf):
        return f"Union[{', '.join(print_expr(member) for member in expr.members)}]"
    if isinstance(expr, Subscript):
        return f"{print_expr(expr.base)}[{', '.join(print_expr(arg) for arg in expr.args)}]"
    keywords = ", ".join(f"{key}={print_expr(value)}" for key, value in expr.keywords)
    return f"{print_expr(expr.func)}({keywords})"


def add_symbols(imports: Imports, symbols: Iterable[Symbol]) -> None:
    """Record the imports of `symbols` in `imports`."""
    for symbol in symbols:
        if symbol.name is None:
            imports.add_module(symbol.module)
        elif symbol.local is not None and symbol.local != symbol.name:
            imports.add(symbol.module, f"{symbol.name} as {symbol.local}")
        else:
            imports.add(symbol.module, symbol.name)


def _statement_exprs(module: Module) -> List[Expr]:
    exprs: List[Expr] = []
    for statement in module.body:
        if isinstance(statement, Class):
            exprs.extend(statement.bases)
            exprs.extend(value for _, value in statement.keywords)
            for item in statement.fields:
                exprs.append(item.annotation)
                if item.default is not None:
                    exprs.append(item.default)
        else:
            exprs.append(Ref(TYPE_ALIAS))
            exprs.append(statement.value)
    return exprs


def _print_class(w: CodeWriter, statement: Class) -> None:
    heads = [print_expr(base) for base in statement.bases]
    heads += [f"{key}={print_expr(value)}" for key, value in statement.keywords]
    with w.block(f"class {statement.name}({', '.join(heads)}):"):
        w.docstring(docstring_lines(statement.doc, width=100))
        for index, item in enumerate(statement.fields):
            if index or statement.doc:
                w.blank()
            default = "" if item.default is None else f" = {print_expr(item.default)}"
            w.line(f"{item.name}: {print_expr(item.annotation)}{default}")
            w.docstring(docstring_lines(item.doc, width=100))
        if not statement.fields and not statement.doc:
            w.line("pass")  # a subclass adding nothing but its name


def _print_alias(w: CodeWriter, statement: TypeAlias) -> None:
    w.line(f"{statement.name}: TypeAlias = {print_expr(statement.value)}")
    w.docstring(docstring_lines(statement.doc, width=100))


def _tail(module: Module, package: str, imported: Set[Symbol]) -> List[str]:
    """The end-of-module lines: imports deferred to break a cycle, then re-exported names."""
    deferred = Imports(package, module.name)
    add_symbols(deferred, (symbol for expr in _statement_exprs(module) for symbol in deferred_symbols(expr)))
    lines = [f"{line}  # noqa: E402" for line in deferred.render()]
    late = Imports(package, module.name)
    # A name the top of the module already imports under its own name is not imported twice.
    add_symbols(late, (item.symbol for item in module.reexports if item.symbol not in imported))
    own = [f"{item.name} = {print_expr(item.value)}" for item in module.assigns]
    if late.render():
        # A file-level exemption: the formatter may wrap a long line and move a line's own `noqa`.
        lines += ["# Nested-class names of types written elsewhere (imported last).", "# ruff: noqa: E402"]
        lines += late.render()
    return lines + own


def print_module(module: Module, package: str) -> str:
    """The text of `module`, whose relative imports are computed against `package`."""
    exprs = _statement_exprs(module)
    symbols = {symbol for expr in exprs for symbol in symbols_of(expr)}
    imports = Imports(package, module.name)
    add_symbols(imports, symbols)
    w = CodeWriter()
    w.line(module.header)
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.lines(imports.render())
    w.blank()
    w.line(f"__all__ = [{', '.join(py_str(name) for name in sorted(set(module.exports)))}]")
    body = CodeWriter()
    for statement in module.body:
        body.blank(2)
        if isinstance(statement, Class):
            _print_class(body, statement)
        else:
            _print_alias(body, statement)
    tail = _tail(module, package, symbols)
    if tail:
        body.blank()
        body.lines(tail)
    return w.render() + body.render()
