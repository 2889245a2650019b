"""Security under hostile input and servers: path parameters cannot climb to another path,
credentials do not follow a redirect to another origin, the API key never shows in logs, reprs,
error messages or returned objects, and `base_url` must be http(s)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Any, Callable, Dict, List
from urllib.parse import quote, unquote

import pytest

import oai
from oai import _logging
from oai._request import path_template

from .conftest import CANARY_KEY, AnyClient, Echo, MakeClient, collect, resolve, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio


# -- path parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file_id",
    ["../../organization/users", "..", ".", "a/../../b", "x?purpose=evil", "x#frag", "%2e%2e%2f", "http://evil.test/"],
)
async def test_a_path_parameter_cannot_reach_another_path(
    make_client: MakeClient, server: FaultServer, file_id: str
) -> None:
    tag = unique("files")
    path = path_template(f"/echo/{tag}/{{file_id}}", file_id=file_id)
    await resolve(make_client().get(path, cast_to=Echo, max_retries=0))
    (request,) = server.requests_to(tag)
    prefix = f"/v1/echo/{tag}/"
    # One segment under the resource, no query or fragment injected, and it decodes back.
    assert request.path.startswith(prefix)
    segment = request.path[len(prefix) :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == file_id


async def test_generated_files_retrieve_cannot_reach_another_path(make_client: MakeClient, server: FaultServer) -> None:
    client: Any = make_client()
    seen_before = len(server.requests)
    with pytest.raises(oai.NotFoundError):  # the fault server knows no `files` behaviour
        await resolve(client.files.retrieve("../../organization/users", max_retries=0))
    assert [r.path for r in server.requests[seen_before:]] == ["/v1/files/..%2F..%2Forganization%2Fusers"]


# -- redirects -------------------------------------------------------------------------------


async def test_credentials_do_not_follow_a_redirect_to_another_origin(
    make_client: MakeClient, other_origin: FaultServer
) -> None:
    target = f"{other_origin.base_url}/echo/{unique('landing')}"
    client = make_client(default_headers={"api-key": CANARY_KEY, "OpenAI-Organization": "org-secret"})
    result = await resolve(client.post(f"/redirect/{unique()}?to={quote(target, safe='')}", cast_to=Echo, body={}))
    assert result.path.startswith("/v1/echo/landing-")  # the redirect was followed
    (received,) = other_origin.requests_to(target.rsplit("/", 1)[1])
    for name in ("authorization", "api-key", "openai-organization"):
        assert name not in received.headers
    assert CANARY_KEY not in repr(received.headers)


async def test_credentials_follow_a_redirect_within_the_origin(make_client: MakeClient, server: FaultServer) -> None:
    target = f"{server.base_url}/echo/{unique('same')}"
    await resolve(make_client().get(f"/redirect/{unique()}?to={quote(target, safe='')}", cast_to=Echo))
    (received,) = [r for r in server.requests_to(target.rsplit("/", 1)[1]) if r.path.startswith("/v1/echo/")]
    assert received.headers["authorization"] == f"Bearer {CANARY_KEY}"


# -- base_url --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url", ["ftp://api.example.test/v1", "file:///etc/passwd", "javascript:alert(1)", "ws://x.test", "gopher://x"]
)
def test_a_base_url_that_is_not_http_is_refused(base_url: str, is_async: bool) -> None:
    cls = oai.AsyncClient if is_async else oai.Client
    with pytest.raises(ValueError, match="http"):
        cls(api_key=CANARY_KEY, base_url=base_url)


def test_a_base_url_from_the_environment_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "file:///etc/passwd")
    with pytest.raises(ValueError, match="http"):
        oai.Client(api_key=CANARY_KEY)


# -- the key never leaks ---------------------------------------------------------------------


class _Texts:
    """Every string the SDK showed during a test: reprs, messages, bodies, logs."""

    def __init__(self) -> None:
        self.items: List[str] = []

    def add(self, *objects: Any) -> None:
        for value in objects:
            self.items += [str(value), repr(value)]
            if isinstance(value, BaseException):
                self.items += [repr(value.args), repr(getattr(value, "body", None))]
                self.items += [str(getattr(value, "__cause__", None))]
            if isinstance(value, oai.BaseModel):
                self.items += [value.to_json(), repr(value.to_dict()), value.raw_json(), repr(value.json_fields)]


async def _error_of(call: Callable[[], Any]) -> BaseException:
    try:
        result = await resolve(call())
        if isinstance(result, (oai.Stream, oai.AsyncStream)):
            await collect(result)
    except oai.OpenAIError as exc:
        return exc
    raise AssertionError("expected an error")


async def _exercise(client: AnyClient, texts: _Texts, other_origin: FaultServer) -> None:
    stream_cls = oai.AsyncStream[Dict[str, Any]] if isinstance(client, oai.AsyncClient) else oai.Stream[Dict[str, Any]]
    texts.add(client, client.with_options(max_retries=0), client.with_options(api_key=lambda: CANARY_KEY))
    echo = await resolve(client.post(f"/echo/{unique()}", cast_to=Echo, body={"q": 1}))
    raw = await resolve(
        client.get(f"/echo/{unique()}", cast_to=Echo, extra_headers={"X-Stainless-Raw-Response": "raw"})
    )
    stream = await resolve(
        client.post(f"/sse/{unique()}?n=2", cast_to=dict, body={}, stream=True, stream_cls=stream_cls)
    )
    texts.add(echo, raw, await resolve(raw.parse()), stream, *(await collect(stream)))
    retried = await resolve(client.get(f"/flaky/1/status/429/{unique()}?retry_after_ms=1", cast_to=Echo))
    texts.add(retried)
    # Lambdas: a sync client would run each call while the tuple is built.
    for call in (
        lambda: client.get(f"/status/401/{unique()}", cast_to=Echo),
        lambda: client.get(f"/status/500/{unique()}", cast_to=Echo, max_retries=0),
        lambda: client.get(f"/html502/{unique()}", cast_to=Echo, max_retries=0),
        lambda: client.get(f"/close/{unique()}", cast_to=Echo, max_retries=1),
        lambda: client.get(f"/slow/{unique()}?delay=2", cast_to=Echo, max_retries=0, timeout=0.05),
        lambda: client.get(f"/malformed/{unique()}", cast_to=Echo),
        lambda: client.get(f"/short/{unique()}", cast_to=Echo, max_retries=0),
        lambda: client.post(f"/sse/{unique()}?error=1", cast_to=dict, body={}, stream=True, stream_cls=stream_cls),
        lambda: client.post(f"/sse/{unique()}?cut=chunked", cast_to=dict, body={}, stream=True, stream_cls=stream_cls),
    ):
        texts.add(await _error_of(call))
    target = quote(f"{other_origin.base_url}/echo/{unique()}", safe="")
    texts.add(await resolve(client.get(f"/redirect/{unique()}?to={target}", cast_to=Echo)))


async def test_the_api_key_never_appears_in_logs_reprs_errors_or_results(
    make_client: MakeClient,
    server: FaultServer,
    other_origin: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # OAI_LOG=debug as a user would set it; the env is read on the first client of a process.
    monkeypatch.setenv("OAI_LOG", "debug")
    monkeypatch.setattr(_logging, "_is_set_up", False)
    monkeypatch.setattr(_logging.logger, "handlers", [])
    original_level = _logging.logger.level
    # setLevel, not setattr: it also clears the loggers' cached isEnabledFor answers.
    _logging.logger.setLevel(logging.NOTSET)
    request.addfinalizer(lambda: _logging.logger.setLevel(original_level))
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    texts = _Texts()
    client = make_client(default_headers={"api-key": CANARY_KEY})
    assert _logging.logger.isEnabledFor(logging.DEBUG)
    await _exercise(client, texts, other_origin)
    texts.items += [caplog.text, *(record.getMessage() for record in caplog.records)]
    captured = capsys.readouterr()
    texts.items += [captured.out, captured.err]
    # Not vacuous: debug logging ran, the key was sent, and its headers were logged redacted.
    assert "HTTP request headers" in caplog.text
    assert "'api-key': '<redacted>'" in caplog.text and "'authorization': '<redacted>'" in caplog.text
    assert any(r.headers.get("authorization") == f"Bearer {CANARY_KEY}" for r in server.requests)
    leaks = [text for text in texts.items if CANARY_KEY in text or "SECRET-canary" in text]
    assert leaks == []


def _chain_texts(error: BaseException) -> list[str]:
    texts: list[str] = []
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current), repr(current.args)]
        current = current.__cause__ or current.__context__
    return texts


@pytest.mark.parametrize(
    "suffix, prefix",
    [("\n", ""), ("\r\nX-Evil: 1", ""), ("\x00", ""), (" ", ""), ("", "\u2019"), ("", " ")],
    ids=["newline", "header-injection", "nul", "trailing-space", "smart-quote", "leading-space"],
)
async def test_a_malformed_api_key_is_refused_without_quoting_it(
    make_client: MakeClient, server: FaultServer, suffix: str, prefix: str
) -> None:
    """Regression: a key with a stray newline (read from a file) reached h11, whose
    `Illegal header value b'Bearer sk-...\\n'` became the `APIConnectionError` message; a
    non-ASCII character escaped as a bare `UnicodeEncodeError` holding the key in its args."""
    path = f"/echo/{unique()}"
    with pytest.raises(oai.OpenAIError) as info:
        # Refused at construction now; a key callable would be refused at the request.
        client = make_client(api_key=prefix + CANARY_KEY + suffix)
        await resolve(client.get(path, cast_to=Echo))
    assert "api key" in str(info.value).lower()
    assert [text for text in _chain_texts(info.value) if "SECRET-canary" in text] == []
    assert server.requests_to(path) == []


# -- webhooks --------------------------------------------------------------------------------

_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"oai-SECRET-canary-webhook-key").decode()
_SENT_AT = 1_800_000_000


def _signed_headers(body: bytes, *, sent_at: int = _SENT_AT) -> Dict[str, str]:
    key = base64.b64decode(_WEBHOOK_SECRET[len("whsec_") :])
    digest = hmac.new(key, b"msg_1.%d.%s" % (sent_at, body), hashlib.sha256).digest()
    signature = base64.b64encode(digest).decode()
    return {"webhook-id": "msg_1", "webhook-timestamp": str(sent_at), "webhook-signature": f"v1,{signature}"}


@pytest.mark.parametrize("age", [301, -301, 86_400], ids=["stale", "future", "a-day-old"])
def test_a_replayed_webhook_outside_the_tolerance_is_rejected(age: int) -> None:
    from oai.lib.webhooks import InvalidWebhookSignatureError, Webhooks

    body = b'{"type": "response.completed"}'
    webhooks = Webhooks(clock=lambda: float(_SENT_AT + age))
    with pytest.raises(InvalidWebhookSignatureError) as info:
        webhooks.verify_signature(body, _signed_headers(body), secret=_WEBHOOK_SECRET)
    assert "SECRET" not in str(info.value) and _WEBHOOK_SECRET not in repr(info.value.args)
    Webhooks(clock=lambda: float(_SENT_AT + 299)).verify_signature(body, _signed_headers(body), secret=_WEBHOOK_SECRET)


def test_a_tampered_webhook_body_is_rejected_without_showing_the_secret() -> None:
    from oai.lib.webhooks import InvalidWebhookSignatureError, Webhooks

    headers = _signed_headers(b'{"amount": 1}')
    with pytest.raises(InvalidWebhookSignatureError) as info:
        Webhooks(clock=lambda: float(_SENT_AT)).verify_signature(b'{"amount": 9}', headers, secret=_WEBHOOK_SECRET)
    assert "SECRET" not in str(info.value) and _WEBHOOK_SECRET not in repr(info.value.args)
