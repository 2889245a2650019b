"""Emit request-side TypedDict modules: `XParam` twins of schemas used in requests and each method's params module.

Knows the Python layout of a params module; takes names from `Names` and annotations from
`annotations.py`; must not write files or read raw spec dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..ir.nodes import (
    BodyKind,
    ConstSchema,
    ObjectSchema,
    Param,
    PrimitiveSchema,
    Property,
    RefSchema,
    Schema,
    UnionSchema,
)
from ..naming import class_view, identifier
from . import GeneratedFile
from .annotations import (
    BUILTIN_TYPES,
    Annotator,
    Side,
    alias_import_lines,
    cycle_partners,
    deferred_lines,
    emit_union_alias,
    inline_nodes,
    inline_objects,
    schema_description,
)
from .code import CodeWriter, docstring_lines, py_str
from .imports import PROPERTY_INFO, Imports

if TYPE_CHECKING:
    from ..config import Config
    from ..ir.nodes import Api, Method
    from ..naming import Names

__all__ = ["emit_method_params_module", "emit_param_module", "emit_params", "key_names"]


def key_names(
    props: List[Tuple[str, Schema, bool, Optional[str]]], renamed: Optional[Dict[str, str]] = None
) -> List[str]:
    """The Python key of each TypedDict entry: the wire name when usable, else an aliased identifier.

    `renamed` maps wire names to the keys a method's config gives them.
    """
    used: Set[str] = set()
    out: List[str] = []
    for wire, _, _, _ in props:
        name = wire if wire.isidentifier() and identifier(wire) == wire else identifier(wire)
        name = (renamed or {}).get(wire, name)
        while name in used:
            name += "_"
        used.add(name)
        out.append(name)
    return out


def _entries(obj: ObjectSchema) -> List[Tuple[str, Schema, bool, Optional[str]]]:
    return [(prop.name, prop.schema, prop.is_required, _doc(prop)) for prop in obj.properties]


def _doc(prop: Property) -> Optional[str]:
    return prop.description or prop.schema.description


def _emit_typed_dict(
    w: CodeWriter,
    ann: Annotator,
    class_name: str,
    entries: List[Tuple[str, Schema, bool, Optional[str]]],
    description: Optional[str],
    base: str = "TypedDict",
    renamed: Optional[Dict[str, str]] = None,
) -> None:
    if base == "TypedDict":
        ann.imports.add("typing_extensions", "TypedDict")
    w.blank(2)
    with w.block(f"class {class_name}({base}, total=False):"):
        w.docstring(docstring_lines(description, width=100))
        for index, (key, (wire, schema, is_required, doc)) in enumerate(
            zip(key_names(entries, renamed), entries, strict=True)
        ):
            if index or description:
                w.blank()
            annotation = ann.render(schema)
            if key != wire:
                ann.imports.add("typing_extensions", "Annotated")
                ann.imports.core(PROPERTY_INFO)
                annotation = f"Annotated[{annotation}, {PROPERTY_INFO.name}(alias={py_str(wire)})]"
            if is_required:
                ann.imports.add("typing_extensions", "Required")
                annotation = f"Required[{annotation}]"
            w.line(f"{key}: {annotation}")
            w.docstring(docstring_lines(doc or schema_description(ann.api, schema), width=100))
        if not entries and not description:
            w.line("pass")  # a subclass adding nothing but its name


def _shadowed(groups: List[List[Tuple[str, Schema, bool, Optional[str]]]]) -> Set[str]:
    return {key for entries in groups for key in key_names(entries) if key in BUILTIN_TYPES}


def _module_text(header: str, imports: Imports, exported: List[str], body: CodeWriter) -> str:
    w = CodeWriter()
    w.line(header)
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.lines(imports.render())
    w.blank()
    w.line(f"__all__ = [{', '.join(py_str(name) for name in sorted(set(exported)))}]")
    return w.render() + body.render()


def _emit_nested(w: CodeWriter, ann: Annotator, module: str, root: Schema, skip: Optional[Schema]) -> List[str]:
    exported: List[str] = []
    nodes = inline_nodes(root)
    if isinstance(root, (ObjectSchema, UnionSchema)):
        nodes.append(root)  # an unnamed root (a query parameter's schema) is named like its children
    for node in nodes:
        if node is skip:
            continue
        nested = ann.names.nested.get((module, node.pointer))
        if nested is None:
            continue
        if isinstance(node, ObjectSchema):
            _emit_typed_dict(w, ann, nested, _entries(node), node.description or node.title)
        else:
            emit_union_alias(w, ann, nested, node)
        exported.append(nested)
    return exported


def emit_param_module(api: Api, names: Names, header: str, schema_name: str) -> GeneratedFile:
    """Emit the `XParam` module of component schema `schema_name` (a TypedDict or a type alias).

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        schema_name: The component schema's key.

    Returns:
        The generated file.
    """
    target = names.params[schema_name]
    schema = api.schema_index[schema_name].schema
    imports = Imports(names.package, target.module)
    deferred = Imports(names.package, target.module)
    base = "TypedDict"
    if isinstance(schema, ObjectSchema) and schema.base is not None and schema.base in names.params:
        # `allOf: [Base, {...}]` keeping Base as is: the twin extends Base's twin.
        base_twin = names.params[schema.base]
        base = imports.add_unshadowed(base_twin.module, base_twin.name, target.name)
        schema = class_view(schema)
    objects = inline_objects(schema)
    shadowed = _shadowed([_entries(obj) for obj in objects])
    ann = Annotator(
        api,
        names,
        target.module,
        imports,
        Side.PARAM,
        home=target.module,
        shadowed=shadowed,
        deferred_targets=cycle_partners(api, schema_name, schema),
        deferred=deferred,
    )
    body = CodeWriter()
    exported = _emit_nested(body, ann, target.module, schema, schema)
    if isinstance(schema, ObjectSchema):
        _emit_typed_dict(body, ann, target.name, _entries(schema), schema.description or schema.title, base)
    else:
        imports.add("typing_extensions", "TypeAlias")
        body.blank(2)
        body.line(f"{target.name}: TypeAlias = {ann.render(schema)}")
        body.docstring(docstring_lines(schema.description, width=100))
    exported.append(target.name)
    aliases, alias_names = alias_import_lines(names, target.module, imports)
    late = deferred_lines(deferred) + aliases
    exported.extend(alias_names)
    if late:
        body.blank()
        body.lines(late)
    return GeneratedFile(names.module_file(target.module), _module_text(header, imports, exported, body))


def _param_entry(param: Param) -> Tuple[str, Schema, bool, Optional[str]]:
    return (param.name, param.schema, param.is_required, param.description or param.schema.description)


def emit_method_params_module(
    api: Api, names: Names, header: str, method: Method, module: str, class_name: str
) -> GeneratedFile:
    """Emit a method's params module: its params TypedDict (query keys and body keys) and inline TypedDicts.

    A body that references a component schema is inherited from that schema's `XParam` twin.

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        method: The method.
        module: The dotted params module.
        class_name: The params TypedDict's name.

    Returns:
        The generated file.
    """
    operation = method.operation
    imports = Imports(names.package, module)
    query = [_param_entry(param) for param in operation.query_params]
    body_schema: Optional[Schema] = None
    if operation.body is not None and operation.body.kind is not BodyKind.BINARY:
        body_schema = operation.body.schema
    own = list(query)
    base = "TypedDict"
    base_import: Optional[Tuple[str, str]] = None
    body_obj: Optional[ObjectSchema] = None
    if isinstance(body_schema, ObjectSchema):
        body_obj = body_schema
        own.extend(_entries(body_schema))
    groups = [own] + [_entries(obj) for schema in [body_schema] if schema is not None for obj in inline_objects(schema)]
    ann = Annotator(api, names, module, imports, Side.PARAM, home=module, shadowed=_shadowed(groups))
    w = CodeWriter()
    exported: List[str] = []
    for param in operation.query_params:
        exported.extend(_emit_nested(w, ann, module, param.schema, None))
    if body_schema is not None:
        exported.extend(_emit_nested(w, ann, module, body_schema, body_obj))
    if isinstance(body_schema, RefSchema):
        twin = names.params.get(body_schema.target)
        target_schema = api.schema_index[body_schema.target].schema if body_schema.target in api.schema_index else None
        if twin is not None and isinstance(target_schema, ObjectSchema):
            base_import = (twin.module, twin.name)
            base = twin.name
        else:
            own.append(("body", body_schema, operation.body is not None and operation.body.is_required, None))
    elif body_schema is not None and body_obj is None:
        own.append(("body", body_schema, operation.body is not None and operation.body.is_required, None))
    renamed = {p.name: p.python_name for p in body_obj.properties if p.python_name} if body_obj else {}
    split = _stream_split(api, names, method, module, imports, own, base, groups)
    if split is not None:
        flat_ann, flat = split
        exported.extend(_emit_stream_variants(w, flat_ann, class_name, flat, renamed))
    else:
        if base_import is not None:  # imported only here: the stream variants flatten the twin's keys
            imports.add(*base_import)
        _emit_typed_dict(w, ann, class_name, own, None, base=base, renamed=renamed)
    exported.append(class_name)
    aliases, alias_names = alias_import_lines(names, module, imports)
    exported.extend(alias_names)
    if aliases:
        w.blank()
        w.lines(aliases)
    return GeneratedFile(names.module_file(module), _module_text(header, imports, exported, w))


_Entry = Tuple[str, Schema, bool, Optional[str]]


def _stream_split(
    api: Api,
    names: Names,
    method: Method,
    module: str,
    imports: Imports,
    own: List[_Entry],
    base: str,
    groups: List[List[_Entry]],
) -> Optional[Tuple[Annotator, List[_Entry]]]:
    """For params with a boolean `stream` key: an annotator and every key, flattened.

    A body inherited from a twin is flattened (its keys rendered against the twin's module, whose
    nested classes they use), unless a query key needs this module's own nested classes.
    """
    flat, home = list(own), module
    body = method.operation.body.schema if method.operation.body is not None else None
    if base != "TypedDict" and isinstance(body, RefSchema):
        target = api.schema_index[body.target].schema
        if not isinstance(target, ObjectSchema) or any(names.nested.get((module, s.pointer)) for s in _inlines(own)):
            return None
        flat, home = flat + _entries(target), names.params[body.target].module
        groups = groups + [_entries(obj) for obj in inline_objects(target)]
    if not any(wire == "stream" and _is_bool(schema) for wire, schema, _, _ in flat):
        return None
    return Annotator(api, names, module, imports, Side.PARAM, home=home, shadowed=_shadowed(groups)), flat


def _is_bool(schema: Schema) -> bool:
    return isinstance(schema, PrimitiveSchema) and schema.kind == "bool"


def _inlines(entries: List[_Entry]) -> List[Schema]:
    out: List[Schema] = [node for _, schema, _, _ in entries for node in inline_nodes(schema)]
    return out + [schema for _, schema, _, _ in entries if isinstance(schema, (ObjectSchema, UnionSchema))]


def _emit_stream_variants(
    w: CodeWriter, ann: Annotator, class_name: str, entries: List[_Entry], renamed: Dict[str, str]
) -> List[str]:
    """`<Params>Base` (every key but `stream`), `<Params>` (adding `stream`), and the
    `<Params>NonStreaming` / `<Params>Streaming` pair that pins `stream` to false or true."""
    base = f"{class_name}Base"
    stream = next(entry for entry in entries if entry[0] == "stream")
    _emit_typed_dict(w, ann, base, [entry for entry in entries if entry[0] != "stream"], None, renamed=renamed)
    _emit_typed_dict(w, ann, class_name, [stream], None, base=base)
    pointer = stream[1].pointer
    off = ConstSchema(pointer, False, nullable=True)
    _emit_typed_dict(w, ann, f"{class_name}NonStreaming", [("stream", off, False, stream[3])], None, base=base)
    on = ConstSchema(pointer, True)
    _emit_typed_dict(w, ann, f"{class_name}Streaming", [("stream", on, True, stream[3])], None, base=base)
    return [base, f"{class_name}NonStreaming", f"{class_name}Streaming"]


def emit_params(api: Api, names: Names, config: Config) -> List[GeneratedFile]:
    """Emit every request-side module: component `XParam` twins and method params modules.

    Args:
        api: The IR.
        names: All names.
        config: The config (for the header line).

    Returns:
        The files, sorted by path.
    """
    files: Dict[str, GeneratedFile] = {}
    for schema_name in names.request_schemas:
        generated = emit_param_module(api, names, config.header, schema_name)
        files[generated.path] = generated
    methods = _methods(api)
    for key in sorted(names.method_params):
        target = names.method_params[key]
        generated = emit_method_params_module(api, names, config.header, methods[key], target.module, target.name)
        files.setdefault(generated.path, generated)
    return [files[path] for path in sorted(files)]


def _methods(api: Api) -> Dict[Tuple[Tuple[str, ...], str], Method]:
    out: Dict[Tuple[Tuple[str, ...], str], Method] = {}
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        for method in resource.methods:
            out[(resource.path, method.name)] = method
        stack.extend(resource.children)
    return out
