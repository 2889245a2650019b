"""The SDK's default httpx clients: defaults applied, cookies kept, cookie parsing skipped when
a response sets none."""

from __future__ import annotations

from typing import List

import httpx
import pytest

import oai
from oai._constants import DEFAULT_TIMEOUT


def test_default_client_uses_the_sdk_defaults_and_accepts_overrides() -> None:
    client = oai.DefaultHttpxClient()
    assert client.timeout == DEFAULT_TIMEOUT
    custom = oai.DefaultHttpxClient(timeout=3.0)
    assert custom.timeout == httpx.Timeout(3.0)


def test_sdk_creates_a_default_client_when_none_is_given() -> None:
    assert isinstance(oai.Client(api_key="sk-test")._client, oai.DefaultHttpxClient)
    assert isinstance(oai.AsyncClient(api_key="sk-test")._client, oai.DefaultAsyncHttpxClient)


def _transport(responses: List[httpx.Response], seen: List[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return responses.pop(0)

    return httpx.MockTransport(handler)


def test_cookies_set_by_a_response_are_sent_on_the_next_request() -> None:
    seen: List[httpx.Request] = []
    responses = [
        httpx.Response(200, json={}, headers={"set-cookie": "__cf_bm=abc; Path=/"}),
        httpx.Response(200, json={}),
    ]
    http_client = oai.DefaultHttpxClient(transport=_transport(responses, seen))
    client = oai.Client(api_key="sk-test", base_url="https://api.example.test/v1", http_client=http_client)
    client.get("/models", cast_to=object)
    client.get("/models", cast_to=object)
    assert "cookie" not in seen[0].headers
    assert seen[1].headers["cookie"] == "__cf_bm=abc"


def test_responses_without_set_cookie_are_not_parsed_for_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: List[object] = []

    def record(self: httpx.Cookies, response: httpx.Response) -> None:
        calls.append(response)

    monkeypatch.setattr(httpx.Cookies, "extract_cookies", record)
    seen: List[httpx.Request] = []
    http_client = oai.DefaultHttpxClient(transport=_transport([httpx.Response(200, json={})], seen))
    http_client.get("https://api.example.test/v1/models")
    assert calls == []


def test_cookies_given_to_the_default_client_are_kept() -> None:
    seen: List[httpx.Request] = []
    http_client = oai.DefaultHttpxClient(
        cookies={"session": "s1"}, transport=_transport([httpx.Response(200, json={})], seen)
    )
    http_client.cookies = {"session": "s2"}  # type: ignore[assignment]  # the setter accepts any CookieTypes
    oai.Client(api_key="sk-test", http_client=http_client).get("/models", cast_to=object)
    assert seen[0].headers["cookie"] == "session=s2"
