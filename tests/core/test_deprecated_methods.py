"""Deprecated API methods (the whole Assistants API) warn on every path: the method itself,
`.with_raw_response` and `.with_streaming_response`, sync and async; type checkers see the decorator."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Dict, List

import httpx
import pytest

from oai import AsyncOpenAI, OpenAI

REPO = Path(__file__).resolve().parents[2]
ASSISTANTS = "The Assistants API is deprecated in favor of the Responses API"
THREAD = {"id": "thread_1", "object": "thread", "created_at": 1, "metadata": None, "tool_resources": None}


def _transport(seen: List[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        return httpx.Response(200, json=THREAD)

    return httpx.MockTransport(handle)


def _sync_client(seen: List[str]) -> OpenAI:
    return OpenAI(api_key="sk-test", base_url="http://test/v1", http_client=httpx.Client(transport=_transport(seen)))


def _async_client(seen: List[str]) -> AsyncOpenAI:
    transport = _transport(seen)
    return AsyncOpenAI(api_key="sk-test", base_url="http://test/v1", http_client=httpx.AsyncClient(transport=transport))


def test_every_assistants_api_method_is_marked_deprecated() -> None:
    client = _sync_client([])
    resources: List[object] = [
        client.beta.assistants,
        client.beta.threads,
        client.beta.threads.runs,
        client.beta.threads.runs.steps,
        client.beta.threads.messages,
    ]
    for resource in resources:
        # The API methods (the generated class's own), not hand-written helpers mixed in.
        members: Dict[str, object] = dict(vars(type(resource)))
        methods = [name for name, value in members.items() if inspect.isfunction(value) and name[0] != "_"]
        assert methods
        for name in methods:
            assert getattr(getattr(resource, name), "__deprecated__", None), f"{type(resource).__name__}.{name}"


def test_sync_method_raw_and_streaming_paths_all_warn() -> None:
    seen: List[str] = []
    client = _sync_client(seen)
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        thread = client.beta.threads.retrieve("thread_1")  # pyright: ignore[reportDeprecated]
    assert thread.id == "thread_1"
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        raw = client.beta.threads.with_raw_response.retrieve("thread_1")
    assert raw.parse().id == "thread_1"
    with (
        pytest.warns(DeprecationWarning, match=ASSISTANTS),
        client.beta.threads.with_streaming_response.retrieve("thread_1") as response,
    ):
        assert response.parse().id == "thread_1"
    assert seen == ["GET /v1/threads/thread_1"] * 3


@pytest.mark.anyio
async def test_async_method_raw_and_streaming_paths_all_warn() -> None:
    seen: List[str] = []
    client = _async_client(seen)
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        await client.beta.threads.messages.delete("msg_1", thread_id="thread_1")  # pyright: ignore[reportDeprecated]
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        raw = await client.beta.threads.messages.with_raw_response.delete("msg_1", thread_id="thread_1")
    assert raw.http_response.status_code == 200
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        async with client.beta.threads.messages.with_streaming_response.delete(
            "msg_1", thread_id="thread_1"
        ) as response:
            assert response.http_response.status_code == 200
    assert seen == ["DELETE /v1/threads/thread_1/messages/msg_1"] * 3


def test_async_paginated_method_warns_when_called() -> None:
    client = _async_client([])
    list_runs: Callable[..., object] = client.beta.threads.runs.list  # pyright: ignore[reportDeprecated]
    with pytest.warns(DeprecationWarning, match=ASSISTANTS):
        list_runs("thread_1")


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright needs node")
def test_pyright_reports_a_call_of_a_deprecated_method(tmp_path: Path) -> None:
    (tmp_path / "use.py").write_text(
        "from oai import OpenAI\n\nOpenAI(api_key='k').beta.threads.runs.cancel('run_1', thread_id='t')\n"
    )
    config = {"pythonVersion": "3.10", "reportDeprecated": "error", "extraPaths": [str(REPO / "src")]}
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config))
    pyright = Path(sys.executable).parent / "pyright"
    result = subprocess.run(
        [str(pyright), "-p", str(tmp_path), "--outputjson"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    diagnostics = json.loads(result.stdout)["generalDiagnostics"]
    assert [(d["rule"], d["range"]["start"]["line"]) for d in diagnostics] == [("reportDeprecated", 2)]
    assert ASSISTANTS in diagnostics[0]["message"]
