"""Tests of `oai.lib.aiohttp`: a real request through aiohttp to a local server, and the
message when the optional package is missing."""

from __future__ import annotations

import importlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Dict, Iterator, List

import httpx
import pytest

import oai
from oai._models import BaseModel

pytest.importorskip("httpx_aiohttp")

from oai.lib.aiohttp import DefaultAioHttpClient  # after the skip check


class Model(BaseModel):
    id: str
    object: str


class _Handler(BaseHTTPRequestHandler):
    # Every request of the test, across the per-request handler instances.
    seen: ClassVar[List[Dict[str, Any]]] = []

    def do_GET(self) -> None:
        _Handler.seen.append({"path": self.path, "authorization": self.headers.get("authorization")})
        body = json.dumps({"id": self.path.rsplit("/", 1)[-1], "object": "model"}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.send_header("x-ratelimit-remaining-requests", "12")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None  # keep test output quiet


@pytest.fixture
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.anyio
async def test_async_client_sends_through_aiohttp_to_a_local_server(server_url: str) -> None:
    http_client = DefaultAioHttpClient()
    assert isinstance(http_client, httpx.AsyncClient)
    _Handler.seen.clear()
    with pytest.MonkeyPatch.context() as patch:
        sent: List[str] = []
        transport = http_client._transport
        original = transport.handle_async_request

        async def spy(request: httpx.Request) -> httpx.Response:
            sent.append(type(transport).__name__)
            return await original(request)

        patch.setattr(transport, "handle_async_request", spy)
        async with oai.AsyncOpenAI(api_key="sk-local", base_url=server_url, http_client=http_client) as client:
            model = await client.get("/models/gpt-local", cast_to=Model)
            assert client.last_rate_limits is not None
            assert client.last_rate_limits.remaining_requests == 12
    assert model == Model(id="gpt-local", object="model")
    assert sent == ["AiohttpTransport"]
    assert _Handler.seen == [{"path": "/v1/models/gpt-local", "authorization": "Bearer sk-local"}]


def test_default_timeout_and_limits_are_the_sdks() -> None:
    http_client = DefaultAioHttpClient()
    assert http_client.timeout == oai._constants.DEFAULT_TIMEOUT
    custom = DefaultAioHttpClient(timeout=3.0)
    assert custom.timeout == httpx.Timeout(3.0)


def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # makes `import httpx_aiohttp` fail
    monkeypatch.delitem(sys.modules, "oai.lib.aiohttp")
    with pytest.raises(ImportError, match=r"pip install 'oai\[aiohttp\]'"):
        importlib.import_module("oai.lib.aiohttp")
    monkeypatch.undo()
    assert importlib.import_module("oai.lib.aiohttp").DefaultAioHttpClient is DefaultAioHttpClient
