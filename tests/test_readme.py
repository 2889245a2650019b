"""Every ```python block of README.md runs, in order, against a local fake of the API, so the README cannot go stale.

Blocks run like a reader's session: one shared namespace, in README order, with a few names
the prose assumes (`client`, `async_client`, `msgs`, a web framework's `app`/`Response`) set
before each block. Every HTTP request any client makes (whatever its base URL) is answered
by `fake_api` through a patched httpx transport; nothing leaves the machine. Top-level
`await` / `async for` / `async with` are allowed. A block that cannot run here is marked in
the README with `<!-- readme-test: skip (why) -->` on the line before its fence; there must
stay few of them. New blocks are picked up automatically.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import contextlib
import hashlib
import hmac
import inspect
import io
import json
import pathlib
import re
import time
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx
import pytest

from oai._engine_async import AsyncEngineTransport
from oai._engine_sync import EngineTransport

ROOT = pathlib.Path(__file__).resolve().parents[1]
SKIP_MARKER = "<!-- readme-test: skip"
MAX_SKIPPED = 3
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"readme-test-secret").decode()
EVENT_CONTENT = '{"name": "Science fair", "date": "Friday", "participants": ["Alice", "Bob"]}'
_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def readme_blocks() -> List[Tuple[int, str, bool]]:
    """(line number, code, is skipped) of every ```python block."""
    text = (ROOT / "README.md").read_text()
    blocks: List[Tuple[int, str, bool]] = []
    for match in _FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        blocks.append((line, match.group(1), before.startswith(SKIP_MARKER)))
    return blocks


# --- The fake API --------------------------------------------------------------------------


def _completion(body: Dict[str, Any]) -> Dict[str, Any]:
    message = {"role": "assistant", "content": EVENT_CONTENT, "refusal": None}
    return {
        "id": "chatcmpl-readme",
        "object": "chat.completion",
        "created": 1,
        "model": body.get("model", "gpt-4o-mini"),
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12},
    }


def _chunks(body: Dict[str, Any]) -> bytes:
    base = {"id": "chatcmpl-readme", "object": "chat.completion.chunk", "created": 1, "model": body.get("model", "m")}
    pieces = [EVENT_CONTENT[i : i + 16] for i in range(0, len(EVENT_CONTENT), 16)]
    events = [
        {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
        for piece in pieces
    ]
    events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    lines = [f"data: {json.dumps(event)}\n\n" for event in events]
    return ("".join(lines) + "data: [DONE]\n\n").encode()


def _file(file_id: str = "file-abc") -> Dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": 3,
        "created_at": 1,
        "filename": "data.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }


def _model(model_id: str) -> Dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1, "owned_by": "openai"}


def fake_api(request: httpx.Request) -> httpx.Response:
    """Plausible answers for the endpoints the README calls; JSON `{}` for others."""
    path = request.url.path
    body: Dict[str, Any] = {}
    if request.headers.get("content-type", "").startswith("application/json") and request.content:
        body = json.loads(request.content)
    headers = {"x-request-id": "req_readme", "x-ratelimit-remaining-tokens": "9000", "x-ratelimit-reset-tokens": "1s"}
    if path.endswith("/chat/completions"):
        if body.get("stream"):
            return httpx.Response(200, content=_chunks(body), headers={**headers, "content-type": "text/event-stream"})
        return httpx.Response(200, json=_completion(body), headers=headers)
    if path.endswith("/models/no-such-model"):
        error = {"error": {"message": "The model does not exist", "type": "invalid_request_error"}}
        return httpx.Response(404, json=error, headers=headers)
    if re.search(r"/models/[^/]+$", path):
        return httpx.Response(200, json=_model(path.rsplit("/", 1)[1]), headers=headers)
    if path.endswith("/models") or path.endswith("/fine_tuning/jobs") or path.endswith("/files"):
        if request.method == "POST":
            return httpx.Response(200, json=_file(), headers=headers)
        return httpx.Response(200, json={"object": "list", "data": [], "has_more": False}, headers=headers)
    if path.endswith("/runs") and body.get("stream"):
        run = {"id": "run_1", "object": "thread.run", "thread_id": "thread_abc", "assistant_id": "asst_abc"}
        events = [
            ("thread.run.created", {**run, "status": "queued"}),
            ("thread.run.completed", {**run, "status": "completed"}),
        ]
        sse = (
            "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
            + "event: done\ndata: [DONE]\n\n"
        )
        return httpx.Response(200, content=sse.encode(), headers={**headers, "content-type": "text/event-stream"})
    if "/file_batches" in path:
        counts = {"in_progress": 0, "completed": 2, "failed": 0, "cancelled": 0, "total": 2}
        batch = {"id": "vsfb_1", "object": "vector_store.files_batch", "created_at": 1, "status": "completed"}
        return httpx.Response(200, json={**batch, "vector_store_id": "vs_abc", "file_counts": counts}, headers=headers)
    if path.endswith("/content"):
        return httpx.Response(200, content=b'{"prompt": "..."}\n', headers=headers)
    if path.endswith("/audio/transcriptions"):
        return httpx.Response(200, json={"text": "hello"}, headers=headers)
    return httpx.Response(200, json={}, headers=headers)


@pytest.fixture
def offline_httpx(monkeypatch: pytest.MonkeyPatch) -> List[httpx.Request]:
    """Route every httpx request to `fake_api` (the README builds its own clients)."""
    sent: List[httpx.Request] = []

    def handle(self: object, request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return fake_api(request)

    async def handle_async(self: object, request: httpx.Request) -> httpx.Response:
        await request.aread()
        sent.append(request)
        return fake_api(request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async)
    # The SDK's default clients send through their own engine transports.
    monkeypatch.setattr(EngineTransport, "handle_request", handle)
    monkeypatch.setattr(AsyncEngineTransport, "handle_async_request", handle_async)
    return sent


# --- The namespace the prose assumes --------------------------------------------------------


class FakeApp:
    """A web framework's `app`: `@app.post(path)` registers a handler the test then calls."""

    def __init__(self) -> None:
        self.handlers: List[Callable[[Any], Any]] = []

    def post(self, path: str) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
        def register(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
            self.handlers.append(handler)
            return handler

        return register


class Response:
    def __init__(self, status: int = 200, body: str = "") -> None:
        self.status = status
        self.body = body


class Request:
    def __init__(self, body: bytes, headers: Dict[str, str]) -> None:
        self.body = body
        self.headers = headers


def signed_delivery(event: Dict[str, Any]) -> Request:
    body = json.dumps(event).encode()
    webhook_id, timestamp = "wh_readme", str(int(time.time()))
    key = base64.b64decode(WEBHOOK_SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    headers = {
        "webhook-id": webhook_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
    return Request(body, headers)


def prelude() -> Dict[str, Any]:
    import oai

    return {
        "client": oai.OpenAI(),
        "async_client": oai.AsyncOpenAI(),
        "msgs": [{"role": "user", "content": "Alice and Bob go to the fair on Friday."}],
        "app": FakeApp(),
        "Response": Response,
        "request": signed_delivery(
            {"id": "evt_1", "object": "event", "created_at": 1, "type": "batch.completed", "data": {"id": "batch_1"}}
        ),
    }


def run_block(code: str, namespace: Dict[str, Any], line: int) -> None:
    compiled = compile(code, f"README.md:{line}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, namespace)  # noqa: S307 - the README's own code, run on purpose
    if inspect.iscoroutine(result):
        asyncio.run(result)


@pytest.fixture
def readme_env(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    for name in ("OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OAI_LOG", "OPENAI_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-readme")
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bedrock-readme")
    # The Bedrock section names an AWS profile `work`: a shared credentials file that has it.
    credentials = tmp_path / "aws-credentials"
    credentials.write_text("[work]\naws_access_key_id = AKIDREADME\naws_secret_access_key = readme-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    # Files the snippets name.
    (tmp_path / "data.jsonl").write_text('{"prompt": "..."}\n')
    (tmp_path / "speech.mp3").write_bytes(b"ID3fake")
    (tmp_path / "a.md").write_text("# a\n")
    (tmp_path / "b.md").write_text("# b\n")
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    import oai
    from oai import _module_client

    for name in _module_client.SETTING_NAMES:
        setattr(oai, name, getattr(_module_client, name))
    _module_client.reset_client()


# --- The tests ------------------------------------------------------------------------------


def test_readme_python_blocks_run(offline_httpx: List[httpx.Request], readme_env: pathlib.Path) -> None:
    namespace: Dict[str, Any] = {"__name__": "readme"}
    apps: List[FakeApp] = []
    ran = 0
    for line, code, is_skipped in readme_blocks():
        if is_skipped:
            continue
        namespace.update(prelude())
        apps.append(namespace["app"])
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                run_block(code, namespace, line)
            except Exception as exc:
                raise AssertionError(f"README.md block at line {line} failed: {type(exc).__name__}: {exc}") from exc
            # Web handlers the README defines are called with a signed delivery, as a framework would.
            for app in apps:
                for handler in app.handlers:
                    response = handler(namespace["request"])
                    assert getattr(response, "status", 200) == 200, f"README.md block at line {line}: handler refused"
                app.handlers.clear()
        ran += 1
    assert ran >= 20
    assert offline_httpx, "the README made no request"


def test_few_blocks_are_skipped_and_each_says_why() -> None:
    text = (ROOT / "README.md").read_text()
    markers = [line for line in text.splitlines() if line.startswith(SKIP_MARKER)]
    assert 0 < len(markers) <= MAX_SKIPPED, markers
    assert all(re.fullmatch(r"<!-- readme-test: skip \(.+\) -->", marker) for marker in markers)
    assert sum(1 for _, _, skipped in readme_blocks() if skipped) == len(markers)  # each sits right before a block


def test_the_block_finder_sees_every_python_fence() -> None:
    text = (ROOT / "README.md").read_text()
    assert len(readme_blocks()) == text.count("```python\n")
