"""Tests for sdkforge.ir.build: operations, params, bodies, responses, pages, streams and config binding."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Tuple

from sdkforge.config import Config, load_config, parse_config
from sdkforge.diagnostics import Level
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api, BodyKind, Method, Operation, ParamLocation, RefSchema, ResponseKind
from sdkforge.loader import load_spec
from sdkforge.resolver import resolve

SPECS = Path(__file__).parent / "specs"
WIDGETS = SPECS / "frontend_widgets.yaml"
WIDGETS_CONFIG = SPECS / "frontend_widgets_config.yaml"
REPO = Path(__file__).resolve().parents[2]
# Read at import time: the shared conftest clears OAI_* variables before each test runs.
REAL_SPEC = Path(os.environ.get("OAI_SPEC", str(REPO.parent / "shared" / "spec" / "openai" / "openapi.yaml")))


def _build(config: Config | None = None) -> Tuple[Api, list[str]]:
    spec = resolve(load_spec(WIDGETS))
    api = build_api(spec, config or load_config(WIDGETS_CONFIG))
    return api, [str(item) for item in spec.diagnostics.sorted() if item.level is Level.ERROR]


def _operations() -> Dict[str, Operation]:
    api, errors = _build()
    assert errors == []
    return {operation.operation_id: operation for operation in api.operations}


def _methods() -> Dict[str, Method]:
    api, _ = _build()
    out: Dict[str, Method] = {}
    stack = list(api.resources)
    while stack:
        resource = stack.pop()
        out.update({".".join(resource.path) + "." + method.name: method for method in resource.methods})
        stack.extend(resource.children)
    return out


def test_operations_keep_spec_order() -> None:
    assert list(_operations()) == [
        "listWidgets",
        "createWidget",
        "getWidgetPart",
        "deleteWidgetPart",
        "downloadWidget",
        "uploadWidget",
        "beta_listWidgets",
    ]


def test_query_string_in_path_key_becomes_fixed_query() -> None:
    operation = _operations()["beta_listWidgets"]
    assert operation.path == "/widgets"
    assert operation.fixed_query == (("beta", "true"),)


def test_path_params_merge_path_level_and_follow_template_order() -> None:
    operation = _operations()["getWidgetPart"]
    assert [param.name for param in operation.path_params] == ["widget_id", "part_id"]
    assert all(param.is_required and param.location is ParamLocation.PATH for param in operation.path_params)


def test_parameter_refs_are_followed() -> None:
    operation = _operations()["downloadWidget"]
    assert operation.path_params[0].pointer == "#/components/parameters/WidgetId"


def test_query_and_header_params_are_split() -> None:
    operation = _operations()["listWidgets"]
    assert [param.name for param in operation.query_params] == ["after", "limit", "order"]
    assert [param.python_name for param in operation.header_params] == ["open_ai_beta"]


def test_json_body_and_stream_chunk_are_detected() -> None:
    operation = _operations()["createWidget"]
    assert operation.body is not None and operation.body.kind is BodyKind.JSON
    assert operation.response.stream is not None
    assert operation.response.stream.chunk == RefSchema(
        "#/paths/~1widgets/post/responses/200/content/text~1event-stream/schema", "WidgetChunk"
    )
    assert operation.response.kind is ResponseKind.MODEL


def test_multipart_body_is_detected() -> None:
    operation = _operations()["uploadWidget"]
    assert operation.body is not None
    assert operation.body.kind is BodyKind.MULTIPART and operation.body.content_type == "multipart/form-data"


def test_response_refs_are_followed() -> None:
    response = _operations()["uploadWidget"].response
    assert response.pointer == "#/components/responses/WidgetResponse"
    assert isinstance(response.schema, RefSchema) and response.schema.target == "Widget"


def test_binary_response_and_operation_security() -> None:
    operation = _operations()["downloadWidget"]
    assert operation.response.kind is ResponseKind.BINARY
    assert operation.response.content_type == "application/octet-stream"
    assert operation.security == ("AdminApiKeyAuth",)


def test_no_content_response_is_none() -> None:
    response = _operations()["deleteWidgetPart"].response
    assert response.kind is ResponseKind.NONE and response.status == "204"


def test_page_style_from_config_gives_page_with_item_type() -> None:
    method = _methods()["widgets.list"]
    response = method.operation.response
    assert response.kind is ResponseKind.PAGE
    assert response.page is not None and response.page.style == "cursor"
    assert isinstance(response.page.item, RefSchema) and response.page.item.target == "Widget"


def test_method_params_module_from_config_or_derived() -> None:
    methods = _methods()
    assert methods["widgets.create"].params_module == "widgetsdk.types.widget_create_params"
    assert methods["uploads.create"].params_module == "widgetsdk.types.upload_create_params"
    assert methods["widgets.parts.retrieve"].params_module is None


def test_resources_form_a_tree_in_config_order() -> None:
    api, _ = _build()
    assert [resource.path for resource in api.resources] == [("widgets",), ("uploads",), ("beta",)]
    assert [child.path for child in api.resources[0].children] == [("widgets", "parts")]
    assert api.resources[2].methods == ()


def test_api_metadata() -> None:
    api, _ = _build()
    assert (api.title, api.version) == ("Widgets", "1.2.3")
    assert api.security_schemes == ("ApiKeyAuth", "AdminApiKeyAuth")
    assert api.default_security == ("ApiKeyAuth",)


def test_unmapped_operation_is_an_error_with_its_pointer() -> None:
    text = WIDGETS_CONFIG.read_text().replace("      download: {operation: downloadWidget}\n", "")
    _, errors = _build(parse_config(text))
    assert errors == [
        "error: #/paths/~1widgets~1{widget_id}~1content/get: operation 'downloadWidget' is not mapped by `resources` in the config"
    ]


def test_unknown_operation_in_config_is_an_error() -> None:
    text = WIDGETS_CONFIG.read_text().replace(
        "operation: downloadWidget}", "operation: downloadWidget}\n      nope: {operation: noSuchOp}"
    )
    _, errors = _build(parse_config(text))
    assert any("unknown operation 'noSuchOp'" in error for error in errors)


def test_page_style_on_a_non_list_response_is_an_error() -> None:
    text = WIDGETS_CONFIG.read_text().replace(
        "retrieve: {operation: getWidgetPart, returns: Widget}", "retrieve: {operation: getWidgetPart, page: cursor}"
    )
    _, errors = _build(parse_config(text))
    assert any("needs an array property 'data'" in error for error in errors)


def test_real_spec_builds_into_ir_without_errors() -> None:
    spec = resolve(load_spec(REAL_SPEC))
    api = build_api(spec, load_config(REPO / "sdkforge.yml"))
    errors = [str(item) for item in spec.diagnostics.sorted() if item.level is Level.ERROR]
    assert errors == []
    assert len(api.operations) == 288
    assert len(api.schemas) == 1422
