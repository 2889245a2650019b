"""Example values that satisfy a schema's `pattern`, length and range constraints, for the
generated tests (a mock server such as Prism rejects `"string"` where `^AC[0-9a-f]{32}$` is required)."""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, Dict, List, Optional

__all__ = ["constrained_number", "constrained_string"]

# The stdlib's regex parser (`re._parser` from 3.11, `sre_parse` before): the one way to walk a
# pattern without writing a regex grammar here. Loaded by name, it has no public typing.
_PARSER: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

_MAX_REPEAT = 64


def _generate(items: Any) -> Optional[str]:
    out: List[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            char = _first_in(arg)
            if char is None:
                return None
            out.append(char)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            piece = _generate(sub)
            if piece is None:
                return None
            out.append(piece * min(max(low, 1 if low == 0 and not piece else low), _MAX_REPEAT))
        elif name == "SUBPATTERN":
            piece = _generate(arg[-1])
            if piece is None:
                return None
            out.append(piece)
        elif name == "BRANCH":
            piece = _generate(arg[1][0])
            if piece is None:
                return None
            out.append(piece)
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            return None  # back-references and the like: no example
    return "".join(out)


def _first_in(items: Any) -> Optional[str]:
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            return None
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " "}.get(str(arg), "a")
    return None


def constrained_string(constraints: Dict[str, Any], fallback: str) -> str:
    """An example string for `pattern`/`minLength`/`maxLength`, or `fallback` when it fits."""
    pattern = constraints.get("pattern")
    value = fallback
    if isinstance(pattern, str) and not _matches(pattern, fallback):
        try:
            generated = _generate(_PARSER.parse(pattern))
        except (re.error, RecursionError, TypeError, ValueError):
            generated = None
        if generated is not None and _matches(pattern, generated):
            value = generated
    low, high = constraints.get("minLength"), constraints.get("maxLength")
    if isinstance(low, int) and len(value) < low and not isinstance(pattern, str):
        value = value + "x" * (low - len(value))
    if isinstance(high, int) and len(value) > high and not isinstance(pattern, str):
        value = value[:high]
    return value


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot read: leave the value alone


def constrained_number(constraints: Dict[str, Any], fallback: int) -> int | float:
    """`fallback` moved inside `minimum`/`maximum`."""
    value: int | float = fallback
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if isinstance(low, (int, float)) and value < low:
        value = low
    if isinstance(high, (int, float)) and value > high:
        value = high
    return value
