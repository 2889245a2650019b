"""Canned response bodies shaped by the spec's schemas (chat completion, model list, stream chunks);
must not do I/O or know about any client."""

from __future__ import annotations

import json
import random

__all__ = [
    "LARGE_MODEL",
    "MODEL_COUNT",
    "STREAM_CHUNKS",
    "large_completion",
    "models_list",
    "small_completion",
    "stream_chunks",
]

# The request's `model` that selects the 2 MB completion (a header `x-bench-body: large` does too).
LARGE_MODEL = "bench-large"
MODEL_COUNT = 1000
STREAM_CHUNKS = 5000
_CREATED = 1741570283
# SIM905 off: one sentence reads better than a column of seventeen words.
_WORDS = "the quick brown fox jumps over a lazy dog while seven wizards quietly hex jolly boxing frogs".split()  # noqa: SIM905


def _usage(prompt: int, completion: int) -> dict[str, object]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _completion(content: str, logprobs: object, completion_tokens: int) -> dict[str, object]:
    # CreateChatCompletionResponse: every required field, plus the optional ones the API sends.
    return {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion",
        "created": _CREATED,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                "logprobs": logprobs,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(19, completion_tokens),
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035",
    }


def small_completion() -> bytes:
    """A short, typical chat completion (about 800 bytes)."""
    content = "This is a test. The quick brown fox jumps over the lazy dog, twice."
    return json.dumps(_completion(content, None, 17)).encode()


def _token_logprob(rng: random.Random, token: str) -> dict[str, object]:
    # ChatCompletionTokenLogprob with five alternatives, as `top_logprobs=5` returns.
    top = [
        {"token": alt, "logprob": round(-rng.random() * 8, 6), "bytes": list(alt.encode())}
        for alt in rng.sample(_WORDS, 5)
    ]
    return {"token": token, "logprob": round(-rng.random(), 6), "bytes": list(token.encode()), "top_logprobs": top}


def large_completion(target_bytes: int = 2_000_000) -> bytes:
    """A chat completion with per-token logprobs, grown until it is about `target_bytes` long."""
    rng = random.Random(7)
    sample = json.dumps(_token_logprob(rng, " quick"))
    count = max(1, target_bytes // (len(sample) + 2))
    tokens = [" " + rng.choice(_WORDS) for _ in range(count)]
    content = [_token_logprob(rng, token) for token in tokens]
    body = _completion("".join(tokens), {"content": content, "refusal": None}, count)
    return json.dumps(body).encode()


def models_list(count: int = MODEL_COUNT) -> bytes:
    """A ListModelsResponse with `count` Model objects."""
    owners = ("openai", "system", "user-abc123", "org-xyz789")
    data = [
        {"id": f"ft:gpt-4o-mini-2024-07-18:org:model-{i:04d}", "object": "model", "created": _CREATED + i,
         "owned_by": owners[i % len(owners)]}
        for i in range(count)
    ]  # fmt: skip
    return json.dumps({"object": "list", "data": data}).encode()


def stream_chunks(count: int = STREAM_CHUNKS) -> list[bytes]:
    """`count` CreateChatCompletionStreamResponse events as JSON (role first, stop last)."""
    base: dict[str, object] = {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion.chunk",
        "created": _CREATED,
        "model": "gpt-4o-mini-2024-07-18",
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035",
    }
    chunks: list[bytes] = []
    for i in range(count):
        if i == 0:
            delta: dict[str, object] = {"role": "assistant", "content": "", "refusal": None}
            finish: str | None = None
        elif i == count - 1:
            delta, finish = {}, "stop"
        else:
            delta, finish = {"content": " " + _WORDS[i % len(_WORDS)]}, None
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        chunks.append(json.dumps({**base, "choices": [choice], "obfuscation": "x" * (i % 7)}).encode())
    return chunks
