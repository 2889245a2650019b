"""`sdkforge generate` without a config on a small spec: a whole project whose client is imported
and called over `httpx.MockTransport` (form bodies by alias, basic and query-key auth), with the
runtime core vendored under the package's name; `init` + `generate --config` writes the same bytes."""

from __future__ import annotations

import importlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List
from urllib.parse import parse_qs

import httpx
import pytest
import yaml

from sdkforge.cli import main

ROOT = Path(__file__).resolve().parents[2]

SPEC: Dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Dialer", "version": "1"},
    "servers": [{"url": "https://api.dialer.example"}],
    "security": [{"basicAuth": []}],
    "components": {
        "securitySchemes": {
            "basicAuth": {"type": "http", "scheme": "basic"},
            "key": {"type": "apiKey", "in": "query", "name": "key"},
        },
        "schemas": {
            "Call": {"type": "object", "properties": {"sid": {"type": "string"}, "status": {"type": "string"}}},
        },
    },
    "paths": {
        "/2010-04-01/Accounts/{AccountSid}/Calls.json": {
            "get": {
                "operationId": "ListCall",
                "parameters": [
                    {"name": "AccountSid", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "PageSize", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "calls": {"type": "array", "items": {"$ref": "#/components/schemas/Call"}},
                                        "next_page_uri": {"type": "string", "nullable": True},
                                        "page": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "CreateCall",
                "parameters": [{"name": "AccountSid", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["To", "From"],
                                "properties": {
                                    "To": {"type": "string"},
                                    "From": {"type": "string"},
                                    "StatusCallbackEvent": {"type": "array", "items": {"type": "string"}},
                                    "Record": {"type": "boolean"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Call"}}},
                    }
                },
            },
        },
        "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}/Recording.mp3": {
            "get": {
                "operationId": "FetchRecordingMedia",
                "parameters": [
                    {"name": "AccountSid", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "Sid", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"302": {"description": "a redirect to the media"}},
            }
        },
        "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}/cancel": {
            "post": {
                "operationId": "CancelCall",
                "security": [{"key": []}],
                "parameters": [
                    {"name": "AccountSid", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "Sid", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"204": {"description": "gone"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("standalone")
    spec = root / "dialer.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    out = root / "out"
    assert main(["generate", "--spec", str(spec), "--package", "dialer_sdk", "--out", str(out)]) == 0
    sys.path.insert(0, str(out / "src"))
    try:
        yield out
    finally:
        sys.path.remove(str(out / "src"))
        for name in [n for n in sys.modules if n == "dialer_sdk" or n.startswith("dialer_sdk.")]:
            del sys.modules[name]


def _client(requests: List[httpx.Request], **kwargs: Any) -> Any:
    package = importlib.import_module("dialer_sdk")

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.path.endswith("/cancel"):
            return httpx.Response(204)
        if request.method == "GET":
            page = int(request.url.params.get("Page", "0"))
            following = f"/2010-04-01/Accounts/AC1/Calls.json?Page={page + 1}&PageSize=1" if page < 2 else None
            return httpx.Response(200, json={"calls": [{"sid": f"CA{page}"}], "next_page_uri": following, "page": page})
        return httpx.Response(201, json={"sid": "CA1", "status": "queued"})

    return package.DialerSdk(http_client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0, **kwargs)


def test_the_project_has_its_files(project: Path) -> None:
    for name in ("pyproject.toml", "README.md", "api.md", "src/dialer_sdk/_client.py", "src/dialer_sdk/py.typed"):
        assert (project / name).is_file(), name
    assert (project / "tests/api_resources/accounts/test_calls.py").is_file()
    pyproject = (project / "pyproject.toml").read_text()
    assert '"httpx>=0.25,<1"' in pyproject and "pyyaml" not in pyproject


def test_the_vendored_core_carries_the_package_name_only(project: Path) -> None:
    package = project / "src" / "dialer_sdk"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "openai" not in text.lower(), path
        assert "from oai" not in text and "import oai" not in text, path
    assert "class DialerSdkError(Exception)" in (package / "_exceptions.py").read_text()
    assert 'DEFAULT_BASE_URL = "https://api.dialer.example"' in (package / "_constants.py").read_text()
    assert '"DIALER_SDK_LOG"' in (package / "_logging.py").read_text()


def test_form_body_is_url_encoded_with_the_spec_field_names(project: Path) -> None:
    requests: List[httpx.Request] = []
    client = _client(requests, username="AC1", password="secret")
    call = client.accounts.calls.create(
        "AC1", to="+15550001", from_="+15550002", status_callback_event=["ringing", "answered"], record=True
    )
    assert call.sid == "CA1"
    request = requests[0]
    assert request.url == "https://api.dialer.example/2010-04-01/Accounts/AC1/Calls.json"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {
        "To": ["+15550001"],
        "From": ["+15550002"],
        "StatusCallbackEvent": ["ringing", "answered"],
        "Record": ["true"],
    }
    assert request.headers["authorization"] == "Basic QUMxOnNlY3JldA=="  # base64("AC1:secret")


def test_action_segment_and_per_operation_security(project: Path) -> None:
    requests: List[httpx.Request] = []
    client = _client(requests, username="AC1", password="secret", api_key="k-1")
    assert client.accounts.calls.cancel("CA9", account_sid="AC1") is None
    request = requests[0]
    assert request.url.path == "/2010-04-01/Accounts/AC1/Calls/CA9/cancel"
    assert request.url.params["key"] == "k-1"
    assert "authorization" not in request.headers  # the operation's own scheme only


def test_list_pages_follow_the_next_page_uri(project: Path) -> None:
    requests: List[httpx.Request] = []
    client = _client(requests, username="AC1", password="secret")
    first = client.accounts.calls.list("AC1", page_size=1)
    assert type(first).__name__.startswith("SyncNextUrlPage")
    assert [call.sid for call in first.data] == ["CA0"]
    assert [call.sid for call in first] == ["CA0", "CA1", "CA2"]  # every page, then stop
    assert [str(r.url) for r in requests] == [
        "https://api.dialer.example/2010-04-01/Accounts/AC1/Calls.json?PageSize=1",
        "https://api.dialer.example/2010-04-01/Accounts/AC1/Calls.json?Page=1&PageSize=1",
        "https://api.dialer.example/2010-04-01/Accounts/AC1/Calls.json?Page=2&PageSize=1",
    ]


async def _async_sids(project: Path) -> List[str]:
    package = importlib.import_module("dialer_sdk")

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("Page", "0"))
        following = f"/2010-04-01/Accounts/AC1/Calls.json?Page={page + 1}" if page < 1 else None
        return httpx.Response(200, json={"calls": [{"sid": f"CA{page}"}], "next_page_uri": following})

    transport = httpx.MockTransport(handler)
    client = package.AsyncDialerSdk(username="u", password="p", http_client=httpx.AsyncClient(transport=transport))
    return [call.sid async for call in client.accounts.calls.list("AC1")]


@pytest.mark.anyio
async def test_async_list_pages_follow_the_next_page_uri(project: Path) -> None:
    assert await _async_sids(project) == ["CA0", "CA1"]


def test_credentials_come_from_the_environment(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALER_SDK_USERNAME", "env-user")
    monkeypatch.setenv("DIALER_SDK_PASSWORD", "env-pass")
    monkeypatch.setenv("DIALER_SDK_BASE_URL", "https://eu.dialer.example")
    requests: List[httpx.Request] = []
    client = _client(requests)
    client.accounts.calls.create("AC1", to="a", from_="b")
    assert requests[0].url.host == "eu.dialer.example"
    assert requests[0].headers["authorization"].startswith("Basic ")


def test_init_then_generate_with_the_config_is_byte_identical(project: Path, tmp_path: Path) -> None:
    spec = project.parent / "dialer.yaml"
    config = tmp_path / "sdkforge.yml"
    assert main(["init", "--spec", str(spec), "--package", "dialer_sdk", "--out", str(config)]) == 0
    assert main(["init", "--spec", str(spec), "--package", "dialer_sdk", "--out", str(config)]) == 1  # no overwrite
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--config", str(config), "--out", str(out)]) == 0
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(project) for p in project.rglob("*") if p.is_file())
    assert all((out / f).read_bytes() == (project / f).read_bytes() for f in files)


def test_an_operation_documenting_only_a_redirect_is_tested_on_the_mock_transport(project: Path) -> None:
    text = (project / "tests/api_resources/accounts/test_calls.py").read_text()
    assert "def test_method_recording_mp3(self, binary_client: DialerSdk)" in text
    assert "def test_method_create(self, client: DialerSdk)" in text


def test_generate_without_config_needs_a_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--spec", "x.yaml"]) == 2
    assert "--package" in capsys.readouterr().err
    assert main(["generate", "--spec", "x.yaml", "--package", "not-a-name"]) == 2


def test_the_project_type_checks(project: Path) -> None:
    pyright = ROOT / ".venv" / "bin" / "pyright"
    if not pyright.exists():
        pytest.fail("pyright is missing: run scripts/bootstrap")
    done = subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "src"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    assert done.returncode == 0, io.StringIO(done.stdout).read()[-3000:]
