"""Build the IR `Api` from a resolved spec and the config; knows API shape, never Python syntax or file paths.

Operations and webhook events keep spec order; resources keep config order. Every spec
operation must be bound to exactly one method by the config, plus any methods marked `alias_of`
that method; problems become diagnostics, never exceptions. With `docs_base_url` in the config,
root-relative markdown links in descriptions (`](/docs/x)`) are made absolute here, once.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, TypeVar, cast
from urllib.parse import parse_qsl

from ..loader import escape_pointer
from ..naming import identifier, params_derived_module
from .nodes import (
    Api,
    ArraySchema,
    Body,
    BodyKind,
    Method,
    ObjectSchema,
    Operation,
    PageInfo,
    Param,
    ParamLocation,
    Property,
    RefSchema,
    Resource,
    Response,
    ResponseKind,
    Schema,
    StreamInfo,
    Webhook,
)

if TYPE_CHECKING:
    from ..config import Config, MethodConfig
    from ..resolver import ResolvedSpec

__all__ = ["absolute_links", "build_api"]

_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_JSON = "application/json"
_EVENT_STREAM = "text/event-stream"
_MULTIPART = "multipart/form-data"
_FORM = "application/x-www-form-urlencoded"
_ALTERNATE_TYPES = ("application/xml", "text/xml")
_PATH_PARAM = re.compile(r"{([^}]+)}")
_PARAM_NAME_HINT = "x-stainless-param"
# A markdown link target starting with one `/` (root-relative), not `//host` (scheme-relative).
_RELATIVE_LINK = re.compile(r"\]\(/(?!/)")
_PROSE_FIELDS = frozenset({"description", "summary"})
_Raw = Dict[str, Any]
_Node = TypeVar("_Node")


def _raw(value: object) -> _Raw:
    return cast(_Raw, value) if isinstance(value, dict) else {}  # JSON object: string keys


def _text(value: object) -> Optional[str]:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _python_hint(param: _Raw) -> Optional[str]:
    # `x-stainless-param` (on the parameter or its schema) names the SDK argument (`x-vendor-beta` -> `betas`).
    for where in (param, _raw(param.get("schema"))):
        hint = where.get(_PARAM_NAME_HINT)
        if isinstance(hint, str) and hint.strip():
            return hint.strip()
    return None


def _is_json(content_type: str) -> bool:
    return content_type == _JSON or content_type.endswith("+json")


class _Builder:
    def __init__(self, spec: ResolvedSpec, config: Config) -> None:
        self.spec = spec
        self.config = config
        self.diagnostics = spec.diagnostics
        self.index = {item.name: item.schema for item in spec.schemas}
        # operationId -> the raw `requestBody` and its pointer, for a config that picks another media type.
        self.raw_bodies: Dict[str, Tuple[object, str]] = {}

    def operations(self) -> List[Operation]:
        out: List[Operation] = []
        seen: Dict[str, str] = {}
        for path_key, item_value in _raw(self.spec.document.data.get("paths")).items():
            item_pointer = "#/paths/" + escape_pointer(path_key)
            item, item_pointer = self.spec.deref(item_value, item_pointer)
            for verb in _VERBS:
                if verb not in item:
                    continue
                pointer = f"{item_pointer}/{verb}"
                operation = self.operation(path_key, verb, _raw(item[verb]), item, pointer)
                if operation is None:
                    continue
                if operation.operation_id in seen:
                    self.diagnostics.error(
                        pointer,
                        f"operationId {operation.operation_id!r} is also used at {seen[operation.operation_id]}",
                    )
                    continue
                seen[operation.operation_id] = pointer
                out.append(operation)
        return out

    def operation(self, path_key: str, verb: str, raw: _Raw, item: _Raw, pointer: str) -> Optional[Operation]:
        operation_id = raw.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            self.diagnostics.error(pointer, "the operation has no operationId")
            return None
        path, _, query = path_key.partition("?")
        params = self.params(item, raw, pointer)
        in_template = _PATH_PARAM.findall(path)
        path_params = {param.name: param for param in params if param.location is ParamLocation.PATH}
        for name in in_template:
            if name not in path_params:
                self.diagnostics.error(pointer, f"path parameter {{{name}}} is not declared")
        security = tuple(
            str(name) for requirement in cast(List[Any], raw.get("security") or []) for name in _raw(requirement)
        )
        self.raw_bodies[operation_id] = (raw.get("requestBody"), f"{pointer}/requestBody")
        return Operation(
            operation_id=operation_id,
            verb=verb,
            path=path,
            fixed_query=tuple(parse_qsl(query, keep_blank_values=True)),
            path_params=tuple(path_params[name] for name in in_template if name in path_params),
            query_params=tuple(param for param in params if param.location is ParamLocation.QUERY),
            header_params=tuple(param for param in params if param.location is ParamLocation.HEADER),
            body=self.body(raw.get("requestBody"), f"{pointer}/requestBody"),
            response=self.response(raw, pointer),
            security=security,
            summary=_text(raw.get("summary")) or _text(raw.get("description")),
            is_deprecated=raw.get("deprecated") is True,
            pointer=pointer,
        )

    def params(self, item: _Raw, raw: _Raw, pointer: str) -> List[Param]:
        found: Dict[Tuple[str, str], Param] = {}
        sources = [(item.get("parameters"), pointer.rsplit("/", 1)[0]), (raw.get("parameters"), pointer)]
        for values, base in sources:
            for index, value in enumerate(cast(List[Any], values) if isinstance(values, list) else []):
                param_raw, param_pointer = self.spec.deref(value, f"{base}/parameters/{index}")
                name, where = param_raw.get("name"), param_raw.get("in")
                if not isinstance(name, str) or where not in ("path", "query", "header"):
                    if where == "cookie":
                        self.diagnostics.warning(param_pointer, "cookie parameters are not supported; ignored")
                    else:
                        self.diagnostics.error(param_pointer, "the parameter needs a `name` and `in`")
                    continue
                location = ParamLocation(where)
                schema = self.spec.schema_at(param_raw.get("schema", {}), f"{param_pointer}/schema")
                found[(name, where)] = Param(
                    name=name,
                    python_name=identifier(_python_hint(param_raw) or name),
                    schema=schema,
                    is_required=location is ParamLocation.PATH or param_raw.get("required") is True,
                    description=_text(param_raw.get("description")),
                    location=location,
                    pointer=param_pointer,
                    is_deprecated=param_raw.get("deprecated") is True,
                )
        return list(found.values())

    def body(self, value: object, pointer: str, prefer: Optional[str] = None) -> Optional[Body]:
        if value is None:
            return None
        raw, pointer = self.spec.deref(value, pointer)
        content = _raw(raw.get("content"))
        if not content:
            self.diagnostics.error(pointer, "the request body has no content")
            return None
        types = list(content)
        chosen = next((t for t in types if _is_json(t)), None) or next((t for t in types if t == _MULTIPART), None)
        if prefer is not None:
            chosen = next((t for t in types if (_is_json(t) if prefer == "json" else t == _MULTIPART)), None)
            if chosen is None:
                return None
        chosen = chosen or next((t for t in types if t == _FORM), None) or types[0]
        kind = {_MULTIPART: BodyKind.MULTIPART, _FORM: BodyKind.FORM}.get(chosen, BodyKind.BINARY)
        kind = BodyKind.JSON if _is_json(chosen) else kind
        media_pointer = f"{pointer}/content/{escape_pointer(chosen)}"
        schema = self.spec.schema_at(_raw(content[chosen]).get("schema", {}), f"{media_pointer}/schema")
        return Body(kind, chosen, schema, raw.get("required") is True, media_pointer)

    def response(self, raw: _Raw, pointer: str) -> Response:
        responses = _raw(raw.get("responses"))
        status = next((str(code) for code in responses if str(code).startswith("2")), None)
        if status is None:
            self.diagnostics.warning(f"{pointer}/responses", "no 2xx response; the method returns None")
            return Response(ResponseKind.NONE, None, None, None, None, None, f"{pointer}/responses")
        resp, resp_pointer = self.spec.deref(responses[status], f"{pointer}/responses/{escape_pointer(status)}")
        content = _raw(resp.get("content"))
        stream: Optional[StreamInfo] = None
        if _EVENT_STREAM in content:
            stream_pointer = f"{resp_pointer}/content/{escape_pointer(_EVENT_STREAM)}"
            chunk = self.spec.schema_at(_raw(content[_EVENT_STREAM]).get("schema", {}), f"{stream_pointer}/schema")
            stream = StreamInfo(chunk, stream_pointer)
        others = [t for t in content if t != _EVENT_STREAM]
        binary = next((t for t in others if not _is_json(t)), None)
        # JSON beside XML (or another text form of the same data) is read as JSON.
        if binary is not None and not (binary in _ALTERNATE_TYPES and any(_is_json(t) for t in others)):
            return Response(ResponseKind.BINARY, status, binary, None, None, stream, resp_pointer)
        json_type = next((t for t in others if _is_json(t)), None)
        if json_type is None:
            kind = ResponseKind.NONE
            return Response(kind, status, None, None, None, stream, resp_pointer)
        media_pointer = f"{resp_pointer}/content/{escape_pointer(json_type)}"
        schema = self.spec.schema_at(_raw(content[json_type]).get("schema", {}), f"{media_pointer}/schema")
        return Response(ResponseKind.MODEL, status, json_type, schema, None, stream, resp_pointer)

    def webhooks(self) -> List[Webhook]:
        out: List[Webhook] = []
        for name, item_value in _raw(self.spec.document.data.get("webhooks")).items():
            item, item_pointer = self.spec.deref(item_value, "#/webhooks/" + escape_pointer(str(name)))
            for verb in _VERBS:
                if verb not in item:
                    continue
                raw, pointer = _raw(item[verb]), f"{item_pointer}/{verb}"
                body = self.body(raw.get("requestBody"), f"{pointer}/requestBody")
                if body is None or body.kind is not BodyKind.JSON:
                    self.diagnostics.warning(pointer, "the webhook has no JSON request body; no event type for it")
                    continue
                description = _text(raw.get("description")) or _text(raw.get("summary"))
                out.append(Webhook(str(name), body.schema, description, pointer))
        return out

    def page(self, operation: Operation, style: str, where: str) -> Operation:
        response = operation.response
        style_config = self.config.pagination[style]
        items_field = style_config.response[0] if style_config.response else "data"
        obj = self.object_of(response.schema)
        field = next((prop for prop in obj.properties if prop.name == items_field), None) if obj else None
        if style_config.rule is not None and obj is not None:
            # A configured page reads the response's one array property, whatever its name.
            arrays = [prop for prop in obj.properties if isinstance(self.resolved(prop.schema), ArraySchema)]
            field = arrays[0] if len(arrays) == 1 else None
            items_field = "<the one array property>"
        items = field.schema if field is not None else None
        if items is not None and style_config.rule is not None:
            items = self.resolved(items)
        if isinstance(items, ArraySchema):
            page = PageInfo(style, items.items)
            new_response = Response(
                ResponseKind.PAGE, response.status, response.content_type, response.schema, page, None, response.pointer
            )
            return _replace_response(operation, new_response)
        self.diagnostics.error(
            operation.pointer,
            f"{where}: page style {style!r} needs an array property {items_field!r} in the response",
        )
        return operation

    def resolved(self, schema: Schema) -> Schema:
        """`schema`, or what its chain of references ends at."""
        seen: set[str] = set()
        target = getattr(schema, "target", None)
        while isinstance(target, str) and target not in seen and target in self.index:
            seen.add(target)
            schema = self.index[target]
            target = getattr(schema, "target", None)
        return schema

    def object_of(self, schema: Optional[Schema]) -> Optional[ObjectSchema]:
        seen: set[str] = set()
        while schema is not None and not isinstance(schema, ObjectSchema):
            target = getattr(schema, "target", None)
            if not isinstance(target, str) or target in seen or target not in self.index:
                return None
            seen.add(target)
            schema = self.index[target]
        return schema

    def subtree_deprecation(self, path: Tuple[str, ...]) -> Optional[str]:
        """The message when `path` or a resource above it is deprecated as a whole ("" for the default)."""
        for depth in range(1, len(path) + 1):
            resource = self.config.resources.get(".".join(path[:depth]))
            if resource is not None and resource.deprecated is not False:
                return resource.deprecated if isinstance(resource.deprecated, str) else ""
        return None

    def method(self, path: Tuple[str, ...], name: str, operation: Operation, config: MethodConfig) -> Method:
        where = f"resources.{'.'.join(path)}.methods.{name}"
        if config.page is not None:
            operation = self.page(operation, config.page, where)
        if config.response != "auto":
            operation = _override_response(operation, config.response)
        if config.stream_schema is not None:
            operation = self.declared_stream(operation, config.stream_schema, where)
        if config.body is not None:
            operation = self.chosen_body(operation, config.body, where)
        if config.optional:
            operation = self.optional_properties(operation, config.optional, where)
        if config.arguments:
            operation = self.reshaped_arguments(operation, config, where)
        if config.server is not None:
            # A per-path server other than the client's base URL: the method calls it absolutely.
            operation = replace(operation, path=config.server.rstrip("/") + operation.path)
        has_params = bool(operation.query_params) or (
            operation.body is not None and operation.body.kind is not BodyKind.BINARY
        )
        subtree = self.subtree_deprecation(path)
        params_module = config.params
        if params_module is None and has_params:
            params_module = params_derived_module(self.config.package, path, name)
        return Method(
            name=name,
            operation=operation,
            params_module=params_module,
            returns=config.returns,
            stream_chunk=config.stream_chunk,
            is_deprecated=config.deprecated or operation.is_deprecated or subtree is not None,
            alias_of=config.alias_of,
            is_coroutine=config.coroutine,
            deprecation=subtree or None,
        )

    def chosen_body(self, operation: Operation, kind: str, where: str) -> Operation:
        """Send the body as the media type the config picks among those the spec offers."""
        value, pointer = self.raw_bodies.get(operation.operation_id, (None, ""))
        body = self.body(value, pointer, prefer=kind)
        if body is None:
            self.diagnostics.error(operation.pointer, f"{where}.body: the operation offers no {kind} request body")
            return operation
        return replace(operation, body=body)

    def optional_properties(self, operation: Operation, names: Tuple[str, ...], where: str) -> Operation:
        """Leave body properties the spec requires optional; the body becomes this method's own object."""
        body = operation.body
        obj = self.object_of(body.schema) if body is not None else None
        if body is None or obj is None:
            self.diagnostics.error(operation.pointer, f"{where}.optional: the operation has no object request body")
            return operation
        unknown = sorted(set(names) - {prop.name for prop in obj.properties})
        if unknown:
            self.diagnostics.error(operation.pointer, f"{where}.optional: no body property {', '.join(unknown)}")
            return operation
        properties = tuple(replace(prop, is_required=False) if prop.name in names else prop for prop in obj.properties)
        own = replace(obj, properties=properties, base=None, inherited=frozenset())
        return replace(operation, body=replace(body, schema=own))

    def reshaped_arguments(self, operation: Operation, config: MethodConfig, where: str) -> Operation:
        """Rename body properties for this method and add the ones the spec's body lacks."""
        body = operation.body
        obj = self.object_of(body.schema) if body is not None else None
        if body is None or obj is None:
            self.diagnostics.error(operation.pointer, f"{where}.arguments: the operation has no object request body")
            return operation
        properties = list(obj.properties)
        for name, argument in config.arguments.items():
            wire = argument.wire or name
            index = next((i for i, prop in enumerate(properties) if prop.name == wire), None)
            if index is not None:
                properties[index] = replace(properties[index], python_name=name if name != wire else None)
            elif argument.schema_ is not None:
                raw, pointer = self.spec.deref({"$ref": argument.schema_}, f"sdkforge.yml#/{where}/arguments/{name}")
                if not raw:
                    self.diagnostics.error(
                        operation.pointer, f"{where}.arguments.{name}: nothing at {argument.schema_}"
                    )
                    continue
                schema = self.spec.schema_at(raw, pointer)
                description = _text(raw.get("description"))
                python_name = name if name != wire else None
                properties.append(Property(wire, schema, False, description, False, pointer, python_name))
            else:
                self.diagnostics.error(
                    operation.pointer, f"{where}.arguments.{name}: no body property {wire!r}; give its `schema`"
                )
        own = replace(obj, properties=tuple(properties), base=None, inherited=frozenset())
        return replace(operation, body=replace(body, schema=own))

    def declared_stream(self, operation: Operation, schema: str, where: str) -> Operation:
        """Give an operation the event stream the config declares (the spec has no `text/event-stream`)."""
        if schema not in self.index:
            self.diagnostics.error(operation.pointer, f"{where}.stream_schema: no component schema {schema!r}")
            return operation
        body = self.object_of(operation.body.schema) if operation.body is not None else None
        in_body = body is not None and any(prop.name == "stream" for prop in body.properties)
        if not in_body and not any(param.name == "stream" for param in operation.query_params):
            self.diagnostics.error(
                operation.pointer,
                f"{where}.stream_schema: the operation has no `stream` body property or query parameter",
            )
            return operation
        pointer = f"#/components/schemas/{escape_pointer(schema)}"
        stream = StreamInfo(RefSchema(pointer, schema), pointer)
        return _replace_response(operation, replace(operation.response, stream=stream))

    def resources(self, operations: List[Operation]) -> List[Resource]:
        by_id = {operation.operation_id: operation for operation in operations}
        bound: Dict[str, str] = {}
        methods: Dict[Tuple[str, ...], List[Method]] = {}
        order: List[Tuple[str, ...]] = []
        aliases: Dict[Tuple[str, ...], List[Tuple[str, Tuple[str, ...]]]] = {}
        for dotted, resource in self.config.resources.items():
            path = tuple(dotted.split("."))
            if resource.alias_of is not None:
                # Not a resource of its own: an accessor on its parent (config checks it is valid).
                aliases.setdefault(path[:-1], []).append((path[-1], tuple(resource.alias_of.split("."))))
                path = path[:-1]
            for depth in range(1, len(path) + 1):
                if path[:depth] not in methods:
                    methods[path[:depth]] = []
                    order.append(path[:depth])
            for name, method_config in resource.methods.items():
                pointer = f"sdkforge.yml#/resources/{dotted}/methods/{name}"
                operation = by_id.get(method_config.operation)
                if operation is None:
                    self.diagnostics.error(pointer, f"unknown operation {method_config.operation!r}")
                    continue
                if method_config.alias_of is None:
                    if operation.operation_id in bound:
                        self.diagnostics.error(
                            pointer,
                            f"operation {operation.operation_id!r} is already bound to {bound[operation.operation_id]};"
                            " a second method needs `alias_of`",
                        )
                        continue
                    bound[operation.operation_id] = f"{dotted}.{name}"
                elif not self.is_alias_target(resource.methods, method_config):
                    self.diagnostics.error(
                        pointer,
                        f"`alias_of: {method_config.alias_of}` must name another method of `{dotted}`"
                        f" bound to {operation.operation_id!r} without `alias_of`",
                    )
                    continue
                methods[path].append(self.method(path, name, operation, method_config))
        for operation in operations:
            if operation.operation_id not in bound:
                self.diagnostics.error(
                    operation.pointer,
                    f"operation {operation.operation_id!r} is not mapped by `resources` in the config",
                )
        descriptions = {tuple(key.split(".")): value.description for key, value in self.config.resources.items()}
        extends = {
            tuple(key.split(".")): (value.extends.sync, value.extends.async_)
            for key, value in self.config.resources.items()
            if value.extends is not None
        }
        return _tree(order, methods, descriptions, extends, aliases)

    @staticmethod
    def is_alias_target(siblings: Mapping[str, MethodConfig], alias: MethodConfig) -> bool:
        target = siblings.get(alias.alias_of or "")
        return target is not None and target.alias_of is None and target.operation == alias.operation


def _override_response(operation: Operation, kind: str) -> Operation:
    # The config may read a body differently from what the spec declares (a JSON string as bytes).
    old = operation.response
    response_kind = ResponseKind.BINARY if kind == "binary" else ResponseKind.TEXT
    return replace(operation, response=replace(old, kind=response_kind, schema=None, page=None, stream=None))


def _replace_response(operation: Operation, response: Response) -> Operation:
    return replace(operation, response=response)


def absolute_links(text: str, base_url: str) -> str:
    """Resolve root-relative markdown links against `base_url` (`](/docs/a)` -> `](https://host/docs/a)`)."""
    return _RELATIVE_LINK.sub(lambda match: "](" + base_url.rstrip("/") + "/", text)


def _relink(node: _Node, base_url: str, memo: Dict[int, Any]) -> _Node:
    # Rebuilds only the nodes whose prose changed; shared nodes stay shared (memo by identity).
    key = id(node)
    if key in memo:
        return cast(_Node, memo[key])  # memo maps a node to its rewritten twin, of the same type
    result: Any = node
    if isinstance(node, str):
        result = node
    elif isinstance(node, tuple):
        items = [_relink(item, base_url, memo) for item in cast(Tuple[Any, ...], node)]
        if any(new is not old for new, old in zip(items, cast(Tuple[Any, ...], node), strict=True)):
            result = tuple(items)
    elif is_dataclass(node) and not isinstance(node, type):
        changes: Dict[str, Any] = {}
        for item in fields(node):
            value = getattr(node, item.name)
            if isinstance(value, str):
                new = absolute_links(value, base_url) if item.name in _PROSE_FIELDS else value
            else:
                new = _relink(value, base_url, memo)
            if new is not value:
                changes[item.name] = new
        result = replace(node, **changes) if changes else node
    memo[key] = result
    return cast(_Node, result)  # the same type as `node`: tuples stay tuples, dataclasses are `replace`d


def _tree(
    order: List[Tuple[str, ...]],
    methods: Dict[Tuple[str, ...], List[Method]],
    descriptions: Dict[Tuple[str, ...], Optional[str]],
    extends: Dict[Tuple[str, ...], Tuple[str, str]],
    aliases: Dict[Tuple[str, ...], List[Tuple[str, Tuple[str, ...]]]],
) -> List[Resource]:
    def build(path: Tuple[str, ...]) -> Resource:
        children = [build(child) for child in order if len(child) == len(path) + 1 and child[: len(path)] == path]
        own_aliases = tuple(aliases.get(path, []))
        return Resource(
            path, tuple(methods[path]), tuple(children), descriptions.get(path), extends.get(path), own_aliases
        )

    return [build(path) for path in order if len(path) == 1]


def build_api(spec: ResolvedSpec, config: Config) -> Api:
    """Build the IR for `spec` as bound by `config`.

    Args:
        spec: The resolved spec; its `diagnostics` collect problems found here too.
        config: The validated config.

    Returns:
        The API. Check `spec.diagnostics.has_errors` before emitting.
    """
    builder = _Builder(spec, config)
    operations = builder.operations()
    resources = builder.resources(operations)
    webhooks = builder.webhooks()
    data = spec.document.data
    info = _raw(data.get("info"))
    schemes = tuple(str(name) for name in _raw(_raw(data.get("components")).get("securitySchemes")))
    default_security = tuple(
        str(name) for requirement in cast(List[Any], data.get("security") or []) for name in _raw(requirement)
    )
    api = Api(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        spec_sha256=spec.document.sha256,
        operations=tuple(operations),
        resources=tuple(resources),
        schemas=spec.schemas,
        security_schemes=schemes,
        default_security=default_security,
        webhooks=tuple(webhooks),
    )
    if config.docs_base_url is not None:
        api = _relink(api, config.docs_base_url, {})
    return replace(api, schema_index={item.name: item for item in api.schemas})
