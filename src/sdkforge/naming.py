"""Python names for IR nodes: identifiers, class names and module paths; the only place that case-converts spec text.

The case converters (`pascal_case`, `snake_case`, `identifier`) are pure and idempotent.
`build_names` walks the IR once and fixes every class and module name, resolving collisions
within each scope (a package's modules, a module's classes). It must not lay out code.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Mapping, Optional, Set, Tuple

from .ir.nodes import (
    ArraySchema,
    ConstSchema,
    MapSchema,
    ObjectSchema,
    Property,
    RefSchema,
    Schema,
    UnionSchema,
)

if TYPE_CHECKING:
    from .config import Config
    from .ir.nodes import Api, Method

__all__ = [
    "MODEL_RESERVED",
    "ModuleName",
    "Names",
    "build_names",
    "child_labels",
    "class_name",
    "class_view",
    "field_name",
    "find_property",
    "identifier",
    "params_class_name",
    "params_derived_module",
    "pascal_case",
    "resource_class_name",
    "singular",
    "snake_case",
    "spell",
    "type_config_issues",
    "unique",
]

# Text already in the target case is returned unchanged, which makes both converters idempotent.
_PASCAL = re.compile(r"[A-Z0-9][A-Za-z0-9]*")
_SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")
# Attribute names a generated model must not shadow: pydantic's API and our BaseModel extras.
MODEL_RESERVED = frozenset(
    {"schema", "json", "copy", "dict", "json_fields", "raw_json", "to_dict", "to_json", "construct", "validate"}
)
_SOFT_RESERVED = frozenset({"self", "cls"})


_NO_NAMES: Mapping[str, str] = MappingProxyType({})


def _words(text: str) -> List[str]:
    return _WORD.findall(text)


def pascal_case(text: str) -> str:
    """`chat.completion-chunk` -> `ChatCompletionChunk`; text already in PascalCase is kept (`APIKey`)."""
    if _PASCAL.fullmatch(text):
        return text
    return "".join(word[:1].upper() + word[1:] for word in _words(text))


def snake_case(text: str) -> str:
    """`ChatCompletionChunk` -> `chat_completion_chunk`; `AdminAPIKey` -> `admin_api_key`."""
    if _SNAKE.fullmatch(text):
        return text
    return "_".join(word.lower() for word in _words(text))


def identifier(text: str) -> str:
    """A valid, non-keyword snake_case identifier for `text` (`from` -> `from_`, `2x` -> `_2x`)."""
    if text[:1] == "_" and text[1:2].isdigit() and _SNAKE.fullmatch(text[1:]):
        return text  # already the identifier of a digit-led name (`2x` -> `_2x`)
    name = snake_case(text) or "_"
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _SOFT_RESERVED:
        name += "_"
    return name


def class_name(text: str) -> str:
    """A valid class name for `text` (`Error-2` -> `Error2`, `4o` -> `T4o`)."""
    name = pascal_case(text) or "Model"
    if name[0].isdigit():
        name = "T" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def field_name(wire: str) -> str:
    """The attribute name of a model field whose wire name is `wire`.

    The wire name is kept when it is a usable identifier; `model_*` (pydantic's namespace)
    becomes `api_model_*`; otherwise (not an identifier, a keyword, a BaseModel attribute) it
    is converted and suffixed with `_`. A renamed field declares `Field(alias=wire)`.
    """
    if wire.isidentifier() and not _is_reserved_field(wire):
        return wire
    if wire.startswith("model_") and wire.isidentifier():
        return "api_" + wire
    # Leading underscores make pydantic treat a field as private, so they are moved to the end.
    name = identifier(wire).lstrip("_")
    if not name or name[0].isdigit():
        name = "field_" + name
    if _is_reserved_field(name) or name == wire:
        name += "_"
    return name


def _is_reserved_field(name: str) -> bool:
    return (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in MODEL_RESERVED
        or name.startswith("model_")
        or name.startswith("_")
        or name in _SOFT_RESERVED
    )


def singular(word: str) -> str:
    """A naive English singular (`choices` -> `choice`, `entries` -> `entry`), for array item class names."""
    lower = word.lower()
    if lower.endswith("criteria"):
        return word[:-1] + ("ON" if word[-1].isupper() else "on")
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def unique(name: str, used: Set[str]) -> str:
    """Return `name`, or `name2`, `name3`, ... , the first not in `used`; records it in `used`."""
    candidate = name
    counter = 2
    while candidate in used:
        candidate = f"{name}{counter}"
        counter += 1
    used.add(candidate)
    return candidate


def resource_class_name(path: Tuple[str, ...]) -> str:
    """The class of a resource: its last segment in PascalCase (`("chat", "completions")` -> `Completions`)."""
    return class_name(path[-1])


def params_class_name(module: str, acronyms: FrozenSet[str] = frozenset()) -> str:
    """The params TypedDict of a params module (`...completion_create_params` -> `CompletionCreateParams`)."""
    return spell(module.rsplit(".", 1)[-1], acronyms)


@dataclass(frozen=True)
class ModuleName:
    """Where a class lives: dotted module path and class name.

    Attributes:
        module: Dotted module (`oai.types.chat.chat_completion`).
        name: Class (or alias) name inside it.
    """

    module: str
    name: str


@dataclass
class Names:
    """Every name the emitters need, fixed once for the whole API.

    Attributes:
        package: The generated package (`oai`).
        models: Component schema name -> response-side model class and module.
        params: Component schema name -> request-side `XParam` TypedDict and module.
        nested: (module, JSON pointer of an inline object) -> class name in that module.
        method_params: (resource path, method name) -> params module and TypedDict class.
        responses: (resource path, method name) -> class of an inline response model.
        request_schemas: Component schemas reachable from any request (they get `XParam` twins), sorted.
        webhook_events: Webhook name -> the model class of its payload (a component's class, or one
            named after the webhook for an inline payload), in spec order; empty without `webhooks` config.
        webhook_union: The union of every webhook event, when the config asks for it.
        aliases: (alias, target) pairs: a second public name for a model or twin, from the
            config's `aliases`, re-exported from a module of its own.
        module_aliases: Module -> (name, target) pairs: components the config leaves unnamed,
            exported by the modules that reference them under their nested-class names
            (`naming.ref_aliases`; see `ref_aliases.py`).
        field_renames: JSON pointer of a property -> its model attribute name (the config's `field_names`).
        optional_fields: JSON pointers of the properties the config's `optional` lists: the
            models leave them optional although the spec requires them.
        variant_names: Component schema -> the name part it gives as a union variant in model
            modules (the config's `variant_name`), used by the nested names instead of the rule's.
        param_variant_names: The same in TypedDict modules (`param_variant_name`).
    """

    package: str
    models: Dict[str, ModuleName] = field(default_factory=lambda: {})
    params: Dict[str, ModuleName] = field(default_factory=lambda: {})
    nested: Dict[Tuple[str, str], str] = field(default_factory=lambda: {})
    method_params: Dict[Tuple[Tuple[str, ...], str], ModuleName] = field(default_factory=lambda: {})
    responses: Dict[Tuple[Tuple[str, ...], str], ModuleName] = field(default_factory=lambda: {})
    request_schemas: Tuple[str, ...] = ()
    webhook_events: Dict[str, ModuleName] = field(default_factory=lambda: {})
    webhook_union: Optional[ModuleName] = None
    aliases: List[Tuple[ModuleName, ModuleName]] = field(default_factory=lambda: [])
    optional_fields: Set[str] = field(default_factory=lambda: set())
    module_aliases: Dict[str, List[Tuple[str, ModuleName]]] = field(default_factory=lambda: {})
    field_renames: Dict[str, str] = field(default_factory=lambda: {})
    variant_names: Dict[str, str] = field(default_factory=lambda: {})
    param_variant_names: Dict[str, str] = field(default_factory=lambda: {})
    _module_names: Dict[str, Set[str]] = field(default_factory=lambda: {}, repr=False)
    _lent: Optional[Dict[Tuple[str, str], str]] = field(default=None, repr=False)

    def model(self, schema: str) -> ModuleName:
        """The response-side class of component schema `schema`."""
        return self.models[schema]

    def param(self, schema: str) -> ModuleName:
        """The request-side TypedDict of component schema `schema`."""
        return self.params[schema]

    def nested_class(self, module: str, pointer: str) -> str:
        """The class name of the inline object at `pointer` inside `module`."""
        return self.nested[(module, pointer)]

    def lent_nested(self, module: str, pointer: str) -> Optional[str]:
        """The name under which `module` re-exports (through `module_aliases`) the inline class at
        `pointer` that another module defines, or None. Read once emission starts (names are final)."""
        if self._lent is None:
            lenders: Dict[Tuple[str, str], List[Tuple[str, str]]] = {}
            for home, pairs in self.module_aliases.items():
                for label, target in pairs:
                    lenders.setdefault((target.module, target.name), []).append((home, label))
            self._lent = {}
            for (where, at), name in sorted(self.nested.items()):
                for home, label in lenders.get((where, name), []):
                    self._lent.setdefault((home, at), label)
        return self._lent.get((module, pointer))

    def module_file(self, module: str) -> str:
        """The source file of a dotted module, relative to the output root (`src/oai/types/x.py`)."""
        return "src/" + module.replace(".", "/") + ".py"

    def names_in(self, module: str) -> Set[str]:
        """The set of names taken in `module` (mutable: emitters may reserve more)."""
        return self._module_names.setdefault(module, set())


def _types_package(package: str, config_package: Optional[str]) -> str:
    return config_package if config_package else f"{package}.types"


def _configured_module(config: Config, schema: str, twin: bool = False) -> Optional[str]:
    renamed = config.types.get(schema)
    if renamed is None:
        return None
    return renamed.param_module if twin else renamed.module


def _module_for(package: str, name: str, taken: Dict[str, Set[str]], suffix: str = "") -> str:
    base = snake_case(name) + suffix
    used = taken.setdefault(package, set())
    return package + "." + unique(base, used)


def _children(node: Schema) -> Iterable[Tuple[str, Schema, bool]]:
    """Inline sub-schemas with a name hint and whether the hint is a list item."""
    if isinstance(node, ObjectSchema):
        for prop in node.properties:
            yield prop.name, prop.schema, False
        if node.extra is not None:
            yield "", node.extra, False
    elif isinstance(node, ArraySchema):
        yield "", node.items, True
    elif isinstance(node, MapSchema):
        yield "", node.values, False
    elif isinstance(node, UnionSchema):
        for index, variant in enumerate(node.variants):
            yield f"#{index}", variant, False


def spell(text: str, acronyms: FrozenSet[str] = frozenset(), *, normalize: bool = False) -> str:
    """`text` as a class name with `acronyms` in capitals (`api_key` -> `APIKey`).

    With `normalize`, every other word is capitalized alone (`MCP tool` -> `McpTool`), as
    nested class names are; without it, words keep their case (configured and component names).
    """
    if not acronyms and not normalize:
        return class_name(text)
    words: List[str] = []
    for word in _words(text):
        if word.upper() in acronyms:
            words.append(word.upper())
        elif normalize and word.isupper() and len(word) > 1 and not word[1:].isdigit():
            words.append(word[0] + word[1:].lower())
        else:
            words.append(word[:1].upper() + word[1:])
    return class_name("".join(words))


def _variant_label(
    node: Schema,
    index: int,
    union: UnionSchema,
    acronyms: FrozenSet[str],
    api: Optional[Api],
    *,
    at_root: bool,
    variant_names: Mapping[str, str],
) -> str:
    """The name part of a union variant.

    A referenced component with a configured `variant_name` gives that. At the root of a type an inline variant's one-word title (`ResponseAudioWsDelta`) names it; else, in
    a union whose variants carry distinct tags, the tag (`template`, `apply_patch_call`); else a
    one-word title, or any title of an inline variant, or the referenced component's name; else
    the `type` constant; else `UnionMember<index>`. A union inside a union is flattened (empty).
    """
    if isinstance(node, RefSchema) and node.target in variant_names:
        return variant_names[node.target]
    target = _resolved(node, api)
    if isinstance(target, UnionSchema):
        return ""
    if not isinstance(target, ObjectSchema):
        return f"UnionMember{index}"
    title = target.title or ""
    one_word = bool(title) and " " not in title.strip()
    if at_root and one_word and not isinstance(node, RefSchema):
        return spell(title, acronyms, normalize=True)
    tag_property = _tag_property(union, api)
    tag = _const_of(target, tag_property) if tag_property is not None else None
    if tag is not None:
        return spell(tag, acronyms, normalize=True)
    tag = _const_of(target, "type")
    if one_word or (title and not isinstance(node, RefSchema)):
        return spell(title, acronyms, normalize=True)
    if isinstance(node, RefSchema):
        return spell(node.target, acronyms, normalize=True)
    if tag is not None:
        return spell(tag, acronyms, normalize=True)
    return f"UnionMember{index}"


def _resolved(node: Schema, api: Optional[Api]) -> Schema:
    if isinstance(node, RefSchema) and api is not None and node.target in api.schema_index:
        return api.schema_index[node.target].schema
    return node


def _leaf_variants(union: UnionSchema, api: Optional[Api]) -> List[Schema]:
    """The variants of `union`, references resolved and unions inside it flattened."""
    out: List[Schema] = []
    for variant in union.variants:
        target = _resolved(variant, api)
        out.extend(_leaf_variants(target, api) if isinstance(target, UnionSchema) and target is not union else [target])
    return out


def _tag_property(union: UnionSchema, api: Optional[Api]) -> Optional[str]:
    """The property that tells the variants apart: the discriminator, else (`type` first) a
    property every variant has as a constant, with no value shared; None when there is none."""
    if union.discriminator is not None:
        return union.discriminator
    objects = _leaf_variants(union, api)
    if not objects or not all(isinstance(obj, ObjectSchema) for obj in objects):
        return None
    first = objects[0]
    assert isinstance(first, ObjectSchema)
    names = sorted((prop.name for prop in first.properties), key=lambda name: name != "type")
    for name in names:
        values = [_const_of(obj, name) if isinstance(obj, ObjectSchema) else None for obj in objects]
        if None not in values and len(set(values)) == len(values):
            return name
    return None


def _const_of(obj: ObjectSchema, prop_name: str) -> Optional[str]:
    for prop in obj.properties:
        if prop.name == prop_name and isinstance(prop.schema, ConstSchema):
            return str(prop.schema.value)
    return None


def _singular_label(label: str) -> str:
    """The class name of one item of a list named `label` (`DataResults` -> `DataResult`)."""
    return singular(label) if label else label


def child_labels(
    node: Schema,
    label: str,
    acronyms: FrozenSet[str],
    api: Optional[Api],
    variant_names: Mapping[str, str] = _NO_NAMES,
) -> Iterable[Tuple[Schema, str]]:
    """Each sub-schema of `node` with the nested-class name its place gives: the path of property
    names from the root (the root's own name left out), a list item's name singular, a union
    variant's name after its tag or title (`choices[].logprobs` -> `ChoiceLogprobs`)."""
    for child_hint, child, is_item in _children(node):
        if child_hint.startswith("#"):
            assert isinstance(node, UnionSchema)
            child_label = label + _variant_label(
                child, int(child_hint[1:]), node, acronyms, api, at_root=not label, variant_names=variant_names
            )
        elif child_hint:
            child_label = label + spell(child_hint, acronyms, normalize=True)
        else:
            child_label = label
        if is_item:
            child_label = _singular_label(child_label)
        yield child, child_label


def _name_inline(
    names: Names,
    module: str,
    root: Schema,
    hint: str,
    used: Set[str],
    *,
    is_root_named: bool,
    acronyms: FrozenSet[str] = frozenset(),
    api: Optional[Api] = None,
) -> None:
    """Give every inline object under `root` a class name in `module`, walking depth-first in spec order.

    A named root's own name is left out of its nested names; an unnamed root (a query
    parameter) starts them with `hint`.
    """
    stack: List[Tuple[Schema, str, bool]] = [(root, "" if is_root_named else hint, is_root_named)]
    order: List[Tuple[Schema, str, bool]] = []
    while stack:
        node, label, is_named = stack.pop()
        order.append((node, label, is_named))
        kids = [(child, child_label, False) for child, child_label in child_labels(node, label, acronyms, api)]
        stack.extend(reversed([kid for kid in kids if not isinstance(kid[0], RefSchema)]))
    for node, label, is_named in order:
        if (isinstance(node, ObjectSchema) or _is_named_union(node, api)) and not is_named:
            key = (module, node.pointer)
            if key not in names.nested:
                names.nested[key] = unique(label or hint or "Item", used)


def _is_named_union(node: Schema, api: Optional[Api]) -> bool:
    """An inline union gets a type alias of its own when a variant is a class (an object or a
    reference to a component), as the reference SDKs name them (`ToolChoice`, `ChunkingStrategy`)."""
    if not isinstance(node, UnionSchema) or len(node.variants) < 2:
        return False
    return any(isinstance(variant, (ObjectSchema, RefSchema)) for variant in node.variants)


def _refs(node: Schema, out: Set[str]) -> None:
    stack: List[Schema] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, RefSchema):
            out.add(current.target)
            continue
        stack.extend(child for _, child, _ in _children(current))


def _request_closure(api: Api, forced: Iterable[str] = ()) -> Set[str]:
    """Component schemas reachable from a request, or from `forced` (schemas the config gives a twin)."""
    roots: Set[str] = set(forced)
    # A method may send another body than the spec's default (the config's `body`).
    for operation in [*api.operations, *(method.operation for _, method in _walk_methods(api))]:
        if operation.body is not None:
            _refs(operation.body.schema, roots)
        for param in operation.query_params:
            _refs(param.schema, roots)
    seen: Set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in api.schema_index:
            continue
        seen.add(name)
        found: Set[str] = set()
        schema = api.schema_index[name].schema
        _refs(schema, found)
        if isinstance(schema, ObjectSchema) and schema.base is not None:
            found.add(schema.base)  # the twin subclasses the base's twin
        stack.extend(sorted(found - seen))
    return seen


def class_view(schema: Schema) -> Schema:
    """What a component's class declares itself: without the properties its base class provides."""
    if isinstance(schema, ObjectSchema) and schema.base is not None:
        return replace(schema, properties=schema.own_properties())
    return schema


def params_derived_module(package: str, path: Tuple[str, ...], method: str) -> str:
    """The params module of a method the config gives none (`oai.types.chat.completion_create_params`)."""
    return _derived_module(package, path, method, "params")


def _derived_module(package: str, path: Tuple[str, ...], method: str, suffix: str) -> str:
    parents = ".".join(identifier(part) for part in path[:-1])
    leaf = snake_case(singular(path[-1]))
    prefix = f"{package}.types" + (f".{parents}" if parents else "")
    return f"{prefix}.{leaf}_{identifier(method)}_{suffix}"


def _walk_methods(api: Api) -> Iterable[Tuple[Tuple[str, ...], Method]]:
    stack = list(reversed(api.resources))
    while stack:
        resource = stack.pop()
        for method in resource.methods:
            yield resource.path, method
        stack.extend(reversed(resource.children))


def build_names(api: Api, config: Config) -> Names:
    """Name every public model, params TypedDict, inline class and module of `api`.

    Args:
        api: The built IR.
        config: The config (for type renames and the package name).

    Returns:
        The names; deterministic for a given IR and config.
    """
    package = config.package
    acronyms = frozenset(config.naming.acronyms)
    names = Names(package=package)
    names.variant_names = {schema: entry.variant_name for schema, entry in config.types.items() if entry.variant_name}
    names.param_variant_names = {
        schema: entry.param_variant_name for schema, entry in config.types.items() if entry.param_variant_name
    }
    modules_by_package: Dict[str, Set[str]] = {}
    classes_by_package: Dict[str, Set[str]] = {}
    request = _request_closure(api, (schema for schema, entry in config.types.items() if entry.param is not None))
    # Scalar-only schemas (enums, aliases of str) serve both sides; only object-bearing ones get a twin.
    names.request_schemas = tuple(sorted(name for name in request if _has_object(api, name, {})))
    twins = set(names.request_schemas)
    desired = _wanted_names(api, config)
    claimed: Dict[str, Set[str]] = {}
    for pkg, cls in desired.values():
        claimed.setdefault(pkg, set()).add(cls)
    # Renamed types first, so derived names never steal a configured one.
    ordered = sorted(api.schemas, key=lambda item: item.name not in config.types)
    for item in ordered:
        pkg, cls = desired[item.name]
        if item.name in twins and item.name not in config.types and _is_param_name(cls):
            # `FooParam` is the request-side TypedDict's name; the model takes `Foo`, or
            # `FooParamModel` when another schema is called `Foo`.
            stripped = cls.removesuffix(_PARAM)
            cls = stripped if stripped not in claimed[pkg] else cls + "Model"
        cls = unique(cls, classes_by_package.setdefault(pkg, set()))
        module = _configured_module(config, item.name) or cls
        names.models[item.name] = ModuleName(_module_for(pkg, module, modules_by_package), cls)

    # A twin named in the config, then schemas named `...Param`, claim their names before others
    # derive `<Model>Param`.
    def twin_name(schema: str) -> Optional[str]:
        renamed = config.types.get(schema)
        if renamed is not None and renamed.param is not None:
            return renamed.param
        own = desired[schema][1]
        return own if _is_param_name(own) else None

    def twin_order(schema: str) -> Tuple[bool, bool, str]:
        renamed = config.types.get(schema)
        return (renamed is None or renamed.param is None, not _is_param_name(desired[schema][1]), schema)

    for schema_name in sorted(twins, key=twin_order):
        model = names.models[schema_name]
        pkg = model.module.rsplit(".", 1)[0]
        wanted = twin_name(schema_name) or model.name + _PARAM
        cls = unique(wanted, classes_by_package.setdefault(pkg, set()))
        module = _configured_module(config, schema_name, twin=True) or cls
        names.params[schema_name] = ModuleName(_module_for(pkg, module, modules_by_package), cls)
    for path, method in _walk_methods(api):
        operation = method.operation
        if method.params_module is not None:
            cls = params_class_name(method.params_module, acronyms)
            names.method_params[(path, method.name)] = ModuleName(method.params_module, cls)
            # Kept for the streaming variants (`emit/params.py`), emitted when the params have `stream`.
            names.names_in(method.params_module).update(f"{cls}{end}" for end in ("Base", "NonStreaming", "Streaming"))
            modules_by_package.setdefault(method.params_module.rsplit(".", 1)[0], set()).add(
                method.params_module.rsplit(".", 1)[1]
            )
        response = operation.response.schema
        if response is not None and not isinstance(response, RefSchema) and _needs_class(response):
            wanted = method.returns or spell(f"{singular(path[-1])}_{method.name}_response", acronyms)
            module = _derived_module(package, path, method.name, "response")
            names.responses[(path, method.name)] = ModuleName(module, wanted)
    _name_webhooks(api, config, names, modules_by_package, classes_by_package)
    _name_aliases(config, names, modules_by_package, classes_by_package)
    _name_all_inline(api, names, acronyms)
    for schema, renamed in sorted(config.types.items()):
        if schema in api.schema_index:
            for path in renamed.optional:
                found = find_property(api.schema_index[schema].schema, path)
                if found is not None:
                    names.optional_fields.add(found.pointer)
            for path, attribute in renamed.field_names.items():
                found = find_property(api.schema_index[schema].schema, path)
                if found is not None:
                    names.field_renames[found.pointer] = attribute
    return names


def find_property(root: Schema, path: str) -> Optional[Property]:
    """The property at dotted wire-name `path` under `root`, looking through arrays, maps and unions; None if absent."""
    nodes: List[Schema] = [root]
    found: Optional[Property] = None
    for part in path.split("."):
        found = None
        stack = list(nodes)
        nodes = []
        while stack and found is None:
            node = stack.pop(0)
            if isinstance(node, ObjectSchema):
                found = next((prop for prop in node.properties if prop.name == part), None)
            elif not isinstance(node, RefSchema):
                stack.extend(child for _, child, _ in _children(node))
        if found is None:
            return None
        nodes = [found.schema]
    return found


def _name_aliases(
    config: Config, names: Names, modules_by_package: Dict[str, Set[str]], classes_by_package: Dict[str, Set[str]]
) -> None:
    """Give each configured alias its module; a name already taken is skipped (`type_config_issues` says so)."""
    for schema, renamed in sorted(config.types.items()):
        if schema not in names.models:
            continue
        wanted: List[Tuple[str, str, ModuleName]] = []
        for path in renamed.aliases:
            pkg, _, cls = path.rpartition(".")
            wanted.append((pkg, cls, names.models[schema]))
            if schema in names.params:
                wanted.append((pkg, cls + _PARAM, names.params[schema]))
        for path in renamed.param_aliases:
            pkg, _, cls = path.rpartition(".")
            wanted.append((pkg, cls, names.params.get(schema, names.models[schema])))
        for pkg, alias, target in wanted:
            taken = classes_by_package.setdefault(pkg, set())
            if alias in taken:
                continue
            taken.add(alias)
            names.aliases.append((ModuleName(_module_for(pkg, alias, modules_by_package), alias), target))


def type_config_issues(api: Api, names: Names, config: Config) -> List[Tuple[str, str]]:
    """`types` entries that cannot take effect, as (dotted config path, message) pairs.

    An entry must name a component schema of the spec, one with a `param` name must be a schema
    that gets a request-side twin, a `computed` name must be one of the schema's properties, and
    an alias must not be another type's name; each mistake would otherwise leave a configured
    name silently unused.
    """
    schemas = {item.name for item in api.schemas}
    issues: List[Tuple[str, str]] = []
    for schema, renamed in sorted(config.types.items()):
        if schema not in schemas:
            issues.append((f"types.{schema}", f"no component schema named {schema!r} in the spec"))
        elif renamed.param is not None and schema not in names.params:
            issues.append((f"types.{schema}.param", f"{schema!r} has no object, so it has no TypedDict twin to name"))
    by_name = {item.name: item.schema for item in api.schemas}
    for schema, renamed in sorted(config.types.items()):
        target = by_name.get(schema)
        if not renamed.computed or target is None:
            continue
        declared: Set[str] = {prop.name for prop in target.properties} if isinstance(target, ObjectSchema) else set()
        for computed in renamed.computed:
            if computed not in declared:
                issues.append((f"types.{schema}.computed", f"{schema!r} has no property {computed!r} to compute"))
    given = {(alias.module.rpartition(".")[0], alias.name) for alias, _ in names.aliases}
    for schema, renamed in sorted(config.types.items()):
        for key, paths in (("optional", renamed.optional), ("field_names", tuple(renamed.field_names))):
            for path in paths:
                if schema in schemas and find_property(api.schema_index[schema].schema, path) is None:
                    issues.append((f"types.{schema}.{key}", f"{schema!r} has no property {path!r}"))
    for schema, renamed in sorted(config.types.items()):
        for key, paths in (("aliases", renamed.aliases), ("param_aliases", renamed.param_aliases)):
            for path in paths:
                pkg, _, cls = path.rpartition(".")
                if schema in schemas and (pkg, cls) not in given:
                    issues.append((f"types.{schema}.{key}", f"{path!r} is already the name of another type"))
    return issues


def _name_webhooks(
    api: Api,
    config: Config,
    names: Names,
    modules_by_package: Dict[str, Set[str]],
    classes_by_package: Dict[str, Set[str]],
) -> None:
    if config.webhooks is None or not api.webhooks:
        return
    pkg = config.webhooks.package
    classes = classes_by_package.setdefault(pkg, set())
    union = unique(config.webhooks.union, classes)
    names.webhook_union = ModuleName(_module_for(pkg, union, modules_by_package), union)
    for hook in api.webhooks:
        if isinstance(hook.schema, RefSchema) and hook.schema.target in names.models:
            names.webhook_events[hook.name] = names.models[hook.schema.target]
            continue
        cls = unique(spell(hook.name, frozenset(config.naming.acronyms)), classes)
        target = ModuleName(_module_for(pkg, cls, modules_by_package), cls)
        names.webhook_events[hook.name] = target
        used = _reserve(names, target.module, hook.schema, cls)
        acronyms = frozenset(config.naming.acronyms)
        _name_inline(names, target.module, hook.schema, cls, used, is_root_named=True, acronyms=acronyms, api=api)


_PARAM = "Param"


def _is_param_name(cls: str) -> bool:
    return cls.endswith(_PARAM) and len(cls) > len(_PARAM)


def _wanted_names(api: Api, config: Config) -> Dict[str, Tuple[str, str]]:
    """Each schema's (types package, class name) before collisions are resolved.

    A webhook's payload schema that `types` does not place goes to the webhooks package.
    """
    events: Set[str] = set()
    if config.webhooks is not None:
        events = {hook.schema.target for hook in api.webhooks if isinstance(hook.schema, RefSchema)}
    out: Dict[str, Tuple[str, str]] = {}
    for item in api.schemas:
        renamed = config.types.get(item.name)
        default = config.webhooks.package if config.webhooks is not None and item.name in events else None
        pkg = _types_package(config.package, renamed.package if renamed else default)
        out[item.name] = (pkg, renamed.name if renamed else spell(item.name, frozenset(config.naming.acronyms)))
    return out


def _has_object(api: Api, name: str, memo: Dict[str, bool]) -> bool:
    if name in memo:
        return memo[name]
    memo[name] = False  # a cycle adds nothing new
    stack: List[Schema] = [api.schema_index[name].schema]
    found = False
    while stack and not found:
        current = stack.pop()
        if isinstance(current, ObjectSchema):
            found = True
        elif isinstance(current, RefSchema):
            found = current.target in api.schema_index and _has_object(api, current.target, memo)
        else:
            stack.extend(child for _, child, _ in _children(current))
    memo[name] = found
    return found


def _needs_class(node: Schema) -> bool:
    return isinstance(node, (ObjectSchema, UnionSchema))


def _reserve(names: Names, module: str, schema: Schema, own: str) -> Set[str]:
    used = names.names_in(module)
    used.add(own)
    refs: Set[str] = set()
    _refs(schema, refs)
    for ref in sorted(refs):
        if ref in names.models:
            used.add(names.models[ref].name)
    return used


def _name_all_inline(api: Api, names: Names, acronyms: FrozenSet[str]) -> None:
    for item in api.schemas:
        model = names.models[item.name]
        schema = class_view(item.schema)
        base = item.schema.base if isinstance(item.schema, ObjectSchema) else None
        used = _reserve(names, model.module, schema, model.name)
        if base is not None:
            used.add(names.models[base].name)
        if item.name in names.params:
            for ref in sorted(_collect(schema)):
                if ref in names.params:
                    used.add(names.params[ref].name)
        _name_inline(names, model.module, schema, model.name, used, is_root_named=True, acronyms=acronyms, api=api)
        if item.name in names.params:
            param = names.params[item.name]
            param_used = _reserve(names, param.module, schema, param.name)
            if base is not None and base in names.params:
                param_used.add(names.params[base].name)
            for ref in sorted(_collect(schema)):
                if ref in names.params:
                    param_used.add(names.params[ref].name)
            _name_inline(
                names, param.module, schema, param.name, param_used, is_root_named=True, acronyms=acronyms, api=api
            )
    for path, method in _walk_methods(api):
        key = (path, method.name)
        if key in names.responses:
            target = names.responses[key]
            schema = method.operation.response.schema
            assert schema is not None
            used = _reserve(names, target.module, schema, target.name)
            _name_inline(
                names, target.module, schema, target.name, used, is_root_named=True, acronyms=acronyms, api=api
            )
        if key in names.method_params:
            target = names.method_params[key]
            used = names.names_in(target.module)
            used.add(target.name)
            operation = method.operation
            for query in operation.query_params:
                for ref in sorted(_collect(query.schema)):
                    if ref in names.params:
                        used.add(names.params[ref].name)
                _name_inline(
                    names,
                    target.module,
                    query.schema,
                    spell(query.name, acronyms, normalize=True),
                    used,
                    is_root_named=False,
                    acronyms=acronyms,
                    api=api,
                )
            if operation.body is not None:
                body = operation.body.schema
                for ref in sorted(_collect(body)):
                    if ref in names.params:
                        used.add(names.params[ref].name)
                _name_inline(
                    names, target.module, body, target.name, used, is_root_named=True, acronyms=acronyms, api=api
                )


def _collect(node: Schema) -> Set[str]:
    out: Set[str] = set()
    _refs(node, out)
    return out
