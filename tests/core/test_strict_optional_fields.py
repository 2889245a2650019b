"""Strict response validation accepts what the official SDK's strict mode accepts: fields the
spec requires but allows to be null (and fields listed under `optional` in sdkforge.yml) may be
left out of a response."""

from __future__ import annotations

from typing import Dict

import httpx
import pytest

import oai

# A chat completion whose choice omits `logprobs` and whose message omits `content` and
# `refusal`: all three are required-but-nullable in the spec, optional in the official models.
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant"}}],
}
# An output text part without `logprobs`, which the spec requires and `sdkforge.yml` relaxes.
RESPONSE_TEXT: Dict[str, object] = {"type": "output_text", "text": "hi", "annotations": []}


def _client(body: object) -> oai.OpenAI:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return oai.OpenAI(
        api_key="sk-test",
        base_url="http://localhost/v1",
        http_client=httpx.Client(transport=transport),
        _strict_response_validation=True,
    )


def test_strict_mode_accepts_a_completion_without_nullable_fields() -> None:
    with _client(COMPLETION) as client:
        completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    choice = completion.choices[0]
    assert choice.logprobs is None and choice.message.content is None and choice.message.refusal is None


def test_strict_mode_still_rejects_a_missing_non_nullable_field() -> None:
    body = {**COMPLETION, "choices": [{"index": 0, "message": {"role": "assistant"}}]}
    with _client(body) as client, pytest.raises(oai.APIResponseValidationError, match="finish_reason"):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])


def test_configured_optional_field_may_be_omitted() -> None:
    from oai.types.responses import ResponseOutputText

    text = ResponseOutputText.model_validate(RESPONSE_TEXT, strict=True)
    assert text.logprobs is None
    assert ResponseOutputText.model_fields["logprobs"].is_required() is False
