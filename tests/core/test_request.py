"""Tests of request building: path-parameter encoding, query flattening, URL joining, and
redirects (credentials dropped across origins, 303 turns into GET)."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import httpx
import pytest

import oai
from oai._request import flatten_query, join_url, merge_headers, path_template

from .models_fixture import json_response, make_client, resolve

pytestmark = pytest.mark.anyio


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Recorder:
    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return json_response({"ok": True})


# -- path templates ------------------------------------------------------------------------


def test_path_template_fills_placeholders() -> None:
    assert path_template("/threads/{thread_id}/runs/{run_id}", thread_id="t_1", run_id="r_2") == "/threads/t_1/runs/r_2"


def test_path_template_accepts_integers() -> None:
    assert path_template("/pages/{n}", n=3) == "/pages/3"


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("../../organization/users", "..%2F..%2Forganization%2Fusers"),
        ("a b?c#d", "a%20b%3Fc%23d"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("100%", "100%25"),
        ("ünï", "%C3%BCn%C3%AF"),
    ],
    ids=["dot-dot-slash", "reserved-chars", "dot-dot", "dot", "percent", "non-ascii"],
)
def test_path_template_percent_encodes_each_value_into_one_segment(value: str, encoded: str) -> None:
    assert path_template("/files/{file_id}", file_id=value) == f"/files/{encoded}"


def test_empty_path_value_raises_value_error_naming_the_parameter() -> None:
    with pytest.raises(ValueError, match="`file_id`"):
        path_template("/files/{file_id}", file_id="")


def test_missing_path_value_raises_value_error() -> None:
    with pytest.raises(ValueError, match="`file_id`"):
        path_template("/files/{file_id}")


@pytest.mark.parametrize("value", [None, 1.5, True, ["a"]])
def test_non_string_path_value_raises_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="`file_id`"):
        path_template("/files/{file_id}", file_id=value)


async def test_encoded_path_cannot_escape_its_resource(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    path = path_template("/files/{file_id}", file_id="../../organization/users")
    await resolve(client.get(path, cast_to=object))
    assert recorder.requests[0].url.raw_path == b"/v1/files/..%2F..%2Forganization%2Fusers"


async def test_dot_segment_value_is_not_normalised_away(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(client.get(path_template("/files/{file_id}/content", file_id=".."), cast_to=object))
    assert recorder.requests[0].url.raw_path == b"/v1/files/%2E%2E/content"


# -- URLs and headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://api.test/v1/", "/models", "https://api.test/v1/models"),
        ("https://api.test/v1/", "models", "https://api.test/v1/models"),
        ("https://api.test/", "/models", "https://api.test/models"),
        ("https://api.test/v1/", "https://other.test/x", "https://other.test/x"),
        ("https://api.test/v1/", "/models?limit=1", "https://api.test/v1/models?limit=1"),
    ],
)
def test_join_url(base: str, path: str, expected: str) -> None:
    assert str(join_url(httpx.URL(base), path)) == expected


def test_merge_headers_is_case_insensitive_and_omit_removes() -> None:
    merged = merge_headers({"X-A": "1", "x-b": "2"}, {"x-a": "3"}, {"X-B": oai.omit}, None)
    assert merged == {"x-a": "3"}


# -- query flattening ----------------------------------------------------------------------


def test_flatten_query_encodes_lists_nested_objects_and_booleans() -> None:
    params = {
        "include": ["a", "b"],
        "metadata": {"team": "search", "tags": ["x"]},
        "stream": True,
        "archived": False,
        "limit": 10,
        "after": None,
        "before": oai.omit,
    }
    assert flatten_query(params) == [
        ("include[]", "a"),
        ("include[]", "b"),
        ("metadata[team]", "search"),
        ("metadata[tags][]", "x"),
        ("stream", "true"),
        ("archived", "false"),
        ("limit", "10"),
    ]


async def test_query_is_flattened_on_the_wire(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    query: Dict[str, Any] = {"include": ["a", "b"], "filter": {"status": "done"}, "desc": True, "skip": None}
    await resolve(client.get("/things", cast_to=object, extra_query=query))
    assert recorder.requests[0].url.params.multi_items() == [
        ("include[]", "a"),
        ("include[]", "b"),
        ("filter[status]", "done"),
        ("desc", "true"),
    ]


# -- redirects -----------------------------------------------------------------------------


class Redirector:
    """Answers the first request with a redirect, then 200; records every request."""

    def __init__(self, status: int, location: str) -> None:
        self.status = status
        self.location = location
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) == 1:
            return httpx.Response(self.status, headers={"location": self.location})
        return json_response({"ok": True})


CREDENTIALS = {"api-key": "azure-key"}


async def test_redirect_to_another_origin_drops_credentials(is_async: bool) -> None:
    redirector = Redirector(307, "https://elsewhere.test/v1/things")
    client = make_client(
        redirector, is_async=is_async, default_headers=CREDENTIALS, organization="org-1", project="proj-1"
    )
    result = await resolve(client.post("/things", cast_to=object, body={"a": 1}))
    assert result == {"ok": True}
    first, second = redirector.requests
    assert first.headers["Authorization"] == "Bearer sk-test"
    assert str(second.url) == "https://elsewhere.test/v1/things"
    for name in ("Authorization", "api-key", "OpenAI-Organization", "OpenAI-Project"):
        assert name not in second.headers
    # 307 keeps the method and the body.
    assert second.method == "POST"
    assert json.loads(second.content) == {"a": 1}


async def test_redirect_to_another_port_drops_credentials(is_async: bool) -> None:
    redirector = Redirector(302, "https://api.example.test:8443/v1/things")
    client = make_client(redirector, is_async=is_async)
    await resolve(client.get("/things", cast_to=object))
    assert "Authorization" not in redirector.requests[1].headers


async def test_same_origin_redirect_keeps_credentials(is_async: bool) -> None:
    redirector = Redirector(308, "/v1/moved/things")
    client = make_client(redirector, is_async=is_async, default_headers=CREDENTIALS)
    await resolve(client.get("/things", cast_to=object))
    second = redirector.requests[1]
    assert second.url.path == "/v1/moved/things"
    assert second.url.host == "api.example.test"
    assert second.headers["Authorization"] == "Bearer sk-test"
    assert second.headers["api-key"] == "azure-key"


async def test_303_turns_a_post_into_a_get_without_body(is_async: bool) -> None:
    redirector = Redirector(303, "/v1/results/1")
    client = make_client(redirector, is_async=is_async)
    await resolve(client.post("/jobs", cast_to=object, body={"a": 1}))
    second = redirector.requests[1]
    assert second.method == "GET"
    assert second.content == b""
    assert "Content-Type" not in second.headers
    assert "Content-Length" not in second.headers


async def test_redirect_response_without_location_is_returned_as_is(is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(304)

    client = make_client(handler, is_async=is_async)
    response = await resolve(client.get("/things", cast_to=httpx.Response))
    assert response.status_code == 304


async def test_endless_redirects_stop(is_async: bool) -> None:
    calls: List[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(302, headers={"location": "/v1/loop"})

    client = make_client(handler, is_async=is_async)
    response = await resolve(client.get("/loop", cast_to=httpx.Response))
    assert response.status_code == 302
    assert 1 < len(calls) <= 25
