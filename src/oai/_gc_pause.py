"""Parsing a large body with the cyclic GC paused, in a way no other code can observe; no HTTP,
no models.

Building tens of thousands of objects in one call makes CPython's generational GC rescan the
young objects again and again (a 2 MB completion parses about 2x slower with it on). The
objects cannot form garbage cycles while pydantic-core builds them, so pausing the collector is
safe; but the switch is process-wide, so nothing else may run while it is off.

`call_with_gc_paused` runs "read the GC state, `gc.disable()`, the compiled validator, restore
the state read" as one call into C (`map` over the four calls): no bytecode runs in between, so
the interpreter never checks for a thread switch, a signal handler or a pending call while the
collector is off. Other threads may exist (asyncio's resolver thread, a worker pool): on a
build with a GIL they cannot run Python until the call returns. What must also hold, checked
by `paused_validator`:

- a GIL build (free-threaded builds never pause);
- no trace, profile or `sys.monitoring` hook, whose Python callbacks could run on the way out
  of a validator that raised;
- the plain compiled `SchemaValidator` (not a plugin's Python wrapper), whose schema holds only
  validators implemented in Rust (no user validator, `__init__`, `model_post_init`, factory,
  copied default, `isinstance` check...; inspected once per adapter), so no Python code runs
  inside the call either. pydantic-core holds the GIL throughout such a validation.
"""

from __future__ import annotations

import collections
import functools
import gc
import itertools
import operator
import sys
from typing import Any, Callable, Dict, Iterable, Sequence, cast

import pydantic_core

__all__ = ["call_with_gc_paused", "paused_validator", "schema_is_pure_rust"]

# Core-schema types whose validators run no Python code for JSON input.
_RUST_SCHEMA_TYPES = frozenset(
    {
        "any", "none", "bool", "int", "float", "str", "bytes", "date", "time", "datetime", "timedelta",
        "literal", "list", "tuple", "dict", "nullable", "union", "tagged-union", "model", "model-fields",
        "model-field", "typed-dict", "typed-dict-field", "definitions", "definition-ref", "default",
        "lax-or-strict", "json-or-python", "custom-error", "chain", "url", "multi-host-url", "json",
    }
)  # fmt: skip
_LITERAL_VALUE_TYPES = (str, int, bool, type(None))
# Keys of a schema node whose values validate nothing: skipped by the walk (only on schema
# nodes: a model may have a field called "metadata").
_NOT_VALIDATION = ("serialization", "metadata", "computed_fields", "config", "ref", "cls", "schema_ref")

_CALL = operator.methodcaller("__call__")
_DRAIN = cast(Callable[[Iterable[object]], object], functools.partial(collections.deque, maxlen=0))
# Indexed by the GC state read at the start: (was off -> leave it off, was on -> enable).
_RESTORE = (gc.isenabled, gc.enable)
_READ = (gc.isenabled, gc.isenabled)

_verdicts: dict[int, bool] = {}


def call_with_gc_paused(validate: Callable[[Any], Any], raw: bytes | str) -> Any:
    """Return `validate(raw)`, computed with the GC paused and its state restored after.

    `validate` must be a compiled callable that runs no Python code (see the module docstring).
    """
    # `tee` keeps the state read by the first step for the last one; every step is a C call.
    state_now, state_then = itertools.tee(iter(gc.isenabled, None))
    steps = itertools.chain(
        map(operator.getitem, itertools.repeat(_READ, 1), state_now),
        (gc.disable, functools.partial(validate, raw)),
        map(operator.getitem, itertools.repeat(_RESTORE, 1), state_then),
    )
    calls = map(_CALL, steps)
    try:
        return list(calls)[2]
    except BaseException:
        # `validate` raised, so the restoring step has not run. The handler's first call runs
        # it: the interpreter checks for a switch only after a call returns.
        _DRAIN(calls)
        raise


def paused_validator(adapter: Any) -> Callable[[bytes | str], Any] | None:
    """The compiled `validate_json` of `adapter` when it may run with the GC paused, else None.

    Args:
        adapter: a `pydantic.TypeAdapter` that lives as long as the process (its verdict is
            remembered by identity).
    """
    if not _has_gil() or _has_python_hooks():
        return None
    validator = getattr(adapter, "validator", None)
    if type(validator) is not pydantic_core.SchemaValidator:
        return None  # not built yet (deferred), or wrapped by a pydantic plugin
    verdict = _verdicts.get(id(adapter))
    if verdict is None:
        schema: object = adapter.core_schema
        if not isinstance(schema, dict):
            return None
        verdict = _verdicts[id(adapter)] = schema_is_pure_rust(cast(Dict[str, object], schema))
    return validator.validate_json if verdict else None


def _has_gil() -> bool:
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # Python 3.13+; free-threaded builds
    return bool(is_gil_enabled()) if callable(is_gil_enabled) else True


def _has_python_hooks() -> bool:
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+
    if monitoring is None:
        return False
    return any(monitoring.get_tool(tool) is not None for tool in range(6))


def schema_is_pure_rust(schema: object) -> bool:
    """Whether validating JSON against this core schema runs only Rust code.

    Unknown schema types count as Python: erring that way only costs the pause.
    """
    stack: list[object] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            mapping = cast(Dict[str, object], node)  # core schemas are str-keyed dicts
            # A `fields` or `choices` mapping may hold a key called "type" whose value is a
            # schema (a dict): only a string names a schema type.
            kind = mapping.get("type")
            if not isinstance(kind, str):
                stack.extend(mapping.values())
                continue
            if not _is_pure_node(kind, mapping):
                return False
            stack.extend(value for key, value in mapping.items() if key not in _NOT_VALIDATION)
        elif isinstance(node, (list, tuple)):
            stack.extend(cast(Sequence[object], node))
    return True


def _is_pure_node(kind: str, node: dict[str, object]) -> bool:
    if kind not in _RUST_SCHEMA_TYPES:
        return False
    if kind == "model":
        # A custom `__init__`, `model_post_init` or `__new__` is Python called per instance.
        cls = node.get("cls")
        return (
            node.get("custom_init") is not True
            and node.get("post_init") is None
            and isinstance(cls, type)
            and getattr(cls, "__new__", None) is object.__new__
        )
    if kind == "default":
        # A factory is called, and an unhashable default is copied with `copy.deepcopy`.
        return "default_factory" not in node and _is_hashable(node.get("default"))
    if kind == "literal":
        expected = node.get("expected")
        return isinstance(expected, list) and all(
            type(value) in _LITERAL_VALUE_TYPES for value in cast(Sequence[object], expected)
        )
    if kind == "tagged-union":
        return not callable(node.get("discriminator"))
    return True


def _is_hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
