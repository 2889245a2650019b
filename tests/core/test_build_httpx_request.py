"""Requests built without `httpx.Client.build_request` keep what that method would merge in."""

from __future__ import annotations

import httpx
import pytest

import oai


def _client_with(http_client_kwargs: dict[str, object], seen: list[httpx.Request]) -> oai.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http_client = httpx.Client(transport=httpx.MockTransport(handler), **http_client_kwargs)  # type: ignore[arg-type]
    return oai.Client(api_key="sk-test", base_url="https://api.example.test/v1", http_client=http_client)


def test_http_client_default_headers_are_sent_and_ours_win() -> None:
    seen: list[httpx.Request] = []
    client = _client_with({"headers": {"X-Proxy-Token": "p1", "User-Agent": "theirs"}}, seen)
    client.get("/models", cast_to=object)
    headers = seen[0].headers
    assert headers["x-proxy-token"] == "p1"
    assert headers["user-agent"].startswith("oai/")
    assert headers.get_list("user-agent") == [headers["user-agent"]]
    assert headers["accept-encoding"]  # httpx's own default is kept


def test_http_client_cookies_are_sent() -> None:
    seen: list[httpx.Request] = []
    client = _client_with({"cookies": {"session": "abc"}}, seen)
    client.get("/models", cast_to=object)
    assert seen[0].headers["cookie"] == "session=abc"


def test_http_client_default_params_are_merged() -> None:
    seen: list[httpx.Request] = []
    client = _client_with({"params": {"tenant": "t1"}}, seen)
    client.get("/models", cast_to=object, extra_query={"limit": 2})
    assert seen[0].url.params["tenant"] == "t1"
    assert seen[0].url.params["limit"] == "2"


@pytest.mark.parametrize("timeout", [3.0, httpx.Timeout(7.0, connect=1.0)])
def test_per_call_timeout_reaches_the_transport(timeout: float | httpx.Timeout) -> None:
    seen: list[httpx.Request] = []
    client = _client_with({}, seen)
    client.get("/models", cast_to=object, timeout=timeout)
    expected = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    assert seen[0].extensions["timeout"] == expected.as_dict()
