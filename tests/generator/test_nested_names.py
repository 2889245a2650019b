"""Nested class names follow the path from the root (Stainless style), with configured acronyms,
and `naming.ref_aliases` names unnamed referenced components where they are used."""

from __future__ import annotations

import importlib
import sys
import typing
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from typing_extensions import Required

from sdkforge.config import Config, NamingConfig, TypeConfig, load_config
from sdkforge.emit.init import emit_inits
from sdkforge.emit.params import emit_params
from sdkforge.emit.types import emit_aliases, emit_types
from sdkforge.ir.build import build_api
from sdkforge.loader import load_spec
from sdkforge.naming import Names, spell, type_config_issues
from sdkforge.ref_aliases import build_all_names, extra_name_issues
from sdkforge.resolver import resolve

SPECS = Path(__file__).parent / "specs"
_SHIMS = {
    "src/nestsdk/__init__.py": "",
    "src/nestsdk/_models.py": "from oai._models import BaseModel as BaseModel\n",
    "src/nestsdk/_types.py": "from oai._types import FileTypes as FileTypes, SequenceNotStr as SequenceNotStr\n",
    "src/nestsdk/_params.py": "from oai._params import PropertyInfo as PropertyInfo\n",
    "src/nestsdk/_lazy.py": "from oai._lazy import lazy_imports as lazy_imports\n",
}


def _build(**naming: Any) -> Tuple[Config, Names, Any]:
    config = load_config(SPECS / "nested_names.sdkforge.yml")
    if naming:
        config = config.model_copy(update={"naming": NamingConfig(**naming)})
    api = build_api(resolve(load_spec(SPECS / "nested_names.yaml")), config)
    return config, build_all_names(api, config), api


def _nested(names: Names, module: str) -> List[str]:
    return sorted(name for (mod, _), name in names.nested.items() if mod == f"nestsdk.types.{module}")


def _aliases(names: Names, module: str) -> Dict[str, str]:
    pairs = names.module_aliases.get(f"nestsdk.types.{module}", [])
    return {label: f"{target.module.rsplit('.', 1)[1]}.{target.name}" for label, target in pairs}


def test_nested_names_are_the_property_path_from_the_root() -> None:
    _, names, _ = _build()
    # `choices[]` is singular, the root's own name is left out, `api_key` takes its acronym.
    assert _nested(names, "completion") == ["APIKey", "Choice", "ChoiceLogprobs", "ChoiceLogprobsContent"]
    assert _nested(names, "completion_create_params") == [
        "APIKeyFilter",
        "APIKeyFilterIPRange",
        "WebSearchOptions",
        "WebSearchOptionsUserLocation",
    ]


def test_union_variants_are_named_by_tag_or_title() -> None:
    _, names, _ = _build()
    # A discriminated variant takes its tag; an undiscriminated one its title, words capitalized alone.
    named = ["CodeInterpreter", "CodeInterpreterContainer", "CodeInterpreterContainerCodeInterpreterToolAuto"]
    assert _nested(names, "tool") == named
    assert _nested(names, "tool_param") == named


def test_variant_names_prefer_root_titles_then_tags_then_titles_then_component_names() -> None:
    _, names, _ = _build()
    # At the root a one-word title wins; a sentence title gives way to the tag.
    assert _nested(names, "event") == ["ThingStarted", "ThingWsDone"]
    # Below the root, distinct tags win over titles; without them, a title names an inline
    # variant and the component's name a referenced one.
    assert _nested(names, "data_source") == [
        "Input",
        "InputItemReference",
        "InputTemplate",
        "Message",
        "MessageChatMessage",
    ]
    assert _aliases(names, "data_source") == {"MessageEvalItem": "eval_item.EvalItem"}


def test_a_constant_every_variant_has_tags_them_through_nested_unions() -> None:
    _, names, _ = _build()
    # No discriminator and no `type`: `event` is constant in every variant, the inner union's too.
    assert _nested(names, "run_event") == ["ThreadRunCreated", "ThreadRunFailed"]
    assert _nested(names, "any_event") == ["Done"]
    assert _aliases(names, "any_event") == {
        "ThreadRunCreated": "run_event.ThreadRunCreated",
        "ThreadRunFailed": "run_event.ThreadRunFailed",
    }


def test_inline_unions_with_a_class_variant_get_a_type_alias(nestsdk: None) -> None:
    tool = importlib.import_module("nestsdk.types.tool")
    source = importlib.import_module("nestsdk.types.data_source")
    filters = importlib.import_module("nestsdk.types.filter")

    assert "CodeInterpreterContainer" in tool.__all__
    assert typing.get_args(tool.CodeInterpreterContainer)[1] is tool.CodeInterpreterContainerCodeInterpreterToolAuto
    parsed = source.DataSource.model_validate({"input": {"type": "template"}})
    assert isinstance(parsed.input, source.InputTemplate)
    # A union naming its own module's class is evaluated before that class exists: it is quoted.
    nested = filters.Filter.model_validate({"filters": [{"filters": []}]})
    assert isinstance(nested.filters[0], filters.Filter)


def test_params_with_a_stream_flag_get_streaming_variants(nestsdk: None) -> None:
    params = importlib.import_module("nestsdk.types.completion_create_params")
    hints = {
        name: typing.get_type_hints(getattr(params, name), include_extras=True)
        for name in (
            "CompletionCreateParamsBase",
            "CompletionCreateParamsNonStreaming",
            "CompletionCreateParamsStreaming",
        )
    }
    assert "stream" not in hints["CompletionCreateParamsBase"] and "tool" in hints["CompletionCreateParamsBase"]
    assert hints["CompletionCreateParamsNonStreaming"]["stream"] == typing.Optional[typing.Literal[False]]
    assert hints["CompletionCreateParamsStreaming"]["stream"] == Required[typing.Literal[True]]
    # The params class the resource methods use keeps every key, `stream` as a plain flag.
    assert typing.get_type_hints(params.CompletionCreateParams)["stream"] == typing.Optional[bool]
    assert issubclass(params.CompletionCreateParamsStreaming, dict)


def test_spell_applies_acronyms_and_normalizes_capitals() -> None:
    acronyms = frozenset({"API", "IP"})
    assert spell("admin_api_key_create_params", acronyms) == "AdminAPIKeyCreateParams"
    assert spell("MCP tool approval filter", acronyms, normalize=True) == "McpToolApprovalFilter"
    assert spell("MCPTool", acronyms) == "MCPTool"  # without normalize, capitals are kept
    assert spell("ip_allowlist.created", acronyms, normalize=True) == "IPAllowlistCreated"


def test_ref_aliases_name_unnamed_components_where_they_are_used() -> None:
    _, names, _ = _build()
    assert _aliases(names, "completion") == {
        "ChoiceModeration": "completion_moderation.CompletionModeration",
        "ChoiceModerationInput": "completion_moderation.Input",
    }
    assert _aliases(names, "tool") == {"Mcp": "mcp_tool.McpTool", "McpAllowedTools": "mcp_tool.AllowedTools"}
    assert _aliases(names, "tool_param") == {
        "Mcp": "mcp_tool_param.McpToolParam",
        "McpAllowedTools": "mcp_tool_param.AllowedTools",
    }
    # `Tool` is named in the config: the params module does not re-export it or its insides.
    # `Filter` is not: its TypedDict twin takes the model's name there (no model is imported).
    params = _aliases(names, "completion_create_params")
    assert params["Filter"] == "filter_param.FilterParam"
    assert params["FilterFilterDataSource"] == "data_source_param.DataSourceParam"
    assert not any(label.startswith("Tool") for label in params)


def test_a_list_of_one_type_lends_that_types_nested_names() -> None:
    _, names, _ = _build()
    assert _aliases(names, "completion_list") == {
        "APIKey": "completion.APIKey",
        "Choice": "completion.Choice",
        "ChoiceLogprobs": "completion.ChoiceLogprobs",
        "ChoiceLogprobsContent": "completion.ChoiceLogprobsContent",
        "ChoiceModeration": "completion_moderation.CompletionModeration",
        "ChoiceModerationInput": "completion_moderation.Input",
    }


def test_a_subclass_lends_its_bases_nested_names() -> None:
    _, names, api = _build()
    assert api.schema_index["CompletionChunk"].schema.base == "Completion"
    assert _aliases(names, "completion_chunk")["ChoiceLogprobs"] == "completion.ChoiceLogprobs"


def test_a_named_type_is_walked_only_when_marked_inline() -> None:
    config, _, api = _build()
    entry = TypeConfig(name="CompletionModeration", package="nestsdk.types")
    named = config.model_copy(update={"types": {**config.types, "CompletionModeration": entry}})
    assert _aliases(build_all_names(api, named), "completion") == {}
    inline = entry.model_copy(update={"inline": True})
    marked = config.model_copy(update={"types": {**config.types, "CompletionModeration": inline}})
    assert set(_aliases(build_all_names(api, marked), "completion")) == {"ChoiceModeration", "ChoiceModerationInput"}


def test_variant_name_replaces_the_component_name_of_an_inline_variant() -> None:
    config, _, api = _build()
    entry = TypeConfig(name="EvalItem", package="nestsdk.types", inline=True, variant_name="Item")
    renamed = config.model_copy(update={"types": {**config.types, "EvalItem": entry}})
    aliases = _aliases(build_all_names(api, renamed), "data_source")
    assert aliases["MessageItem"] == "eval_item.EvalItem"
    assert "MessageEvalItem" not in aliases
    # `param_variant_name` does the same in the TypedDict modules, independently.
    both = entry.model_copy(update={"param_variant_name": "ItemParam"})
    names = build_all_names(api, config.model_copy(update={"types": {**config.types, "EvalItem": both}}))
    assert _aliases(names, "data_source_param")["MessageItemParam"] == "eval_item_param.EvalItemParam"
    assert _aliases(names, "data_source")["MessageItem"] == "eval_item.EvalItem"


def test_variant_name_must_be_an_identifier_on_an_inline_type() -> None:
    with pytest.raises(ValueError, match="needs `inline: true`"):
        TypeConfig(name="EvalItem", package="nestsdk.types", variant_name="Item")
    with pytest.raises(ValueError, match="needs `inline: true`"):
        TypeConfig(name="EvalItem", package="nestsdk.types", param_variant_name="Item")
    with pytest.raises(ValueError, match="not an identifier"):
        TypeConfig(name="EvalItem", package="nestsdk.types", inline=True, variant_name="Output text")


def test_an_alias_module_lends_its_targets_nested_names() -> None:
    _, names, _ = _build()
    assert _aliases(names, "completion_retrieve_response") == {
        "APIKey": "completion.APIKey",
        "Choice": "completion.Choice",
        "ChoiceLogprobs": "completion.ChoiceLogprobs",
        "ChoiceLogprobsContent": "completion.ChoiceLogprobsContent",
        "ChoiceModeration": "completion.ChoiceModeration",
        "ChoiceModerationInput": "completion.ChoiceModerationInput",
    }


def test_field_names_rename_a_nested_property() -> None:
    config, names, api = _build()
    assert names.field_renames == {"#/components/schemas/Completion/properties/api_key/properties/id": "key_id"}
    entry = config.types["Completion"].model_copy(update={"field_names": {"api_key.nope": "x"}})
    broken = config.model_copy(update={"types": {**config.types, "Completion": entry}})
    issues = type_config_issues(api, build_all_names(api, broken), broken)
    assert issues == [("types.Completion.field_names", "'Completion' has no property 'api_key.nope'")]


def test_ref_aliases_are_off_by_default() -> None:
    _, names, _ = _build(acronyms=["API", "IP"])
    assert names.module_aliases == {}


@pytest.fixture
def nestsdk(tmp_path: Path) -> Iterator[None]:
    config, names, api = _build()
    files = emit_types(api, names, config) + emit_aliases(names, config) + emit_params(api, names, config)
    files += emit_inits(files, names, config)
    for path, text in [*_SHIMS.items(), *((item.path, item.text) for item in files)]:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        yield
    finally:
        sys.path.remove(str(tmp_path / "src"))
        for name in [name for name in sys.modules if name == "nestsdk" or name.startswith("nestsdk.")]:
            del sys.modules[name]


def test_emitted_aliases_are_the_same_classes(nestsdk: None) -> None:
    completion = importlib.import_module("nestsdk.types.completion")
    moderation = importlib.import_module("nestsdk.types.completion_moderation")
    tool_param = importlib.import_module("nestsdk.types.tool_param")
    mcp_param = importlib.import_module("nestsdk.types.mcp_tool_param")

    assert completion.ChoiceModeration is moderation.CompletionModeration
    assert completion.ChoiceModerationInput is moderation.Input
    assert "ChoiceModeration" in completion.__all__
    assert tool_param.Mcp is mcp_param.McpToolParam
    parsed = completion.Completion.model_validate(
        {"choices": [{"moderation": {"input": {"flagged": True}}}], "api_key": {"id": "k1"}}
    )
    assert isinstance(parsed.choices[0].moderation.input, completion.ChoiceModerationInput)
    assert parsed.api_key.key_id == "k1"  # renamed by `field_names`, read from `id`
    retrieve = importlib.import_module("nestsdk.types.completion_retrieve_response")
    assert retrieve.CompletionRetrieveResponse is completion.Completion
    assert retrieve.ChoiceModerationInput is moderation.Input


def _with_extra_names(extra: Dict[str, Dict[str, str]]) -> Tuple[Config, Names, Any]:
    config, _, api = _build()
    config = config.model_copy(update={"extra_names": extra})
    return config, build_all_names(api, config), api


def test_extra_names_give_a_module_another_name_for_one_it_has(tmp_path: Path) -> None:
    config, names, api = _with_extra_names(
        {
            "nestsdk.types.completion": {
                "Pick": "Choice",
                "Mod": "ChoiceModeration",
                "Mcp": "nestsdk.types.mcp_tool:McpTool",
            }
        }
    )
    assert extra_name_issues(names, config) == []
    files = emit_types(api, names, config) + emit_aliases(names, config) + emit_params(api, names, config)
    files += emit_inits(files, names, config)
    for path, text in [*_SHIMS.items(), *((item.path, item.text) for item in files)]:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        completion = importlib.import_module("nestsdk.types.completion")
        assert completion.Pick is completion.Choice
        assert completion.Mod is completion.ChoiceModeration  # an alias of an alias
        assert completion.Mcp is importlib.import_module("nestsdk.types.mcp_tool").McpTool  # another module's
        assert {"Pick", "Mod"} <= set(completion.__all__)
        # The alias module of `Completion` lends the extra names too.
        assert importlib.import_module("nestsdk.types.completion_retrieve_response").Pick is completion.Choice
    finally:
        sys.path.remove(str(tmp_path / "src"))
        for name in [name for name in sys.modules if name == "nestsdk" or name.startswith("nestsdk.")]:
            del sys.modules[name]


def test_extra_names_that_name_nothing_or_a_taken_name_are_reported() -> None:
    config, names, _ = _with_extra_names(
        {
            "nestsdk.types.completion": {"Pick": "Nope", "APIKey": "Choice", "X": "nestsdk.types.mcp_tool:Nope"},
            "nestsdk.types.nowhere": {"A": "B"},
        }
    )
    assert extra_name_issues(names, config) == [
        ("extra_names.nestsdk.types.completion.Pick", "nestsdk.types.completion has no name 'Nope'"),
        ("extra_names.nestsdk.types.completion.APIKey", "'APIKey' is already a name in nestsdk.types.completion"),
        ("extra_names.nestsdk.types.completion.X", "nestsdk.types.mcp_tool has no name 'Nope'"),
        ("extra_names.nestsdk.types.nowhere.A", "nestsdk.types.nowhere is not a generated module"),
    ]
    with pytest.raises(ValueError, match="must be an identifier"):
        config.model_validate({**config.model_dump(), "extra_names": {"nestsdk.types.completion": {"a b": "Choice"}}})
