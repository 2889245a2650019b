"""SigV4 signing of `BedrockOpenAI` / `AsyncBedrockOpenAI` with AWS credentials, on a MockTransport.

The expected signatures are AWS's published test-suite values ("get-vanilla",
"get-vanilla-query-order-key-case"), or computed here step by step from AWS's documented
algorithm, independently of `oai.lib._sigv4`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List

import httpx
import pytest

import oai
from oai.lib import _sigv4
from oai.lib._sigv4 import AwsCredentials, sigv4_authorization
from oai.lib.bedrock import AsyncBedrockOpenAI, BedrockOpenAI

# AWS's documented example credentials and time of the SigV4 test suite.
EXAMPLE = AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
SUITE_DATE = "20150830T123600Z"
SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLE-session-token-value"
T0 = datetime(2015, 8, 30, 12, 36, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "AWS_BEARER_TOKEN_BEDROCK",
        "AWS_BEDROCK_BASE_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "OPENAI_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """The signer's clock: T0, then one second later on each call."""
    times = (T0 + timedelta(seconds=n) for n in range(1000))
    monkeypatch.setattr(_sigv4, "_utcnow", lambda: next(times))
    return times


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def expected_authorization(request: httpx.Request, credentials: AwsCredentials, region: str, service: str) -> str:
    """AWS's documented algorithm, written out for the requests these tests send (JSON bodies,
    a path and query of unreserved characters), signing content-type, host and the x-amz-* headers."""
    names = sorted(n for n in request.headers if n in ("content-type", "host") or n.startswith("x-amz-"))
    canonical_headers = "".join(f"{n}:{request.headers[n].strip()}\n" for n in names)
    payload_hash = hashlib.sha256(request.content).hexdigest()
    query = "&".join(sorted(f"{k}={v}" for k, v in request.url.params.multi_items()))
    canonical_request = "\n".join(
        [request.method, request.url.path, query, canonical_headers, ";".join(names), payload_hash]
    )
    amz_date = request.headers["x-amz-date"]
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(("AWS4" + credentials.secret_access_key).encode(), amz_date[:8])
    key = _hmac(_hmac(_hmac(key, region), service), "aws4_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"AWS4-HMAC-SHA256 Credential={credentials.access_key_id}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )


class Recorder:
    """Answers 500 to the first `failures` requests, then 200; keeps a copy of every request."""

    def __init__(self, failures: int = 0, status: int = 500, body: Any = None) -> None:
        self.requests: List[httpx.Request] = []
        self.failures = failures
        self.status = status
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) <= self.failures:
            return httpx.Response(self.status, json=self.body or {"error": {"message": "try again"}})
        return httpx.Response(200, json={"object": "list", "data": []})


def sync(recorder: Recorder, **kwargs: Any) -> BedrockOpenAI:
    kwargs.setdefault("aws_region", "us-west-2")
    return BedrockOpenAI(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def asynchronous(recorder: Recorder, **kwargs: Any) -> AsyncBedrockOpenAI:
    kwargs.setdefault("aws_region", "us-west-2")
    return AsyncBedrockOpenAI(http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kwargs)


def test_aws_published_test_vectors() -> None:
    headers = {"Host": "example.amazonaws.com", "X-Amz-Date": SUITE_DATE}
    empty_hash = hashlib.sha256(b"").hexdigest()
    common: Dict[str, Any] = dict(
        headers=headers, payload_hash=empty_hash, credentials=EXAMPLE, region="us-east-1", service="service"
    )
    get_vanilla = sigv4_authorization(
        method="GET", url=httpx.URL("https://example.amazonaws.com/"), amz_date=SUITE_DATE, **common
    )
    assert get_vanilla == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    )
    query_order = sigv4_authorization(
        method="GET",
        url=httpx.URL("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
        amz_date=SUITE_DATE,
        **common,
    )
    assert query_order.endswith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")


def test_static_keys_sign_the_request_with_the_mantle_service(clock: Iterator[datetime]) -> None:
    recorder = Recorder()
    credentials = AwsCredentials(EXAMPLE.access_key_id, EXAMPLE.secret_access_key, SESSION_TOKEN)
    client = sync(
        recorder,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        aws_session_token=SESSION_TOKEN,
    )
    client.chat.completions.create(model="openai.gpt-oss-120b", messages=[{"role": "user", "content": "hi"}])
    request = recorder.requests[0]
    assert request.headers["x-amz-date"] == SUITE_DATE
    assert request.headers["x-amz-content-sha256"] == hashlib.sha256(request.content).hexdigest()
    assert request.headers["x-amz-security-token"] == SESSION_TOKEN
    authorization = request.headers["authorization"]
    assert "/20150830/us-west-2/bedrock-mantle/aws4_request, " in authorization
    assert "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token," in authorization
    assert authorization == expected_authorization(request, credentials, "us-west-2", "bedrock-mantle")
    assert client.api_key is None


def test_every_retry_is_signed_again_with_fresh_provider_credentials(clock: Iterator[datetime]) -> None:
    recorder = Recorder(failures=2)
    handed_out: List[AwsCredentials] = []

    def provide() -> Dict[str, str]:
        handed_out.append(AwsCredentials(f"AKID{len(handed_out)}", f"secret-{len(handed_out)}"))
        return {"access_key_id": handed_out[-1].access_key_id, "secret_access_key": handed_out[-1].secret_access_key}

    client = sync(recorder, aws_credentials_provider=provide, max_retries=2)
    client.with_options(timeout=5).post("/responses", cast_to=object, body={"input": "hi"})
    assert len(recorder.requests) == 3 and len(handed_out) == 3
    dates = [r.headers["x-amz-date"] for r in recorder.requests]
    assert len(set(dates)) == 3
    for request, credentials in zip(recorder.requests, handed_out, strict=True):
        assert request.headers["authorization"] == expected_authorization(
            request, credentials, "us-west-2", "bedrock-mantle"
        )
        assert "x-amz-security-token" not in request.headers


@pytest.mark.anyio
async def test_async_client_signs_every_attempt_and_awaits_an_async_provider(clock: Iterator[datetime]) -> None:
    recorder = Recorder(failures=1)
    calls: List[int] = []

    async def provide() -> AwsCredentials:
        calls.append(1)
        return AwsCredentials(EXAMPLE.access_key_id, EXAMPLE.secret_access_key, SESSION_TOKEN)

    client = asynchronous(recorder, aws_credentials_provider=provide)
    await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert len(recorder.requests) == 2 and len(calls) == 2
    first, retry = recorder.requests
    assert first.headers["x-amz-date"] != retry.headers["x-amz-date"]
    expected = AwsCredentials(EXAMPLE.access_key_id, EXAMPLE.secret_access_key, SESSION_TOKEN)
    for request in recorder.requests:
        assert request.headers["authorization"] == expected_authorization(
            request, expected, "us-west-2", "bedrock-mantle"
        )
    static = asynchronous(recorder, aws_access_key_id="AKIDSTATIC", aws_secret_access_key="static-secret")
    await static.models.list()
    assert recorder.requests[-1].headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDSTATIC/")


def test_runtime_base_url_signs_as_bedrock_and_takes_its_region_from_the_host(clock: Iterator[datetime]) -> None:
    recorder = Recorder()
    client = BedrockOpenAI(
        base_url="https://bedrock-runtime.eu-west-3.amazonaws.com/openai/v1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
    )
    client.models.list()
    assert "/eu-west-3/bedrock/aws4_request" in recorder.requests[0].headers["authorization"]
    with pytest.raises(oai.OpenAIError, match="SigV4 signing needs an AWS region"):
        BedrockOpenAI(base_url="https://proxy.example/v1", aws_access_key_id="a", aws_secret_access_key="b")


def test_resolution_order_explicit_then_bearer_env_then_key_env_then_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n"
        "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\naws_session_token = work-token\n"
    )
    (tmp_path / "config").write_text(
        "[profile cfg]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n"
    )
    recorder = Recorder()

    def used(**kwargs: Any) -> str:
        sync(recorder, **kwargs).models.list()
        authorization = recorder.requests[-1].headers["authorization"]
        return authorization.split("Credential=")[1].split("/")[0] if "Credential=" in authorization else authorization

    # 4. the default profile of the shared credentials file, or AWS_PROFILE's
    assert used() == "AKIDDEFAULT"
    monkeypatch.setenv("AWS_PROFILE", "cfg")
    assert used() == "AKIDCONFIG"
    # 3. the AWS_* key variables beat any profile
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-token")
    assert used() == "AKIDENV"
    assert recorder.requests[-1].headers["x-amz-security-token"] == "env-token"
    # 2. a Bedrock bearer key in the environment beats AWS key variables
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bearer-from-env")
    assert used() == "Bearer bearer-from-env"
    # 1. any one explicit mode beats the environment
    assert used(aws_profile="work") == "AKIDWORK"
    assert recorder.requests[-1].headers["x-amz-security-token"] == "work-token"
    assert used(aws_access_key_id="AKIDARG", aws_secret_access_key="arg-secret") == "AKIDARG"
    assert used(aws_credentials_provider=lambda: AwsCredentials("AKIDPROVIDER", "p")) == "AKIDPROVIDER"
    assert used(api_key="explicit-bearer") == "Bearer explicit-bearer"


def test_conflicting_or_incomplete_credentials_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(oai.OpenAIError, match="`api_key`, `aws_access_key_id`, `aws_secret_access_key` are mutually"):
        BedrockOpenAI(api_key="k", aws_access_key_id="a", aws_secret_access_key="b", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`bedrock_token_provider`, `aws_profile` are mutually"):
        BedrockOpenAI(bedrock_token_provider=lambda: "t", aws_profile="p", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`aws_credentials_provider`, `aws_profile` are mutually"):
        AsyncBedrockOpenAI(aws_credentials_provider=lambda: EXAMPLE, aws_profile="p", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`aws_access_key_id` and `aws_secret_access_key` must be given together"):
        BedrockOpenAI(aws_access_key_id="a", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`aws_access_key_id` and `aws_secret_access_key` must be given together"):
        BedrockOpenAI(aws_session_token="t", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`aws_profile`: no AWS profile 'missing'"):
        BedrockOpenAI(aws_profile="missing", aws_region="us-east-1")
    (tmp_path / "config").write_text("[profile sso]\nsso_session = corp\n")
    with pytest.raises(oai.OpenAIError, match=r"has no aws_access_key_id.*aws_credentials_provider"):
        BedrockOpenAI(aws_profile="sso", aws_region="us-east-1")
    with pytest.raises(oai.OpenAIError, match="`aws_credentials_provider` must be a function"):
        BedrockOpenAI(aws_credentials_provider="nope", aws_region="us-east-1")  # type: ignore[arg-type]
    recorder = Recorder()
    client = sync(recorder, aws_credentials_provider=lambda: {"access_key_id": "only-the-id"})
    with pytest.raises(oai.OpenAIError, match="`aws_credentials_provider` must give a non-empty access key ID"):
        client.models.list()
    assert recorder.requests == []


def test_credentials_stay_out_of_reprs_logs_and_errors(
    clock: Iterator[datetime], caplog: pytest.LogCaptureFixture
) -> None:
    secret = EXAMPLE.secret_access_key
    echoed = {"error": {"message": f"bad token {SESSION_TOKEN}", "type": "invalid_request_error"}}
    recorder = Recorder(failures=1, status=403, body=echoed)
    client = sync(
        recorder, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key=secret, aws_session_token=SESSION_TOKEN
    )
    assert secret not in repr(AwsCredentials("AKIDEXAMPLE", secret, SESSION_TOKEN))
    assert SESSION_TOKEN not in repr(AwsCredentials("AKIDEXAMPLE", secret, SESSION_TOKEN))
    with caplog.at_level(logging.DEBUG, logger="oai"), pytest.raises(oai.PermissionDeniedError) as caught:
        client.models.list()
    error = caught.value
    shown = " ".join([str(error), repr(error), repr(error.request.headers), caplog.text, repr(client)])
    for value in (secret, SESSION_TOKEN, error.request.headers["authorization"].split("Signature=")[1]):
        assert value not in shown
    assert error.request.headers["x-amz-security-token"] == SESSION_TOKEN  # sent, only hidden from view


def test_copy_swaps_to_aws_credentials_and_keeps_them(clock: Iterator[datetime]) -> None:
    recorder = Recorder()
    client = sync(recorder, api_key="bearer")
    signed = client.with_options(aws_access_key_id="AKIDCOPY", aws_secret_access_key="s")
    signed.models.list()
    assert recorder.requests[-1].headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDCOPY/")
    signed.with_options(max_retries=0).models.list()
    assert recorder.requests[-1].headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDCOPY/")
    client.models.list()
    assert recorder.requests[-1].headers["authorization"] == "Bearer bearer"


def test_path_segments_are_encoded_twice_as_for_every_service_but_s3() -> None:
    # A Bedrock model ID carries a colon: AWS's canonical URI encodes each segment twice.
    assert _sigv4._canonical_path("/openai/v1/models/openai.gpt-oss-120b-1:0") == (  # pyright: ignore[reportPrivateUsage]
        "/openai/v1/models/openai.gpt-oss-120b-1%253A0"
    )
    assert _sigv4._canonical_path("/a b/~x_y-z.") == "/a%2520b/~x_y-z."  # pyright: ignore[reportPrivateUsage]
    assert _sigv4._canonical_path("") == "/"  # pyright: ignore[reportPrivateUsage]


class Redirector:
    """Answers the first request with a redirect (`status`) to `location`, then 200; keeps every request sent."""

    def __init__(self, location: str, status: int = 307) -> None:
        self.location = location
        self.status = status
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) == 1:
            return httpx.Response(self.status, headers={"location": self.location})
        return httpx.Response(200, json={"object": "list", "data": []})


STATIC_KEYS: Dict[str, Any] = dict(
    aws_access_key_id=EXAMPLE.access_key_id,
    aws_secret_access_key=EXAMPLE.secret_access_key,
    aws_session_token=SESSION_TOKEN,
)
WITH_TOKEN = AwsCredentials(EXAMPLE.access_key_id, EXAMPLE.secret_access_key, SESSION_TOKEN)


def assert_signed_for_itself(request: httpx.Request) -> None:
    assert request.headers["x-amz-content-sha256"] == hashlib.sha256(request.content).hexdigest()
    assert request.headers["x-amz-security-token"] == SESSION_TOKEN
    assert request.headers["authorization"] == expected_authorization(
        request, WITH_TOKEN, "us-west-2", "bedrock-mantle"
    )


def test_same_origin_redirect_is_signed_again_for_its_path_query_and_body(clock: Iterator[datetime]) -> None:
    redirector = Redirector("/v1/moved/responses?b=2&a=1")
    http_client = httpx.Client(transport=httpx.MockTransport(redirector), follow_redirects=True)
    client = BedrockOpenAI(aws_region="us-west-2", http_client=http_client, **STATIC_KEYS)
    client.post("/responses", cast_to=object, body={"input": "hi"})
    first, moved = redirector.requests
    assert moved.url.path == "/v1/moved/responses" and moved.url.query == b"b=2&a=1"
    assert moved.method == "POST" and moved.content == first.content
    assert moved.headers["x-amz-date"] != first.headers["x-amz-date"]  # a new signature, not the first one
    assert moved.headers["authorization"] != first.headers["authorization"]
    for request in (first, moved):
        assert_signed_for_itself(request)


def test_a_303_is_signed_as_the_bodiless_get_it_becomes(clock: Iterator[datetime]) -> None:
    redirector = Redirector("/v1/models?page=2", status=303)
    http_client = httpx.Client(transport=httpx.MockTransport(redirector), follow_redirects=True)
    client = BedrockOpenAI(aws_region="us-west-2", http_client=http_client, **STATIC_KEYS)
    client.post("/responses", cast_to=object, body={"input": "hi"})
    moved = redirector.requests[1]
    assert moved.method == "GET" and moved.content == b"" and "content-type" not in moved.headers
    assert_signed_for_itself(moved)


def test_cross_origin_redirect_still_carries_no_credentials(clock: Iterator[datetime]) -> None:
    redirector = Redirector("https://elsewhere.example.com/v1/responses")
    http_client = httpx.Client(transport=httpx.MockTransport(redirector), follow_redirects=True)
    client = BedrockOpenAI(aws_region="us-west-2", http_client=http_client, **STATIC_KEYS)
    client.post("/responses", cast_to=object, body={"input": "hi"})
    moved = redirector.requests[1]
    assert moved.url.host == "elsewhere.example.com"
    assert "authorization" not in moved.headers and "x-amz-security-token" not in moved.headers
    assert SESSION_TOKEN not in str(moved.headers.raw)


@pytest.mark.anyio
async def test_async_same_origin_redirect_is_signed_again_with_fresh_provider_credentials(
    clock: Iterator[datetime],
) -> None:
    redirector = Redirector("/v1/moved/responses?b=2&a=1")
    calls: List[int] = []

    async def provide() -> AwsCredentials:
        calls.append(1)
        return WITH_TOKEN

    http_client = httpx.AsyncClient(transport=httpx.MockTransport(redirector), follow_redirects=True)
    client = AsyncBedrockOpenAI(aws_region="us-west-2", http_client=http_client, aws_credentials_provider=provide)
    await client.post("/responses", cast_to=object, body={"input": "hi"})
    first, moved = redirector.requests
    assert len(calls) == 2 and moved.url.path == "/v1/moved/responses"
    assert moved.headers["authorization"] != first.headers["authorization"]
    for request in (first, moved):
        assert_signed_for_itself(request)
    crossing = Redirector("https://elsewhere.example.com/v1/responses")
    http_client = httpx.AsyncClient(transport=httpx.MockTransport(crossing), follow_redirects=True)
    client = AsyncBedrockOpenAI(aws_region="us-west-2", http_client=http_client, aws_credentials_provider=provide)
    await client.post("/responses", cast_to=object, body={"input": "hi"})
    assert "authorization" not in crossing.requests[1].headers and len(calls) == 3
