"""Tests of `oai.lib.azure`: argument checks, base URL, `api-version`, credentials (key, token,
token provider), routing by deployment, redirects and `with_options`, for both clients."""

from __future__ import annotations

import inspect
from typing import Any, Callable, List, Union

import httpx
import pytest

import oai
from oai._models import BaseModel

pytestmark = pytest.mark.anyio

ENDPOINT = "https://my-resource.openai.azure.com"
AnyAzure = Union[oai.AzureOpenAI, oai.AsyncAzureOpenAI]


class Echo(BaseModel):
    ok: bool


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Recorder:
    """A MockTransport handler that records each request and answers `{"ok": true}`."""

    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"ok": True})

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def make_azure(
    handler: Callable[[httpx.Request], httpx.Response], *, is_async: bool, follow_redirects: bool = False, **kwargs: Any
) -> AnyAzure:
    kwargs.setdefault("api_version", "2024-10-21")
    kwargs.setdefault("azure_endpoint", ENDPOINT)
    if not any(name in kwargs for name in ("api_key", "azure_ad_token", "azure_ad_token_provider")):
        kwargs["api_key"] = "azure-key"
    transport = httpx.MockTransport(handler)
    if is_async:
        http = httpx.AsyncClient(transport=transport, follow_redirects=follow_redirects)
        return oai.AsyncAzureOpenAI(http_client=http, max_retries=0, **kwargs)
    return oai.AzureOpenAI(
        http_client=httpx.Client(transport=transport, follow_redirects=follow_redirects), max_retries=0, **kwargs
    )


async def resolve(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def post(client: AnyAzure, path: str, body: object, **kwargs: Any) -> Any:
    return await resolve(client.post(path, cast_to=Echo, body=body, **kwargs))


async def get(client: AnyAzure, path: str) -> Any:
    return await resolve(client.get(path, cast_to=Echo))


# -- construction -------------------------------------------------------------------------


def test_aliases_name_the_same_classes() -> None:
    assert oai.AzureOpenAI is oai.AzureClient
    assert oai.AsyncAzureOpenAI is oai.AsyncAzureClient
    assert issubclass(oai.AzureClient, oai.OpenAI)
    assert issubclass(oai.AsyncAzureClient, oai.AsyncOpenAI)


def test_missing_api_version_is_named_in_the_error(is_async: bool) -> None:
    with pytest.raises(oai.OpenAIError, match=r"api_version.*OPENAI_API_VERSION"):
        make_azure(Recorder(), is_async=is_async, api_version=None)


async def test_api_version_is_read_from_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01")
    recorder = Recorder()
    await get(make_azure(recorder, is_async=is_async, api_version=None), "/files")
    assert recorder.last.url.params["api-version"] == "2025-01-01"


def test_missing_credentials_name_all_three_and_the_env_var(is_async: bool) -> None:
    with pytest.raises(oai.OpenAIError) as info:
        make_azure(Recorder(), is_async=is_async, api_key=None)
    for name in ("api_key", "azure_ad_token", "azure_ad_token_provider", "AZURE_OPENAI_API_KEY"):
        assert name in str(info.value)


@pytest.mark.parametrize(
    "credentials",
    [
        {"api_key": "k", "azure_ad_token": "t"},
        {"api_key": "k", "azure_ad_token_provider": lambda: "t"},
        {"azure_ad_token": "t", "azure_ad_token_provider": lambda: "t"},
    ],
)
def test_more_than_one_credential_is_rejected(is_async: bool, credentials: dict[str, Any]) -> None:
    with pytest.raises(oai.OpenAIError, match="mutually exclusive"):
        make_azure(Recorder(), is_async=is_async, **credentials)


def test_base_url_and_azure_endpoint_are_mutually_exclusive(is_async: bool) -> None:
    with pytest.raises(oai.OpenAIError, match="mutually exclusive"):
        make_azure(Recorder(), is_async=is_async, base_url=f"{ENDPOINT}/openai")


def test_missing_endpoint_is_named_in_the_error(is_async: bool) -> None:
    with pytest.raises(oai.OpenAIError, match=r"azure_endpoint.*AZURE_OPENAI_ENDPOINT"):
        make_azure(Recorder(), is_async=is_async, azure_endpoint=None)


def test_endpoint_and_key_are_read_from_env(is_async: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", ENDPOINT + "/")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-key")
    client = make_azure(Recorder(), is_async=is_async, azure_endpoint=None, api_key=None)
    assert str(client.base_url) == f"{ENDPOINT}/openai/"
    assert client.api_key == "env-key"


def test_base_url_includes_the_deployment(is_async: bool) -> None:
    client = make_azure(Recorder(), is_async=is_async, azure_deployment="my gpt")
    assert str(client.base_url) == f"{ENDPOINT}/openai/deployments/my%20gpt/"


# -- requests -----------------------------------------------------------------------------


async def test_api_key_is_sent_as_api_key_header_not_authorization(is_async: bool) -> None:
    recorder = Recorder()
    await get(make_azure(recorder, is_async=is_async), "/files")
    assert recorder.last.headers["api-key"] == "azure-key"
    assert "authorization" not in recorder.last.headers


async def test_api_version_is_sent_on_every_request(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async, default_query={"extra": "1"})
    await get(client, "/files")
    await post(client, "/chat/completions", {"model": "gpt-4o", "messages": []})
    for request in recorder.requests:
        assert request.url.params["api-version"] == "2024-10-21"
        assert request.url.params["extra"] == "1"


async def test_ad_token_is_sent_as_bearer(is_async: bool) -> None:
    recorder = Recorder()
    await get(make_azure(recorder, is_async=is_async, azure_ad_token="entra-token"), "/files")
    assert recorder.last.headers["Authorization"] == "Bearer entra-token"
    assert "api-key" not in recorder.last.headers


async def test_token_provider_is_called_for_each_request(is_async: bool) -> None:
    calls: List[int] = []

    def provider() -> str:
        calls.append(1)
        return f"token-{len(calls)}"

    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async, azure_ad_token_provider=provider)
    await get(client, "/files")
    await get(client, "/files")
    assert [r.headers["Authorization"] for r in recorder.requests] == ["Bearer token-1", "Bearer token-2"]
    assert "api-key" not in recorder.last.headers


async def test_token_provider_is_called_again_on_retry(is_async: bool) -> None:
    calls: List[int] = []
    statuses = iter([500, 200])

    def provider() -> str:
        calls.append(1)
        return f"token-{len(calls)}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses), json={"ok": True})

    client = make_azure(handler, is_async=is_async, azure_ad_token_provider=provider).with_options(max_retries=1)
    client._sleep = (lambda delay: _async_noop()) if is_async else (lambda delay: None)
    await get(client, "/files")
    assert len(calls) == 2


async def _async_noop() -> None:
    return None


async def test_async_client_accepts_an_async_token_provider() -> None:
    calls: List[int] = []

    async def provider() -> str:
        calls.append(1)
        return f"async-token-{len(calls)}"

    recorder = Recorder()
    client = make_azure(recorder, is_async=True, azure_ad_token_provider=provider)
    await get(client, "/files")
    await get(client, "/files")
    assert [r.headers["Authorization"] for r in recorder.requests] == ["Bearer async-token-1", "Bearer async-token-2"]


async def test_token_provider_returning_nothing_is_an_error(is_async: bool) -> None:
    client = make_azure(Recorder(), is_async=is_async, azure_ad_token_provider=lambda: "")
    with pytest.raises(oai.OpenAIError, match="azure_ad_token_provider"):
        await get(client, "/files")


ROUTED = [
    "/completions",
    "/chat/completions",
    "/embeddings",
    "/audio/transcriptions",
    "/audio/translations",
    "/audio/speech",
    "/images/generations",
    "/images/edits",
]


@pytest.mark.parametrize("path", ROUTED)
async def test_deployment_endpoints_are_routed_by_model(is_async: bool, path: str) -> None:
    recorder = Recorder()
    await post(make_azure(recorder, is_async=is_async), path, {"model": "my-deployment", "input": "x"})
    assert recorder.last.url.path == f"/openai/deployments/my-deployment{path}"


@pytest.mark.parametrize("path", ["/files", "/batches", "/fine_tuning/jobs", "/responses", "/models"])
async def test_other_endpoints_stay_under_openai(is_async: bool, path: str) -> None:
    recorder = Recorder()
    await post(make_azure(recorder, is_async=is_async), path, {"model": "my-deployment"})
    assert recorder.last.url.path == f"/openai{path}"


async def test_multipart_model_field_routes_too(is_async: bool) -> None:
    recorder = Recorder()
    body = {"model": "whisper-dep", "file": ("a.wav", b"RIFF")}
    await post(make_azure(recorder, is_async=is_async), "/audio/transcriptions", body, multipart=True)
    assert recorder.last.url.path == "/openai/deployments/whisper-dep/audio/transcriptions"
    assert b"whisper-dep" in recorder.last.read()


async def test_model_is_percent_encoded_in_the_path(is_async: bool) -> None:
    recorder = Recorder()
    await post(make_azure(recorder, is_async=is_async), "/embeddings", {"model": "../files", "input": "x"})
    assert recorder.last.url.raw_path.startswith(b"/openai/deployments/..%2Ffiles/embeddings")


async def test_azure_deployment_wins_over_the_model(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async, azure_deployment="fixed")
    await post(client, "/chat/completions", {"model": "other", "messages": []})
    await get(client, "/models")
    assert [r.url.path for r in recorder.requests] == [
        "/openai/deployments/fixed/chat/completions",
        "/openai/deployments/fixed/models",
    ]


async def test_body_without_model_is_not_routed(is_async: bool) -> None:
    recorder = Recorder()
    await post(make_azure(recorder, is_async=is_async), "/chat/completions", {"messages": []})
    assert recorder.last.url.path == "/openai/chat/completions"


async def test_base_url_is_used_as_given(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async, azure_endpoint=None, base_url="https://proxy.test/azure/openai")
    await post(client, "/embeddings", {"model": "dep", "input": "x"})
    assert str(recorder.last.url).startswith("https://proxy.test/azure/openai/deployments/dep/embeddings?")


async def test_cross_origin_redirect_drops_the_api_key(is_async: bool) -> None:
    recorder = Recorder()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "my-resource.openai.azure.com":
            recorder.requests.append(request)
            return httpx.Response(307, headers={"location": "https://elsewhere.test/landing"})
        return recorder(request)

    await get(make_azure(handler, is_async=is_async, follow_redirects=True), "/files")
    first, redirected = recorder.requests
    assert first.headers["api-key"] == "azure-key"
    assert redirected.url.host == "elsewhere.test"
    assert "api-key" not in redirected.headers


async def test_same_origin_redirect_keeps_the_api_key(is_async: bool) -> None:
    recorder = Recorder()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/openai/files":
            return httpx.Response(307, headers={"location": "/openai/files2"})
        return recorder(request)

    await get(make_azure(handler, is_async=is_async, follow_redirects=True), "/files")
    assert recorder.last.headers["api-key"] == "azure-key"


# -- with_options ---------------------------------------------------------------------------


async def test_with_options_keeps_azure_settings(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async).with_options(timeout=5)
    assert isinstance(client, oai.AsyncAzureOpenAI if is_async else oai.AzureOpenAI)
    await post(client, "/chat/completions", {"model": "dep", "messages": []})
    assert recorder.last.url.path == "/openai/deployments/dep/chat/completions"
    assert recorder.last.url.params["api-version"] == "2024-10-21"
    assert recorder.last.headers["api-key"] == "azure-key"


async def test_with_options_can_switch_credentials_and_deployment(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async).with_options(azure_ad_token="t2", azure_deployment="d2")
    await get(client, "/files")
    assert recorder.last.headers["Authorization"] == "Bearer t2"
    assert "api-key" not in recorder.last.headers
    assert recorder.last.url.path == "/openai/deployments/d2/files"


async def test_with_options_can_switch_to_a_base_url(is_async: bool) -> None:
    recorder = Recorder()
    client = make_azure(recorder, is_async=is_async).with_options(base_url="https://proxy.test/openai")
    await get(client, "/files")
    assert recorder.last.url.host == "proxy.test"


async def test_with_options_keeps_an_async_token_provider() -> None:
    async def provider() -> str:
        return "async-token"

    recorder = Recorder()
    client = make_azure(recorder, is_async=True, azure_ad_token_provider=provider).with_options(timeout=5)
    await get(client, "/files")
    assert [r.headers["Authorization"] for r in recorder.requests] == ["Bearer async-token"]


def test_copy_is_with_options() -> None:
    assert oai.AzureOpenAI.copy is oai.AzureOpenAI.with_options
    assert oai.AsyncAzureOpenAI.copy is oai.AsyncAzureOpenAI.with_options


def test_sync_and_async_constructors_take_the_same_parameters() -> None:
    sync = list(inspect.signature(oai.AzureOpenAI.__init__).parameters)
    assert sync == list(inspect.signature(oai.AsyncAzureOpenAI.__init__).parameters)


@pytest.mark.parametrize("secret", ["sk-azure-SECRET\n", "sk-azure-SECRÉT", "sk-azure-SECRET "])
def test_a_malformed_azure_key_is_refused_without_quoting_it(secret: str) -> None:
    with pytest.raises(oai.OpenAIError) as caught:
        oai.AzureClient(
            api_key=secret,
            api_version="2024-10-21",
            azure_endpoint="https://example.openai.azure.com",
            http_client=httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200, json={}))),
        )
    message = str(caught.value)
    assert message.startswith("The Azure API key has a character at position")
    assert secret.strip() not in message and "SECR" not in message
