"""The engine builds its TLS context on the first https connection, not with the client: plain
http never loads the CA bundle, and https still verifies with httpx's trust (or the user's)."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

import oai
from oai._engine_async import AsyncEngineTransport
from oai._engine_sync import EngineTransport

from .conftest import AnyClient, Echo, resolve, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        body = b'{"method": "POST", "path": "/tls", "attempt": 1}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An https server on 127.0.0.1 with a fresh self-signed certificate (its base URL, cert)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    finally:
        httpd.shutdown()
        httpd.server_close()


def _client(is_async: bool, base_url: str, **http_options: Any) -> AnyClient:
    if is_async:
        return oai.AsyncClient(
            api_key="sk-test", base_url=base_url, max_retries=0, http_client=oai.DefaultAsyncHttpxClient(**http_options)
        )
    return oai.Client(
        api_key="sk-test", base_url=base_url, max_retries=0, http_client=oai.DefaultHttpxClient(**http_options)
    )


def _tls_built(client: AnyClient) -> bool:
    transport: Any = client._client._transport  # pyright: ignore[reportPrivateUsage]
    assert isinstance(transport, (EngineTransport, AsyncEngineTransport))
    return bool(transport._tls.built)  # pyright: ignore[reportPrivateUsage]


async def test_plain_http_calls_never_build_the_tls_context(is_async: bool, server: FaultServer) -> None:
    client = _client(is_async, server.base_url)
    assert not _tls_built(client)
    echo = await resolve(client.post(f"/echo/{unique()}", cast_to=Echo, body={"n": 1}))
    assert echo.body == {"n": 1}
    assert not _tls_built(client)
    await resolve(client.close())


async def test_https_with_the_default_trust_rejects_an_unknown_certificate(
    is_async: bool, tls_server: tuple[str, Path]
) -> None:
    client = _client(is_async, tls_server[0])
    with pytest.raises(oai.APIConnectionError) as caught:
        await resolve(client.post("/tls", cast_to=Echo, body={}))
    assert type(caught.value.__cause__) is httpx.ConnectError
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value.__cause__)
    assert _tls_built(client)
    await resolve(client.close())


async def test_https_verifies_against_the_users_context(is_async: bool, tls_server: tuple[str, Path]) -> None:
    base_url, cert = tls_server
    trusting = ssl.create_default_context(cafile=str(cert))
    client = _client(is_async, base_url, verify=trusting)
    assert _tls_built(client)  # a context of the user's is taken as it is, at once
    echo = await resolve(client.post("/tls", cast_to=Echo, body={}))
    assert echo.path == "/tls"
    await resolve(client.close())


def test_verify_false_builds_its_context_in_the_constructor() -> None:
    transport: Any = oai.DefaultHttpxClient(verify=False)._transport  # pyright: ignore[reportPrivateUsage]
    assert transport._tls.built


def test_a_ca_path_is_read_in_the_constructor(tls_server: tuple[str, Path]) -> None:
    with pytest.warns(DeprecationWarning):  # httpx's own warning for `verify=<str>`, still at once
        transport: Any = oai.DefaultHttpxClient(verify=str(tls_server[1]))._transport  # pyright: ignore[reportPrivateUsage]
    assert transport._tls.built
    with pytest.raises(FileNotFoundError), pytest.warns(DeprecationWarning):  # a bad path fails here too
        oai.DefaultHttpxClient(verify=str(tls_server[1].parent / "missing.pem"))


def test_the_ca_variables_are_read_when_the_client_is_built(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server[1]))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    transport: Any = oai.DefaultHttpxClient()._transport  # pyright: ignore[reportPrivateUsage]
    assert not transport._tls.built
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "changed-later.pem"))
    with httpx.Client(transport=transport, base_url=tls_server[0]) as client:
        assert client.post("/tls").json()["path"] == "/tls"  # the bundle named at construction trusts it
    assert transport._tls.built


def test_a_missing_ca_file_in_the_environment_fails_in_the_constructor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(FileNotFoundError):
        oai.DefaultHttpxClient()
