"""The intermediate representation: frozen dataclasses describing the API's shape; no Python syntax, no file paths.

Every node keeps the JSON pointer (`#/paths/~1files/get`, `#/components/schemas/Foo`) of the
spec element it came from, so diagnostics and emitters can point back at the spec. Names here
are the spec's own (wire names, schema keys) or the config's (resource paths, method names);
turning them into Python identifiers is the job of `naming.py`, not of the IR.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import FrozenSet, Literal, Mapping, Optional, Tuple, Union

__all__ = [
    "Api",
    "ArraySchema",
    "Body",
    "BodyKind",
    "ConstSchema",
    "EnumSchema",
    "JsonScalar",
    "MapSchema",
    "Method",
    "NamedSchema",
    "ObjectSchema",
    "Operation",
    "PageInfo",
    "Param",
    "ParamLocation",
    "PrimitiveKind",
    "PrimitiveSchema",
    "Property",
    "RefSchema",
    "Resource",
    "Response",
    "ResponseKind",
    "Schema",
    "StreamInfo",
    "UnionSchema",
    "Webhook",
]

JsonScalar = Union[str, int, float, bool, None]
"""A JSON scalar as found in `enum`, `const` and `default`."""

PrimitiveKind = Literal["str", "int", "float", "bool", "null", "any"]
"""The primitive kinds: JSON string, integer, number, boolean, null, and anything at all."""


@dataclass(frozen=True)
class RefSchema:
    """A reference to a named (component) schema; references keep cycles finite.

    Attributes:
        pointer: Where the reference appears in the spec.
        target: The referenced schema's key under `components/schemas` (`ChatCompletion`, `Error-2`).
        nullable: The value may also be JSON `null`.
        description: The description written beside the reference, if any.
    """

    pointer: str
    target: str
    nullable: bool = False
    description: Optional[str] = None


@dataclass(frozen=True)
class PrimitiveSchema:
    """A scalar (or untyped) value.

    Attributes:
        pointer: The schema's JSON pointer.
        kind: Which primitive; `any` stands for a schema with no type constraint.
        format: The spec's `format` (`binary`, `unixtime`, `uri`, ...), if any.
        nullable: The value may also be JSON `null`.
        description: The schema's description, if any.
        default: The schema's default value, if any (`None` when absent).
        constraints: `(keyword, value)` pairs of `pattern`, `minLength`, `maxLength`, `minimum`,
            `maximum`; only example values (the generated tests) read them.
    """

    pointer: str
    kind: PrimitiveKind
    format: Optional[str] = None
    nullable: bool = False
    description: Optional[str] = None
    default: JsonScalar = None
    constraints: Tuple[Tuple[str, JsonScalar], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ConstSchema:
    """A single allowed value (`const`, `x-stainless-const` or a one-value `enum`).

    Attributes:
        pointer: The schema's JSON pointer.
        value: The only value allowed.
        nullable: The value may also be JSON `null`.
        description: The schema's description, if any.
    """

    pointer: str
    value: JsonScalar
    nullable: bool = False
    description: Optional[str] = None


@dataclass(frozen=True)
class EnumSchema:
    """A closed set of scalar values, in spec order.

    Attributes:
        pointer: The schema's JSON pointer.
        values: The allowed values, duplicates removed, spec order kept.
        nullable: The value may also be JSON `null` (a `null` in `enum` is folded in here).
        description: The schema's description, if any.
        default: The schema's default value, if any.
    """

    pointer: str
    values: Tuple[JsonScalar, ...]
    nullable: bool = False
    description: Optional[str] = None
    default: JsonScalar = None


@dataclass(frozen=True)
class ArraySchema:
    """A JSON array.

    Attributes:
        pointer: The schema's JSON pointer.
        items: The schema of every item.
        nullable: The value may also be JSON `null`.
        description: The schema's description, if any.
    """

    pointer: str
    items: Schema
    nullable: bool = False
    description: Optional[str] = None


@dataclass(frozen=True)
class MapSchema:
    """A JSON object used as a map (only `additionalProperties`, no declared properties).

    Attributes:
        pointer: The schema's JSON pointer.
        values: The schema of every value; a `PrimitiveSchema` of kind `any` for free-form objects.
        nullable: The value may also be JSON `null`.
        description: The schema's description, if any.
    """

    pointer: str
    values: Schema
    nullable: bool = False
    description: Optional[str] = None


@dataclass(frozen=True)
class Property:
    """One declared property of an object schema.

    Attributes:
        name: The key on the wire (may not be a Python identifier).
        schema: The property's schema.
        is_required: Listed in the object's `required`.
        description: The property's description, if any.
        is_deprecated: The spec marks the property deprecated.
        pointer: The property schema's JSON pointer.
        python_name: The keyword (and TypedDict key) when the config renames the property
            for one method; None: derived from `name`.
    """

    name: str
    schema: Schema
    is_required: bool
    description: Optional[str]
    is_deprecated: bool
    pointer: str
    python_name: Optional[str] = None


@dataclass(frozen=True)
class ObjectSchema:
    """A JSON object with declared properties (after any `allOf` merge).

    Attributes:
        pointer: The schema's JSON pointer.
        properties: The declared properties, in spec order.
        title: The schema's `title`, if any.
        description: The schema's description, if any.
        nullable: The value may also be JSON `null`.
        extra: The schema of undeclared keys when `additionalProperties` gives one, else None.
        base: The component this object extends (`allOf: [$ref, {...}]`) when it keeps every
            property of that component as is, so that its class can subclass the component's.
        inherited: The properties (wire names) that come unchanged from `base`.
    """

    pointer: str
    properties: Tuple[Property, ...]
    title: Optional[str] = None
    description: Optional[str] = None
    nullable: bool = False
    extra: Optional[Schema] = None
    base: Optional[str] = None
    inherited: FrozenSet[str] = frozenset()

    def own_properties(self) -> Tuple[Property, ...]:
        """The properties a subclass of `base` declares itself (all of them without a base)."""
        return tuple(prop for prop in self.properties if prop.name not in self.inherited)


@dataclass(frozen=True)
class UnionSchema:
    """One of several schemas (`oneOf` / `anyOf`), null variants folded into `nullable`.

    Attributes:
        pointer: The schema's JSON pointer.
        variants: The variants, in spec order.
        discriminator: The discriminating property name from `discriminator.propertyName`, if any.
        mapping: The discriminator's `mapping` (wire value -> schema key), empty when absent.
        nullable: The value may also be JSON `null`.
        description: The schema's description, if any.
    """

    pointer: str
    variants: Tuple[Schema, ...]
    discriminator: Optional[str] = None
    mapping: Tuple[Tuple[str, str], ...] = ()
    nullable: bool = False
    description: Optional[str] = None


Schema = Union[RefSchema, PrimitiveSchema, ConstSchema, EnumSchema, ArraySchema, MapSchema, ObjectSchema, UnionSchema]
"""Any schema node."""


@dataclass(frozen=True)
class NamedSchema:
    """A schema under `components/schemas`.

    Attributes:
        name: The key under `components/schemas` (may not be an identifier: `Error-2`).
        schema: The schema itself.
        pointer: `#/components/schemas/<name>` (escaped).
        is_recursive: The schema reaches itself through references.
    """

    name: str
    schema: Schema
    pointer: str
    is_recursive: bool = False


class ParamLocation(str, enum.Enum):
    """Where a parameter travels."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"


@dataclass(frozen=True)
class Param:
    """One path, query or header parameter of an operation.

    Attributes:
        name: The name on the wire.
        python_name: The Python keyword-argument name (from `naming.py`).
        schema: The parameter's schema.
        is_required: The caller must pass it (always true for path parameters).
        description: The parameter's description, if any.
        location: Path, query or header.
        pointer: The parameter's JSON pointer.
        is_deprecated: The spec marks the parameter deprecated.
    """

    name: str
    python_name: str
    schema: Schema
    is_required: bool
    description: Optional[str]
    location: ParamLocation
    pointer: str
    is_deprecated: bool = False


class BodyKind(str, enum.Enum):
    """How a request body is encoded."""

    JSON = "json"
    MULTIPART = "multipart"
    FORM = "form"  # application/x-www-form-urlencoded
    BINARY = "binary"


@dataclass(frozen=True)
class Body:
    """A request body.

    Attributes:
        kind: JSON, multipart form, URL-encoded form or raw bytes/text.
        content_type: The media type (`application/json`, `multipart/form-data`, `application/sdp`).
        schema: The body's schema (usually a reference to an object schema).
        is_required: The spec marks the body required.
        pointer: The JSON pointer of the chosen media type entry.
    """

    kind: BodyKind
    content_type: str
    schema: Schema
    is_required: bool
    pointer: str


class ResponseKind(str, enum.Enum):
    """What a successful response carries."""

    MODEL = "model"
    PAGE = "page"
    BINARY = "binary"
    TEXT = "text"
    NONE = "none"


@dataclass(frozen=True)
class PageInfo:
    """A paginated list response.

    Attributes:
        style: The page style's key in the config's `pagination` table.
        item: The schema of one item (the `items` of the list field).
    """

    style: str
    item: Schema


@dataclass(frozen=True)
class StreamInfo:
    """A response that may also come as server-sent events.

    Attributes:
        chunk: The schema of one event's data (the `text/event-stream` schema).
        pointer: The JSON pointer of the event-stream media type entry.
    """

    chunk: Schema
    pointer: str


@dataclass(frozen=True)
class Response:
    """The successful response of an operation.

    Attributes:
        kind: Model, page, binary, text or none.
        status: The status code chosen (the first 2xx in spec order), or None when the spec gives none.
        content_type: The media type parsed (`application/json`, `video/mp4`), None for no body.
        schema: The JSON schema of the body (for pages: the whole list object); None when not JSON.
        page: Pagination details when `kind` is PAGE.
        stream: Event-stream details when the operation can stream.
        pointer: The response's JSON pointer.
    """

    kind: ResponseKind
    status: Optional[str]
    content_type: Optional[str]
    schema: Optional[Schema]
    page: Optional[PageInfo]
    stream: Optional[StreamInfo]
    pointer: str


@dataclass(frozen=True)
class Operation:
    """One spec operation (a verb on a path).

    Attributes:
        operation_id: The spec's `operationId`.
        verb: Lower-case HTTP verb (`get`, `post`, ...).
        path: The path template without any query string (`/responses/{response_id}`).
        fixed_query: Query pairs written into the spec's path key (`?beta=true`), in order.
        path_params: Path parameters, in template order.
        query_params: Query parameters, in spec order.
        header_params: Header parameters, in spec order.
        body: The request body, if any.
        response: The successful response.
        security: The security scheme names accepted (empty: the spec's default applies).
        summary: The operation's summary or description, if any.
        is_deprecated: The spec marks the operation deprecated.
        pointer: The operation's JSON pointer.
    """

    operation_id: str
    verb: str
    path: str
    fixed_query: Tuple[Tuple[str, str], ...]
    path_params: Tuple[Param, ...]
    query_params: Tuple[Param, ...]
    header_params: Tuple[Param, ...]
    body: Optional[Body]
    response: Response
    security: Tuple[str, ...]
    summary: Optional[str]
    is_deprecated: bool
    pointer: str


@dataclass(frozen=True)
class Method:
    """An SDK method: an operation bound by the config to a resource and a name.

    Attributes:
        name: The method name from the config (`create`, `list`).
        operation: The operation it calls.
        params_module: Dotted module of the method's params TypedDict (config or derived),
            None when the method takes no query or body parameters.
        returns: The config's public return class name (of one item for pages), if any.
        stream_chunk: The config's public class name of one streamed event, if any.
        is_deprecated: The method is deprecated (by spec or config).
        alias_of: The name of the method of the same resource this one is a second name for
            (same operation, possibly another return shape), or None.
        is_coroutine: The async method is an `async def` (False: a plain function returning
            the coroutine).
        deprecation: The deprecation warning's message when the config gives one.
    """

    name: str
    operation: Operation
    params_module: Optional[str]
    returns: Optional[str]
    stream_chunk: Optional[str]
    is_deprecated: bool
    alias_of: Optional[str] = None
    is_coroutine: bool = True
    deprecation: Optional[str] = None


@dataclass(frozen=True)
class Resource:
    """A resource on the client, e.g. `("chat", "completions")`.

    Attributes:
        path: The resource path, one segment per attribute access.
        methods: The methods, in config order.
        children: Sub-resources, in config order.
        description: The config's description of the resource, if any.
        extends: Hand-written `(sync, async)` mixins, as `module:Class` references, that the
            generated classes inherit first; None when the config names none.
        aliases: Accessors for other resources, as `(attribute, target path)` pairs in config
            order (`("chat", ("chat",))` on `beta` makes `beta.chat` the `chat` resource).
    """

    path: Tuple[str, ...]
    methods: Tuple[Method, ...]
    children: Tuple[Resource, ...]
    description: Optional[str] = None
    extends: Optional[Tuple[str, str]] = None
    aliases: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Webhook:
    """One event the API sends to the user's endpoint (an entry of the spec's top-level `webhooks`).

    Attributes:
        name: The entry's key (`batch_completed`).
        schema: The event payload's schema (usually a reference to a component schema).
        description: The operation's description or summary, if any.
        pointer: The JSON pointer of the webhook operation (`#/webhooks/batch_completed/post`).
    """

    name: str
    schema: Schema
    description: Optional[str]
    pointer: str


@dataclass(frozen=True)
class Api:
    """The whole API.

    Attributes:
        title: The spec's `info.title`.
        version: The spec's `info.version`.
        spec_sha256: Hex SHA-256 of the spec file's bytes (for `.stats.yml`).
        operations: Every operation, in spec order.
        resources: Top-level resources, in config order.
        schemas: Every component schema, in spec order.
        security_schemes: The names of the spec's security schemes, in spec order.
        default_security: The spec's top-level security scheme names.
        webhooks: The events of the spec's top-level `webhooks`, in spec order.
    """

    title: str
    version: str
    spec_sha256: str
    operations: Tuple[Operation, ...]
    resources: Tuple[Resource, ...]
    schemas: Tuple[NamedSchema, ...]
    security_schemes: Tuple[str, ...] = ()
    default_security: Tuple[str, ...] = ()
    webhooks: Tuple[Webhook, ...] = ()
    schema_index: Mapping[str, NamedSchema] = field(default_factory=lambda: {}, compare=False, repr=False)

    def schema(self, name: str) -> NamedSchema:
        """Return the component schema called `name`.

        Raises:
            KeyError: No such schema.
        """
        return self.schema_index[name]
