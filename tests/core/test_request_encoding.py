"""Header precedence and multipart encoding of form-only bodies."""

from __future__ import annotations

import httpx

import oai
from tests.conftest import make_sync_client


def _capture() -> tuple[list[httpx.Request], object]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    return seen, handler


def test_default_headers_can_replace_the_authorization_header() -> None:
    seen, handler = _capture()
    client = make_sync_client(handler, default_headers={"Authorization": "Bearer custom"})  # type: ignore[arg-type]
    client.get("/x", cast_to=object)
    assert seen[0].headers["authorization"] == "Bearer custom"


def test_default_headers_omit_removes_the_authorization_header() -> None:
    seen, handler = _capture()
    client = make_sync_client(handler, default_headers={"Authorization": oai.omit})  # type: ignore[arg-type]
    client.get("/x", cast_to=object)
    assert "authorization" not in seen[0].headers


def test_multipart_body_without_files_is_still_multipart() -> None:
    seen, handler = _capture()
    client = make_sync_client(handler)  # type: ignore[arg-type]
    client.post("/containers/c/files", cast_to=object, body={"file_id": "file-1", "tags": ["a", "b"]}, multipart=True)
    request = seen[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    body = request.content.decode()
    assert 'name="file_id"\r\n\r\nfile-1' in body
    assert body.count('name="tags[]"') == 2
    assert "filename=" not in body


def test_multipart_body_with_a_file_keeps_fields_and_file() -> None:
    seen, handler = _capture()
    client = make_sync_client(handler)  # type: ignore[arg-type]
    client.post(
        "/files",
        cast_to=object,
        body={"purpose": "batch", "file": ("a.jsonl", b"{}\n", "application/jsonl")},
        multipart=True,
    )
    body = seen[0].content.decode()
    assert 'name="purpose"\r\n\r\nbatch' in body
    assert 'name="file"; filename="a.jsonl"' in body
