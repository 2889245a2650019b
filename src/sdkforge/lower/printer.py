"""Print the typed description of a module as Python text; it decides nothing, and imports exactly the symbols it prints.

Imports come out in the sections and order ruff's isort rules give (`Imports.render`), so
the format stage only formats.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Union

from ..emit.code import CodeWriter, docstring_lines, py_str
from ._imports import Imports
from .nodes import (
    ELLIPSIS,
    LITERAL,
    OPTIONAL,
    TYPE_ALIAS,
    UNION,
    Attr,
    Block,
    Builtin,
    Call,
    Class,
    Code,
    Const,
    DictOf,
    Expr,
    Function,
    Line,
    ListOf,
    Literal,
    Local,
    LocalImport,
    Module,
    OptionalOf,
    Param,
    PipeUnion,
    Ref,
    Source,
    Statement,
    Subscript,
    Symbol,
    TypeAlias,
    UnionOf,
    Variable,
    deferred_symbols,
    function_exprs,
    symbols_of,
    walk,
)

__all__ = ["module_references", "print_expr", "print_function", "print_module"]


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
    if isinstance(expr, PipeUnion):
        return " | ".join(print_expr(member) for member in expr.members)
    if isinstance(expr, DictOf):
        return "{" + ", ".join(f"{print_expr(key)}: {print_expr(value)}" for key, value in expr.items) + "}"
    if isinstance(expr, ListOf):
        return f"[{', '.join(print_expr(item) for item in expr.items)}]"
    if isinstance(expr, Source):
        return expr.text
    arguments = [print_expr(arg) for arg in expr.args]
    arguments += [f"{key}={print_expr(value)}" for key, value in expr.keywords]
    return f"{print_expr(expr.func)}({', '.join(arguments)})"


def _add_symbols(imports: Imports, symbols: Iterable[Symbol]) -> None:
    """Record the imports of `symbols` in `imports`."""
    for symbol in symbols:
        if symbol.name is None:
            imports.add_module(symbol.module)
        elif symbol.local is not None and symbol.local != symbol.name:
            imports.add(symbol.module, f"{symbol.name} as {symbol.local}")
        else:
            imports.add(symbol.module, symbol.name)


def _construct(node: Expr) -> Optional[Symbol]:
    """The `typing` name a construct node prints (`Literal`, `Optional`, `Union`), if any."""
    if isinstance(node, Literal):
        return LITERAL
    if isinstance(node, OptionalOf):
        return OPTIONAL
    if isinstance(node, UnionOf):
        return UNION
    return None


def _import_exprs(imports: Imports, exprs: Iterable[Expr]) -> None:
    """Record the imports of what `exprs` name (deferred references excepted; a `lazy` module
    and a `typing_only` name as the collector defers them, when it does)."""
    for expr in exprs:
        for node in walk(expr):
            if isinstance(node, Ref):
                symbol = node.symbol
                if node.deferred:
                    continue
                if node.lazy and symbol.name is not None:
                    imports.add_lazy_module(symbol.module, symbol.name, symbol.local)
                elif node.typing_only and symbol.name is not None:
                    imports.add_for_type_checking(symbol.module, symbol.name)
                else:
                    _add_symbols(imports, (symbol,))
            else:
                construct = _construct(node)
                if construct is not None:
                    _add_symbols(imports, (construct,))


Base = Union[Ref, Attr, Builtin]  # what a `Subscript` subscripts
_LIST = Symbol("typing", "List")  # annotates an empty `__all__`


class _LazyReads:
    """The one rule for deferring modules: a name of a deferrable module (`Imports.is_deferrable`:
    the package's `types`, its page and stream classes) that a method reads when it runs is
    read as `_leaf.Name` through a `lazy_module` stand-in of its module, so importing the
    module loads none of them; its annotation uses stay `TYPE_CHECKING` imports.

    The alias has one leading underscore: clear of parameters such as `model`, and never
    name-mangled in a class body (`__x`). When two modules would share an alias, the second
    one's names are imported normally.
    """

    def __init__(self, imports: Imports) -> None:
        self._imports = imports
        self._aliases: Dict[str, str] = {}  # alias -> module

    def expr(self, expr: Expr) -> Expr:
        if isinstance(expr, Ref):
            return self._ref(expr)
        if isinstance(expr, OptionalOf):
            return OptionalOf(self.expr(expr.inner))
        if isinstance(expr, UnionOf):
            return UnionOf(tuple(self.expr(member) for member in expr.members))
        if isinstance(expr, PipeUnion):
            return PipeUnion(tuple(self.expr(member) for member in expr.members))
        if isinstance(expr, Subscript):
            return Subscript(self._base(expr.base), tuple(self.expr(arg) for arg in expr.args))
        if isinstance(expr, Call):
            args = tuple(self.expr(arg) for arg in expr.args)
            return Call(expr.func, tuple((key, self.expr(value)) for key, value in expr.keywords), args)
        return expr  # an `Attr` reaches its name through a module already

    def _base(self, base: Base) -> Base:
        return self._ref(base) if isinstance(base, Ref) else base

    def _ref(self, ref: Ref) -> Base:
        symbol = ref.symbol
        if ref.lazy or ref.deferred or ref.typing_only or symbol.name is None:
            return ref
        if not self._imports.is_deferrable(symbol.module):
            return ref
        parent, leaf = symbol.module.rsplit(".", 1)
        alias = "_" + leaf.lstrip("_")
        if self._aliases.setdefault(alias, symbol.module) != symbol.module:
            return ref
        return Attr(Ref(Symbol(parent, leaf, alias), lazy=True), symbol.name)

    def function(self, function: Function) -> Function:
        body: List[Line] = []
        for line in function.body:
            if isinstance(line, Code):
                line = Code(tuple(p if isinstance(p, str) else self.expr(p) for p in line.parts), line.indent)
            body.append(line)
        return replace(
            function,
            params=tuple(self._param(param) for param in function.params),
            keywords=tuple(self._param(param) for param in function.keywords),
            decorators=tuple(self.expr(decorator) for decorator in function.decorators),
            body=tuple(body),
        )

    def _param(self, param: Param) -> Param:
        return param if param.default is None else replace(param, default=self.expr(param.default))

    def module(self, module: Module) -> Module:
        body: List[Statement] = []
        for statement in module.body:
            if isinstance(statement, Class):
                statement = replace(
                    statement,
                    bases=tuple(self.expr(base) for base in statement.bases),
                    keywords=tuple((key, self.expr(value)) for key, value in statement.keywords),
                    fields=tuple(
                        item if item.default is None else replace(item, default=self.expr(item.default))
                        for item in statement.fields
                    ),
                    methods=tuple(self.function(function) for function in statement.methods),
                )
            elif isinstance(statement, Function):
                statement = self.function(statement)
            body.append(statement)
        return replace(module, body=tuple(body))


def _class_exprs(statement: Class) -> tuple[List[Expr], List[Expr]]:
    """(annotations, run-time expressions) of a class and its methods."""
    annotations: List[Expr] = []
    runtime: List[Expr] = [*statement.decorators, *statement.bases, *(value for _, value in statement.keywords)]
    for item in statement.fields:
        annotations.append(item.annotation)
        if item.default is not None:
            runtime.append(item.default)
    for function in statement.methods:
        names, evaluated = function_exprs(function)
        annotations += names
        runtime += evaluated
    return annotations, runtime


def _statement_exprs(module: Module) -> List[Expr]:
    exprs: List[Expr] = []
    for statement in module.body:
        if isinstance(statement, Class):
            exprs.extend(statement.decorators)
            exprs.extend(statement.bases)
            exprs.extend(value for _, value in statement.keywords)
            for item in statement.fields:
                exprs.append(item.annotation)
                if item.default is not None:
                    exprs.append(item.default)
        elif isinstance(statement, Function):
            annotations, runtime = function_exprs(statement)
            exprs += [*annotations, *runtime]
        elif isinstance(statement, Variable):
            exprs += [statement.value] if statement.annotation is None else [statement.annotation, statement.value]
        elif isinstance(statement, Block):
            exprs += [Ref(symbol) for symbol in statement.symbols]
        else:
            exprs.append(Ref(TYPE_ALIAS))
            exprs.append(statement.value)
    return exprs


def _print_class(w: CodeWriter, statement: Class, module: str, package: str, is_package: bool = False) -> None:
    for decorator in statement.decorators:
        w.line(f"@{print_expr(decorator)}")
    heads = [print_expr(base) for base in statement.bases]
    heads += [f"{key}={print_expr(value)}" for key, value in statement.keywords]
    head = f"class {statement.name}({', '.join(heads)}):" if heads else f"class {statement.name}:"
    with w.block(head):
        w.docstring(docstring_lines(statement.doc, width=100))
        for index, item in enumerate(statement.fields):
            if index or statement.doc:
                w.blank()
            default = "" if item.default is None else f" = {print_expr(item.default)}"
            w.line(f"{item.name}: {print_expr(item.annotation)}{default}")
            w.docstring(docstring_lines(item.doc, width=100))
        if statement.doc and statement.methods:
            w.blank()
        for function in statement.methods:
            print_function(w, function, module, package, is_package)
            w.blank()
        if not statement.fields and not statement.doc and not statement.methods:
            w.line("pass")  # a subclass adding nothing but its name


def _param(param: Param) -> str:
    text = param.name if param.annotation is None else f"{param.name}: {print_expr(param.annotation)}"
    return text if param.default is None else f"{text} = {print_expr(param.default)}"


def _code(line: Code) -> str:
    return "    " * line.indent + "".join(part if isinstance(part, str) else print_expr(part) for part in line.parts)


def print_function(w: CodeWriter, function: Function, module: str, package: str, is_package: bool = False) -> None:
    """Write `function` (decorators, signature, docstring, body); a body's local import is
    written relative to `module` of `package` (a package `__init__` when `is_package`)."""
    for decorator in function.decorators:
        w.line(f"@{print_expr(decorator)}")
    keyword = "async def" if function.is_async else "def"
    returns = "" if function.returns is None else f" -> {print_expr(function.returns)}"
    doc = docstring_lines(function.doc, list(function.doc_args))
    stub = not doc and function.body == (ELLIPSIS,)
    tail = ": ..." if stub else ":"
    if function.keywords:
        # One parameter a line, each with a trailing comma (which keeps the formatter's layout).
        w.line(f"{keyword} {function.name}(")
        with w.indented():
            w.lines(_params_lines(function.params, function.keywords))
        w.line(f"){returns}{tail}")
    else:
        w.line(f"{keyword} {function.name}({', '.join(_param(p) for p in function.params)}){returns}{tail}")
    if stub:
        return
    with w.indented():
        w.docstring(doc)
        relative = Imports(package, module, is_package)
        for line in function.body:
            if isinstance(line, LocalImport):
                w.line(f"from {relative.relative(line.symbol.module)} import {line.symbol.bound}")
            else:
                w.line(_code(line))


def _params_lines(params: Sequence[Param], keywords: Sequence[Param]) -> List[str]:
    return [f"{_param(p)}," for p in params] + ["*,"] + [f"{_param(p)}," for p in keywords]


def _print_variable(w: CodeWriter, statement: Variable) -> None:
    head = statement.name if statement.annotation is None else f"{statement.name}: {print_expr(statement.annotation)}"
    value = statement.value
    if not isinstance(value, DictOf) or not value.items:
        w.line(f"{head} = {print_expr(value)}")
        return
    # One entry a line with a trailing comma (which keeps the formatter's layout).
    w.line(f"{head} = {{")
    with w.indented():
        w.lines([f"{print_expr(key)}: {print_expr(item)}," for key, item in value.items])
    w.line("}")


def _export_name(symbol: Symbol) -> str:
    """`name as bound`: the alias marks a re-export for type checkers even when it is redundant."""
    return f"{symbol.name} as {symbol.bound}"


def _print_alias(w: CodeWriter, statement: TypeAlias) -> None:
    w.line(f"{statement.name}: TypeAlias = {print_expr(statement.value)}")
    w.docstring(docstring_lines(statement.doc, width=100))


def _tail(module: Module, package: str, imported: Set[Symbol]) -> List[str]:
    """The end-of-module lines: imports deferred to break a cycle, then re-exported names (but
    those a `lazy_annotations` module loads on access, which no cycle can reach)."""
    on_access = _on_access_collector(module, package)
    deferred = _collector(module, package)
    _add_symbols(
        deferred,
        (
            symbol
            for expr in _statement_exprs(module)
            for symbol in deferred_symbols(expr)
            if not (on_access.loads_on_access(symbol.module) and expr in _field_annotations(module))
        ),
    )
    lines = [f"{line}  # noqa: E402" for line in deferred.render()]
    late = _collector(module, package)
    waiting = _reexports_on_access(module, on_access)
    # A name the top of the module already imports under its own name is not imported twice.
    _add_symbols(late, (item.symbol for item in module.reexports if item.symbol not in imported | set(waiting)))
    own = [f"{item.name} = {print_expr(item.value)}" for item in module.assigns if item.name not in waiting.values()]
    if late.render():
        # A file-level exemption: the formatter may wrap a long line and move a line's own `noqa`.
        lines += ["# Nested-class names of types written elsewhere (imported last).", "# ruff: noqa: E402"]
        lines += late.render()
    return lines + own


def _collector(module: Module, package: str, defer: bool = False) -> Imports:
    return Imports(package, module.name, module.is_package, module.first_party, defer=defer)


def _on_access_collector(module: Module, package: str) -> Imports:
    """The module's top collector, loading names on access when `module.lazy_annotations` says so."""
    collector = _collector(module, package, defer=module.defers)
    collector.load_on_access = module.lazy_annotations
    return collector


def _field_annotations(module: Module) -> List[Expr]:
    return [item.annotation for statement in module.body if isinstance(statement, Class) for item in statement.fields]


def _on_access_exprs(imports: Imports, module: Module, annotations: List[Expr]) -> None:
    """In a `lazy_annotations` module: the names annotations need at run time (`Ref.eager`)
    are imported at the top, the cycle-breaking imports of class annotations and the names
    re-exported at the end wait for their first access with the other annotation names."""
    for expr in annotations:
        for node in walk(expr):
            if isinstance(node, Ref) and node.eager:
                _add_symbols(imports, (node.symbol,))
    for expr in _field_annotations(module):
        for symbol in deferred_symbols(expr):
            if symbol.name is not None and imports.loads_on_access(symbol.module):
                imports.add_on_access(symbol.module, symbol.name)
    for symbol, bound in _reexports_on_access(module, imports).items():
        imports.add_on_access(symbol.module, f"{symbol.name} as {bound}" if bound != symbol.name else bound)


def _reexports_on_access(module: Module, imports: Imports) -> Dict[Symbol, str]:
    """The names re-exported at the end that a `lazy_annotations` module loads on access
    instead, and the name each is bound to: the re-exports themselves, and another name given
    to one of them (an `Assign` of a re-exported label) as a re-export of the same name."""
    waiting: Dict[Symbol, str] = {}
    for item in module.reexports:
        symbol = item.symbol
        if symbol.name is not None and imports.loads_on_access(symbol.module):
            waiting[symbol] = symbol.bound
    by_label = {bound: symbol for symbol, bound in waiting.items()}
    for assign in module.assigns:
        value = assign.value
        if isinstance(value, Local) and value.name in by_label:
            source = by_label[value.name]
            waiting[Symbol(source.module, source.name, assign.name)] = assign.name
    return waiting


def _imports(module: Module, package: str) -> Imports:
    imports = _on_access_collector(module, package)
    annotations: List[Expr] = []
    for statement in module.body:
        if isinstance(statement, Class):
            names, runtime = _class_exprs(statement)
            annotations += names
            _import_exprs(imports, runtime)
        elif isinstance(statement, Function):
            names, runtime = function_exprs(statement)
            annotations += names
            _import_exprs(imports, runtime)
        elif isinstance(statement, Block):
            _add_symbols(imports, statement.symbols)
        elif isinstance(statement, Variable):
            # A module-level annotation is evaluated at run time (`__annotations__`).
            _import_exprs(
                imports, (statement.value,) if statement.annotation is None else (statement.annotation, statement.value)
            )
        else:
            _import_exprs(imports, (Ref(TYPE_ALIAS), statement.value))
    if module.lazy_annotations:
        _on_access_exprs(imports, module, annotations)
    with imports.annotations_only():
        _import_exprs(imports, annotations)
    if module.exports == ():
        _add_symbols(imports, (_LIST,))
    for item in module.exported:
        symbol = item.symbol
        if symbol.name is None:
            raise ValueError(f"{module.name}: a re-exported symbol names a module ({symbol.module})")
        if item.typing_only:
            imports.add_type_checking_only(symbol.module, _export_name(symbol))
        else:
            imports.add(symbol.module, _export_name(symbol))
    return imports


def _gap(statement: Statement, previous: Optional[Statement]) -> int:
    """Blank lines before a top-level statement: a variable follows the imports, `__all__` or
    another variable closely (isort's spacing), a class or function two lines apart."""
    if isinstance(statement, Variable):
        return 0 if isinstance(previous, Variable) else 1
    if isinstance(statement, Block):
        return 2 if statement.text.lstrip().startswith(("def ", "async def ", "class ", "@")) else 1
    return 2


def print_module(module: Module, package: str) -> str:
    """The text of `module`, whose relative imports are computed against `package`.

    A module naming nothing (no statements, imports or `__all__`) is its header and docstring.
    """
    if module.defers:
        module = _LazyReads(_collector(module, package, defer=True)).module(module)
    imports = _imports(module, package)
    imported = {symbol for expr in _statement_exprs(module) for symbol in symbols_of(expr)}
    w = CodeWriter()
    w.line(module.header)
    if module.doc is not None:
        w.line(f'"""{module.doc}"""')
    rendered = imports.render()
    tail = _tail(module, package, imported)
    if module.exports is None and not module.body and not rendered and not tail:
        return w.render()
    if module.eager_annotations:
        _check_eager(module, imports)
    elif not module.is_stub:
        w.blank()
        w.line("from __future__ import annotations")
    w.blank()
    w.lines(rendered)
    if module.exports is not None:
        w.blank()
        # An empty `__all__` is annotated: type checkers cannot infer the type of `[]`.
        annotation = "" if module.exports else ": List[str]"
        w.line(f"__all__{annotation} = [{', '.join(py_str(name) for name in sorted(set(module.exports)))}]")
    body = CodeWriter()
    previous: Optional[Statement] = None
    for statement in module.body:
        body.blank(_gap(statement, previous))
        previous = statement
        if isinstance(statement, Class):
            _print_class(body, statement, module.name, package, module.is_package)
        elif isinstance(statement, Function):
            print_function(body, statement, module.name, package, module.is_package)
        elif isinstance(statement, Variable):
            _print_variable(body, statement)
        elif isinstance(statement, Block):
            body.lines(statement.text.strip("\n").splitlines())
        else:
            _print_alias(body, statement)
    if tail:
        body.blank()
        body.lines(tail)
    return w.render() + body.render() if module.body or tail else w.render()


def _check_eager(module: Module, imports: Imports) -> None:
    """Refuse an `eager_annotations` module whose class annotations name something unbound when
    the class body runs: a name imported only for type checkers, or an unquoted forward reference."""
    if imports.has_type_checking_block():
        raise ValueError(f"{module.name}: eager annotations, yet names imported only under TYPE_CHECKING")
    defined: Set[str] = set()
    for statement in module.body:
        if isinstance(statement, Class):
            for item in statement.fields:
                for node in walk(item.annotation):
                    if _unbound(node, defined):
                        raise ValueError(
                            f"{module.name}: {statement.name}.{item.name} names {print_expr(node)} before it is bound;"
                            " quote it"
                        )
        if isinstance(statement, (Class, TypeAlias)):
            defined.add(statement.name)


def _unbound(node: Expr, defined: Set[str]) -> bool:
    """`node` names, unquoted, a class not defined yet or a name imported at the end."""
    if isinstance(node, Local):
        return not node.quoted and node.name not in defined
    return isinstance(node, Ref) and node.deferred and not node.quoted


def module_references(module: Module) -> FrozenSet[str]:
    """The absolute modules the printed `module` names, for the reach pass: `m` and `m.name` for
    each symbol (the name may be a submodule), wherever it is imported: at the top, under
    `TYPE_CHECKING`, as a `lazy_module` stand-in, after the classes, or inside a function.

    Read off the module as lowered: the lazy-reads rule of a deferring module (`_LazyReads`)
    changes only how a name is reached (`_leaf.Name` through a stand-in of its own module)."""
    symbols: Set[Symbol] = {item.symbol for item in (*module.reexports, *module.exported)}
    exprs: List[Expr] = [item.value for item in module.assigns]
    if module.exports == ():
        symbols.add(_LIST)
    for statement in module.body:
        if isinstance(statement, Class):
            annotations, runtime = _class_exprs(statement)
            exprs += annotations
            exprs += runtime
            for function in statement.methods:
                symbols.update(line.symbol for line in function.body if isinstance(line, LocalImport))
        elif isinstance(statement, Function):
            annotations, runtime = function_exprs(statement)
            exprs += [*annotations, *runtime]
            symbols.update(line.symbol for line in statement.body if isinstance(line, LocalImport))
        elif isinstance(statement, Variable):
            exprs += [statement.value] if statement.annotation is None else [statement.annotation, statement.value]
        elif isinstance(statement, Block):
            symbols.update(statement.symbols)
        else:
            exprs += [Ref(TYPE_ALIAS), statement.value]
    for expr in exprs:
        for node in walk(expr):
            symbol = node.symbol if isinstance(node, Ref) else _construct(node)
            if symbol is not None:
                symbols.add(symbol)
    found: Set[str] = set()
    for symbol in symbols:
        found.add(symbol.module)
        if symbol.name is not None:
            found.add(f"{symbol.module}.{symbol.name}")
    return frozenset(found)
