"""Whole-spec checks of what sdkforge emits for the OpenAI spec: no parameter the spec types is
left untyped, and every parameter and model field the spec describes is documented.

These run the generator (without formatting or writing) on `../shared/spec/openai/openapi.yaml`
with the project's `sdkforge.yml`, so a regression in naming or annotation shows up here.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Set, Tuple, cast

import pytest

from sdkforge.config import Config, load_config
from sdkforge.emit.methods import plan_method
from sdkforge.emit.types import field_names
from sdkforge.format import find_ruff
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api, Method, ObjectSchema, RefSchema, Resource, Schema
from sdkforge.loader import load_spec
from sdkforge.lower.nodes import Expr
from sdkforge.lower.params import entries, key_names
from sdkforge.lower.printer import print_expr
from sdkforge.lower.schemas import inline_objects
from sdkforge.lower.types import TypeLowerer
from sdkforge.naming import Names, class_view
from sdkforge.pipeline import Generation, generate
from sdkforge.promote import is_pointer, promote_inline_schemas
from sdkforge.ref_aliases import build_all_names
from sdkforge.resolver import resolve

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "spec" / "openai" / "openapi.yaml"

# (module being written, JSON pointer) of every inline object with properties written as a plain dict.
Untyped = List[Tuple[str, str]]


@pytest.fixture(scope="module")
def openai_generation() -> Tuple[Generation, Untyped]:
    untyped: Untyped = []
    original = TypeLowerer._inline  # pyright: ignore[reportPrivateUsage]

    def recording(self: TypeLowerer, schema: ObjectSchema) -> Expr:
        tree = original(self, schema)
        if schema.properties and print_expr(tree).startswith("Dict["):
            untyped.append((self.module, schema.pointer))
        return tree

    patch = pytest.MonkeyPatch()
    patch.setattr(TypeLowerer, "_inline", recording)
    try:
        generation = generate(SPEC, ROOT / "sdkforge.yml")
    finally:
        patch.undo()
    assert not generation.diagnostics.has_errors, generation.diagnostics.render()
    return generation, untyped


def test_no_object_with_properties_is_written_as_a_plain_dict(openai_generation: Tuple[Generation, Untyped]) -> None:
    _, untyped = openai_generation
    assert sorted(set(untyped)) == []


def test_method_parameters_use_the_params_module_nested_typed_dicts(
    openai_generation: Tuple[Generation, Untyped],
) -> None:
    files = {item.path: item.text for item in openai_generation[0].files}
    completions = files["src/oai/resources/chat/completions/completions.py"]
    assert "web_search_options: completion_create_params.WebSearchOptions | Omit = omit" in completions
    assistants = files["src/oai/resources/beta/assistants.py"]
    assert "tool_resources: Optional[assistant_create_params.ToolResources] | Omit = omit" in assistants
    assert "tool_resources: Optional[assistant_update_params.ToolResources] | Omit = omit" in assistants
    runs = files["src/oai/resources/beta/threads/runs/runs.py"]
    assert "tool_outputs: Iterable[run_submit_tool_outputs_params.ToolOutput]" in runs


class _Spec:
    """The OpenAI spec as the generator sees it (promoted), with its IR and names."""

    def __init__(self) -> None:
        self.config: Config = load_config(ROOT / "sdkforge.yml")
        document = load_spec(SPEC)
        pointers = [key for key in self.config.types if is_pointer(key)]
        document, _ = promote_inline_schemas(document, pointers, config_label="types")
        self.raw: object = document.data
        self.api: Api = build_api(resolve(document), self.config)
        self.names: Names = build_all_names(self.api, self.config)

    def at(self, pointer: str) -> object:
        node = self.raw
        for part in pointer.lstrip("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = cast("List[object]", node)[int(part)] if isinstance(node, list) else _mapping(node)[part]
        return node

    def described(self, pointer: str) -> bool:
        """The raw spec documents the value at `pointer`, directly or through what it stands for."""
        return self._description(self.at(pointer), 0) is not None

    def _description(self, value: object, depth: int) -> Optional[str]:
        node = _as_mapping(value)
        if node is None or depth > 20:
            return None
        if node.get("description"):
            return str(node["description"])
        if "$ref" in node:
            return self._description(self.at(str(node["$ref"])), depth + 1)
        if "schema" in node:  # a parameter object
            return self._description(node["schema"], depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            listed = node.get(key)
            members = cast("List[object]", listed) if isinstance(listed, list) else []
            real = [m for m in members if (_as_mapping(m) or {}).get("type") != "null"]
            if len(real) == 1:
                return self._description(real[0], depth + 1)
        return None


def _as_mapping(value: object) -> Optional[Mapping[str, object]]:
    return cast("Mapping[str, object]", value) if isinstance(value, dict) else None


def _mapping(value: object) -> Mapping[str, object]:
    node = _as_mapping(value)
    assert node is not None
    return node


@pytest.fixture(scope="module")
def openai_spec() -> _Spec:
    return _Spec()


def _methods(api: Api) -> Iterator[Tuple[Resource, Method]]:
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        for method in resource.methods:
            yield resource, method
        stack.extend(resource.children)


def _spec_arguments(spec: _Spec, method: Method) -> Dict[str, str]:
    """Wire name -> JSON pointer of each parameter and body property of `method`."""
    operation = method.operation
    out = {p.name: p.pointer for p in (*operation.path_params, *operation.query_params, *operation.header_params)}
    body = operation.body.schema if operation.body is not None else None
    if body is not None:
        obj: Schema = body
        while isinstance(obj, RefSchema):
            obj = spec.api.schema_index[obj.target].schema
        if isinstance(obj, ObjectSchema):
            out.update({prop.name: prop.pointer for prop in obj.properties})
    return out


def test_every_described_method_parameter_is_documented(openai_spec: _Spec) -> None:
    undocumented: List[str] = []
    for resource, method in _methods(openai_spec.api):
        module = f"{openai_spec.names.package}.resources.x"
        plan = plan_method(openai_spec.api, resource, method, openai_spec.names, openai_spec.config, module)
        pointers = _spec_arguments(openai_spec, method)
        args = [
            *plan.args,
            *([plan.positional] if plan.positional else []),
            *([plan.stream_arg] if plan.stream_arg else []),
        ]
        for arg in args:
            pointer = pointers.get(arg.wire)
            if pointer is not None and openai_spec.described(pointer) and not arg.description:
                undocumented.append(f"{'.'.join(resource.path)}.{method.name}({arg.name})")
    assert undocumented == []


def test_chat_completions_create_documents_every_parameter(openai_generation: Tuple[Generation, Untyped]) -> None:
    files = {item.path: item.text for item in openai_generation[0].files}
    tree = ast.parse(files["src/oai/resources/chat/completions/completions.py"])
    create = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "create" and ast.get_docstring(node)
    )
    documented = {line.strip().split(":")[0] for line in (ast.get_docstring(create) or "").splitlines()}
    keywords = [
        arg.arg
        for arg in create.args.kwonlyargs
        if arg.arg not in ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries")
    ]
    assert len(keywords) >= 36
    assert [name for name in keywords if name not in documented] == []


def _documented_fields(tree: ast.Module, class_name: str) -> Set[str]:
    cls = next((node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name), None)
    if cls is None:  # an alias of another class (a nested name lent by another module)
        return set()
    out: Set[str] = set()
    for statement, following in zip(cls.body, [*cls.body[1:], None], strict=True):
        is_doc = isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and is_doc:
            out.add(statement.target.id)
    return out


def _classes(spec: _Spec, item_name: str, param: bool) -> Iterator[Tuple[str, str, ObjectSchema]]:
    """(module, class name, object) of a component's class and its inline classes, on one side."""
    target = (spec.names.params if param else spec.names.models).get(item_name)
    if target is None:
        return
    schema = class_view(spec.api.schema_index[item_name].schema)
    for obj in inline_objects(schema):
        name = target.name if obj is schema else spec.names.nested.get((target.module, obj.pointer))
        if name is not None and obj.properties:
            yield target.module, name, obj


@pytest.mark.parametrize("param", [False, True], ids=["model fields", "TypedDict keys"])
def test_every_described_field_is_documented(
    openai_spec: _Spec, openai_generation: Tuple[Generation, Untyped], param: bool
) -> None:
    files = {item.path: item.text for item in openai_generation[0].files}
    trees: Dict[str, ast.Module] = {}
    undocumented: List[str] = []
    for item in openai_spec.api.schemas:
        entry = openai_spec.config.types.get(item.name)
        computed = entry.computed if entry is not None else ()  # a mixin's property, documented there
        for module, class_name, obj in _classes(openai_spec, item.name, param):
            path = openai_spec.names.module_file(module)
            if path not in files:
                continue  # a type the package does not need is not emitted (sdkforge/reach.py)
            if path not in trees:
                trees[path] = ast.parse(files[path])
            documented = _documented_fields(trees[path], class_name)
            keys = (
                key_names(entries(obj))
                if param
                else [name for _, name in field_names(obj, set(), openai_spec.names.field_renames)]
            )
            for prop, name in zip(obj.properties, keys, strict=True):
                if name not in documented and prop.name not in computed and openai_spec.described(prop.pointer):
                    undocumented.append(f"{module}.{class_name}.{name}")
    assert undocumented == []


def test_emitters_write_exact_sorted_imports(openai_generation: Tuple[Generation, Untyped], tmp_path: Path) -> None:
    # The format stage only runs `ruff format`: whatever the emitters import must be used, every
    # name they print imported (F821), in the order and sections ruff's isort rules give it.
    for item in openai_generation[0].files:
        if item.path.endswith(".py"):
            target = tmp_path / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")
    settings = [
        "--isolated",
        "--no-cache",
        "--line-length",
        "120",
        "--config",
        'lint.isort.known-first-party = ["oai"]',
    ]
    subprocess.run([find_ruff(), "format", "--quiet", *settings, "."], cwd=tmp_path, check=True)
    check = [find_ruff(), "check", *settings, "--select", "F401,F821,I", "--output-format", "concise", "."]
    result = subprocess.run(check, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[:20] == ["All checks passed!"]
