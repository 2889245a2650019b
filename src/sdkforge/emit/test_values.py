"""The values of generated tests: built from IR schemas, overridden by the tests config, rendered as Python literals; no spec dicts.

Values are minimal and valid by the schema's shape: the first enum value, the first union
variant, one item per array, strings chosen by `format`. The IR carries no examples nor
numeric or length bounds, so a value the mock server rejects is fixed by an override in the
tests config (`sdkforge.tests.yml`, the one file read here) rather than here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..ir.nodes import (
    Api,
    ArraySchema,
    ConstSchema,
    EnumSchema,
    MapSchema,
    ObjectSchema,
    PrimitiveSchema,
    RefSchema,
    Schema,
    UnionSchema,
)
from .code import py_str
from .example_strings import constrained_number, constrained_string

__all__ = [
    "FILE_CONTENT",
    "FileValue",
    "TestsConfig",
    "ValueBuilder",
    "apply_overrides",
    "form_bytes",
    "load_tests_config",
    "parse_tests_config",
    "render_value",
    "resolve_ref",
]

FILE_CONTENT = b"raw file contents"

# Past this object depth only required properties are filled in, so "all params" stays readable.
_FULL_DEPTH = 3
# A required property chain deeper than this is cut (it can only be a reference cycle).
_MAX_DEPTH = 12
_MAX_REF_HOPS = 20

_STRING_FORMATS: Dict[str, str] = {
    "date-time": "2019-12-27T18:11:19.117Z",
    "date": "2019-12-27",
    "time": "18:11:19",
    "uri": "https://example.com",
    "url": "https://example.com",
    "email": "user@example.com",
    "uuid": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
    "byte": "U3dhZ2dlciByb2Nrcw==",
}


class TestsConfig(BaseModel):
    """Per-project settings and per-operation tweaks of the generated tests (`sdkforge.tests.yml`).

    Attributes:
        client: The sync client class, importable from the package root.
        async_client: The async client class.
        client_args: Keyword arguments every test client gets (credentials).
        base_url_env: The environment variable naming the mock server's base URL.
        base_url: The mock server's base URL when the variable is unset.
        body_checks: Operations whose request body the mock server does not validate: they get
            an extra test that inspects the body sent through a mock transport.
        mock_transport: Operation -> reason: every test of the operation runs against a mock
            transport answering bytes, because the mock server's answer breaks the client.
        values: Operation -> argument wire name, or dotted path into it (`expires_after.seconds`),
            -> the value used instead of the built one.
        invalid_responses: Operation -> reason: the mock server's example response does not fit
            the schema, so fields the SDK flagged invalid (lenient parsing) are accepted.
    """

    __test__ = False  # not a pytest test class, despite the name
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    client: str = "Client"
    async_client: str = Field("AsyncClient", alias="async")
    client_args: Dict[str, str] = Field(default_factory=lambda: {})
    base_url_env: str = "TEST_API_BASE_URL"
    base_url: str = "http://127.0.0.1:4010"
    body_checks: Tuple[str, ...] = ()
    mock_transport: Dict[str, str] = Field(default_factory=lambda: {})
    values: Dict[str, Dict[str, object]] = Field(default_factory=lambda: {})
    invalid_responses: Dict[str, str] = Field(default_factory=lambda: {})


def parse_tests_config(text: str, file: str = "sdkforge.tests.yml") -> TestsConfig:
    """Validate tests-config text.

    Raises:
        ValueError: The YAML is malformed or does not match; the message names the file and key.
    """
    try:
        data: object = yaml.safe_load(text)
        return TestsConfig.model_validate(data or {})
    except yaml.YAMLError as exc:
        raise ValueError(f"{file}: invalid YAML: {exc}") from None
    except ValidationError as exc:
        issues = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{file}: {issues}") from None


def load_tests_config(path: Path) -> TestsConfig:
    """Read the tests config; a missing file means the defaults (no tweaks)."""
    if not path.is_file():
        return TestsConfig.model_validate({})
    return parse_tests_config(path.read_text(encoding="utf-8"), str(path))


@dataclass(frozen=True)
class FileValue:
    """Stands for file content in a built value; rendered as a bytes literal, sent as a file part."""


def resolve_ref(api: Api, schema: Schema) -> Schema:
    """Follow references until a non-reference schema (or an unknown target, returned as is)."""
    hops = 0
    while isinstance(schema, RefSchema) and schema.target in api.schema_index and hops < _MAX_REF_HOPS:
        schema = api.schema_index[schema.target].schema
        hops += 1
    return schema


class ValueBuilder:
    """Builds JSON-like example values (dicts, lists, scalars, `FileValue`) for schemas of one API.

    ```py
    builder = ValueBuilder(api)
    render_value(builder.build(param.schema, is_full=False))
    ```
    """

    def __init__(self, api: Api, *, is_request: bool = True) -> None:
        """Args:
        api: The IR (to look through references).
        is_request: Build request values (binary strings become files) or response values (strings).
        """
        self._api = api
        self._is_request = is_request

    def build(self, schema: Schema, *, is_full: bool) -> object:
        """A valid value for `schema`.

        Args:
            schema: The schema.
            is_full: Fill every optional property too (down to a fixed depth), not only required ones.

        Returns:
            The value; `None` only for a null schema or a cut reference cycle.
        """
        return self._value(schema, is_full, 0, ())

    def _value(self, schema: Schema, is_full: bool, depth: int, refs: Tuple[str, ...]) -> object:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(schema, RefSchema):
            if schema.target not in self._api.schema_index:
                return {}
            # Re-entering a schema already being built: only its required part, to end the cycle.
            again = schema.target in refs
            inner = self._api.schema_index[schema.target].schema
            return self._value(inner, is_full and not again, depth, (*refs, schema.target))
        if isinstance(schema, PrimitiveSchema):
            return self._primitive(schema)
        if isinstance(schema, ConstSchema):
            return schema.value
        if isinstance(schema, EnumSchema):
            return schema.values[0] if schema.values else None
        if isinstance(schema, ArraySchema):
            return [self._value(schema.items, is_full, depth + 1, refs)]
        if isinstance(schema, MapSchema):
            return {"foo": self._value(schema.values, is_full, depth + 1, refs)}
        if isinstance(schema, ObjectSchema):
            return self._object(schema, is_full, depth, refs)
        return self._union(schema, is_full, depth, refs)

    def _primitive(self, schema: PrimitiveSchema) -> object:
        if schema.kind == "str":
            if schema.format == "binary":
                return FileValue() if self._is_request else "string"
            fallback = _STRING_FORMATS.get(schema.format or "", "string")
            return constrained_string(dict(schema.constraints), fallback) if schema.constraints else fallback
        if schema.kind in ("int", "float"):
            # 1, not 0: lower bounds of 1 (counts, sizes, durations) are common; 1 also sits
            # inside the usual upper bounds (probabilities, penalties). Declared bounds win.
            return constrained_number(dict(schema.constraints), 1) if schema.constraints else 1
        if schema.kind == "bool":
            return True
        if schema.kind == "null":
            return None
        if schema.format == "binary" and self._is_request:
            return FileValue()
        return {}

    def _object(self, schema: ObjectSchema, is_full: bool, depth: int, refs: Tuple[str, ...]) -> Dict[str, object]:
        out: Dict[str, object] = {}
        deep = is_full and depth < _FULL_DEPTH
        for prop in schema.properties:
            if prop.is_required or deep:
                out[prop.name] = self._value(prop.schema, deep, depth + 1, refs)
        return out

    def _union(self, schema: UnionSchema, is_full: bool, depth: int, refs: Tuple[str, ...]) -> object:
        if not schema.variants:
            return None
        return self._value(schema.variants[0], is_full, depth, refs)


def render_value(value: object) -> str:
    """Python source for a built value (strings double-quoted, `FileValue` as a bytes literal).

    Args:
        value: A value from `ValueBuilder.build` or a config override (JSON-like).

    Returns:
        A Python expression.
    """
    if isinstance(value, FileValue):
        return 'b"' + FILE_CONTENT.decode() + '"'
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, list):
        # JSON-like data (built here or loaded from YAML): items are themselves renderable values.
        items = cast("List[object]", value)
        return "[" + ", ".join(render_value(item) for item in items) + "]"
    if isinstance(value, dict):
        # JSON-like data: keys are strings (or YAML scalars, shown as strings).
        pairs = cast("Dict[object, object]", value)
        return "{" + ", ".join(f"{py_str(str(k))}: {render_value(v)}" for k, v in pairs.items()) + "}"
    raise TypeError(f"cannot render {type(value).__name__} as a test value")


def apply_overrides(value: object, wire: str, overrides: Dict[str, object]) -> object:
    """Replace, in the built `value` of argument `wire`, each value an override's dotted path
    (`expires_after.seconds`, `items.0.id`) names; paths absent from `value` are left alone."""
    for path in sorted(overrides):
        head, _, rest = path.partition(".")
        if head != wire or not rest:
            continue
        keys = rest.split(".")
        node: object = value
        for key in keys[:-1]:
            node = _child(node, key)
        last = keys[-1]
        if isinstance(node, dict) and last in node:
            cast("Dict[str, object]", node)[last] = overrides[path]  # built values: str keys
        elif isinstance(node, list) and last.isdigit() and int(last) < len(cast("List[object]", node)):
            cast("List[object]", node)[int(last)] = overrides[path]  # built values: JSON-like items
    return value


def _child(node: object, key: str) -> object:
    # Built values are JSON-like: dicts with str keys, lists of values.
    if isinstance(node, dict):
        return cast("Dict[str, object]", node).get(key)
    if isinstance(node, list):
        items = cast("List[object]", node)
        return items[int(key)] if key.isdigit() and int(key) < len(items) else None
    return None


def form_bytes(value: object) -> Optional[bytes]:
    """How a scalar form field travels in a multipart body; None for structured values."""
    if isinstance(value, FileValue):
        return FILE_CONTENT
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, (str, int, float)):
        return str(value).encode()
    return None
