"""Tests of `OpenAI`/`AsyncOpenAI`: construction, env vars, credentials, headers on every
request, timeouts, `with_options`, closing, and the raw verbs with their per-call options."""

from __future__ import annotations

import json
import platform
from typing import Any, Dict, List

import httpx
import pytest

import oai
from oai._version import __version__

from .models_fixture import AnyClient, Model, close_client, json_response, make_client, models_of, resolve

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Recorder:
    """A MockTransport handler that records each request and answers with one JSON body."""

    def __init__(self, body: object = MODEL) -> None:
        self.requests: List[httpx.Request] = []
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return json_response(self.body)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


async def get_model(client: AnyClient, **kwargs: Any) -> Any:
    return await resolve(models_of(client).retrieve("gpt-4o", **kwargs))


# -- construction and credentials --------------------------------------------------------


async def test_api_key_argument_is_sent_as_bearer_token(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key="sk-arg")
    await get_model(client)
    assert recorder.last.headers["Authorization"] == "Bearer sk-arg"


async def test_api_key_is_read_from_openai_api_key_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key=None)
    await get_model(client)
    assert recorder.last.headers["Authorization"] == "Bearer sk-env"


async def test_api_key_argument_wins_over_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key="sk-arg")
    await get_model(client)
    assert recorder.last.headers["Authorization"] == "Bearer sk-arg"


async def test_api_key_callable_is_called_before_each_request(is_async: bool) -> None:
    calls: List[int] = []

    def key() -> str:
        calls.append(1)
        return f"sk-rotated-{len(calls)}"

    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key=key)
    for _ in range(3):
        await get_model(client)
    assert len(calls) == 3
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Bearer sk-rotated-1",
        "Bearer sk-rotated-2",
        "Bearer sk-rotated-3",
    ]


async def test_api_key_callable_is_called_again_for_each_retry(is_async: bool) -> None:
    keys = iter(["sk-expired", "sk-fresh"])
    seen: List[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return json_response(MODEL if len(seen) > 1 else {"error": {}}, 200 if len(seen) > 1 else 500)

    client = make_client(handler, is_async=is_async, api_key=lambda: next(keys))
    await get_model(client)
    assert seen == ["Bearer sk-expired", "Bearer sk-fresh"]


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
def test_missing_api_key_raises_openai_error(client_cls: Any) -> None:
    with pytest.raises(oai.OpenAIError, match="OPENAI_API_KEY"):
        client_cls()


async def test_organization_and_project_arguments_are_sent(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, organization="org-1", project="proj-1")
    await get_model(client)
    assert recorder.last.headers["OpenAI-Organization"] == "org-1"
    assert recorder.last.headers["OpenAI-Project"] == "proj-1"


async def test_organization_and_project_are_read_from_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client)
    assert client.organization == "org-env"
    assert client.project == "proj-env"
    assert recorder.last.headers["OpenAI-Organization"] == "org-env"
    assert recorder.last.headers["OpenAI-Project"] == "proj-env"


async def test_no_organization_or_project_header_without_a_value(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client)
    assert "OpenAI-Organization" not in recorder.last.headers
    assert "OpenAI-Project" not in recorder.last.headers


async def test_base_url_argument_is_used(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, base_url="http://localhost:8080/proxy/v1")
    await get_model(client)
    assert str(recorder.last.url) == "http://localhost:8080/proxy/v1/models/gpt-4o"


async def test_base_url_is_read_from_openai_base_url_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://env.example.test/v2")
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, base_url=None)
    await get_model(client)
    assert str(recorder.last.url) == "https://env.example.test/v2/models/gpt-4o"


async def test_base_url_defaults_to_the_openai_api(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, base_url=None)
    await get_model(client)
    assert str(recorder.last.url) == "https://api.openai.com/v1/models/gpt-4o"


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
@pytest.mark.parametrize("base_url", ["ftp://api.example.test/v1", "file:///etc/passwd", "api.example.test"])
def test_base_url_without_http_scheme_raises(client_cls: Any, base_url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        client_cls(api_key="sk-test", base_url=base_url)


def test_client_aliases_are_the_same_classes() -> None:
    assert oai.OpenAI is oai.Client
    assert oai.AsyncOpenAI is oai.AsyncClient


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
def test_repr_never_shows_the_api_key(client_cls: Any) -> None:
    client = client_cls(api_key="sk-secret-123", admin_api_key="sk-admin-456")
    text = repr(client)
    assert "sk-secret-123" not in text
    assert "sk-admin-456" not in text
    assert "api.openai.com" in text


# -- admin credentials ---------------------------------------------------------------------


async def admin_call(client: AnyClient) -> httpx.Request:
    response = await resolve(
        client.get("/organization/users", cast_to=httpx.Response, options={"security": ("AdminApiKeyAuth",)})
    )
    assert isinstance(response, httpx.Response)
    return response.request


async def test_admin_operation_sends_admin_api_key(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async, api_key="sk-user", admin_api_key="sk-admin")
    request = await admin_call(client)
    assert request.headers["Authorization"] == "Bearer sk-admin"
    # A normal operation keeps using the user key.
    await get_model(client)


async def test_non_admin_operation_sends_api_key_even_with_admin_key(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key="sk-user", admin_api_key="sk-admin")
    await get_model(client)
    assert recorder.last.headers["Authorization"] == "Bearer sk-user"


async def test_admin_key_is_read_from_openai_admin_key_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    client = make_client(Recorder(), is_async=is_async, api_key="sk-user")
    request = await admin_call(client)
    assert request.headers["Authorization"] == "Bearer sk-admin-env"


async def test_admin_operation_falls_back_to_api_key(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async, api_key="sk-user")
    request = await admin_call(client)
    assert request.headers["Authorization"] == "Bearer sk-user"


# -- headers on every request --------------------------------------------------------------


async def test_platform_headers_are_sent_on_every_request(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client)
    await resolve(client.post("/things", cast_to=object, body={"a": 1}))
    for request in recorder.requests:
        headers = request.headers
        assert headers["User-Agent"] == f"oai/{__version__} Python"
        assert headers["X-Stainless-Lang"] == "python"
        assert headers["X-Stainless-Package-Version"] == __version__
        assert headers["X-Stainless-OS"]
        assert headers["X-Stainless-Arch"]
        assert headers["X-Stainless-Runtime"] == platform.python_implementation()
        assert headers["X-Stainless-Runtime-Version"] == platform.python_version()
        assert headers["X-Stainless-Async"] == ("async:asyncio" if is_async else "false")
        assert headers["X-Stainless-Read-Timeout"] == "600.0"
        assert headers["X-Stainless-Retry-Count"] == "0"
        assert headers["Authorization"] == "Bearer sk-test"


async def test_read_timeout_header_follows_the_per_call_timeout(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client, timeout=12.5)
    assert recorder.last.headers["X-Stainless-Read-Timeout"] == "12.5"


async def test_default_headers_are_sent_and_can_be_overridden_per_call(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, default_headers={"X-Team": "search", "X-Env": "prod"})
    await get_model(client)
    assert recorder.last.headers["X-Team"] == "search"
    await get_model(client, extra_headers={"X-Env": "staging"})
    assert recorder.last.headers["X-Env"] == "staging"
    assert recorder.last.headers["X-Team"] == "search"


async def test_omit_as_default_header_removes_a_default_header(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, default_headers={"X-Stainless-Lang": oai.omit})
    await get_model(client)
    assert "X-Stainless-Lang" not in recorder.last.headers
    assert "X-Stainless-Arch" in recorder.last.headers


async def test_omit_as_extra_header_removes_a_header_for_one_call(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, default_headers={"X-Team": "search"})
    await get_model(client, extra_headers={"X-Team": oai.omit})
    assert "X-Team" not in recorder.last.headers


async def test_default_query_is_sent_on_every_request(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, default_query={"api-version": "2024-10-01"})
    await get_model(client)
    await get_model(client, extra_query={"debug": True})
    assert recorder.requests[0].url.params["api-version"] == "2024-10-01"
    assert dict(recorder.requests[1].url.params) == {"api-version": "2024-10-01", "debug": "true"}


# -- timeouts ------------------------------------------------------------------------------


async def test_default_timeout_is_600s_read_and_5s_connect(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client)
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)
    assert recorder.last.extensions["timeout"] == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}


async def test_float_timeout_applies_to_every_phase(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, timeout=20.0)
    await get_model(client)
    assert recorder.last.extensions["timeout"] == {"connect": 20.0, "read": 20.0, "write": 20.0, "pool": 20.0}


async def test_httpx_timeout_is_used_as_given(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, timeout=httpx.Timeout(30.0, read=90.0))
    await get_model(client)
    assert recorder.last.extensions["timeout"] == {"connect": 30.0, "read": 90.0, "write": 30.0, "pool": 30.0}


async def test_per_call_timeout_reaches_the_transport(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await get_model(client, timeout=3.0)
    assert recorder.last.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    await get_model(client, timeout=httpx.Timeout(1.0, read=7.0))
    assert recorder.last.extensions["timeout"] == {"connect": 1.0, "read": 7.0, "write": 1.0, "pool": 1.0}
    # The next call without a timeout goes back to the client's.
    await get_model(client)
    assert recorder.last.extensions["timeout"]["read"] == 600.0


# -- with_options and closing --------------------------------------------------------------


async def test_with_options_shares_the_http_client_and_overrides_only_what_was_given(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(
        recorder,
        is_async=is_async,
        organization="org-1",
        default_headers={"X-Team": "search"},
        timeout=30.0,
    )
    copy = client.with_options(max_retries=5, organization="org-2")
    assert copy is not client
    assert type(copy) is type(client)
    assert copy._client is client._client
    assert copy.max_retries == 5
    assert client.max_retries == 2
    assert copy.organization == "org-2"
    assert copy.timeout == client.timeout == httpx.Timeout(30.0)
    assert copy.base_url == client.base_url
    assert copy.api_key == "sk-test"
    await get_model(copy)
    assert recorder.last.headers["OpenAI-Organization"] == "org-2"
    assert recorder.last.headers["X-Team"] == "search"
    await get_model(client)
    assert recorder.last.headers["OpenAI-Organization"] == "org-1"


async def test_copy_is_an_alias_of_with_options(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async)
    copy = client.copy(timeout=4.0)
    assert copy.timeout == httpx.Timeout(4.0)
    assert copy._client is client._client


async def test_with_options_runs_the_original_middleware_before_the_copys(is_async: bool) -> None:
    order: List[str] = []

    def recording(name: str) -> Any:
        if is_async:

            async def async_layer(request: httpx.Request, call_next: Any) -> httpx.Response:
                order.append(name)
                return await call_next(request)

            return async_layer

        def layer(request: httpx.Request, call_next: Any) -> httpx.Response:
            order.append(name)
            return call_next(request)

        return layer

    client = make_client(Recorder(), is_async=is_async, middleware=[recording("original")])
    copy = client.with_options(middleware=[recording("copy")])
    await get_model(copy)
    assert order == ["original", "copy"]
    order.clear()
    await get_model(client)
    assert order == ["original"]


async def test_context_manager_closes_the_http_client(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async)
    if isinstance(client, oai.AsyncClient):
        async with client as entered:
            assert entered is client
            await get_model(client)
    else:
        with client as entered:
            assert entered is client
            await get_model(client)
    assert client._client.is_closed


async def test_close_closes_the_http_client(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async)
    assert not client._client.is_closed
    await close_client(client)
    assert client._client.is_closed


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
def test_http_client_of_the_wrong_kind_is_rejected(client_cls: Any) -> None:
    wrong: object = httpx.AsyncClient() if client_cls is oai.Client else httpx.Client()
    with pytest.raises(TypeError, match="http_client"):
        client_cls(api_key="sk-test", http_client=wrong)  # pyright: ignore[reportArgumentType]  # the point


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
def test_negative_max_retries_is_rejected(client_cls: Any) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        client_cls(api_key="sk-test", max_retries=-1)


# -- raw verbs -----------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
async def test_raw_verbs_send_their_method_and_parse_a_model(is_async: bool, verb: str) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    result = await resolve(getattr(client, verb)("/models/gpt-4o", cast_to=Model))
    assert isinstance(result, Model)
    assert result.id == "gpt-4o"
    assert recorder.last.method == verb.upper()
    assert recorder.last.url.path == "/v1/models/gpt-4o"


@pytest.mark.parametrize(
    ("cast_to", "expected"),
    [
        (object, MODEL),
        (dict, MODEL),
        (Dict[str, Any], MODEL),
        (str, json.dumps(MODEL)),
        (bytes, json.dumps(MODEL).encode()),
    ],
    ids=["object", "dict", "dict-str-any", "str", "bytes"],
)
async def test_raw_get_casts_to_plain_types(is_async: bool, cast_to: Any, expected: object) -> None:
    client = make_client(Recorder(), is_async=is_async)
    assert await resolve(client.get("/models/gpt-4o", cast_to=cast_to)) == expected


async def test_raw_get_can_return_the_httpx_response(is_async: bool) -> None:
    client = make_client(Recorder(), is_async=is_async)
    response = await resolve(client.get("/models/gpt-4o", cast_to=httpx.Response))
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert response.json() == MODEL


async def test_raw_post_sends_a_json_body(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(client.post("/things", cast_to=object, body={"name": "x", "n": [1, 2]}))
    assert recorder.last.headers["Content-Type"] == "application/json"
    assert json.loads(recorder.last.content) == {"name": "x", "n": [1, 2]}


async def test_raw_verbs_accept_per_call_options(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(
        client.post(
            "/things",
            cast_to=object,
            body={"name": "x", "keep": 1},
            extra_headers={"X-Trace": "t-1"},
            extra_query={"dry_run": True},
            extra_body={"name": "y", "extra": [1]},
            timeout=9.0,
            max_retries=0,
        )
    )
    request = recorder.last
    assert request.headers["X-Trace"] == "t-1"
    assert request.url.params["dry_run"] == "true"
    assert json.loads(request.content) == {"name": "y", "keep": 1, "extra": [1]}
    assert request.extensions["timeout"]["read"] == 9.0


async def test_extra_body_without_a_body_becomes_the_body(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(client.delete("/things/1", cast_to=object, extra_body={"reason": "gone"}))
    assert json.loads(recorder.last.content) == {"reason": "gone"}


async def test_raw_verb_options_argument_sets_headers_and_params(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(
        client.get("/things", cast_to=object, options={"headers": {"X-From-Options": "1"}, "params": {"limit": 3}})
    )
    assert recorder.last.headers["X-From-Options"] == "1"
    assert recorder.last.url.params["limit"] == "3"


async def test_raw_verb_per_call_options_merge_over_options_argument(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(
        client.get(
            "/things",
            cast_to=object,
            options={"headers": {"X-A": "options", "X-B": "options"}},
            extra_headers={"X-B": "extra"},
        )
    )
    assert recorder.last.headers["X-A"] == "options"
    assert recorder.last.headers["X-B"] == "extra"


async def test_raw_verb_absolute_url_is_used_as_is(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(client.get("https://other.example.test/custom/path?x=1", cast_to=object))
    assert str(recorder.last.url) == "https://other.example.test/custom/path?x=1"


async def test_relative_path_with_query_string_keeps_the_query(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async)
    await resolve(client.get("/things?limit=2", cast_to=object))
    assert recorder.last.url.path == "/v1/things"
    assert recorder.last.url.params["limit"] == "2"
