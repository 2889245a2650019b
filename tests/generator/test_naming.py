"""Tests for sdkforge.naming: case conversion, identifiers, collisions and the names of a small API."""

from __future__ import annotations

import keyword
from pathlib import Path
from typing import List, Set, Tuple

from hypothesis import given
from hypothesis import strategies as st

from sdkforge.config import Config, TypeConfig, load_config
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api
from sdkforge.loader import load_spec
from sdkforge.naming import (
    Names,
    build_names,
    class_name,
    field_name,
    identifier,
    params_class_name,
    params_derived_module,
    pascal_case,
    resource_class_name,
    singular,
    snake_case,
    type_config_issues,
    unique,
)
from sdkforge.resolver import resolve

SPECS = Path(__file__).parent / "specs"
_TEXT = st.text(alphabet=st.characters(codec="ascii"), max_size=30)


def _names(**types: TypeConfig) -> Names:
    return build_names(*_api_and_config(**types))


def _api_and_config(**types: TypeConfig) -> Tuple[Api, Config]:
    config = load_config(SPECS / "frontend_widgets_config.yaml")
    config = config.model_copy(update={"types": {**config.types, **types}})
    return build_api(resolve(load_spec(SPECS / "frontend_widgets.yaml")), config), config


@given(_TEXT)
def test_pascal_case_is_idempotent(text: str) -> None:
    assert pascal_case(pascal_case(text)) == pascal_case(text)


@given(_TEXT)
def test_snake_case_is_idempotent(text: str) -> None:
    assert snake_case(snake_case(text)) == snake_case(text)


@given(_TEXT)
def test_identifier_is_idempotent_valid_and_not_a_keyword(text: str) -> None:
    name = identifier(text)
    assert name.isidentifier() and not keyword.iskeyword(name)
    assert identifier(name) == name


@given(_TEXT)
def test_class_name_is_a_valid_non_keyword_identifier(text: str) -> None:
    name = class_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name)
    assert class_name(name) == name


@given(_TEXT)
def test_field_name_is_usable_on_a_model(text: str) -> None:
    name = field_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
    assert name not in {"schema", "json", "copy", "dict", "model_config", "model_fields"}


@given(st.lists(_TEXT, max_size=20))
def test_unique_never_collides_within_a_scope(texts: List[str]) -> None:
    used: Set[str] = set()
    out = [unique(class_name(text), used) for text in texts]
    assert len(set(out)) == len(out)


def test_case_conversion_examples() -> None:
    assert pascal_case("chat.completion-chunk") == "ChatCompletionChunk"
    assert snake_case("AdminAPIKey") == "admin_api_key"
    assert snake_case("ChatCompletionTokenLogprob") == "chat_completion_token_logprob"
    assert class_name("Error-2") == "Error2"
    assert identifier("from") == "from_"
    assert identifier("2x") == "_2x"


def test_field_name_renames_reserved_and_invalid_names() -> None:
    assert field_name("type") == "type"
    assert field_name("schema") == "schema_"
    assert field_name("model_config") == "api_model_config"
    assert field_name("model_ids") == "api_model_ids"
    assert field_name("data-type") == "data_type"
    assert field_name("from") == "from_"
    assert field_name("_id") == "id"


def test_singular_handles_common_plurals() -> None:
    assert singular("TestingCriteria") == "TestingCriterion"
    assert [singular(word) for word in ["choices", "entries", "boxes", "status", "data"]] == [
        "choice",
        "entry",
        "box",
        "status",
        "data",
    ]


def test_resource_and_params_names() -> None:
    assert resource_class_name(("chat", "completions")) == "Completions"
    assert params_class_name("pkg.types.chat.completion_create_params") == "CompletionCreateParams"
    assert params_derived_module("pkg", ("chat", "completions"), "create") == "pkg.types.chat.completion_create_params"


def test_config_rename_sets_class_and_package() -> None:
    names = _names()
    assert names.model("WidgetChunk").module == "widgetsdk.types.streaming.widget_delta"
    assert names.model("WidgetChunk").name == "WidgetDelta"


def test_non_identifier_schema_name_is_derived() -> None:
    assert _names().model("Error-2").name == "Error2"


def test_inline_objects_are_named_from_their_property() -> None:
    names = _names()
    module = names.model("Widget").module
    assert names.nested_class(module, "#/components/schemas/Widget/properties/owner") == "Owner"
    assert names.nested_class(module, "#/components/schemas/Widget/properties/parts/items") == "Part"


def test_param_twins_only_for_object_schemas_used_in_requests() -> None:
    names = _names()
    assert names.request_schemas == ("Circle", "CreateWidgetRequest", "Shape", "Square", "WidgetBase")
    assert names.param("CreateWidgetRequest").name == "CreateWidgetRequestParam"
    assert "Widget" not in names.params


def test_module_names_do_not_collide_within_a_package() -> None:
    names = _names()
    modules = [where.module for where in [*names.models.values(), *names.params.values()]]
    assert len(set(modules)) == len(modules)


def test_config_param_names_the_twin_apart_from_the_model() -> None:
    names = _names(Shape=TypeConfig(name="Shape", package="widgetsdk.types", param="ShapeInput"))
    assert names.model("Shape").name == "Shape"
    assert names.param("Shape").name == "ShapeInput"
    assert names.param("Shape").module == "widgetsdk.types.shape_input"
    # Others keep the derived `<Model>Param`.
    assert names.param("Circle").name == "CircleParam"


def test_config_param_claims_its_name_before_derived_twins() -> None:
    # Circle's twin would derive `CircleParam`; Shape's configured twin wants that name first.
    names = _names(Shape=TypeConfig(name="Shape", package="widgetsdk.types", param="CircleParam"))
    assert names.param("Shape").name == "CircleParam"
    assert names.param("Circle").name == "CircleParam2"


def test_type_config_issues_name_unknown_schemas_and_twinless_params() -> None:
    api, config = _api_and_config(
        Nope=TypeConfig(name="Nope", package="widgetsdk.types"),
        Metadata=TypeConfig(name="Metadata", package="widgetsdk.types", param="MetadataInput"),
    )
    issues = type_config_issues(api, build_names(api, config), config)
    assert issues == [
        ("types.Metadata.param", "'Metadata' has no object, so it has no TypedDict twin to name"),
        ("types.Nope", "no component schema named 'Nope' in the spec"),
    ]


def test_config_param_gives_a_twin_to_a_schema_no_request_uses() -> None:
    # `WidgetList` is only a response; its `param` asks for a twin all the same, and what it
    # references (`Widget`) gets one too.
    names = _names(WidgetList=TypeConfig(name="WidgetList", package="widgetsdk.types", param="WidgetListInput"))
    assert names.param("WidgetList").name == "WidgetListInput"
    assert names.param("WidgetList").module == "widgetsdk.types.widget_list_input"
    assert "Widget" in names.params


def test_type_config_issues_none_for_a_valid_config() -> None:
    api, config = _api_and_config()
    assert type_config_issues(api, build_names(api, config), config) == []


def test_config_aliases_get_modules_of_their_own_for_model_and_twin() -> None:
    names = _names(Shape=TypeConfig(name="Shape", package="widgetsdk.types", aliases=("widgetsdk.types.geo.Form",)))
    pairs = {(alias.module, alias.name): (target.module, target.name) for alias, target in names.aliases}
    assert pairs == {
        ("widgetsdk.types.geo.form", "Form"): ("widgetsdk.types.shape", "Shape"),
        ("widgetsdk.types.geo.form_param", "FormParam"): ("widgetsdk.types.shape_param", "ShapeParam"),
    }


def test_an_alias_that_takes_another_types_name_is_an_issue() -> None:
    api, config = _api_and_config(
        Shape=TypeConfig(name="Shape", package="widgetsdk.types", aliases=("widgetsdk.types.Circle",))
    )
    names = build_names(api, config)
    assert [alias.name for alias, _ in names.aliases] == []
    assert type_config_issues(api, names, config) == [
        ("types.Shape.aliases", "'widgetsdk.types.Circle' is already the name of another type")
    ]


def test_config_param_aliases_name_the_twin_alone() -> None:
    names = _names(
        Shape=TypeConfig(
            name="Shape", package="widgetsdk.types", param_aliases=("widgetsdk.types.shared_params.Shape",)
        )
    )
    pairs = {(alias.module, alias.name): (target.module, target.name) for alias, target in names.aliases}
    assert pairs == {("widgetsdk.types.shared_params.shape", "Shape"): ("widgetsdk.types.shape_param", "ShapeParam")}


def test_config_param_aliases_of_a_schema_without_twin_name_the_model() -> None:
    names = _names(
        Widget=TypeConfig(name="Widget", package="widgetsdk.types", param_aliases=("widgetsdk.types.shared.Widget",))
    )
    assert [(a.name, t.name) for a, t in names.aliases] == [("Widget", "Widget")]
