"""The module-level client: `oai.api_key = ...` then `oai.chat.completions.create(...)`, built lazily and rebuilt on change."""

from __future__ import annotations

import subprocess
import sys
from typing import Iterator, List

import httpx
import pytest

import oai
from oai import _module_client

SETTINGS = {name: getattr(_module_client, name) for name in _module_client.SETTING_NAMES}


@pytest.fixture(autouse=True)
def restore(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "AZURE_OPENAI_API_KEY",
        "OPENAI_API_VERSION",
        "AZURE_OPENAI_ENDPOINT",
    ):
        monkeypatch.delenv(name, raising=False)
    _module_client.reset_client()
    yield
    for name, value in SETTINGS.items():
        setattr(oai, name, value)
    _module_client.reset_client()


class Recorder:
    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/chat/completions"):
            message = {"role": "assistant", "content": "hi there", "refusal": None}
            choice = {"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}
            return httpx.Response(
                200, json={"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": [choice]}
            )
        return httpx.Response(200, json={"object": "list", "data": [], "has_more": False})


def test_settings_are_plain_module_attributes_with_official_defaults() -> None:
    assert oai.api_key is None and oai.organization is None and oai.base_url is None
    assert oai.max_retries == 2 and oai.timeout == httpx.Timeout(600.0, connect=5.0)
    assert oai.api_type is None and oai.http_client is None and oai.bedrock_token_provider is None


def test_module_client_uses_the_attributes_and_is_rebuilt_when_one_changes() -> None:
    recorder = Recorder()
    oai.api_key = "sk-module"
    oai.organization = "org-1"
    oai.base_url = "https://module.example.test/v1"
    oai.http_client = httpx.Client(transport=httpx.MockTransport(recorder))
    completion = oai.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert completion.choices[0].message.content == "hi there"
    first = recorder.requests[0]
    assert str(first.url) == "https://module.example.test/v1/chat/completions"
    assert first.headers["authorization"] == "Bearer sk-module"
    assert first.headers["openai-organization"] == "org-1"
    client = _module_client.load_client()
    oai.files.list()
    assert _module_client.load_client() is client  # unchanged settings: the same client
    oai.api_key = "sk-rotated"
    oai.default_headers = {"X-Team": "a"}
    oai.files.list()
    assert _module_client.load_client() is not client
    assert recorder.requests[-1].headers["authorization"] == "Bearer sk-rotated"
    assert recorder.requests[-1].headers["x-team"] == "a"
    assert recorder.requests[-1].url.path == "/v1/files"


def test_a_resource_held_across_a_change_uses_the_new_settings() -> None:
    recorder = Recorder()
    oai.http_client = httpx.Client(transport=httpx.MockTransport(recorder))
    oai.api_key = "sk-one"
    files = oai.files
    oai.api_key = "sk-two"
    files.list()
    assert recorder.requests[0].headers["authorization"] == "Bearer sk-two"
    assert oai.files is files


def test_the_environment_fills_unset_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://env.example.test/v1")
    oai.http_client = httpx.Client(transport=httpx.MockTransport(recorder))
    oai.models.list()
    assert recorder.requests[0].headers["authorization"] == "Bearer sk-env"
    assert recorder.requests[0].url.host == "env.example.test"


def test_missing_key_is_the_clients_error() -> None:
    with pytest.raises(oai.OpenAIError, match="api_key"):
        oai.models.list()


def test_azure_settings_make_an_azure_client() -> None:
    recorder = Recorder()
    oai.api_key = "azure-key"
    oai.azure_endpoint = "https://res.openai.azure.com"
    oai.api_version = "2024-10-21"
    oai.http_client = httpx.Client(transport=httpx.MockTransport(recorder))
    oai.chat.completions.create(model="dep", messages=[{"role": "user", "content": "hi"}])
    request = recorder.requests[0]
    assert request.url.path == "/openai/deployments/dep/chat/completions"
    assert request.url.params["api-version"] == "2024-10-21"
    assert request.headers["api-key"] == "azure-key"
    oai.api_type = "nonsense"
    with pytest.raises(ValueError, match=r"oai\.api_type must be"):
        oai.models.list()


def test_import_oai_builds_no_client_and_imports_no_client_module() -> None:
    code = "import sys, oai; oai.api_key = 'x'; print(sorted(m for m in sys.modules if m in ('oai._client', 'oai.resources')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_official_top_level_setting_and_resource_exists() -> None:
    for name in (*_module_client.SETTING_NAMES, *_module_client.RESOURCE_NAMES):
        assert hasattr(oai, name), name
