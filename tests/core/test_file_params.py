"""A file parameter given a `str` fails locally (it would be sent as a text form field and come back a 400)."""

from __future__ import annotations

import pathlib
from typing import Any, List

import httpx
import pytest

import oai


def make_client(sent: List[httpx.Request]) -> oai.OpenAI:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200,
            json={
                "id": "file-1",
                "object": "file",
                "bytes": 1,
                "created_at": 1,
                "filename": "a.jsonl",
                "purpose": "batch",
                "status": "uploaded",
            },
        )

    return oai.OpenAI(
        api_key="k", base_url="http://test/v1", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )


def test_str_file_raises_type_error_naming_the_parameter_and_the_accepted_inputs() -> None:
    sent: List[httpx.Request] = []
    client = make_client(sent)
    with pytest.raises(TypeError) as info:
        client.files.create(file="data.jsonl", purpose="batch")  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith("`file` must be a file")
    for accepted in ("pathlib.Path", "bytes", "a file object", "tuple"):
        assert accepted in message
    assert "pathlib.Path('data.jsonl')" in message
    assert sent == []


@pytest.mark.parametrize("value", [5, None, {"name": "a"}])
def test_other_non_file_values_are_refused(value: Any) -> None:
    sent: List[httpx.Request] = []
    with pytest.raises(TypeError, match="`file` must be a file"):
        make_client(sent).files.create(file=value, purpose="batch")
    assert sent == []


def test_file_inputs_still_upload(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"{}\n")
    sent: List[httpx.Request] = []
    client = make_client(sent)
    for value in (path, b"{}\n", ("a.jsonl", b"{}\n"), ("a.jsonl", b"{}\n", "application/jsonl"), path.open("rb")):
        client.files.create(file=value, purpose="batch")
    assert len(sent) == 5
    assert all(b'filename="a.jsonl"' in r.content or b'filename="upload"' in r.content for r in sent)


def test_a_list_of_files_parameter_refuses_str_items_and_accepts_files() -> None:
    sent: List[httpx.Request] = []
    client = make_client(sent)
    with pytest.raises(TypeError, match="`files` must be"):
        client.skills.create(files="SKILL.md")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"`files\[1\]` must be a file"):
        client.skills.create(files=[b"a", "SKILL.md"])  # type: ignore[list-item]
    client.skills.create(files=[b"a", ("SKILL.md", b"b")])
    assert len(sent) == 1
