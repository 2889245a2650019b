"""Tests of `oai.lib.webhooks`: Standard Webhooks signatures as OpenAI sends them, secrets from
the argument, the client and the environment, and event decoding."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import types
from typing import Dict, Union

import httpx
import pytest

import oai
from oai._models import BaseModel
from oai.lib.webhooks import AsyncWebhooks, Webhooks
from oai.types.webhooks import BatchCompletedWebhookEvent

KEY = b"super secret key bytes, 32 long!"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
NOW = 1_700_000_000
PAYLOAD = json.dumps(
    {"id": "evt_1", "object": "event", "type": "batch.completed", "created_at": NOW, "data": {"id": "batch_1"}}
)


def sign(payload: Union[str, bytes], *, key: bytes = KEY, webhook_id: str = "wh_1", timestamp: int = NOW) -> str:
    body = payload.encode() if isinstance(payload, str) else payload
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers_for(
    payload: Union[str, bytes] = PAYLOAD, *, key: bytes = KEY, webhook_id: str = "wh_1", timestamp: int = NOW
) -> Dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(payload, key=key, webhook_id=webhook_id, timestamp=timestamp),
    }


@pytest.fixture
def webhooks() -> Webhooks:
    return Webhooks(clock=lambda: float(NOW))


def test_valid_signature_is_accepted(webhooks: Webhooks) -> None:
    webhooks.verify_signature(PAYLOAD, headers_for(), secret=SECRET)


def test_bytes_payload_and_httpx_headers_are_accepted(webhooks: Webhooks) -> None:
    webhooks.verify_signature(PAYLOAD.encode(), httpx.Headers(headers_for()), secret=SECRET)


def test_header_names_are_matched_case_insensitively(webhooks: Webhooks) -> None:
    headers = {name.title(): value for name, value in headers_for().items()}
    webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_any_of_several_signatures_may_match(webhooks: Webhooks) -> None:
    headers = headers_for()
    wrong = sign(PAYLOAD, key=b"an old, rotated key")
    headers["webhook-signature"] = f"{wrong} v1,bm90IGJhc2U2NA== {headers['webhook-signature']}"
    webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_entries_of_other_versions_are_ignored(webhooks: Webhooks) -> None:
    headers = headers_for()
    headers["webhook-signature"] = headers["webhook-signature"].replace("v1,", "v2,")
    with pytest.raises(oai.InvalidWebhookSignatureError, match=r"^The given webhook signature does not match"):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_wrong_secret_is_rejected(webhooks: Webhooks) -> None:
    other = "whsec_" + base64.b64encode(b"another key").decode()
    with pytest.raises(oai.InvalidWebhookSignatureError, match="does not match"):
        webhooks.verify_signature(PAYLOAD, headers_for(), secret=other)


def test_tampered_body_is_rejected(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError, match="does not match"):
        webhooks.verify_signature(PAYLOAD.replace("batch_1", "batch_2"), headers_for(), secret=SECRET)


def test_tampered_webhook_id_is_rejected(webhooks: Webhooks) -> None:
    headers = {**headers_for(), "webhook-id": "wh_2"}
    with pytest.raises(oai.InvalidWebhookSignatureError, match="does not match"):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_timestamp_at_the_tolerance_edge_is_accepted(webhooks: Webhooks) -> None:
    webhooks.verify_signature(PAYLOAD, headers_for(timestamp=NOW - 300), secret=SECRET)
    webhooks.verify_signature(PAYLOAD, headers_for(timestamp=NOW + 300), secret=SECRET)


def test_stale_timestamp_is_rejected(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError, match=r"^Webhook timestamp is too old$"):
        webhooks.verify_signature(PAYLOAD, headers_for(timestamp=NOW - 301), secret=SECRET)


def test_future_timestamp_is_rejected(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError, match=r"^Webhook timestamp is too new$"):
        webhooks.verify_signature(PAYLOAD, headers_for(timestamp=NOW + 301), secret=SECRET)


def test_tolerance_is_configurable(webhooks: Webhooks) -> None:
    headers = headers_for(timestamp=NOW - 1000)
    webhooks.verify_signature(PAYLOAD, headers, secret=SECRET, tolerance=1000)
    with pytest.raises(oai.InvalidWebhookSignatureError):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET, tolerance=999)


def test_non_numeric_timestamp_is_rejected(webhooks: Webhooks) -> None:
    headers = {**headers_for(), "webhook-timestamp": "yesterday"}
    with pytest.raises(oai.InvalidWebhookSignatureError, match=r"^Invalid webhook timestamp format$"):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_header_is_named_in_the_error(webhooks: Webhooks, missing: str) -> None:
    headers = headers_for()
    del headers[missing]
    with pytest.raises(oai.InvalidWebhookSignatureError, match=f"^Could not find {missing} header$"):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_signature_that_is_not_base64_is_rejected(webhooks: Webhooks) -> None:
    headers = {**headers_for(), "webhook-signature": "v1,!!!not-base64!!!"}
    with pytest.raises(oai.InvalidWebhookSignatureError):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)


def test_whsec_secret_that_is_not_base64_is_rejected(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError, match="base64"):
        webhooks.verify_signature(PAYLOAD, headers_for(), secret="whsec_!!!")


def test_raw_secret_is_used_as_its_utf8_bytes(webhooks: Webhooks) -> None:
    raw = "plain-secret-ü"
    webhooks.verify_signature(PAYLOAD, headers_for(key=raw.encode("utf-8")), secret=raw)


def test_whsec_secret_is_base64_decoded_not_used_verbatim(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError):
        webhooks.verify_signature(PAYLOAD, headers_for(key=SECRET.encode()), secret=SECRET)


def test_error_is_a_value_error() -> None:
    assert issubclass(oai.InvalidWebhookSignatureError, ValueError)


def test_no_secret_anywhere_is_rejected(webhooks: Webhooks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)
    with pytest.raises(
        oai.InvalidWebhookSignatureError, match=r"^The webhook secret must either be set using the env var"
    ):
        webhooks.verify_signature(PAYLOAD, headers_for())


def test_secret_is_read_from_the_environment(webhooks: Webhooks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    webhooks.verify_signature(PAYLOAD, headers_for())


def test_secret_is_read_from_the_client() -> None:
    client = oai.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    client.webhooks._clock = lambda: float(NOW)
    client.webhooks.verify_signature(PAYLOAD, headers_for())
    assert isinstance(client.webhooks, Webhooks)


def test_secret_argument_wins_over_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    client = oai.OpenAI(api_key="sk-test", webhook_secret="whsec_" + base64.b64encode(b"wrong").decode())
    hooks = Webhooks(client, clock=lambda: float(NOW))
    hooks.verify_signature(PAYLOAD, headers_for(), secret=SECRET)
    with pytest.raises(oai.InvalidWebhookSignatureError):
        hooks.verify_signature(PAYLOAD, headers_for())


def test_default_clock_is_the_current_time() -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError, match="too old"):
        Webhooks().verify_signature(PAYLOAD, headers_for(timestamp=NOW), secret=SECRET)


@pytest.mark.parametrize("client_cls", [oai.OpenAI, oai.AsyncOpenAI], ids=["sync", "async"])
def test_the_clock_is_read_at_call_time_so_patching_time_time_works(
    client_cls: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_cls(api_key="sk-test", webhook_secret=SECRET)
    webhooks = client.webhooks  # created before the clock is patched, as in an app
    monkeypatch.setattr("time.time", lambda: float(NOW + 10))
    event = webhooks.unwrap(PAYLOAD, headers_for())
    assert isinstance(event, BatchCompletedWebhookEvent)
    monkeypatch.setattr("time.time", lambda: float(NOW + 301))
    with pytest.raises(oai.InvalidWebhookSignatureError, match="too old"):
        webhooks.verify_signature(PAYLOAD, headers_for())


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"webhook-id": "wh_1"},
        {**headers_for(), "webhook-signature": "v2,abc"},
        {**headers_for(), "webhook-timestamp": "x"},
    ],
    ids=["no-headers", "only-id", "unknown-version", "bad-timestamp"],
)
def test_every_verification_failure_is_the_official_exception_type(webhooks: Webhooks, headers: Dict[str, str]) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError):
        webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)
    assert oai.InvalidWebhookSignatureError.__module__ == "oai"


def test_unwrap_returns_the_event_after_verifying(webhooks: Webhooks) -> None:
    event = webhooks.unwrap(PAYLOAD, headers_for(), secret=SECRET)
    assert isinstance(event, BatchCompletedWebhookEvent)
    assert event.to_dict() == json.loads(PAYLOAD)


def test_unwrap_rejects_a_bad_signature_before_decoding(webhooks: Webhooks) -> None:
    with pytest.raises(oai.InvalidWebhookSignatureError):
        webhooks.unwrap("not json", headers_for(), secret=SECRET)


@pytest.mark.anyio
async def test_async_client_webhooks_verify_with_the_client_secret() -> None:
    client = oai.AsyncOpenAI(api_key="sk-test", webhook_secret=SECRET)
    assert isinstance(client.webhooks, AsyncWebhooks)
    client.webhooks._clock = lambda: float(NOW)
    event = client.webhooks.unwrap(PAYLOAD.encode(), headers_for())
    assert isinstance(event, BatchCompletedWebhookEvent)
    assert event.to_dict() == json.loads(PAYLOAD)
    with pytest.raises(oai.InvalidWebhookSignatureError):
        client.webhooks.verify_signature(PAYLOAD + " ", headers_for())
    await client.close()


def test_unwrap_validates_into_the_generated_event_type_when_it_exists(
    webhooks: Webhooks, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BatchCompleted(BaseModel):
        id: str
        type: str
        data: Dict[str, str]

    generated = types.ModuleType("oai.types.webhooks")
    generated.UnwrapWebhookEvent = BatchCompleted  # type: ignore[attr-defined]  # stands in for the generated union
    monkeypatch.setitem(sys.modules, "oai.types.webhooks", generated)
    event = webhooks.unwrap(PAYLOAD, headers_for(), secret=SECRET)
    assert isinstance(event, BatchCompleted)
    assert event.data == {"id": "batch_1"}
    assert event.raw_json() == PAYLOAD
