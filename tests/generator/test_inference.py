"""Config inference (`sdkforge init`, `generate` without `--config`): the resource tree, method
names, collisions, credentials and base URL read from small specs, and the inferred config
validating as a `Config`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import yaml

from sdkforge.config import parse_config
from sdkforge.inference import infer_config_text
from sdkforge.inference.pagination import infer_page
from sdkforge.inference.project import infer_base_url, infer_credentials
from sdkforge.inference.resources import infer_methods, path_words
from sdkforge.pipeline import generate


def _op(operation_id: str, **extra: Any) -> Dict[str, Any]:
    return {"operationId": operation_id, "responses": {"200": {"description": "ok"}}, **extra}


def _placed(paths: Dict[str, Any]) -> Dict[str, str]:
    return {m.operation_id: f"{m.resource}.{m.name}" for m in infer_methods(paths)}


def test_version_prefix_and_format_suffix_are_dropped() -> None:
    assert path_words("/2010-04-01/Accounts/{AccountSid}/Calls.json") == [
        ("Accounts", False),
        ("{AccountSid}", True),
        ("Calls", False),
    ]
    assert path_words("/v1/jobs") == [("jobs", False)]
    assert path_words("/v2beta/jobs/{id}.xml") == [("jobs", False), ("{id}", True)]


def test_conventional_method_names_on_collections_and_items() -> None:
    paths = {
        "/v1/jobs": {"get": _op("listJobs"), "post": _op("makeJob")},
        "/v1/jobs/{id}": {"get": _op("getJob"), "patch": _op("editJob"), "delete": _op("dropJob")},
    }
    assert _placed(paths) == {
        "listJobs": "jobs.list",
        "makeJob": "jobs.create",
        "getJob": "jobs.retrieve",
        "editJob": "jobs.update",
        "dropJob": "jobs.delete",
    }


def test_post_on_an_item_is_update_and_path_segments_are_snake_case() -> None:
    paths = {"/2010-04-01/Accounts/{Sid}/IncomingPhoneNumbers/{Sid2}.json": {"post": _op("UpdateNumber")}}
    assert _placed(paths) == {"UpdateNumber": "accounts.incoming_phone_numbers.update"}


def test_action_segments_become_methods_of_their_resource() -> None:
    paths = {
        "/jobs": {"get": _op("listJobs")},
        "/jobs/{id}/cancel": {"post": _op("cancelJob")},
        "/pets/findByStatus": {"get": _op("findPets")},
    }
    assert _placed(paths) == {
        "listJobs": "jobs.list",
        "cancelJob": "jobs.cancel",
        "findPets": "pets.find_by_status",
    }


def test_a_last_segment_with_children_or_several_verbs_is_a_resource() -> None:
    paths = {
        "/store/order": {"post": _op("placeOrder")},
        "/store/order/{id}": {"get": _op("getOrder")},
        "/numbers/Local": {"get": _op("listLocal"), "post": _op("createLocal")},
    }
    assert _placed(paths) == {
        "placeOrder": "store.order.create",
        "getOrder": "store.order.retrieve",
        "listLocal": "numbers.local.list",
        "createLocal": "numbers.local.create",
    }


def test_a_path_without_literal_segments_falls_back_to_the_first_tag() -> None:
    paths = {"/{id}": {"get": _op("getThing", tags=["Things"])}}
    assert _placed(paths) == {"getThing": "things.retrieve"}


def test_collisions_keep_the_first_name_and_name_the_others_after_the_operation_id() -> None:
    paths = {
        "/pet": {"put": _op("updatePet")},
        "/pet/{petId}": {"post": _op("updatePetWithForm"), "put": _op("replacePet")},
    }
    methods = infer_methods(paths)
    # Spec order: paths in order, verbs in OpenAPI's order (put before post).
    assert [(m.operation_id, m.name) for m in methods] == [
        ("updatePet", "update"),
        ("replacePet", "replace_pet"),
        ("updatePetWithForm", "update_pet_with_form"),
    ]
    assert [bool(m.note) for m in methods] == [False, True, True]
    assert "`update` is taken on `pet`" in methods[1].note


def test_a_segment_used_as_a_parent_elsewhere_is_a_resource_not_an_action() -> None:
    paths = {
        "/jobs/logs": {"get": _op("allLogs")},
        "/jobs/{id}/logs/{logId}": {"get": _op("getLog")},
    }
    assert _placed(paths) == {"allLogs": "jobs.logs.list", "getLog": "jobs.logs.retrieve"}


def test_numbered_names_when_the_operation_id_is_taken_too() -> None:
    methods = infer_methods({"/a": {"get": _op("update")}, "/a/{id}": {"put": _op("u"), "patch": _op("update")}})
    assert [m.name for m in methods] == ["list", "update", "update_2"]


def test_inference_is_deterministic_and_validates() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Jobs", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {"/jobs": {"get": _op("listJobs")}},
    }
    first = infer_config_text(document, "jobs_api")
    assert first == infer_config_text(document, "jobs_api")
    config = parse_config(first.text)
    assert config.project is not None
    assert (config.project.client, config.project.error, config.project.base_url_env) == (
        "JobsApi",
        "JobsApiError",
        "JOBS_API_BASE_URL",
    )
    assert config.resources["jobs"].methods["list"].operation == "listJobs"
    assert "# " in first.text  # commented for a person to edit


def _schemes(schemes: Dict[str, Any]) -> List[Dict[str, str]]:
    credentials, _ = infer_credentials({"components": {"securitySchemes": schemes}}, "ACME")
    return credentials


def test_bearer_and_oauth2_are_bearer_tokens() -> None:
    assert _schemes({"Bearer": {"type": "http", "scheme": "bearer"}}) == [
        {"name": "api_key", "env": "ACME_API_KEY", "scheme": "Bearer", "kind": "bearer"}
    ]
    assert _schemes({"oauth": {"type": "oauth2", "flows": {}}}) == [
        {"name": "access_token", "env": "ACME_ACCESS_TOKEN", "scheme": "oauth", "kind": "bearer"}
    ]


def test_basic_auth_is_two_credentials() -> None:
    assert [(c["name"], c["kind"], c["env"]) for c in _schemes({"b": {"type": "http", "scheme": "basic"}})] == [
        ("username", "basic_username", "ACME_USERNAME"),
        ("password", "basic_password", "ACME_PASSWORD"),
    ]


def test_api_keys_in_header_and_query_keep_their_wire_names() -> None:
    credentials = _schemes(
        {
            "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "token": {"type": "apiKey", "in": "query", "name": "token"},
        }
    )
    assert [(c["name"], c["kind"], c.get("wire")) for c in credentials] == [
        ("api_key", "header", "X-Api-Key"),
        ("token_api_key", "query", "token"),  # the second scheme's name is prefixed
    ]


def test_unsupported_schemes_are_reported() -> None:
    credentials, notes = infer_credentials(
        {"components": {"securitySchemes": {"c": {"type": "apiKey", "in": "cookie", "name": "sid"}}}}, "ACME"
    )
    assert credentials == [] and "not supported" in notes[0]


def test_base_url_from_servers_variables_and_per_path_servers() -> None:
    assert infer_base_url({"servers": [{"url": "https://api.example.com/v1/"}]}) == "https://api.example.com/v1"
    templated = {"servers": [{"url": "https://{region}.example.com", "variables": {"region": {"default": "eu"}}}]}
    assert infer_base_url(templated) == "https://eu.example.com"
    per_path = {"paths": {"/a": {"servers": [{"url": "https://api.twilio.example"}]}}}
    assert infer_base_url(per_path) == "https://api.twilio.example"
    assert infer_base_url({"servers": [{"url": "/api/v3"}]}) is None


def test_init_text_round_trips_through_yaml() -> None:
    document: Dict[str, Any] = {
        "openapi": "3.0.0",
        "info": {"title": 'Quote "me"', "version": "1"},
        "components": {"securitySchemes": {"b": {"type": "http", "scheme": "basic"}}},
        "security": [{"b": []}],
        "paths": {"/things": {"get": _op("list-things")}},
    }
    text = infer_config_text(document, "things").text
    data = yaml.safe_load(text)
    assert data["security"] == {"default": "b"}
    assert data["resources"]["things"]["methods"]["list"] == {"operation": "list-things"}


def _list_op(params: List[Dict[str, Any]], props: Dict[str, Any]) -> Dict[str, Any]:
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, **props}}
    return {
        "operationId": "listThings",
        "parameters": params,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
    }


def _style(params: List[Dict[str, Any]], props: Dict[str, Any], verb: str = "get") -> Any:
    document: Dict[str, Any] = {"paths": {"/things": {verb: _list_op(params, props)}}}
    style = infer_page(document, document["paths"]["/things"], verb, document["paths"]["/things"][verb])
    return None if style is None else (style.rule, style.request, style.response)


def _query(name: str, kind: str = "string") -> Dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


def test_pagination_styles_from_parameters_and_responses() -> None:
    assert _style([], {"next_page_uri": {"type": "string", "format": "uri"}}) == ("next_url", (), ("next_page_uri",))
    assert _style([], {"nextLink": {"type": "string"}}) == ("next_url", (), ("nextLink",))
    assert _style([_query("page_token")], {"next_page_token": {"type": "string"}}) == (
        "cursor",
        ("page_token",),
        ("next_page_token",),
    )
    assert _style([_query("Page", "integer"), _query("PageSize", "integer")], {}) == ("page_number", ("Page",), ())
    assert _style([_query("offset", "integer"), _query("limit", "integer")], {}) == ("offset", ("offset",), ())


def test_no_pagination_without_a_rule_a_single_list_or_a_get() -> None:
    assert _style([_query("limit", "integer")], {}) is None
    assert _style([], {"next": {"type": "string"}, "more": {"type": "array"}}) is None  # two arrays
    assert _style([], {"next": {"type": "string"}}, verb="post") is None
    assert _style([_query("cursor")], {}) is None  # a cursor parameter but nothing to send back


def test_inferred_styles_land_in_the_config() -> None:
    document: Dict[str, Any] = {
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/things": {"get": _list_op([_query("page", "integer")], {})}},
    }
    config = parse_config(infer_config_text(document, "things").text)
    assert config.resources["things"].methods["list"].page == "page_number"
    style = config.pagination["page_number"]
    assert (style.sync, style.rule, style.request) == ("SyncPageNumberPage", "page_number", ("page",))


def test_a_path_on_another_server_calls_it_absolutely() -> None:
    document: Dict[str, Any] = {
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things": {"get": _op("listThings")},
            "/uploads": {"servers": [{"url": "https://upload.example.com/"}], "post": _op("createUpload")},
        },
    }
    config = parse_config(infer_config_text(document, "things").text)
    assert config.resources["things"].methods["list"].server is None
    assert config.resources["uploads"].methods["create"].server == "https://upload.example.com"


def test_the_generated_method_calls_its_own_server(tmp_path: Path) -> None:
    document: Dict[str, Any] = {
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things": {"get": _op("listThings")},
            "/uploads": {"servers": [{"url": "https://upload.example.com"}], "post": _op("createUpload")},
        },
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = generate(spec, None, "things")
    assert not result.diagnostics.has_errors
    files = {f.path: f.text for f in result.files}
    assert '"https://upload.example.com/uploads"' in files["src/things/resources/uploads.py"]
    assert '"/things"' in files["src/things/resources/things.py"]
