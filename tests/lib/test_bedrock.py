"""`BedrockOpenAI` / `AsyncBedrockOpenAI` on a MockTransport: endpoint from region or env, bearer token or provider."""

from __future__ import annotations

from typing import Any, Dict, List

import httpx
import pytest

import oai
from oai.lib.bedrock import AsyncBedrockOpenAI, BedrockOpenAI

RESPONSE: Dict[str, Any] = {"object": "list", "data": []}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_BEDROCK_BASE_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    # No machine's ~/.aws files may leak into these tests.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")


class Recorder:
    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) == 1 and request.url.path.endswith("/retry-me"):
            return httpx.Response(500)
        return httpx.Response(200, json=RESPONSE)


def sync(recorder: Recorder, **kwargs: Any) -> BedrockOpenAI:
    return BedrockOpenAI(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def test_region_gives_the_mantle_endpoint_and_the_key_is_a_bearer_token() -> None:
    recorder = Recorder()
    client = sync(recorder, api_key="bedrock-key", aws_region="us-west-2")
    client.models.list()
    request = recorder.requests[0]
    assert str(request.url) == "https://bedrock-mantle.us-west-2.api.aws/openai/v1/models"
    assert request.headers["authorization"] == "Bearer bedrock-key"
    assert client.api_key == "bedrock-key"
    assert oai.BedrockOpenAI is BedrockOpenAI and oai.AsyncBedrockOpenAI is AsyncBedrockOpenAI


def test_environment_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "env-token")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    recorder = Recorder()
    sync(recorder).models.list()
    assert recorder.requests[0].url.host == "bedrock-mantle.eu-west-1.api.aws"
    assert recorder.requests[0].headers["authorization"] == "Bearer env-token"
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    sync(recorder).models.list()
    assert recorder.requests[1].url.host == "bedrock-mantle.us-east-1.api.aws"
    monkeypatch.setenv("AWS_BEDROCK_BASE_URL", "https://bedrock.internal.example/openai/v1")
    sync(recorder).models.list()
    assert str(recorder.requests[2].url) == "https://bedrock.internal.example/openai/v1/models"
    sync(recorder, base_url="https://explicit.example/v1").models.list()
    assert recorder.requests[3].url.host == "explicit.example"


def test_token_provider_is_called_before_each_request_including_retries() -> None:
    tokens = iter(["t1", "t2", "t3"])
    recorder = Recorder()
    client = sync(recorder, aws_region="us-east-2", bedrock_token_provider=lambda: next(tokens))
    client.post("/retry-me", cast_to=object, body={})
    client.models.list()
    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer t1", "Bearer t2", "Bearer t3"]
    assert client.api_key is None


def test_bad_configuration_is_refused_with_a_clear_error() -> None:
    with pytest.raises(oai.OpenAIError, match="mutually exclusive"):
        BedrockOpenAI(api_key="k", bedrock_token_provider=lambda: "t", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="bedrock_token_provider`, not `api_key`"):
        BedrockOpenAI(api_key=lambda: "t", aws_region="us-east-1")  # type: ignore[arg-type]
    with pytest.raises(oai.OpenAIError, match="Missing Bedrock credentials"):
        BedrockOpenAI(aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="Missing AWS region"):
        BedrockOpenAI(api_key="k")
    with pytest.raises(oai.OpenAIError, match="must not be empty"):
        BedrockOpenAI(api_key="", aws_region="us-east-1")
    recorder = Recorder()
    client = sync(recorder, aws_region="us-east-1", bedrock_token_provider=lambda: "")
    with pytest.raises(oai.OpenAIError, match="must return a non-empty string"):
        client.models.list()
    assert recorder.requests == []


def test_copy_keeps_bedrock_settings_and_swapping_the_credential_works() -> None:
    recorder = Recorder()
    client = sync(recorder, api_key="k1", aws_region="us-east-1", organization="org-1")
    copy = client.with_options(bedrock_token_provider=lambda: "fresh", max_retries=0)
    assert isinstance(copy, BedrockOpenAI) and copy.max_retries == 0
    copy.models.list()
    request = recorder.requests[0]
    assert request.url.host == "bedrock-mantle.us-east-1.api.aws"
    assert request.headers["authorization"] == "Bearer fresh"
    assert request.headers["openai-organization"] == "org-1"


@pytest.mark.anyio
async def test_async_client_awaits_an_async_provider() -> None:
    recorder = Recorder()
    calls: List[int] = []

    async def provide() -> str:
        calls.append(1)
        return f"async-{len(calls)}"

    client = AsyncBedrockOpenAI(
        aws_region="ap-south-1",
        bedrock_token_provider=provide,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)),
    )
    await client.models.list()
    await client.models.list()
    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer async-1", "Bearer async-2"]
    assert recorder.requests[0].url.host == "bedrock-mantle.ap-south-1.api.aws"
    static = AsyncBedrockOpenAI(
        api_key="static",
        aws_region="ap-south-1",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)),
    )
    await static.models.list()
    assert recorder.requests[2].headers["authorization"] == "Bearer static"


def test_aws_region_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    assert BedrockOpenAI(api_key="k", aws_region="us-west-2").aws_region == "us-west-2"
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert BedrockOpenAI(api_key="k").aws_region == "eu-central-1"
