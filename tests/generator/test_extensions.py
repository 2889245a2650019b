"""Tests for mixins (`extends`), method aliases (`alias_of`), response overrides, `x-stainless-param` and `Param` names."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.api_md import emit_api_md
from sdkforge.emit.client import emit_client
from sdkforge.emit.resources import emit_resources
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api, ResponseKind
from sdkforge.loader import load_spec
from sdkforge.naming import Names, build_names
from sdkforge.resolver import resolve

SPEC = """\
openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /notes:
    post:
      operationId: createNote
      parameters:
        - name: x-beta
          in: header
          schema: {type: array, items: {type: string}, x-stainless-param: betas}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NoteParam"}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /notes/{note_id}/content:
    get:
      operationId: downloadNote
      parameters:
        - {name: note_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          content:
            application/json:
              schema: {type: string}
components:
  schemas:
    Note:
      type: object
      required: [id]
      properties:
        id: {type: string}
        tag: {$ref: "#/components/schemas/TagParam"}
    NoteParam:
      type: object
      properties:
        text: {type: string}
        tag: {$ref: "#/components/schemas/TagParam"}
    TagParam:
      type: object
      properties:
        label: {type: string}
"""

CONFIG = """\
package: pkg
header: "# generated"
client:
  extends: {sync: "pkg.lib.client:ClientHelpers", async: "pkg.lib.client:AsyncClientHelpers"}
resources:
  notes:
    extends: {sync: "pkg.lib.notes:NotesHelpers", async: "pkg.lib.notes:AsyncNotesHelpers"}
    methods:
      create: {operation: createNote, returns: Note}
      content: {operation: downloadNote, response: binary}
      retrieve_content: {operation: downloadNote, alias_of: content, deprecated: true, response: text}
"""


def _build(tmp_path: Path, config_text: str = CONFIG) -> Tuple[Api, List[str], Names | None, Dict[str, str]]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(config_text)
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, config)
    errors = [d.message for d in resolved.diagnostics.items if d.level.name == "ERROR"]
    if errors:
        return api, errors, None, {}
    names = build_names(api, config)
    files = [*emit_resources(api, names, config), emit_client(api, names, config), emit_api_md(api, names, config)]
    return api, errors, names, {f.path: f.text for f in files}


def test_extends_makes_the_mixin_the_first_base_and_imports_it(tmp_path: Path) -> None:
    _, errors, _, files = _build(tmp_path)
    assert errors == []
    source = files["src/pkg/resources/notes.py"]
    assert "class Notes(NotesHelpers, SyncAPIResource):" in source
    assert "class AsyncNotes(AsyncNotesHelpers, AsyncAPIResource):" in source
    assert "from ..lib.notes import AsyncNotesHelpers, NotesHelpers" in source


def test_client_extends_makes_the_client_mixin_inherit_the_helper(tmp_path: Path) -> None:
    _, _, _, files = _build(tmp_path)
    source = files["src/pkg/_client_resources.py"]
    assert "class ClientResources(ClientHelpers, SyncAPIClient):" in source
    assert "class AsyncClientResources(AsyncClientHelpers, AsyncAPIClient):" in source
    assert "from .lib.client import AsyncClientHelpers, ClientHelpers" in source


def test_extends_rejects_a_reference_without_a_class() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(CONFIG.replace("pkg.lib.notes:NotesHelpers", "pkg.lib.notes.NotesHelpers"))
    assert info.value.issues[0].path == "resources.notes.extends.sync"


def test_alias_binds_a_second_deprecated_method_with_its_own_return(tmp_path: Path) -> None:
    _, errors, _, files = _build(tmp_path)
    assert errors == []
    source = files["src/pkg/resources/notes.py"]
    assert "cast_to=HttpxBinaryResponseContent," in source
    assert '@deprecated("The `retrieve_content` method is deprecated; use `content` instead")' in source
    assert "def _retrieve_content_impl(" in source
    assert "cast_to=str," in source
    assert (
        "self.retrieve_content = to_raw_response_wrapper(notes.retrieve_content)  # pyright: ignore[reportDeprecated]"
        in source
    )


def test_a_deprecated_resource_deprecates_its_methods_and_its_sub_resources(tmp_path: Path) -> None:
    create = "      create: {operation: createNote, returns: Note}\n"
    config = CONFIG.replace("  notes:\n", "  notes:\n    deprecated: true\n").replace(create, "")
    config += "  notes.drafts:\n    methods:\n" + create
    api, errors, _, files = _build(tmp_path, config)
    assert errors == []
    notes = api.resources[0]
    assert [m.is_deprecated for m in notes.methods] == [True, True]
    assert [m.is_deprecated for m in notes.children[0].methods] == [True]
    assert '@deprecated("The `create` method is deprecated")' in files["src/pkg/resources/notes/drafts.py"]


def test_a_deprecated_resource_may_give_the_warning_message(tmp_path: Path) -> None:
    config = CONFIG.replace("  notes:\n", "  notes:\n    deprecated: Notes are going away\n")
    _, errors, _, files = _build(tmp_path, config)
    assert errors == []
    source = files["src/pkg/resources/notes.py"]
    assert source.count('@deprecated("Notes are going away")') == 6  # 3 methods, sync and async


def test_api_md_counts_operations_and_marks_aliases(tmp_path: Path) -> None:
    _, _, _, files = _build(tmp_path)
    text = files["api.md"]
    assert "2 operations, 3 methods (1 of them aliases" in text
    assert "retrieve_content</a>(note_id) -> str</code> (alias of `content`, deprecated)" in text
    assert "content</a>(note_id) -> HttpxBinaryResponseContent</code>\n" in text


def test_response_override_changes_the_response_kind(tmp_path: Path) -> None:
    api, _, _, _ = _build(tmp_path)
    (resource,) = api.resources
    kinds = {method.name: method.operation.response.kind for method in resource.methods}
    assert kinds == {
        "create": ResponseKind.MODEL,
        "content": ResponseKind.BINARY,
        "retrieve_content": ResponseKind.TEXT,
    }


def test_second_binding_without_alias_of_is_an_error(tmp_path: Path) -> None:
    config = CONFIG.replace("alias_of: content, ", "")
    _, errors, _, _ = _build(tmp_path, config)
    assert any("already bound to notes.content" in message for message in errors)


def test_alias_of_must_name_a_sibling_bound_to_the_same_operation(tmp_path: Path) -> None:
    config = CONFIG.replace("alias_of: content", "alias_of: create")
    _, errors, _, _ = _build(tmp_path, config)
    assert any("`alias_of: create` must name another method of `notes`" in message for message in errors)


def test_unknown_response_kind_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(CONFIG.replace("response: binary", "response: pdf"))
    assert info.value.issues[0].path == "resources.notes.methods.content.response"
    assert "pdf" in info.value.issues[0].message


def test_x_stainless_param_names_the_keyword(tmp_path: Path) -> None:
    _, _, _, files = _build(tmp_path)
    source = files["src/pkg/resources/notes.py"]
    assert "betas: SequenceNotStr[str] | Omit = omit," in source
    assert '"x-beta": ",".join(betas) if not isinstance(betas, Omit) else omit' in source


def test_schema_named_param_gets_no_second_param_suffix(tmp_path: Path) -> None:
    _, _, names, _ = _build(tmp_path)
    assert names is not None
    # The request-side TypedDict keeps the schema's own name; the model drops the suffix.
    assert names.params["NoteParam"].name == "NoteParam"
    assert names.params["TagParam"].name == "TagParam"
    assert names.models["TagParam"].name == "Tag"
    # `Note` already exists, so the model of `NoteParam` cannot become `Note`.
    assert names.models["NoteParam"].name == "NoteParamModel"
    assert names.models["Note"].name == "Note"
    assert names.params["NoteParam"].module == "pkg.types.note_param"
    every = [m.name for m in names.models.values()] + [p.name for p in names.params.values()]
    assert not [name for name in every if name.endswith("ParamParam")]
    assert len(set(every)) == len(every)


ROOT = Path(__file__).resolve().parents[2]
REAL_SPEC = ROOT.parent / "shared" / "spec" / "openai" / "openapi.yaml"


def test_repo_config_on_the_real_spec_lists_every_operation_and_returns_usage_as_one_object() -> None:
    from sdkforge.config import load_config

    config = load_config(ROOT / "sdkforge.yml")
    resolved = resolve(load_spec(REAL_SPEC))
    api = build_api(resolved, config)
    assert not resolved.diagnostics.has_errors, resolved.diagnostics.render()
    names = build_names(api, config)
    text = emit_api_md(api, names, config).text
    rows = [line for line in text.splitlines() if line.startswith("- <code title=")]
    helpers = [row for row in rows if "(helper: " in row]
    rows = [row for row in rows if row not in helpers]
    assert len(rows) == 290
    assert sum("(alias of `" not in row for row in rows) == 288
    assert len(helpers) == 4  # chat.completions and responses: parse, stream
    assert "288 operations, 290 methods (2 of them aliases" in text
    stack = list(api.resources)
    usage = None
    while stack:
        resource = stack.pop()
        usage = resource if resource.path == ("admin", "organization", "usage") else usage
        stack.extend(resource.children)
    assert usage is not None and len(usage.methods) == 11
    for method in usage.methods:
        # As the official SDK: one `Usage*Response` object (data, has_more, next_page), not a page.
        response = method.operation.response
        assert response.page is None and getattr(response.schema, "target", None) == "UsageResponse", method.name
        assert method.returns is not None and method.returns.startswith("Usage"), method.name


# -- a model mixin with computed properties (`types.<Schema>.extends` / `computed`) ------------

MODEL_MIXIN = """\
types:
  Note:
    name: Note
    package: pkg.types
    extends: "pkg.lib.note_text:NoteTextMixin"
    computed: [tag]
"""


def _model_source(tmp_path: Path, types_text: str) -> str:
    from sdkforge.emit.types import emit_types

    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(CONFIG + types_text)
    api = build_api(resolve(load_spec(spec)), config)
    names = build_names(api, config)
    files = {f.path: f.text for f in emit_types(api, names, config)}
    return files["src/pkg/types/note.py"]


def test_a_type_mixin_is_the_first_base_and_its_computed_properties_are_not_fields(tmp_path: Path) -> None:
    source = _model_source(tmp_path, MODEL_MIXIN)
    assert "class Note(NoteTextMixin, BaseModel):" in source
    assert "from ..lib.note_text import NoteTextMixin" in source
    assert "    id: str" in source
    assert "tag:" not in source  # the mixin's property is what callers read


def test_without_a_mixin_the_model_keeps_every_field(tmp_path: Path) -> None:
    source = _model_source(tmp_path, "types:\n  Note: {name: Note, package: pkg.types}\n")
    assert "class Note(BaseModel):" in source
    assert "tag: Optional[Tag] = None" in source or "tag: Optional[" in source


def test_computed_without_a_mixin_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(CONFIG + "types:\n  Note: {name: Note, package: pkg.types, computed: [tag]}\n")
    assert info.value.issues[0].path == "types.Note"
    assert "extends" in info.value.issues[0].message


def test_a_computed_name_that_is_not_a_property_is_reported(tmp_path: Path) -> None:
    from sdkforge.naming import type_config_issues

    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(CONFIG + MODEL_MIXIN.replace("[tag]", "[title]"))
    api = build_api(resolve(load_spec(spec)), config)
    issues = type_config_issues(api, build_names(api, config), config)
    assert issues == [("types.Note.computed", "'Note' has no property 'title' to compute")]


# -- per-argument checks (`methods.<m>.checks`) -------------------------------------------------


def test_a_check_is_imported_and_called_with_the_argument_before_the_request(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "create: {operation: createNote, returns: Note}",
        "create: {operation: createNote, returns: Note, checks: {text: 'pkg.lib.notes:check_text'}}",
    )
    _, errors, _, files = _build(tmp_path, config)
    assert errors == []
    source = files["src/pkg/resources/notes.py"]
    assert "from ..lib.notes import AsyncNotesHelpers, NotesHelpers, check_text" in source
    sync_create = source[source.index("    def create(") :]
    assert sync_create.index("check_text(text)") < sync_create.index("return self._post(")
    async_create = source[source.index("    async def create(") :]
    assert async_create.index("check_text(text)") < async_create.index("return await self._post(")


def test_a_check_of_an_unknown_argument_is_an_error_naming_the_config_path(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "create: {operation: createNote, returns: Note}",
        "create: {operation: createNote, returns: Note, checks: {colour: 'pkg.lib.notes:check'}}",
    )
    with pytest.raises(ValueError, match=r"resources\.notes\.methods\.create\.checks: .*'colour'"):
        _build(tmp_path, config)


def test_a_check_reference_without_a_function_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(
            CONFIG.replace(
                "create: {operation: createNote, returns: Note}",
                "create: {operation: createNote, returns: Note, checks: {text: 'pkg.lib.notes.check'}}",
            )
        )
    assert info.value.issues[0].path == "resources.notes.methods.create.checks"
    assert "'dotted.module:function'" in str(info.value)  # a function, not a class
