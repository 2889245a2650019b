"""Emit response-side type modules: one public model (or type alias) per module, with its inline nested models.

Knows Python layout of a model module; takes names from `Names` and annotations from
`annotations.py`; must not write files or read raw spec dicts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set, Tuple

from ..ir.nodes import ObjectSchema, Property, RefSchema, Schema, UnionSchema
from ..naming import class_view, field_name
from . import GeneratedFile
from .annotations import (
    BUILTIN_TYPES,
    Annotator,
    Side,
    alias_import_lines,
    cycle_partners,
    deferred_lines,
    discriminator_of,
    emit_union_alias,
    inline_nodes,
    inline_objects,
    schema_description,
)
from .code import CodeWriter, docstring_lines, py_str
from .imports import BASE_MODEL, Imports

if TYPE_CHECKING:
    from ..config import Config, TypeConfig
    from ..ir.nodes import Api, Method
    from ..naming import Names

__all__ = ["emit_aliases", "emit_model_module", "emit_types", "emit_webhook_union", "field_names"]


def field_names(
    obj: ObjectSchema, reserved: Set[str], renames: Optional[Dict[str, str]] = None
) -> List[Tuple[Property, str]]:
    """Each property of `obj` with its unique Python attribute name (never one in `reserved`).

    `renames` (property pointer -> name) overrides the derived name.
    """
    used: Set[str] = set(reserved)
    out: List[Tuple[Property, str]] = []
    for prop in obj.properties:
        name = (renames or {}).get(prop.pointer) or field_name(prop.name)
        while name in used:
            name += "_"
        used.add(name)
        out.append((prop, name))
    return out


def _shadowed(objects: List[ObjectSchema]) -> Set[str]:
    found: Set[str] = set()
    for obj in objects:
        for _, name in field_names(obj, set()):
            if name in BUILTIN_TYPES:
                found.add(name)
    return found


def _emit_field(w: CodeWriter, ann: Annotator, prop: Property, name: str) -> None:
    annotation = ann.render(prop.schema)
    # A field that may be null defaults to None even when required on the wire, so strict
    # validation accepts a response that leaves it out (as the reference SDKs' models do).
    is_optional = (
        not prop.is_required
        or annotation.startswith("Optional[")
        or annotation == "None"
        or prop.pointer in ann.names.optional_fields
    )
    if is_optional and not annotation.startswith("Optional[") and annotation != "None":
        ann.imports.add("typing", "Optional")
        annotation = f"Optional[{annotation}]"
    alias = None if name == prop.name else prop.name
    if alias is not None:
        ann.imports.add("pydantic", "Field")
        default = "default=None, " if is_optional else ""
        w.line(f"{name}: {annotation} = Field({default}alias={py_str(alias)})")
    elif is_optional:
        w.line(f"{name}: {annotation} = None")
    else:
        w.line(f"{name}: {annotation}")
    doc = docstring_lines(prop.description or schema_description(ann.api, prop.schema), width=100)
    w.docstring(doc)


def _emit_class(
    w: CodeWriter,
    ann: Annotator,
    obj: ObjectSchema,
    class_name: str,
    base: Optional[str] = None,
    mixin: Optional[str] = None,
    computed: Tuple[str, ...] = (),
) -> None:
    if base is None:
        ann.imports.core(BASE_MODEL)
    bases = base or BASE_MODEL.name
    if mixin is not None:
        bases = f"{mixin}, {bases}"  # first, so its computed properties win
    w.blank(2)
    with w.block(f"class {class_name}({bases}):"):
        w.docstring(docstring_lines(obj.description or obj.title, width=100))
        named = field_names(obj, set(), ann.names.field_renames)
        fields = [(prop, name) for prop, name in named if prop.name not in computed]
        for index, (prop, name) in enumerate(fields):
            if index or obj.description or obj.title:
                w.blank()
            _emit_field(w, ann, prop, name)
        if not fields and not (obj.description or obj.title):
            w.line("pass")  # a subclass adding nothing but its name


def emit_model_module(
    api: Api,
    names: Names,
    header: str,
    module: str,
    class_name: str,
    schema: Schema,
    schema_name: Optional[str] = None,
    type_config: Optional[TypeConfig] = None,
) -> GeneratedFile:
    """Emit the module defining `class_name` for `schema` (a model class or a type alias).

    Args:
        api: The IR.
        names: All names.
        header: The generated-file header line.
        module: The dotted module to emit.
        class_name: The public name defined there.
        schema: The schema of the public name.
        schema_name: The component schema's key, when `schema` is a component.
        type_config: The schema's `types` entry, for its `extends` mixin and `computed` names.

    Returns:
        The generated file.
    """
    imports = Imports(names.package, module)
    deferred = Imports(names.package, module)
    base: Optional[str] = None
    if schema_name is not None and isinstance(schema, ObjectSchema) and schema.base is not None:
        # `allOf: [Base, {...}]` keeping Base as is: subclass it, declare only the rest.
        base_class = names.models[schema.base]
        base = imports.add_unshadowed(base_class.module, base_class.name, class_name)
        schema = class_view(schema)
    objects = inline_objects(schema)
    ann = Annotator(
        api,
        names,
        module,
        imports,
        Side.MODEL,
        home=module,
        shadowed=_shadowed(objects),
        deferred_targets=cycle_partners(api, schema_name, schema),
        deferred=deferred,
    )
    body = CodeWriter()
    exported: List[str] = []
    for node in inline_nodes(schema):
        nested = names.nested.get((module, node.pointer))
        if nested is None:
            continue
        if isinstance(node, ObjectSchema):
            _emit_class(body, ann, node, nested)
        else:
            emit_union_alias(body, ann, nested, node)
        exported.append(nested)
    if isinstance(schema, ObjectSchema):
        mixin: Optional[str] = None
        computed: Tuple[str, ...] = ()
        if type_config is not None and type_config.extends is not None:
            mixin_module, _, mixin_class = type_config.extends.partition(":")
            mixin = imports.add_unshadowed(mixin_module, mixin_class, class_name)
            computed = type_config.computed
        _emit_class(body, ann, schema, class_name, base, mixin, computed)
    else:
        imports.add("typing_extensions", "TypeAlias")
        body.blank(2)
        body.line(f"{class_name}: TypeAlias = {ann.render(schema)}")
        body.docstring(docstring_lines(schema.description, width=100))
    exported.append(class_name)
    aliases, alias_names = alias_import_lines(names, module, imports)
    late = deferred_lines(deferred) + aliases
    exported.extend(alias_names)
    if late:
        body.blank()
        body.lines(late)
    return GeneratedFile(names.module_file(module), _assemble(header, imports, exported, body))


def _assemble(header: str, imports: Imports, exported: List[str], body: CodeWriter) -> str:
    w = CodeWriter()
    w.line(header)
    w.blank()
    w.line("from __future__ import annotations")
    w.blank()
    w.lines(imports.render())
    w.blank()
    w.line(f"__all__ = [{', '.join(py_str(name) for name in sorted(set(exported)))}]")
    return w.render() + body.render()


def emit_types(api: Api, names: Names, config: Config) -> List[GeneratedFile]:
    """Emit every response-side type module: component schemas and inline method responses.

    Args:
        api: The IR.
        names: All names.
        config: The config (for the header line).

    Returns:
        The files, sorted by path.
    """
    files: Dict[str, GeneratedFile] = {}
    for item in api.schemas:
        target = names.models[item.name]
        generated = emit_model_module(
            api, names, config.header, target.module, target.name, item.schema, item.name, config.types.get(item.name)
        )
        files[generated.path] = generated
    for resource_path, method_name in sorted(names.responses):
        target = names.responses[(resource_path, method_name)]
        method = _find_method(api, resource_path, method_name)
        schema = method.operation.response.schema if method is not None else None
        if schema is None:
            continue
        generated = emit_model_module(api, names, config.header, target.module, target.name, schema)
        files[generated.path] = generated
    for hook in api.webhooks:
        event = names.webhook_events.get(hook.name)
        if event is not None and not isinstance(hook.schema, RefSchema):
            generated = emit_model_module(api, names, config.header, event.module, event.name, hook.schema)
            files[generated.path] = generated
    union = emit_webhook_union(api, names, config)
    if union is not None:
        files[union.path] = union
    return [files[path] for path in sorted(files)]


def emit_webhook_union(api: Api, names: Names, config: Config) -> Optional[GeneratedFile]:
    """Emit the module of the union of every webhook event, discriminated when the events allow it.

    Args:
        api: The IR.
        names: All names (`webhook_union` and `webhook_events`).
        config: The config (header, and the `webhooks` section).

    Returns:
        The file, or None when the config asks for no union or the spec has no webhooks.
    """
    target = names.webhook_union
    if target is None or config.webhooks is None:
        return None
    imports = Imports(names.package, target.module)
    imports.add("typing_extensions", "TypeAlias")
    members: List[str] = []
    for hook in api.webhooks:
        event = names.webhook_events[hook.name]
        if event.name not in members:
            imports.add(event.module, event.name)
            members.append(event.name)
    variants = tuple(hook.schema for hook in api.webhooks)
    union = UnionSchema("#/webhooks", variants, discriminator=config.webhooks.discriminator)
    discriminator = discriminator_of(api, union)
    annotation = members[0] if len(members) == 1 else f"Union[{', '.join(members)}]"
    if len(members) > 1:
        imports.add("typing", "Union")
    if discriminator is not None and len(members) > 1:
        imports.add("typing_extensions", "Annotated")
        imports.add("pydantic", "Field")
        annotation = f"Annotated[{annotation}, Field(discriminator={py_str(discriminator)})]"
    body = CodeWriter()
    body.blank(2)
    body.line(f"{target.name}: TypeAlias = {annotation}")
    body.docstring(docstring_lines(config.webhooks.description, width=100))
    return GeneratedFile(
        names.module_file(target.module),
        _assemble(header=config.header, imports=imports, exported=[target.name], body=body),
    )


def emit_aliases(names: Names, config: Config) -> List[GeneratedFile]:
    """Emit one module per configured alias: `Alias: TypeAlias = Target`, re-exported.

    Args:
        names: All names (`aliases`).
        config: The config (for the header line).

    Returns:
        The files.
    """
    files: List[GeneratedFile] = []
    for alias, target in names.aliases:
        imports = Imports(names.package, alias.module)
        imports.add("typing_extensions", "TypeAlias")
        # The same name in another package (`projects.groups.RoleCreateResponse`) is imported as `_Name`.
        local = imports.add_unshadowed(target.module, target.name, alias.name)
        body = CodeWriter()
        body.blank(2)
        body.line(f"{alias.name}: TypeAlias = {local}")
        body.docstring([f"Another name for `{target.name}`."])
        lent, lent_names = alias_import_lines(names, alias.module)
        if lent:
            body.blank()
            body.lines(lent)
        text = _assemble(header=config.header, imports=imports, exported=[alias.name, *lent_names], body=body)
        files.append(GeneratedFile(names.module_file(alias.module), text))
    return files


def _find_method(api: Api, path: Tuple[str, ...], name: str) -> Optional[Method]:
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        if resource.path == path:
            return next((method for method in resource.methods if method.name == name), None)
        stack.extend(resource.children)
    return None
