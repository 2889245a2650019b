"""Tests of request building: path-parameter encoding, query flattening, URL joining.
Redirects are in `test_redirects.py`."""

from __future__ import annotations

import warnings
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


def test_flatten_query_keeps_brackets_a_spec_already_put_in_the_name() -> None:
    # The spec names some array query parameters `include[]`; the brackets are not doubled.
    assert flatten_query({"include[]": ["a", "b"]}) == [("include[]", "a"), ("include[]", "b")]


def test_generated_method_sends_an_array_query_parameter_once_bracketed() -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the Assistants API is deprecated
        client.beta.threads.runs.create(
            "thread_1", assistant_id="asst_1", include=["step_details.tool_calls[*].file_search.results[*].content"]
        )
    assert recorder.requests[0].url.params.get_list("include[]") == [
        "step_details.tool_calls[*].file_search.results[*].content"
    ]
    assert "include[][]" not in str(recorder.requests[0].url)


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
