"""Redirects, sync and async: the httpx client's `follow_redirects` and `max_redirects` are
honoured, credentials never follow a hop to another origin, a redirect past the limit is a
clear error, and a redirect that is not followed is never returned as the answer."""

from __future__ import annotations

import json
from typing import Any, List

import httpx
import pytest

import oai

from .models_fixture import AnyClient, json_response, resolve

pytestmark = pytest.mark.anyio

BASE_URL = "https://api.example.test/v1"
CREDENTIALS = {"api-key": "azure-key"}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def make(
    handler: Any, *, is_async: bool, follow_redirects: bool = True, max_redirects: int = 20, **kwargs: Any
) -> AnyClient:
    transport = httpx.MockTransport(handler)
    options: dict[str, Any] = {"api_key": "sk-test", "base_url": BASE_URL, "max_retries": 0, **kwargs}
    if is_async:
        http = httpx.AsyncClient(transport=transport, follow_redirects=follow_redirects, max_redirects=max_redirects)
        return oai.AsyncClient(http_client=http, **options)
    return oai.Client(
        http_client=httpx.Client(transport=transport, follow_redirects=follow_redirects, max_redirects=max_redirects),
        **options,
    )


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


async def test_redirect_to_another_origin_drops_credentials(is_async: bool) -> None:
    redirector = Redirector(307, "https://elsewhere.test/v1/things")
    client = make(redirector, is_async=is_async, default_headers=CREDENTIALS, organization="org-1", project="proj-1")
    result = await resolve(client.post("/things", cast_to=object, body={"a": 1}))
    assert result == {"ok": True}
    first, second = redirector.requests
    assert first.headers["Authorization"] == "Bearer sk-test"
    assert first.headers["api-key"] == "azure-key"
    assert str(second.url) == "https://elsewhere.test/v1/things"
    for name in ("Authorization", "api-key", "OpenAI-Organization", "OpenAI-Project"):
        assert name not in second.headers
    # 307 keeps the method and the body.
    assert second.method == "POST"
    assert json.loads(second.content) == {"a": 1}


async def test_redirect_to_another_port_drops_credentials(is_async: bool) -> None:
    redirector = Redirector(302, "https://api.example.test:8443/v1/things")
    client = make(redirector, is_async=is_async)
    await resolve(client.get("/things", cast_to=object))
    assert "Authorization" not in redirector.requests[1].headers


async def test_same_origin_redirect_keeps_credentials(is_async: bool) -> None:
    redirector = Redirector(308, "/v1/moved/things")
    client = make(redirector, is_async=is_async, default_headers=CREDENTIALS)
    await resolve(client.get("/things", cast_to=object))
    second = redirector.requests[1]
    assert second.url.path == "/v1/moved/things"
    assert second.url.host == "api.example.test"
    assert second.headers["Authorization"] == "Bearer sk-test"
    assert second.headers["api-key"] == "azure-key"


async def test_303_turns_a_post_into_a_get_without_body(is_async: bool) -> None:
    redirector = Redirector(303, "/v1/results/1")
    client = make(redirector, is_async=is_async)
    await resolve(client.post("/jobs", cast_to=object, body={"a": 1}))
    second = redirector.requests[1]
    assert second.method == "GET"
    assert second.content == b""
    assert "Content-Type" not in second.headers
    assert "Content-Length" not in second.headers


async def test_the_sdk_default_http_client_follows_redirects(is_async: bool) -> None:
    # `DefaultHttpxClient` says follow_redirects=True, as the official SDK's does.
    client_cls: Any = oai.DefaultAsyncHttpxClient if is_async else oai.DefaultHttpxClient  # sync or async twin
    redirector = Redirector(302, "/v1/moved")
    http = client_cls(transport=httpx.MockTransport(redirector))
    assert http.follow_redirects is True
    client = (oai.AsyncClient if is_async else oai.Client)(api_key="sk-test", base_url=BASE_URL, http_client=http)
    assert await resolve(client.get("/things", cast_to=object)) == {"ok": True}
    assert len(redirector.requests) == 2


async def test_follow_redirects_false_is_honoured(is_async: bool) -> None:
    redirector = Redirector(302, "https://elsewhere.test/v1/things?sig=secret")
    client = make(redirector, is_async=is_async, follow_redirects=False)
    with pytest.raises(oai.APIStatusError) as info:
        await resolve(client.get("/things", cast_to=object))
    # Not followed, and not returned as if the redirect were the answer.
    assert len(redirector.requests) == 1
    assert info.value.status_code == 302
    message = str(info.value)
    assert "not followed" in message and "follow_redirects=False" in message
    assert "https://elsewhere.test/v1/things" in message
    assert "secret" not in message


async def test_follow_redirects_false_in_raw_mode_still_raises(is_async: bool) -> None:
    redirector = Redirector(301, "/v1/moved")
    client = make(redirector, is_async=is_async, follow_redirects=False)
    with pytest.raises(oai.APIStatusError) as info:
        await resolve(client.get("/things", cast_to=object, extra_headers={"X-Stainless-Raw-Response": "raw"}))
    assert info.value.status_code == 301
    assert len(redirector.requests) == 1


async def test_a_redirect_without_location_is_an_error_not_the_answer(is_async: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(304)

    client = make(handler, is_async=is_async)
    with pytest.raises(oai.APIStatusError) as info:
        await resolve(client.get("/things", cast_to=httpx.Response))
    assert info.value.status_code == 304


@pytest.mark.parametrize("max_redirects", [20, 3])
async def test_too_many_redirects_raise_a_clear_error_naming_the_limit(is_async: bool, max_redirects: int) -> None:
    calls: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(302, headers={"location": f"/v1/loop/{len(calls)}"})

    client = make(handler, is_async=is_async, max_redirects=max_redirects, max_retries=2)
    with pytest.raises(oai.APIConnectionError) as info:
        await resolve(client.get("/loop", cast_to=httpx.Response))
    message = str(info.value)
    assert "Too many redirects" in message
    assert f"more than {max_redirects} times" in message
    assert "max_redirects" in message
    assert isinstance(info.value.__cause__, httpx.TooManyRedirects)
    # The first request plus `max_redirects` hops, and no retry: another attempt would loop again.
    assert len(calls) == max_redirects + 1


async def test_too_many_redirects_close_every_response(is_async: bool) -> None:
    responses: List[httpx.Response] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = httpx.Response(302, headers={"location": "/v1/loop"})
        responses.append(response)
        return response

    client = make(handler, is_async=is_async, max_redirects=2)
    with pytest.raises(oai.APIConnectionError):
        await resolve(client.get("/loop", cast_to=httpx.Response))
    assert len(responses) == 3
    assert all(response.is_closed for response in responses)
