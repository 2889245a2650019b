"""Tests for `oai._files`: file input detection, httpx parts, and multipart form splitting."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from oai._files import async_to_httpx_files, is_file_content, multipart_data, to_httpx_files


@pytest.fixture
def audio_path(tmp_path: Path) -> Path:
    path = tmp_path / "speech.mp3"
    path.write_bytes(b"ID3-audio")
    return path


# --- is_file_content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        b"raw",
        io.BytesIO(b"x"),
        Path("a.txt"),
        ("a.txt", b"x"),
        (None, b"x"),
        ("a.txt", io.BytesIO(b"x"), "text/plain"),
        ("a.txt", b"x", None, {"X-Part": "1"}),
    ],
)
def test_is_file_content_accepts_file_inputs(value: object) -> None:
    assert is_file_content(value)


@pytest.mark.parametrize(
    "value",
    ["text", 3, None, ("a", "b"), ("a.txt",), ("a", b"x", None, {}, "extra"), (1, b"x"), [b"x"], {"a": b"x"}],
)
def test_is_file_content_rejects_other_values(value: object) -> None:
    assert not is_file_content(value)


def test_is_file_content_accepts_object_with_read() -> None:
    class Reader:
        def read(self) -> bytes:
            return b""

    assert is_file_content(Reader())


# --- to_httpx_files -----------------------------------------------------------------------


def test_bytes_get_default_filename() -> None:
    assert to_httpx_files({"file": b"abc"}) == [("file", ("upload", b"abc", None))]


def test_bytes_io_is_passed_as_stream() -> None:
    stream = io.BytesIO(b"abc")
    assert to_httpx_files({"file": stream}) == [("file", ("upload", stream, None))]


def test_open_file_is_named_by_its_basename(audio_path: Path) -> None:
    with audio_path.open("rb") as handle:
        parts = to_httpx_files([("file", handle)])
    assert parts == [("file", ("speech.mp3", handle, None))]


def test_path_is_read_into_bytes_and_named_by_basename(audio_path: Path) -> None:
    assert to_httpx_files({"file": audio_path}) == [("file", ("speech.mp3", b"ID3-audio", None))]


def test_two_tuple_keeps_filename() -> None:
    assert to_httpx_files({"file": ("a.jsonl", b"{}")}) == [("file", ("a.jsonl", b"{}", None))]


def test_two_tuple_with_none_filename_is_kept() -> None:
    assert to_httpx_files({"file": (None, b"{}")}) == [("file", (None, b"{}", None))]


def test_three_tuple_keeps_content_type() -> None:
    assert to_httpx_files({"file": ("a.png", b"png", "image/png")}) == [("file", ("a.png", b"png", "image/png"))]


def test_four_tuple_keeps_headers() -> None:
    parts = to_httpx_files({"file": ("a.png", b"png", "image/png", {"X-Part": "1"})})
    assert parts == [("file", ("a.png", b"png", "image/png", {"X-Part": "1"}))]


def test_tuple_with_path_content_reads_it_and_keeps_tuple_name(audio_path: Path) -> None:
    assert to_httpx_files({"file": ("renamed.mp3", audio_path)}) == [("file", ("renamed.mp3", b"ID3-audio", None))]


def test_list_input_keeps_repeated_names(audio_path: Path) -> None:
    parts = to_httpx_files([("image[]", b"a"), ("image[]", audio_path)])
    assert parts == [("image[]", ("upload", b"a", None)), ("image[]", ("speech.mp3", b"ID3-audio", None))]


def test_non_file_value_raises_type_error_naming_the_field() -> None:
    with pytest.raises(TypeError, match="`file` must be bytes"):
        to_httpx_files({"file": "not a file"})  # type: ignore[dict-item]  # the wrong type is the point


@pytest.mark.anyio
async def test_async_path_is_read_into_bytes(audio_path: Path) -> None:
    parts = await async_to_httpx_files({"file": audio_path, "named": ("x.mp3", audio_path, "audio/mpeg")})
    assert parts == [("file", ("speech.mp3", b"ID3-audio", None)), ("named", ("x.mp3", b"ID3-audio", "audio/mpeg"))]


@pytest.mark.anyio
async def test_async_matches_sync_for_non_path_inputs() -> None:
    stream = io.BytesIO(b"s")
    files: Any = {"a": b"x", "b": stream, "c": ("c.txt", b"c", "text/plain", {"H": "v"})}
    assert await async_to_httpx_files(files) == to_httpx_files(files)


# --- multipart_data -----------------------------------------------------------------------


def test_scalars_become_strings_and_none_is_skipped() -> None:
    data, files = multipart_data(
        {"model": "whisper-1", "temperature": 0.5, "n": 2, "flag": True, "off": False, "x": None}
    )
    assert data == {"model": "whisper-1", "temperature": "0.5", "n": "2", "flag": "true", "off": "false"}
    assert files == []


def test_top_level_file_goes_to_files() -> None:
    data, files = multipart_data({"file": b"audio", "model": "m"})
    assert data == {"model": "m"} and files == [("file", b"audio")]


def test_list_of_files_uses_bracket_name() -> None:
    first, second = ("a.png", b"a"), io.BytesIO(b"b")
    data, files = multipart_data({"image": [first, second], "prompt": "p"})
    assert data == {"prompt": "p"} and files == [("image[]", first), ("image[]", second)]


def test_list_of_scalars_repeats_bracket_key() -> None:
    data, _ = multipart_data({"timestamp_granularities": ["word", "segment"], "include": [True]})
    assert data == {"timestamp_granularities[]": ["word", "segment"], "include[]": ["true"]}


def test_nested_dict_uses_bracket_notation_recursively() -> None:
    body = {"chunking_strategy": {"type": "static", "static": {"max_tokens": 800, "overlap": None}}}
    data, _ = multipart_data(body)
    assert data == {"chunking_strategy[type]": "static", "chunking_strategy[static][max_tokens]": "800"}


def test_list_of_dicts_and_nested_file() -> None:
    data, files = multipart_data({"items": [{"name": "a", "file": b"1"}, {"name": "b"}]})
    assert data == {"items[][name]": ["a", "b"]}
    assert files == [("items[][file]", b"1")]


def test_multipart_output_encodes_with_httpx() -> None:
    data, files = multipart_data({"model": "m", "tags": ["a", "b"], "stream": False, "file": ("a.txt", b"hello")})
    request = httpx.Request("POST", "http://127.0.0.1/upload", data=data, files=to_httpx_files(files))
    body = request.read()
    assert b'name="tags[]"\r\n\r\na\r\n' in body and b'name="tags[]"\r\n\r\nb\r\n' in body
    assert b'name="stream"\r\n\r\nfalse\r\n' in body
    assert b'name="file"; filename="a.txt"' in body and b"hello" in body
