"""The generator config (`sdkforge.yml`) as strict pydantic models; it must not know how the spec is parsed."""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "TYPE_SIDES",
    "ArgumentConfig",
    "ClientConfig",
    "Config",
    "ConfigError",
    "ConfigIssue",
    "CredentialConfig",
    "ExtendsConfig",
    "HelperArgumentConfig",
    "HelperConfig",
    "HelperOverloadConfig",
    "ImplementationConfig",
    "MethodConfig",
    "NamingConfig",
    "PageStyleConfig",
    "ProjectConfig",
    "ReexportConfig",
    "ResourceConfig",
    "SecurityConfig",
    "TypeConfig",
    "WebhooksConfig",
    "load_config",
    "parse_config",
]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_RESPONSE_KINDS = ("auto", "binary", "text")
_BODY_KINDS = ("json", "multipart")
PAGE_RULES = ("next_url", "cursor", "page_number", "offset")


def _check_identifier(value: str) -> str:
    if not _IDENT.match(value) or keyword.iskeyword(value):
        raise ValueError(f"{value!r} is not a Python identifier")
    return value


def _check_dotted(value: str) -> str:
    if not _DOTTED.match(value) or any(keyword.iskeyword(part) for part in value.split(".")):
        raise ValueError(f"{value!r} is not a dotted Python path")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


def _check_class_ref(value: str, shape: str = "dotted.module:ClassName") -> str:
    module, sep, name = value.partition(":")
    if not sep:
        raise ValueError(f"{value!r} must be {shape!r}")
    _check_dotted(module)
    _check_identifier(name)
    return value


def _check_function_ref(value: str) -> str:
    return _check_class_ref(value, "dotted.module:function")


class ExtendsConfig(_Strict):
    """Hand-written mixins a generated class inherits first, as `module:Class` references.

    Attributes:
        sync: The mixin of the sync class (`pkg.lib.things:ThingsHelpers`).
        async_: The mixin of the async class (`async` in YAML).
    """

    sync: str
    async_: str = Field(alias="async")

    @field_validator("sync", "async_")
    @classmethod
    def _class_ref(cls, value: str) -> str:
        return _check_class_ref(value)


class ImplementationConfig(_Strict):
    """Hand-written functions a generated helper calls, as `module:function` references.

    Attributes:
        sync: The function the sync helper calls (`pkg.lib.things:run`).
        async_: The async helper's (`async` in YAML).
    """

    sync: str
    async_: str = Field(alias="async")

    @field_validator("sync", "async_")
    @classmethod
    def _function_ref(cls, value: str) -> str:
        return _check_function_ref(value)


class ClientConfig(_Strict):
    """Names of the generated client mixins (emitted into `_client_resources.py`) and their own bases.

    Attributes:
        mixin: The sync mixin class.
        async_mixin: The async mixin class.
        extends: Hand-written mixins the generated client mixins inherit first, if any.
    """

    mixin: str = "ClientResources"
    async_mixin: str = "AsyncClientResources"
    extends: Optional[ExtendsConfig] = None

    @field_validator("mixin", "async_mixin")
    @classmethod
    def _class_name(cls, value: str) -> str:
        return _check_identifier(value)


class SecurityConfig(_Strict):
    """The security scheme the client uses by default; other schemes are passed per call."""

    default: Optional[str] = None


class PageStyleConfig(_Strict):
    """One pagination style: the core's page classes and the wire fields that identify it.

    Attributes:
        sync: Sync page class name, importable from `<package>.pagination`.
        async_: Async page class name (`async` in YAML).
        request: Query parameters the page class fills in for the next page.
        response: Response fields the page class reads (the first names the item list).
        rule: For a standalone project: the next-page rule of a class sdkforge writes (a
            `<package>.pagination` subclass of the core's configured page): `next_url`
            (`response[0]` holds the next page's URL), `cursor` (`request[0]` is sent the value
            of `response[0]`), `page_number` or `offset` (`request[0]`). The items are the
            response's one array property, whatever its name.
    """

    sync: str
    async_: str = Field(alias="async")
    request: Tuple[str, ...] = ()
    response: Tuple[str, ...] = ()
    rule: Optional[str] = None

    @field_validator("rule")
    @classmethod
    def _rule(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in PAGE_RULES:
            raise ValueError(f"unknown page rule {value!r} (known: {', '.join(PAGE_RULES)})")
        return value

    @field_validator("sync", "async_")
    @classmethod
    def _class_name(cls, value: str) -> str:
        return _check_identifier(value)

    @field_validator("request", "response", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value


class ArgumentConfig(_Strict):
    """One method argument the config reshapes: a renamed body property or one the spec lacks.

    Attributes:
        wire: The body property's wire name (default: the argument's name).
        schema_: A JSON pointer to the schema of a body property the operation's body does not
            declare (`schema` in YAML); the argument is then optional.
    """

    wire: Optional[str] = None
    schema_: Optional[str] = Field(default=None, alias="schema")

    @field_validator("schema_")
    @classmethod
    def _pointer(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not value.startswith("#/"):
            raise ValueError(f"{value!r} is not a JSON pointer into the spec (`#/...`)")
        return value


class HelperArgumentConfig(_Strict):
    """One parameter of a derived helper method that the base method lacks or types otherwise.

    Attributes:
        annotation: The whole annotation as written in the generated code
            (`type[FormatT] | Omit`); the names it uses come from the base method's imports or
            the helper's `symbols`.
        default: The default as Python source: `omit`, `None` or a literal; absent means the
            parameter is required.
        description: Its `Args:` entry (default: the base method's, for a parameter it has).
    """

    annotation: str
    default: Optional[str] = None
    description: Optional[str] = None

    @field_validator("default")
    @classmethod
    def _default_source(cls, value: Optional[str]) -> Optional[str]:
        if value is None or value == "omit":
            return value
        try:
            ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise ValueError(f"{value!r} is not `omit` or a Python literal") from None
        return value


def _check_arguments(value: Dict[str, HelperArgumentConfig]) -> Dict[str, HelperArgumentConfig]:
    for name in value:
        _check_identifier(name)
    return value


class HelperOverloadConfig(_Strict):
    """One `@overload` of a helper: parameters retyped on top of the helper's, and its return.

    Attributes:
        arguments: Parameter name -> its annotation (and default) in this overload.
        returns: The return annotation of the sync helper in this overload.
        async_returns: The async helper's (default: `returns`).
    """

    arguments: Dict[str, HelperArgumentConfig] = Field(default_factory=lambda: {})
    returns: str
    async_returns: Optional[str] = None

    _names = field_validator("arguments")(_check_arguments)


class HelperConfig(_Strict):
    """A method derived from a generated one (`parse` from `create`): the same keyword
    parameters, typed from the spec, minus `drop`, with `arguments` retyped or added, delegating
    to a hand-written function imported when the helper is first called.

    Attributes:
        implementation: The hand-written functions (`module:function`, sync and async) the
            helper calls with the resource and every parameter as a keyword.
        description: The helper's docstring summary (code fences kept).
        drop: Parameters of the base method the helper does not take.
        arguments: Parameter name -> annotation/default/description: retypes a parameter of
            the base method, or adds one it lacks.
        returns: The sync helper's return annotation.
        async_returns: The async helper's (default: `returns`).
        coroutine: True: the async helper is `async def` and awaits the implementation; False:
            a plain method returning what the implementation returns (a stream manager).
        overloads: `@overload` signatures emitted before the implementation, if any.
        symbols: `module:Name` references the annotations use, imported for type checkers only
            when the module is of the generated package (so the resource loads nothing more).
        response_wrappers: The resource's `with_raw_response`/`with_streaming_response` classes
            expose the helper too, wrapped as the generated methods are (needs `coroutine`).
    """

    implementation: ImplementationConfig
    description: Optional[str] = None
    drop: Tuple[str, ...] = ()
    arguments: Dict[str, HelperArgumentConfig] = Field(default_factory=lambda: {})
    returns: str
    async_returns: Optional[str] = None
    coroutine: bool = True
    overloads: Tuple[HelperOverloadConfig, ...] = ()
    symbols: Tuple[str, ...] = ()
    response_wrappers: bool = False

    _names = field_validator("arguments")(_check_arguments)

    @model_validator(mode="after")
    def _wrappable(self) -> HelperConfig:
        if self.response_wrappers and not self.coroutine:
            # The wrappers read the response of the call; a plain helper returns before sending.
            raise ValueError(
                "response_wrappers: needs `coroutine: true` (the helper must send its request when called)"
            )
        return self

    @field_validator("drop", "symbols", "overloads", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list; items validated next
        return value

    @field_validator("drop")
    @classmethod
    def _dropped_names(cls, value: Tuple[str, ...]) -> Tuple[str, ...]:
        for name in value:
            _check_identifier(name)
        return value

    @field_validator("symbols")
    @classmethod
    def _symbol_refs(cls, value: Tuple[str, ...]) -> Tuple[str, ...]:
        for reference in value:
            _check_class_ref(reference)
        return value


class MethodConfig(_Strict):
    """One SDK method bound to one spec operation.

    Attributes:
        operation: The spec's `operationId`.
        params: Dotted module holding the method's params TypedDict (derived when absent).
        returns: Public class name of the response (of one item for list methods).
        page: Pagination style name (a key of `pagination`) for list methods.
        stream_chunk: Public class name of one server-sent event for streaming methods.
        deprecated: Mark the method deprecated even when the spec does not.
        alias_of: The method is a second name for an operation another method binds; names that
            method (`files.content`). Only an alias may share an operation.
        response: How to read the response: `auto` (from the spec), `binary` (raw bytes
            whatever the spec says) or `text` (the body as `str`).
        stream_schema: A component schema (spec name) of one server-sent event, for an operation
            whose `stream` parameter switches to an event stream the spec does not declare.
        coroutine: False makes the async method a plain function returning its coroutine
            (`inspect.iscoroutinefunction` is False; awaiting it is unchanged).
        body: The request media type to send when the spec offers several: `json` or
            `multipart` (default: JSON when offered).
        optional: Body properties (wire names) the spec requires that the method leaves optional.
        arguments: Keyword name -> how it maps to the body: a property under another wire name,
            or a property the spec's body lacks (with its schema's pointer).
        checks: Argument (Python name) -> hand-written `module:function` the method calls with
            that argument's value before building the request, to refuse a value the declared
            type cannot express (it raises; its return value is ignored).
        server: An absolute URL the method calls instead of the client's base URL (the spec's
            per-path `servers`, when they differ from the base URL).
        helpers: Helper name -> a method derived from this one (same typed parameters,
            hand-written behaviour), emitted beside it in the resource classes.
    """

    operation: str
    params: Optional[str] = None
    returns: Optional[str] = None
    page: Optional[str] = None
    stream_chunk: Optional[str] = None
    deprecated: bool = False
    alias_of: Optional[str] = None
    response: str = "auto"
    stream_schema: Optional[str] = None
    coroutine: bool = True
    body: Optional[str] = None
    optional: Tuple[str, ...] = ()
    arguments: Dict[str, ArgumentConfig] = Field(default_factory=lambda: {})

    @field_validator("arguments")
    @classmethod
    def _argument_names(cls, value: Dict[str, ArgumentConfig]) -> Dict[str, ArgumentConfig]:
        for name in value:
            _check_identifier(name)
        return value

    @field_validator("body")
    @classmethod
    def _body_kind(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in _BODY_KINDS:
            raise ValueError(f"unknown body kind {value!r} (known: {', '.join(_BODY_KINDS)})")
        return value

    @field_validator("optional", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    checks: Dict[str, str] = Field(default_factory=lambda: {})
    server: Optional[str] = None
    helpers: Dict[str, HelperConfig] = Field(default_factory=lambda: {})

    @field_validator("helpers")
    @classmethod
    def _helper_names(cls, value: Dict[str, HelperConfig]) -> Dict[str, HelperConfig]:
        for name in value:
            _check_identifier(name)
        return value

    @field_validator("checks")
    @classmethod
    def _check_refs(cls, value: Dict[str, str]) -> Dict[str, str]:
        for argument, reference in value.items():
            _check_identifier(argument)
            _check_function_ref(reference)
        return value

    @field_validator("server")
    @classmethod
    def _server(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("response")
    @classmethod
    def _response_kind(cls, value: str) -> str:
        if value not in _RESPONSE_KINDS:
            raise ValueError(f"unknown response kind {value!r} (known: {', '.join(_RESPONSE_KINDS)})")
        return value

    @field_validator("params")
    @classmethod
    def _params_module(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _check_dotted(value)

    @field_validator("returns", "stream_chunk")
    @classmethod
    def _class_name(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _check_identifier(value)


class ResourceConfig(_Strict):
    """A resource on the client (`chat.completions`) and its methods, in order.

    Attributes:
        methods: Method name -> binding, in client order.
        description: The resource class's docstring.
        extends: Hand-written mixins the generated sync and async classes inherit first.
        deprecated: Deprecate every method of this resource and of its sub-resources (a whole
            API the spec does not mark deprecated): true, or the warning's message.
        alias_of: The dotted path of another resource this one is a second name for
            (`beta.chat: {alias_of: chat}`): its parent gets an accessor returning that
            resource's classes; nothing else is generated for it.
    """

    methods: Dict[str, MethodConfig] = Field(default_factory=lambda: {})
    description: Optional[str] = None
    extends: Optional[ExtendsConfig] = None
    alias_of: Optional[str] = None
    deprecated: Union[bool, str] = False

    @field_validator("alias_of")
    @classmethod
    def _alias_path(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _check_dotted(value)

    @field_validator("methods")
    @classmethod
    def _method_names(cls, value: Dict[str, MethodConfig]) -> Dict[str, MethodConfig]:
        for name in value:
            _check_identifier(name)
        return value


# The two classes a schema can give: its model and its request-side TypedDict twin.
TYPE_SIDES: Tuple[str, ...] = ("model", "param")


class TypeConfig(_Strict):
    """The public name and exporting package of one spec schema.

    Attributes:
        name: The model's class name.
        package: The types package that exports it.
        param: The class name of its request-side TypedDict twin, when `<name>Param` is not
            wanted (the twin's official name belongs with another schema's model, say).
        aliases: More public names for the same type, as dotted `package.Class` paths; each
            gets a module that re-exports the model (and `<Class>Param` for the twin).
        param_aliases: More public names for the TypedDict twin alone (for the model when the
            schema has no twin), as dotted paths: a `*_params` package naming its TypedDicts
            like the models.
        optional: Properties the spec requires that the model leaves optional (default None),
            as dotted wire-name paths from the schema (`image.file_id`; arrays, maps and unions
            are looked through): for responses that omit a field the spec calls required.
        field_names: Model attribute names for properties, by dotted wire-name path (as in
            `optional`): `{per_model_usage.model_name: run_model_name}`; the wire name stays
            the alias.
        inline: With `naming.ref_aliases`, the named type is also treated as inline where
            other named types reference it: they re-export it under their nested names.
        module: The model's module (last part) when it is not the snake_case of `name`
            (`chatkit_thread` for `ChatKitThread`).
        param_module: The same for the TypedDict twin's module.
        extends: A hand-written mixin (`module:Class`) the model class inherits first, for
            behaviour beyond the spec (a computed property).
        computed: Properties (wire names) the `extends` mixin computes: the model declares no
            field for them, so the mixin's property is what callers read.
        variant_name: With `inline`, the part of a nested class name this type gives as a
            variant of a union that references it in model modules, instead of the rule's
            (`OutputText` for a component `EvalItemContentOutputText` titled "Output text").
        param_variant_name: The same in TypedDict modules (the reference SDK may name a
            variant differently on the request side).
        sides: Which of its own classes are public names, kept though nothing reaches them:
            `model`, `param` (the TypedDict twin), both or neither (`[]`: the entry only names
            them). Omitted: the model, and the twin when `param` or `param_module` names it. A
            side not listed is still emitted where the package uses it.
        alias_sides: Which re-exports each `aliases` path gives are kept though nothing
            reaches them: `model` (`Class`), `param` (`ClassParam`); both when omitted.
            `param_aliases` are always kept.
    """

    name: str
    package: str
    param: Optional[str] = None
    module: Optional[str] = None
    param_module: Optional[str] = None
    aliases: Tuple[str, ...] = ()
    param_aliases: Tuple[str, ...] = ()
    optional: Tuple[str, ...] = ()
    inline: bool = False
    field_names: Dict[str, str] = Field(default_factory=lambda: {})
    extends: Optional[str] = None
    computed: Tuple[str, ...] = ()
    variant_name: Optional[str] = None
    param_variant_name: Optional[str] = None
    sides: Optional[Tuple[str, ...]] = None
    alias_sides: Tuple[str, ...] = TYPE_SIDES

    @field_validator("sides", "alias_sides", mode="before")
    @classmethod
    def _sides_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    @field_validator("sides", "alias_sides")
    @classmethod
    def _known_sides(cls, value: Optional[Tuple[str, ...]]) -> Optional[Tuple[str, ...]]:
        for side in value or ():
            if side not in TYPE_SIDES:
                raise ValueError(f"{side!r} is not a side: use `model` and/or `param`")
        if value is not None and len(set(value)) != len(value):
            raise ValueError("a side is listed twice")
        return value

    @model_validator(mode="after")
    def _alias_sides_need_aliases(self) -> TypeConfig:
        if set(self.alias_sides) != set(TYPE_SIDES) and not self.aliases:
            raise ValueError("`alias_sides` needs `aliases` to apply to")
        return self

    @field_validator("extends")
    @classmethod
    def _mixin_ref(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _check_class_ref(value)

    @field_validator("computed", mode="before")
    @classmethod
    def _computed_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    @model_validator(mode="after")
    def _computed_needs_a_mixin(self) -> TypeConfig:
        if self.computed and self.extends is None:
            raise ValueError("`computed` properties need the `extends` mixin that computes them")
        return self

    @model_validator(mode="after")
    def _variant_name_needs_inline(self) -> TypeConfig:
        # Only an inline-walked type lends nested names to the unions that reference it.
        if (self.variant_name is not None or self.param_variant_name is not None) and not self.inline:
            raise ValueError("`variant_name` needs `inline: true` (a named type is not walked otherwise)")
        return self

    @field_validator("aliases", "param_aliases", "optional", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    @field_validator("variant_name", "param_variant_name")
    @classmethod
    def _variant_is_identifier(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not value.isidentifier():
            raise ValueError(f"{value!r} is not an identifier")
        return value

    @field_validator("aliases", "param_aliases")
    @classmethod
    def _alias_paths(cls, value: Tuple[str, ...]) -> Tuple[str, ...]:
        for path in value:
            _check_dotted(path)
            if "." not in path:
                raise ValueError(f"{path!r} must be `package.Class`")
        return value

    @field_validator("name")
    @classmethod
    def _class_name(cls, value: str) -> str:
        return _check_identifier(value)

    @field_validator("field_names")
    @classmethod
    def _field_names(cls, value: Dict[str, str]) -> Dict[str, str]:
        for name in value.values():
            _check_identifier(name)
        return value

    @field_validator("param")
    @classmethod
    def _param_name(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else _check_identifier(value)

    @field_validator("package")
    @classmethod
    def _package(cls, value: str) -> str:
        return _check_dotted(value)

    @field_validator("module", "param_module")
    @classmethod
    def _module(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.fullmatch(r"[a-z_][a-z0-9_]*", value):
            raise ValueError(f"{value!r} is not a snake_case module name")
        return value


class WebhooksConfig(_Strict):
    """Where the spec's `webhooks` events go: one model per event plus a union of them all.

    Attributes:
        package: The types package of the event models (and of the union); events whose schema
            the `types` section does not place elsewhere land here.
        union: The name of the union of every event (a type alias in its own module).
        discriminator: The property telling events apart; the union is discriminated on it when
            every event has it as a required literal.
        description: The docstring of the union.
    """

    package: str
    union: str
    discriminator: str = "type"
    description: Optional[str] = None

    @field_validator("package")
    @classmethod
    def _package(cls, value: str) -> str:
        return _check_dotted(value)

    @field_validator("union")
    @classmethod
    def _class_name(cls, value: str) -> str:
        return _check_identifier(value)


_CREDENTIAL_KINDS = ("bearer", "basic_username", "basic_password", "header", "query")


class CredentialConfig(_Strict):
    """One constructor argument of a standalone client that authenticates requests.

    Attributes:
        name: The argument (`api_key`); also an attribute of the client.
        env: The environment variable read when the argument is not given.
        scheme: The spec's security scheme this credential serves.
        kind: `bearer` (`Authorization: Bearer`), `basic_username`/`basic_password` (the two
            halves of HTTP basic), `header` or `query` (an API key under the name `wire`).
        wire: The header or query parameter name, for `header` and `query`.
    """

    name: str
    env: str
    scheme: str
    kind: str
    wire: Optional[str] = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _check_identifier(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in _CREDENTIAL_KINDS:
            raise ValueError(f"unknown credential kind {value!r} (known: {', '.join(_CREDENTIAL_KINDS)})")
        return value


class ProjectConfig(_Strict):
    """A standalone package: the client class, credentials and the project files around the code.

    With this section sdkforge writes a whole installable project (`pyproject.toml`, README, the
    client, the runtime core vendored under the package's name, tests). Without it, the package
    brings its own hand-written client and core (as `oai` does).

    Attributes:
        name: The distribution name (`pip install <name>`).
        version: The package version.
        description: One line for `pyproject.toml` and the README.
        client: The sync client class; the async one is `Async<client>`.
        error: The base exception class of the package.
        base_url: The default base URL (`None`: the user must pass one).
        base_url_env: The environment variable overriding the base URL.
        credentials: The constructor arguments that authenticate requests, in order.
    """

    name: str
    version: str = "0.1.0"
    description: str = ""
    client: str
    error: str
    base_url: Optional[str] = None
    base_url_env: str
    credentials: Tuple[CredentialConfig, ...] = ()

    @field_validator("client", "error")
    @classmethod
    def _class_name(cls, value: str) -> str:
        return _check_identifier(value)

    @field_validator("credentials", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated next
        return value


class NamingConfig(_Strict):
    """How derived class names are spelled.

    Attributes:
        acronyms: Words written in capitals in derived class names (`API`: `api_key` ->
            `APIKey`); names given in the config are kept as written.
        ref_aliases: A component the `types` section does not name is treated as inline where
            a named type references it: the referencing module also exports it under the
            nested-class name its place would give (`Choice`, `ToolMcp`), as an alias.
    """

    acronyms: Tuple[str, ...] = ()
    ref_aliases: bool = False

    @field_validator("acronyms", mode="before")
    @classmethod
    def _list_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    @field_validator("acronyms")
    @classmethod
    def _upper_words(cls, value: Tuple[str, ...]) -> Tuple[str, ...]:
        for word in value:
            if not re.fullmatch(r"[A-Z][A-Z0-9]*", word):
                raise ValueError(f"{word!r} is not an upper-case word")
        return value


class ReexportConfig(_Strict):
    """A public types module whose names are defined by hand-written code, re-exported as they are.

    Attributes:
        from_: The dotted module defining them (`from` in YAML).
        names: Public name -> name in `from_` (the same name, or another one to rename it).
    """

    from_: str = Field(alias="from")
    names: Dict[str, str]

    @field_validator("from_")
    @classmethod
    def _module(cls, value: str) -> str:
        return _check_dotted(value)

    @field_validator("names")
    @classmethod
    def _identifiers(cls, value: Dict[str, str]) -> Dict[str, str]:
        if not value:
            raise ValueError("list at least one name")
        for public, source in value.items():
            _check_identifier(public)
            _check_identifier(source)
        return value


class Config(_Strict):
    """The whole `sdkforge.yml`.

    ```py
    config = load_config("sdkforge.yml")
    config.resources["chat.completions"].methods["create"].operation
    ```
    """

    package: str
    header: str
    spec_url: Optional[str] = None
    docs_base_url: Optional[str] = None
    client: ClientConfig = ClientConfig()
    security: SecurityConfig = SecurityConfig()
    pagination: Dict[str, PageStyleConfig] = Field(default_factory=lambda: {})
    resources: Dict[str, ResourceConfig]
    types: Dict[str, TypeConfig] = Field(default_factory=lambda: {})
    webhooks: Optional[WebhooksConfig] = None
    project: Optional[ProjectConfig] = None
    naming: NamingConfig = NamingConfig()
    reexports: Dict[str, ReexportConfig] = Field(default_factory=lambda: {})
    extra_names: Dict[str, Dict[str, str]] = Field(default_factory=lambda: {})
    keep: Tuple[str, ...] = ()  # component schemas whose types stay though no operation reaches them

    @field_validator("keep", mode="before")
    @classmethod
    def _keep_to_tuple(cls, value: object) -> object:
        if isinstance(value, list):
            return tuple(cast(List[object], value))  # YAML list of unknown items; validated as str next
        return value

    @field_validator("extra_names")
    @classmethod
    def _extra_names_are_identifiers(cls, value: Dict[str, Dict[str, str]]) -> Dict[str, Dict[str, str]]:
        for module, pairs in value.items():
            _check_dotted(module)
            for new, old in pairs.items():
                where, _, name = old.rpartition(":")
                if not new.isidentifier() or not name.isidentifier() or (where and _check_dotted(where) != where):
                    raise ValueError(f"{module}: {new!r} must be an identifier, {old!r} a name or `module:Name`")
        return value

    @field_validator("package")
    @classmethod
    def _package(cls, value: str) -> str:
        return _check_dotted(value)

    @field_validator("docs_base_url")
    @classmethod
    def _docs_base_url(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return None if value is None else value.rstrip("/")

    @field_validator("header")
    @classmethod
    def _header(cls, value: str) -> str:
        if not value.startswith("#") or "\n" in value:
            raise ValueError("the header must be a single comment line starting with '#'")
        return value

    @field_validator("resources")
    @classmethod
    def _resource_paths(cls, value: Dict[str, ResourceConfig]) -> Dict[str, ResourceConfig]:
        for path in value:
            _check_dotted(path)
        return value

    def methods_by_operation(self) -> Dict[str, List[Tuple[str, str, MethodConfig]]]:
        """Map each operationId to its `(resource path, method name, config)` bindings, in config order."""
        found: Dict[str, List[Tuple[str, str, MethodConfig]]] = {}
        for path, resource in self.resources.items():
            for name, method in resource.methods.items():
                found.setdefault(method.operation, []).append((path, name, method))
        return found


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in the config file: where (dotted YAML path and line) and what."""

    file: str
    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path or '<root>'}: {self.message}"


class ConfigError(Exception):
    """The config file cannot be read or does not validate; `issues` names each YAML path."""

    def __init__(self, issues: List[ConfigIssue]) -> None:
        super().__init__("\n".join(str(issue) for issue in issues))
        self.issues = tuple(issues)


_Key = Union[str, int]


def _line_index(node: yaml.Node, prefix: Tuple[_Key, ...], out: Dict[Tuple[_Key, ...], int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:  # pyright: ignore[reportUnknownVariableType]  # PyYAML nodes are untyped
            key = str(key_node.value)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]  # untyped node
            out[(*prefix, key)] = key_node.start_mark.line + 1  # pyright: ignore[reportUnknownMemberType]  # untyped node
            _line_index(value_node, (*prefix, key), out)  # pyright: ignore[reportUnknownArgumentType]  # untyped node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]  # untyped node
            _line_index(item, (*prefix, index), out)  # pyright: ignore[reportUnknownArgumentType]  # untyped node


def _alias_loc(loc: Tuple[_Key, ...]) -> Tuple[_Key, ...]:
    # pydantic reports the field name; the YAML file uses the alias.
    return tuple("async" if part == "async_" else part for part in loc)


def _cross_check(config: Config) -> List[Tuple[Tuple[_Key, ...], str]]:
    # References between sections, checked after each section validated on its own.
    problems: List[Tuple[Tuple[_Key, ...], str]] = []
    types_root = f"{config.package}.types."
    for module in config.reexports:
        if not module.startswith(types_root) or not _DOTTED.match(module):
            problems.append((("reexports", module), f"{module!r} must be a module under `{types_root[:-1]}`"))
    known = ", ".join(sorted(config.pagination)) or "none"
    problems += _alias_problems(config)
    for path, resource in config.resources.items():
        for name, method in resource.methods.items():
            if method.page is not None and method.page not in config.pagination:
                loc: Tuple[_Key, ...] = ("resources", path, "methods", name, "page")
                problems.append((loc, f"unknown page style {method.page!r} (known: {known})"))
    return problems


def _alias_problems(config: Config) -> List[Tuple[Tuple[_Key, ...], str]]:
    # An alias resource is only an accessor on its parent: it names a real resource and owns nothing.
    problems: List[Tuple[Tuple[_Key, ...], str]] = []
    paths = set(config.resources)
    implied = {".".join(p.split(".")[:depth]) for p in paths for depth in range(1, p.count(".") + 1)}
    for path, resource in config.resources.items():
        target = resource.alias_of
        if target is None:
            continue
        loc: Tuple[_Key, ...] = ("resources", path, "alias_of")
        if resource.methods or resource.extends is not None or resource.description is not None:
            problems.append((loc, "an alias resource has no `methods`, `extends` or `description` of its own"))
        if "." not in path:
            problems.append((loc, "an alias resource needs a parent resource (`beta.chat`, not `chat`)"))
        if target not in paths and target not in implied:
            problems.append((loc, f"`alias_of: {target}` names no resource of the config"))
        elif target in paths and config.resources[target].alias_of is not None:
            problems.append((loc, f"`alias_of: {target}` names another alias; name the resource itself"))
        elif target == path or path.startswith(target + "."):
            problems.append((loc, f"`alias_of: {target}` would make `{path}` contain itself"))
        parent, _, name = path.rpartition(".")
        if parent in paths and name in config.resources[parent].methods:
            problems.append((loc, f"`{parent}` already has a method `{name}`"))
        if any(other.startswith(path + ".") for other in paths):
            problems.append((loc, "an alias resource cannot have sub-resources of its own"))
    return problems


def _issue(file: str, loc: Tuple[_Key, ...], lines: Dict[Tuple[_Key, ...], int], message: str) -> ConfigIssue:
    line = None
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            line = lines[loc[:end]]
            break
    return ConfigIssue(file, ".".join(str(part) for part in loc), line, message)


def parse_config(text: str, file: str = "sdkforge.yml") -> Config:
    """Validate config text.

    Args:
        text: The YAML document.
        file: The file name used in error messages.

    Returns:
        The validated config.

    Raises:
        ConfigError: The YAML is malformed or does not match the schema; each issue names the YAML path and line.
    """
    try:
        # PyYAML's stubs leave compose() untyped; it returns the root node or None.
        root = cast(Optional[yaml.Node], yaml.compose(text, Loader=yaml.SafeLoader))  # pyright: ignore[reportUnknownMemberType]
        data: Any = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError([ConfigIssue(file, "", line, f"invalid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise ConfigError([ConfigIssue(file, "", 1, "the config must be a mapping")])
    lines: Dict[Tuple[_Key, ...], int] = {}
    if root is not None:
        _line_index(root, (), lines)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        issues = [
            _issue(file, _alias_loc(tuple(error["loc"])), lines, str(error["msg"]).removeprefix("Value error, "))
            for error in exc.errors(include_url=False)
        ]
        raise ConfigError(issues) from None
    problems = _cross_check(config)
    if problems:
        raise ConfigError([_issue(file, loc, lines, message) for loc, message in problems])
    return config


def load_config(path: Union[str, Path]) -> Config:
    """Read and validate `sdkforge.yml`.

    Args:
        path: The config file.

    Returns:
        The validated config.

    Raises:
        ConfigError: The file is missing, malformed or invalid; each issue names the YAML path and line.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([ConfigIssue(str(path), "", None, f"cannot read the config: {exc.strerror}")]) from None
    return parse_config(text, str(path))
