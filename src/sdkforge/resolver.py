"""Resolve a spec document into a schema graph: refs linked, `allOf` merged, nullability unified; knows no names or config.

Component schemas become IR schema nodes; a `$ref` to a component stays a `RefSchema`, so
cyclic specs give a finite graph. `$ref`s to anything else (parameters, responses, request
bodies, schemas nested inside components) are followed. The three ways a spec says "may be
null" (3.0 `nullable`, 3.1 `type: [T, "null"]`, `anyOf: [T, {type: null}]`) all end up as the
node's `nullable` flag. This module must not choose Python names or read the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Set, Tuple, cast

from .diagnostics import Diagnostics
from .ir.nodes import (
    ArraySchema,
    ConstSchema,
    EnumSchema,
    JsonScalar,
    MapSchema,
    NamedSchema,
    ObjectSchema,
    PrimitiveKind,
    PrimitiveSchema,
    Property,
    RefSchema,
    Schema,
    UnionSchema,
)
from .loader import SpecDocument, escape_pointer, unescape_pointer

__all__ = ["ResolvedSpec", "resolve", "unescape_pointer"]

_SCHEMA_PREFIX = "#/components/schemas/"
_PRIMITIVES: Mapping[str, PrimitiveKind] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "null",
}
# Keys that only annotate a schema; an `allOf` part holding nothing else adds no shape.
_ANNOTATIONS = frozenset(
    {"description", "title", "nullable", "deprecated", "example", "examples", "default", "readOnly", "writeOnly"}
)
_Raw = Dict[str, Any]


def _as_raw(value: object) -> Optional[_Raw]:
    return cast(_Raw, value) if isinstance(value, dict) else None  # a JSON object: string keys


def _as_list(value: object) -> List[Any]:
    return cast(List[Any], value) if isinstance(value, list) else []  # JSON arrays hold untyped values


@dataclass
class ResolvedSpec:
    """The resolved document: component schemas as IR nodes plus ways to read the rest.

    Attributes:
        document: The loaded spec.
        schemas: Every component schema, in spec order.
        recursive: Names of component schemas that reach themselves through references.
        references: For each component schema, the component names it references directly, sorted.
        diagnostics: Problems found while resolving.
    """

    document: SpecDocument
    schemas: Tuple[NamedSchema, ...] = ()
    recursive: FrozenSet[str] = frozenset()
    references: Mapping[str, Tuple[str, ...]] = field(default_factory=lambda: {})
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    _cache: Dict[str, Schema] = field(default_factory=lambda: {}, repr=False)

    def lookup(self, pointer: str) -> Any:
        """Return the raw value at `pointer` (`#/a/b`), or None when it does not exist."""
        node: Any = self.document.data
        if pointer in ("#", ""):
            return node
        for token in pointer.removeprefix("#/").split("/"):
            key = unescape_pointer(token)
            if isinstance(node, dict):
                node = cast(_Raw, node).get(key)  # JSON object
            elif isinstance(node, list) and key.isdigit() and int(key) < len(cast(List[Any], node)):
                node = cast(List[Any], node)[int(key)]  # JSON array indexed by a decimal token
            else:
                return None
        return node

    def deref(self, value: Any, pointer: str) -> Tuple[_Raw, str]:
        """Follow `$ref` chains (parameters, responses, bodies) to a mapping and its pointer.

        A broken or cyclic chain is reported and yields an empty mapping.
        """
        seen: Set[str] = set()
        raw = _as_raw(value)
        while raw is not None and isinstance(raw.get("$ref"), str):
            target = str(raw["$ref"])
            if target in seen or not target.startswith("#"):
                self.diagnostics.error(pointer, f"cannot follow the reference {target!r}")
                return {}, pointer
            seen.add(target)
            resolved = self.lookup(target)
            if not isinstance(resolved, dict):
                self.diagnostics.error(pointer, f"the reference {target!r} points to nothing")
                return {}, pointer
            raw, pointer = cast(_Raw, resolved), target  # a JSON object
        return (raw if raw is not None else {}), pointer

    def schema_at(self, value: Any, pointer: str) -> Schema:
        """Convert an inline schema (in a path, parameter or body) to an IR node."""
        if pointer not in self._cache:
            self._cache[pointer] = _Converter(self, None).convert(value, pointer)
        return self._cache[pointer]


class _Converter:
    """Turns raw schema dicts into nodes; `root` names the component a `$recursiveRef: "#"` points to."""

    def __init__(self, spec: ResolvedSpec, root: Optional[str]) -> None:
        self.spec = spec
        self.root = root

    def convert(self, value: Any, pointer: str) -> Schema:
        raw = _as_raw(value)
        if raw is None:
            # `true` / `{}` / anything odd: no constraint at all.
            return PrimitiveSchema(pointer, "any")
        description = _text(raw.get("description"))
        if raw.get("$recursiveRef") is not None:
            if self.root is None:
                self.spec.diagnostics.error(pointer, "`$recursiveRef` outside a component schema")
                return PrimitiveSchema(pointer, "any")
            return RefSchema(pointer, self.root, _is_nullable(raw), description)
        ref = raw.get("$ref")
        if isinstance(ref, str):
            return self._ref(raw, ref, pointer)
        if isinstance(raw.get("allOf"), list):
            return self._all_of(raw, pointer)
        return self._plain(raw, pointer)

    def _ref(self, raw: _Raw, ref: str, pointer: str) -> Schema:
        nullable = _is_nullable(raw)
        description = _text(raw.get("description"))
        if ref.startswith(_SCHEMA_PREFIX) and "/" not in ref[len(_SCHEMA_PREFIX) :]:
            name = unescape_pointer(ref[len(_SCHEMA_PREFIX) :])
            if not isinstance(self.spec.lookup(ref), dict):
                self.spec.diagnostics.error(pointer, f"the reference {ref!r} points to no schema")
                return PrimitiveSchema(pointer, "any", nullable=nullable, description=description)
            return RefSchema(pointer, name, nullable, description)
        target, target_pointer = self.spec.deref(raw, pointer)
        node = self.convert(target, target_pointer)
        return _with_nullable(node, nullable) if nullable else node

    def _all_of(self, raw: _Raw, pointer: str) -> Schema:
        parts = [(part, f"{pointer}/allOf/{index}") for index, part in enumerate(_as_list(raw.get("allOf")))]
        shaped = [(part, ptr) for part, ptr in parts if not _is_annotation(part)]
        outer = {key: value for key, value in raw.items() if key != "allOf"}
        nullable = _is_nullable(raw) or any(_is_nullable(part) for part, _ in parts)
        if len(shaped) == 1 and not (outer.keys() - _ANNOTATIONS):
            node = self.convert(shaped[0][0], shaped[0][1])
            if isinstance(node, RefSchema) and node.description is None:
                node = replace(node, description=_text(raw.get("description")))
            return _with_nullable(node, nullable) if nullable else node
        merged: _Raw = {}
        origins: Dict[str, str] = {}
        for part, ptr in [(outer, pointer), *parts]:
            flat, flat_pointer = self._flatten(part, ptr, set())
            _merge_into(merged, flat, flat_pointer, origins)
        if nullable:
            merged["nullable"] = True
        node = self._plain(merged, pointer, origins)
        if isinstance(node, ObjectSchema):
            base = self._base_of(parts, merged, origins, pointer)
            if base is not None:
                node = replace(node, base=base[0], inherited=base[1])
        return node

    def _base_of(
        self, parts: List[Tuple[Any, str]], merged: _Raw, origins: Mapping[str, str], pointer: str
    ) -> Optional[Tuple[str, FrozenSet[str]]]:
        """The one component this `allOf` extends, if it keeps all of that component's properties as they are."""
        refs = [
            part["$ref"] for part, _ in parts if isinstance(_as_raw(part), dict) and isinstance(part.get("$ref"), str)
        ]
        if len(refs) != 1:
            return None
        ref = str(refs[0])
        if not ref.startswith(_SCHEMA_PREFIX) or "/" in ref[len(_SCHEMA_PREFIX) :]:
            return None
        base_raw, _ = self._flatten({"$ref": ref}, pointer, set())
        base_props = _as_raw(base_raw.get("properties")) or {}
        if not base_props or any(key in base_raw for key in ("oneOf", "anyOf", "enum")):
            return None
        if base_raw.get("additionalProperties") != merged.get("additionalProperties"):
            return None
        base_origins = _as_raw(base_raw.get("x-sdkforge-origins")) or {}
        base_name = unescape_pointer(ref[len(_SCHEMA_PREFIX) :])
        base_required = {str(name) for name in _as_list(base_raw.get("required"))}
        required = {str(name) for name in _as_list(merged.get("required"))}
        for name in base_props:
            origin = base_origins.get(name) or f"{ref}/properties/{escape_pointer(name)}"
            # Redeclared by a later part, or made required: the subclass would override it.
            if origins.get(name) != origin or (name in required) != (name in base_required):
                return None
        return base_name, frozenset(base_props)

    def _flatten(self, value: Any, pointer: str, seen: Set[str]) -> Tuple[_Raw, str]:
        # Follow refs and nested allOf so their properties merge into one object.
        raw, pointer = self.spec.deref(value, pointer) if isinstance(_as_raw(value), dict) else ({}, pointer)
        if pointer in seen:
            self.spec.diagnostics.error(pointer, "`allOf` includes itself")
            return {}, pointer
        if not isinstance(raw.get("allOf"), list):
            return raw, pointer
        merged: _Raw = {key: value for key, value in raw.items() if key != "allOf"}
        origins: Dict[str, str] = {}
        for name in _as_raw(merged.get("properties")) or {}:
            origins[name] = f"{pointer}/properties/{escape_pointer(name)}"
        for index, part in enumerate(_as_list(raw.get("allOf"))):
            flat, flat_pointer = self._flatten(part, f"{pointer}/allOf/{index}", seen | {pointer})
            _merge_into(merged, flat, flat_pointer, origins)
        merged["x-sdkforge-origins"] = origins
        return merged, pointer

    def _plain(self, raw: _Raw, pointer: str, origins: Optional[Mapping[str, str]] = None) -> Schema:
        description = _text(raw.get("description"))
        declared = _types(raw)
        nullable = "null" in declared or _is_nullable(raw)
        kinds = [kind for kind in declared if kind != "null"]
        const = _const(raw)
        if const is not None:
            return ConstSchema(pointer, const[0], nullable, description)
        if isinstance(raw.get("enum"), list):
            values = _enum_values(_as_list(raw["enum"]))
            nullable = nullable or None in _as_list(raw["enum"])
            if len(values) == 1:
                return ConstSchema(pointer, values[0], nullable, description)
            return EnumSchema(pointer, values, nullable, description, _scalar(raw.get("default")))
        union_key = "oneOf" if isinstance(raw.get("oneOf"), list) else "anyOf"
        variants = _as_list(raw.get(union_key))
        if variants and not all(_is_constraint_only(variant) for variant in variants):
            return self._union(raw, union_key, variants, pointer, nullable, description)
        if declared == ["null"]:
            return PrimitiveSchema(pointer, "null", description=description)
        kind = kinds[0] if len(kinds) == 1 else None
        if kind == "array" or (kind is None and "items" in raw):
            items = self.convert(raw.get("items", True), f"{pointer}/items")
            return ArraySchema(pointer, items, nullable, description)
        if kind == "object" or (kind is None and ("properties" in raw or "additionalProperties" in raw)):
            return self._object(raw, pointer, nullable, description, origins)
        if kind is not None and kind in _PRIMITIVES:
            fmt = raw.get("format")
            return PrimitiveSchema(
                pointer,
                _PRIMITIVES[kind],
                fmt if isinstance(fmt, str) else None,
                nullable,
                description,
                _scalar(raw.get("default")),
                _constraints(raw),
            )
        if len(kinds) > 1:
            # `type: [string, integer]`: a union of primitives.
            members = tuple(PrimitiveSchema(pointer, _PRIMITIVES.get(item, "any")) for item in kinds)
            return UnionSchema(pointer, members, nullable=nullable, description=description)
        return PrimitiveSchema(pointer, "any", nullable=nullable, description=description)

    def _union(
        self, raw: _Raw, key: str, variants: List[Any], pointer: str, nullable: bool, description: Optional[str]
    ) -> Schema:
        nodes: List[Schema] = []
        for index, variant in enumerate(variants):
            node = self.convert(variant, f"{pointer}/{key}/{index}")
            if isinstance(node, PrimitiveSchema) and node.kind == "null":
                nullable = True
            elif node not in nodes:
                nodes.append(node)
        if not nodes:
            return PrimitiveSchema(pointer, "null", description=description)
        if len(nodes) == 1:
            only = nodes[0]
            if isinstance(only, RefSchema) and only.description is None:
                only = replace(only, description=description)
            return _with_nullable(only, nullable) if nullable else only
        discriminator = _as_raw(raw.get("discriminator")) or {}
        property_name = discriminator.get("propertyName")
        mapping = _as_raw(discriminator.get("mapping")) or {}
        pairs = tuple(
            (str(wire), unescape_pointer(str(target).removeprefix(_SCHEMA_PREFIX))) for wire, target in mapping.items()
        )
        return UnionSchema(
            pointer,
            tuple(nodes),
            property_name if isinstance(property_name, str) else None,
            pairs,
            nullable,
            description,
        )

    def _object(
        self,
        raw: _Raw,
        pointer: str,
        nullable: bool,
        description: Optional[str],
        origins: Optional[Mapping[str, str]],
    ) -> Schema:
        properties = _as_raw(raw.get("properties")) or {}
        extra_raw = raw.get("additionalProperties")
        extra: Optional[Schema] = None
        if isinstance(extra_raw, dict) and extra_raw:
            extra = self.convert(extra_raw, f"{pointer}/additionalProperties")
        elif extra_raw is True or extra_raw == {}:
            extra = PrimitiveSchema(f"{pointer}/additionalProperties", "any")
        if not properties:
            values = extra if extra is not None else PrimitiveSchema(pointer, "any")
            return MapSchema(pointer, values, nullable, description)
        required = {str(name) for name in _as_list(raw.get("required"))}
        all_origins = origins or _as_raw(raw.get("x-sdkforge-origins")) or {}
        members: List[Property] = []
        for name, value in properties.items():
            prop_pointer = str(all_origins.get(name) or f"{pointer}/properties/{escape_pointer(name)}")
            node = self.convert(value, prop_pointer)
            prop_raw = _as_raw(value) or {}
            members.append(
                Property(
                    name=name,
                    schema=node,
                    is_required=name in required,
                    description=_text(prop_raw.get("description")),
                    is_deprecated=prop_raw.get("deprecated") is True,
                    pointer=prop_pointer,
                )
            )
        title = _text(raw.get("title"))
        return ObjectSchema(pointer, tuple(members), title, description, nullable, extra)


def _checked_base(item: NamedSchema, objects: Set[str], recursive: FrozenSet[str]) -> Schema:
    """The component's schema, its `base` dropped unless a class can subclass the base's class.

    Only a component's own top-level object may subclass, the base must be an object component,
    and neither may be recursive (a base must be importable before its subclass is defined).
    """
    node = item.schema
    if not isinstance(node, ObjectSchema) or node.base is None:
        return node
    if node.base in objects and item.name not in recursive and node.base not in recursive:
        return node
    return replace(node, base=None, inherited=frozenset())


def _merge_into(merged: _Raw, part: _Raw, pointer: str, origins: Dict[str, str]) -> None:
    for key, value in part.items():
        if key == "properties":
            props = _as_raw(value) or {}
            existing = _as_raw(merged.get("properties"))
            # Copy: the merged object must never alias (and so mutate) a dict of the document.
            target: _Raw = dict(existing) if existing is not None else {}
            merged["properties"] = target
            part_origins = _as_raw(part.get("x-sdkforge-origins")) or {}
            for name, prop in props.items():
                target[name] = prop
                origins[name] = str(part_origins.get(name) or f"{pointer}/properties/{escape_pointer(name)}")
        elif key == "required":
            current = _as_list(merged.get("required"))
            merged["required"] = current + [item for item in _as_list(value) if item not in current]
        elif key == "nullable":
            merged["nullable"] = merged.get("nullable") is True or value is True
        elif key == "x-sdkforge-origins":
            continue
        elif key not in merged:
            merged[key] = value
    merged["x-sdkforge-origins"] = origins


def _text(value: object) -> Optional[str]:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _scalar(value: object) -> JsonScalar:
    return value if isinstance(value, (str, int, float, bool)) else None


def _types(raw: _Raw) -> List[str]:
    kind = raw.get("type")
    if isinstance(kind, str):
        return [kind]
    return [str(item) for item in _as_list(kind)]


def _is_nullable(raw: Any) -> bool:
    value = _as_raw(raw)
    return value is not None and (value.get("nullable") is True or "null" in _types(value))


def _is_annotation(part: Any) -> bool:
    value = _as_raw(part)
    return value is not None and not (value.keys() - _ANNOTATIONS)


def _is_constraint_only(variant: Any) -> bool:
    # `anyOf: [{required: [a]}, {required: [b]}]` restricts an object; it adds no variant shape.
    value = _as_raw(variant)
    return value is not None and not (value.keys() - {"required", "description", "title", "not"})


def _const(raw: _Raw) -> Optional[Tuple[JsonScalar]]:
    if "const" in raw:
        return (_scalar(raw["const"]),)
    values = _enum_values(_as_list(raw.get("enum")))
    if raw.get("x-stainless-const") is True and len(values) == 1:
        return (values[0],)
    return None


def _enum_values(values: List[Any]) -> Tuple[JsonScalar, ...]:
    out: List[JsonScalar] = []
    for value in values:
        scalar = _scalar(value)
        if value is not None and scalar is not None and scalar not in out:
            out.append(scalar)
    return tuple(out)


def _with_nullable(node: Schema, nullable: bool) -> Schema:
    return node if node.nullable == nullable else replace(node, nullable=nullable)


def _collect_refs(node: Schema, out: Set[str]) -> None:
    stack: List[Schema] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, RefSchema):
            out.add(current.target)
        elif isinstance(current, ArraySchema):
            stack.append(current.items)
        elif isinstance(current, MapSchema):
            stack.append(current.values)
        elif isinstance(current, UnionSchema):
            stack.extend(current.variants)
        elif isinstance(current, ObjectSchema):
            stack.extend(prop.schema for prop in current.properties)
            if current.extra is not None:
                stack.append(current.extra)


def _recursive_names(references: Mapping[str, Tuple[str, ...]]) -> FrozenSet[str]:
    # Tarjan's strongly connected components, iterative; a schema is recursive when its
    # component has more than one member or it references itself.
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    on_stack: Set[str] = set()
    stack: List[str] = []
    found: Set[str] = set()
    counter = 0
    for start in references:
        if start in index:
            continue
        work: List[Tuple[str, int]] = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = references.get(node, ())
            if child < len(edges):
                work.append((node, child + 1))
                target = edges[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                members: List[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in references.get(node, ()):
                    found.update(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return frozenset(found)


def resolve(document: SpecDocument) -> ResolvedSpec:
    """Resolve every component schema of `document`.

    Args:
        document: The loaded spec.

    Returns:
        The resolved spec; problems are in its `diagnostics`, never raised.
    """
    spec = ResolvedSpec(document=document)
    components = _as_raw(document.data.get("components")) or {}
    raw_schemas = _as_raw(components.get("schemas")) or {}
    named: List[NamedSchema] = []
    references: Dict[str, Tuple[str, ...]] = {}
    for name, value in raw_schemas.items():
        pointer = _SCHEMA_PREFIX + escape_pointer(name)
        node = _Converter(spec, name).convert(value, pointer)
        refs: Set[str] = set()
        _collect_refs(node, refs)
        if isinstance(node, ObjectSchema) and node.base is not None:
            refs.add(node.base)  # the subclass imports its base
        references[name] = tuple(sorted(refs & raw_schemas.keys()))
        named.append(NamedSchema(name, node, pointer))
    recursive = _recursive_names(references)
    objects = {item.name for item in named if isinstance(item.schema, ObjectSchema)}
    spec.schemas = tuple(
        replace(item, is_recursive=item.name in recursive, schema=_checked_base(item, objects, recursive))
        for item in named
    )
    spec.recursive = recursive
    spec.references = references
    return spec


def _constraints(raw: Mapping[str, Any]) -> Tuple[Tuple[str, JsonScalar], ...]:
    """The value constraints example values must respect (`pattern`, `minLength`, `minimum`, ...)."""
    return tuple(
        (key, raw[key])
        for key in ("pattern", "minLength", "maxLength", "minimum", "maximum")
        if isinstance(raw.get(key), (str, int, float)) and not isinstance(raw.get(key), bool)
    )
