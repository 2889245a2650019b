"""`uploads.upload_file_chunked`, sync and async: the Upload it creates, the parts it sends in
parallel, and the part ids it completes with, in file order whatever order the parts finished in."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

from oai.lib.polling import PollProgress

from .polling_fakes import ScriptedAPI, make_client, reply, resolve

MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def upload_body(status: str, **extra: Any) -> Dict[str, Any]:
    return {
        "id": "upload_1",
        "object": "upload",
        "bytes": 10,
        "created_at": 1,
        "filename": "data.jsonl",
        "purpose": "batch",
        "status": status,
        "expires_at": 2,
        **extra,
    }


def part_answer(request: httpx.Request) -> httpx.Response:
    # The part id names the part's content; the first part answers last, so completion order differs.
    content = re.search(rb'name="data"; filename="[^"]*"\r\n(?:[^\r]*\r\n)*\r\n(.*?)\r\n--', request.content, re.S)
    assert content is not None, request.content
    data = content.group(1)
    if data.startswith(b"0123"):
        time.sleep(0.05)
    return reply({"id": "part_" + data.decode(), "object": "upload.part", "created_at": 1, "upload_id": "upload_1"})


def routes() -> ScriptedAPI:
    return ScriptedAPI(
        {
            ("POST", "/uploads"): [reply(upload_body("pending"))],
            ("POST", "/uploads/upload_1/parts"): [part_answer],
            ("POST", "/uploads/upload_1/complete"): [reply(upload_body("completed"))],
        }
    )


@MODES
def test_bytes_are_sent_in_parts_and_completed_in_file_order(is_async: bool) -> None:
    api = routes()
    client = make_client(api, is_async)
    seen: List[PollProgress] = []
    result = resolve(
        client.uploads.upload_file_chunked(
            file=b"0123456789",
            filename="data.jsonl",
            bytes=10,
            mime_type="application/jsonl",
            purpose="batch",
            part_size=4,
            md5="abc",
            on_progress=seen.append,
        )
    )
    assert result.status == "completed"
    assert api.json_body("POST", "/uploads") == {
        "filename": "data.jsonl",
        "bytes": 10,
        "mime_type": "application/jsonl",
        "purpose": "batch",
    }
    assert api.json_body("POST", "/uploads/upload_1/complete") == {
        "part_ids": ["part_0123", "part_4567", "part_89"],
        "md5": "abc",
    }
    assert api.paths().count("POST /uploads/upload_1/parts") == 3
    assert [(p.object, p.id, p.status) for p in seen] == [("upload", "upload_1", "uploading")] * 3
    assert sorted(p.completed or 0 for p in seen)[-1] == 10 and {p.total for p in seen} == {10}


@MODES
def test_a_path_gives_filename_and_size(is_async: bool, tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b"0123456789")
    api = routes()
    client = make_client(api, is_async)
    resolve(client.uploads.upload_file_chunked(file=path, mime_type="text/plain", purpose="assistants", part_size=6))
    sent = api.json_body("POST", "/uploads")
    assert (sent["filename"], sent["bytes"]) == ("notes.jsonl", 10)
    assert api.json_body("POST", "/uploads/upload_1/complete") == {"part_ids": ["part_012345", "part_6789"]}


@MODES
def test_bad_arguments_name_the_parameter(is_async: bool) -> None:
    client = make_client(routes(), is_async)
    uploads: Any = client.uploads
    with pytest.raises(TypeError, match="`filename`"):
        resolve(uploads.upload_file_chunked(file=b"x", bytes=1, mime_type="text/plain", purpose="batch"))
    with pytest.raises(ValueError, match="`bytes` is 5 but the file has 1 bytes"):
        resolve(uploads.upload_file_chunked(file=b"x", filename="x", bytes=5, mime_type="t", purpose="batch"))
    with pytest.raises(ValueError, match="`part_size`"):
        resolve(
            uploads.upload_file_chunked(file=b"x", filename="x", bytes=1, mime_type="t", purpose="batch", part_size=0)
        )
