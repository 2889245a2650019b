"""Parse a config's annotation or default (Python source text) into a tree whose every name is resolved.

A helper's config writes its annotations out (`Iterable[ChatCompletionToolUnionParam] | Omit`).
Parsed, each name becomes the node it stands for in the resource module (a `Symbol` the config
lists, one the derived method's own types name, a core name, a builtin), so the printer imports
exactly the names used; a name nothing binds is an error naming the config key.
"""

from __future__ import annotations

import ast
from typing import List, Mapping

from .nodes import NONE, Attr, Block, Builtin, Const, Expr, PipeUnion, Ref, Subscript, Symbol

__all__ = ["BUILTINS", "fixed_block", "parse_source"]

BUILTINS = frozenset({"bool", "bytes", "dict", "float", "int", "list", "object", "set", "str", "tuple", "type"})


def parse_source(text: str, scope: Mapping[str, Expr], where: str) -> Expr:
    """The tree of the expression `text`.

    Args:
        text: An annotation or a default, as written in the config.
        scope: The names it may use -> what each stands for.
        where: The config key, for errors.

    Raises:
        ValueError: `text` is not an expression of names, attributes, subscripts, `|` and
            constants, or uses a name `scope` lacks; the message names `where`.
    """
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise ValueError(f"{where}: {text!r} is not a Python expression ({error.msg})") from None
    return _convert(node, scope, f"{where}: {text!r}")


def _convert(node: ast.expr, scope: Mapping[str, Expr], where: str) -> Expr:
    if isinstance(node, ast.Constant):
        value: object = node.value
        if value is None:
            return NONE
        if isinstance(value, (str, int, float, bool)):
            return Const(value)
    elif isinstance(node, ast.Name):
        if node.id in scope:
            return scope[node.id]
        if node.id in BUILTINS:
            return Builtin(node.id)
        raise ValueError(f"{where}: {node.id!r} is not imported; list it in `symbols` as 'module:{node.id}'")
    elif isinstance(node, ast.Attribute):
        value_tree = _convert(node.value, scope, where)
        if isinstance(value_tree, Ref):
            return Attr(value_tree, node.attr)
    elif isinstance(node, ast.Subscript):
        base = _convert(node.value, scope, where)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if isinstance(base, (Ref, Attr, Builtin)):
            return Subscript(base, tuple(_convert(item, scope, where) for item in items))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members: List[Expr] = []
        for side in (node.left, node.right):
            tree = _convert(side, scope, where)
            members.extend(tree.members if isinstance(tree, PipeUnion) else (tree,))
        return PipeUnion(tuple(members))
    raise ValueError(f"{where}: {ast.unparse(node)!r} is not a name, attribute, subscript, `|` or constant")


def fixed_block(text: str, scope: Mapping[str, Symbol]) -> Block:
    """Fixed code `text` as a `Block` naming each symbol of `scope` (bound name -> symbol) its
    code reads, annotations included; a name it does not use is not imported.

    Raises:
        SyntaxError: `text` is not Python (a broken template).
    """
    used = {node.id for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Name)}
    return Block(text, tuple(scope[name] for name in sorted(used) if name in scope))
