"""Tests that errors are readable and safe: status errors lead with the server's message then
status, method, path and request id; any credential the client holds is masked in the message
and body whatever the server echoes; `repr(error.request.headers)` masks every credential
header; the client's credentials go only to its base URL's origin."""

from __future__ import annotations

from typing import Any, Callable, List

import httpx
import pytest

import oai

from .models_fixture import json_response, make_client, resolve

pytestmark = pytest.mark.anyio

KEY = "sk-proj-SECRET-canary-0123456789abcdef"
ADMIN_KEY = "sk-admin-SECRET-canary-0123456789"


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def error_of(client: Any, call: Callable[[Any], Any]) -> oai.APIStatusError:
    with pytest.raises(oai.APIStatusError) as info:
        await resolve(call(client))
    return info.value


def every_text(error: BaseException) -> str:
    return " ".join([str(error), repr(error), repr(error.args), repr(getattr(error, "body", None))])


# -- message shape --------------------------------------------------------------------------


async def test_a_status_error_leads_with_the_server_message_then_status_method_path_and_request_id(
    is_async: bool,
) -> None:
    body = {
        "error": {
            "message": "Invalid value for 'model'.",
            "type": "invalid_request_error",
            "param": "model",
            "code": "bad",
        }
    }
    client = make_client(
        lambda request: json_response(body, 400, headers={"x-request-id": "req_42"}), is_async=is_async, max_retries=0
    )
    error = await error_of(client, lambda c: c.post("/chat/completions", cast_to=object, body={}))
    assert isinstance(error, oai.BadRequestError)
    assert str(error) == (
        "Invalid value for 'model'. (Error code: 400, param: model, code: bad, "
        "POST /v1/chat/completions, request_id: req_42)"
    )
    assert error.message == str(error)
    assert (error.param, error.code, error.type, error.request_id) == (
        "model",
        "bad",
        "invalid_request_error",
        "req_42",
    )


async def test_a_status_error_without_a_json_message_shows_the_body_or_the_reason(is_async: bool) -> None:
    client = make_client(lambda request: httpx.Response(502, text="upstream down"), is_async=is_async, max_retries=0)
    error = await error_of(client, lambda c: c.get("/models", cast_to=object))
    assert str(error) == "upstream down (Error code: 502, GET /v1/models)"
    client = make_client(lambda request: httpx.Response(404), is_async=is_async, max_retries=0)
    error = await error_of(client, lambda c: c.get("/models/x", cast_to=object))
    assert str(error) == "Not Found (Error code: 404, GET /v1/models/x)"


# -- credentials echoed by the server --------------------------------------------------------


async def test_a_key_echoed_by_the_server_is_masked_in_the_message_and_body(is_async: bool) -> None:
    body = {"error": {"message": f"Incorrect API key provided: {KEY}. Admin: {ADMIN_KEY}", "code": "invalid_api_key"}}
    client = make_client(
        lambda request: json_response(body, 401), is_async=is_async, api_key=KEY, admin_api_key=ADMIN_KEY, max_retries=0
    )
    error = await error_of(client, lambda c: c.get("/models", cast_to=object))
    assert isinstance(error, oai.AuthenticationError)
    assert "SECRET" not in every_text(error)
    assert str(error).startswith("Incorrect API key provided: <redacted …cdef>. Admin: <redacted …6789>")


async def test_a_key_from_a_callable_echoed_in_a_text_body_is_masked(is_async: bool) -> None:
    client = make_client(
        lambda request: httpx.Response(401, text=f"bad key {KEY}"),
        is_async=is_async,
        api_key=lambda: KEY,
        max_retries=0,
    )
    error = await error_of(client, lambda c: c.get("/models", cast_to=object))
    assert "SECRET" not in every_text(error)


# -- request headers shown by errors ---------------------------------------------------------


async def test_the_request_kept_on_an_error_masks_every_credential_header_in_its_repr(is_async: bool) -> None:
    transport = httpx.MockTransport(lambda request: json_response({"error": {"message": "no"}}, 400))
    kwargs: Any = {"api_key": KEY, "api_version": "2024-10-21", "azure_endpoint": "https://x.openai.azure.com"}
    if is_async:
        client: Any = oai.AsyncAzureOpenAI(http_client=httpx.AsyncClient(transport=transport), max_retries=0, **kwargs)
    else:
        client = oai.AzureOpenAI(http_client=httpx.Client(transport=transport), max_retries=0, **kwargs)
    error = await error_of(client, lambda c: c.get("/models", cast_to=object, extra_headers={"x-api-key": KEY}))
    assert error.request.headers["api-key"] == KEY  # still readable on purpose
    shown = repr(error.request.headers) + str(error.request.headers) + repr(error.response.request.headers)
    assert "SECRET" not in shown
    assert "'api-key': '[secure]'" in shown


# -- credentials stay on the base URL's origin -----------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return json_response({})


@pytest.mark.parametrize(
    "url",
    ["https://other.example.test/v1/x", "http://api.example.test/v1/x", "https://api.example.test:8443/v1/x"],
    ids=["other-host", "http-downgrade", "other-port"],
)
async def test_an_absolute_url_on_another_origin_gets_no_client_credentials(is_async: bool, url: str) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key=KEY, organization="org-1", project="proj-1")
    await resolve(client.get(url, cast_to=object))
    headers = recorder.requests[-1].headers
    assert "Authorization" not in headers
    assert "OpenAI-Organization" not in headers and "OpenAI-Project" not in headers


async def test_an_absolute_url_on_the_base_origin_gets_the_credentials(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key=KEY)
    await resolve(client.get("https://api.example.test:443/other/path", cast_to=object))
    assert recorder.requests[-1].headers["Authorization"] == f"Bearer {KEY}"


async def test_credentials_passed_in_the_call_go_to_any_origin(is_async: bool) -> None:
    recorder = Recorder()
    client = make_client(recorder, is_async=is_async, api_key=KEY)
    await resolve(
        client.get("https://other.example.test/x", cast_to=object, extra_headers={"Authorization": "Bearer other"})
    )
    assert recorder.requests[-1].headers["Authorization"] == "Bearer other"


async def test_azure_credentials_stay_on_the_azure_origin(is_async: bool) -> None:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    calls: List[str] = []

    async def async_provider() -> str:
        calls.append("async")
        return "ad-token"

    def sync_provider() -> str:
        calls.append("sync")
        return "ad-token"

    kwargs: Any = {"api_version": "2024-10-21", "azure_endpoint": "https://x.openai.azure.com"}
    if is_async:
        client: Any = oai.AsyncAzureOpenAI(
            http_client=httpx.AsyncClient(transport=transport), azure_ad_token_provider=async_provider, **kwargs
        )
    else:
        client = oai.AzureOpenAI(
            http_client=httpx.Client(transport=transport), azure_ad_token_provider=sync_provider, **kwargs
        )
    await resolve(client.get("https://other.example.test/x", cast_to=object))
    assert "Authorization" not in recorder.requests[-1].headers
    await resolve(client.get("/models", cast_to=object))
    assert recorder.requests[-1].headers["Authorization"] == "Bearer ad-token"
    # The token provider is not even asked for the request to another origin.
    assert calls == ["async" if is_async else "sync"]


async def test_a_key_echoed_in_an_invalid_success_body_is_masked(is_async: bool) -> None:
    client = make_client(
        lambda request: httpx.Response(200, text=f"not json, key {KEY}", headers={"content-type": "application/json"}),
        is_async=is_async,
        api_key=KEY,
    )
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(client.get("/models", cast_to=dict))
    assert "SECRET" not in every_text(info.value)
