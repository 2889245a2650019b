"""Tests of the official SDK's top-level names: each resolves to what `openai` binds it to
(`Timeout` is `httpx.Timeout`, `VERSION` the version, the defaults, `file_from_path`, the
sentinels and aliases), the pre-1.0 names raise a helpful error when called, and
`DefaultAioHttpClient` names the extra when it is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import oai
from oai._version import __version__


def test_constants_and_aliases_are_bound_as_in_the_official_sdk() -> None:
    assert oai.Timeout is httpx.Timeout
    assert oai.Timeout(20.0, connect=5.0).connect == 5.0
    assert __version__ == oai.VERSION
    assert httpx.Timeout(600.0, connect=5.0) == oai.DEFAULT_TIMEOUT
    assert oai.DEFAULT_MAX_RETRIES == 2
    assert isinstance(oai.DEFAULT_CONNECTION_LIMITS, httpx.Limits)
    assert oai.not_given is oai.NOT_GIVEN is oai.omit
    assert oai.NoneType is type(None)
    assert oai.Transport is httpx.BaseTransport
    assert issubclass(oai.OAuthError, oai.OpenAIError)
    assert issubclass(oai.InvalidWebhookSignatureError, ValueError)
    assert "timeout" in oai.RequestOptions.__annotations__


def test_file_from_path_reads_a_named_upload(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    assert oai.file_from_path(str(path)) == ("data.jsonl", b'{"a": 1}\n')


@pytest.mark.parametrize("name", ["ChatCompletion", "Completion", "Embedding", "ErrorObject", "FineTuningJob", "Model"])
def test_a_pre_1_0_name_resolves_and_raises_a_helpful_error_when_called(name: str) -> None:
    from oai.lib.removed_v0_api import REPLACEMENTS, APIRemovedInV1

    legacy = getattr(oai, name)
    assert legacy.create is legacy  # `oai.ChatCompletion.create` still resolves
    with pytest.raises(APIRemovedInV1) as info:
        legacy.create(model="gpt-4o")
    assert isinstance(info.value, oai.OpenAIError)
    assert f"oai.{name}" in str(info.value) and REPLACEMENTS[name] in str(info.value)
    assert name not in oai.__all__  # hidden from star-imports and completion, as official


def test_chat_completion_names_its_replacement() -> None:
    with pytest.raises(oai.OpenAIError, match=r"client\.chat\.completions\.create"):
        oai.ChatCompletion.create(model="gpt-4o", messages=[])


def test_default_aiohttp_client_without_the_extra_names_it_when_instantiated() -> None:
    script = (
        "import sys; sys.modules['httpx_aiohttp'] = None\n"
        "import oai\n"
        "cls = oai.DefaultAioHttpClient\n"
        "try:\n    cls()\nexcept RuntimeError as e:\n    print('ERR', e)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert "ERR" in result.stdout and "aiohttp" in result.stdout and "extra" in result.stdout


def test_default_aiohttp_client_with_the_extra_is_the_lib_client() -> None:
    pytest.importorskip("httpx_aiohttp")
    from oai.lib.aiohttp import DefaultAioHttpClient

    assert oai.DefaultAioHttpClient is DefaultAioHttpClient
