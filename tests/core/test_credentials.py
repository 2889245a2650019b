"""Tests of API keys as the official SDK takes them: any key an HTTP header can carry is sent
(inner spaces included), an empty key is refused at construction with the "missing credentials"
message, and a key a header cannot carry is refused without being quoted."""

from __future__ import annotations

from typing import Any, List

import httpx
import pytest

import oai

from .models_fixture import json_response, make_client, models_of, resolve

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}
CLIENTS = pytest.mark.parametrize("client_cls", [oai.OpenAI, oai.AsyncOpenAI], ids=["sync", "async"])


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


async def test_a_key_with_inner_spaces_is_sent_as_given(is_async: bool) -> None:
    seen: List[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return json_response(MODEL)

    client = make_client(handler, is_async=is_async, api_key="My API Key")
    await resolve(models_of(client).retrieve("gpt-4o"))
    assert seen == ["Bearer My API Key"]


@CLIENTS
def test_an_empty_key_argument_is_refused_at_construction(client_cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    with pytest.raises(oai.OpenAIError, match="api_key client option must be set"):
        client_cls(api_key="")


@CLIENTS
def test_an_empty_openai_api_key_env_is_refused_at_construction(
    client_cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)
    with pytest.raises(oai.OpenAIError, match="OPENAI_API_KEY environment variable"):
        client_cls()


@CLIENTS
@pytest.mark.parametrize(
    "key, position",
    [("sk-abc\n", 6), ("sk-\r\nX-Evil: 1", 3), ("sk-\x00", 3), ("sk-caf\u00e9", 6), ("sk-abc ", 6), (" sk-abc", 0)],
    ids=["newline", "crlf", "nul", "non-ascii", "trailing-space", "leading-space"],
)
def test_a_key_a_header_cannot_carry_is_refused_at_construction_without_quoting_it(
    client_cls: Any, key: str, position: int
) -> None:
    with pytest.raises(oai.OpenAIError) as info:
        client_cls(api_key=key)
    assert f"position {position}" in str(info.value)
    assert "sk-" not in str(info.value) and "sk-" not in repr(info.value.args)
