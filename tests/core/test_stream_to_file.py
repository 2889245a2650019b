"""`stream_to_file` on binary content and on streaming responses, sync and async, as the official SDK has them."""

from __future__ import annotations

from pathlib import Path
from typing import AsyncIterator, Iterator, List

import httpx
import pytest

import oai

PARTS = [b"first-", b"second-", b"third"]


class Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body sent in pieces; records how far the server got, to show the file fills as it arrives."""

    def __init__(self, sent: List[int]) -> None:
        self.sent = sent

    def __iter__(self) -> Iterator[bytes]:
        for part in PARTS:
            self.sent.append(len(part))
            yield part

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in PARTS:
            self.sent.append(len(part))
            yield part


def handler(sent: List[int]):  # type: ignore[no-untyped-def]
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(sent), headers={"content-type": "application/octet-stream"})

    return respond


def sync_client(sent: List[int]) -> oai.OpenAI:
    return oai.OpenAI(
        api_key="k", base_url="http://t/v1", http_client=httpx.Client(transport=httpx.MockTransport(handler(sent)))
    )


def async_client(sent: List[int]) -> oai.AsyncOpenAI:
    transport = httpx.MockTransport(handler(sent))
    return oai.AsyncOpenAI(api_key="k", base_url="http://t/v1", http_client=httpx.AsyncClient(transport=transport))


def test_binary_content_stream_to_file(tmp_path: Path) -> None:
    content = sync_client([]).files.content("file-1")
    assert isinstance(content, oai.HttpxBinaryResponseContent)
    content.stream_to_file(tmp_path / "a.bin", chunk_size=4)
    content.write_to_file(tmp_path / "b.bin")
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "b.bin").read_bytes() == b"".join(PARTS)


def test_streaming_response_stream_to_file_writes_as_the_body_arrives(tmp_path: Path) -> None:
    sent: List[int] = []
    target = tmp_path / "out.bin"
    with sync_client(sent).files.with_streaming_response.content("file-1") as response:
        assert sent == []  # nothing read before asked
        response.stream_to_file(target)
    assert target.read_bytes() == b"".join(PARTS)
    assert sent == [len(p) for p in PARTS]


@pytest.mark.anyio
async def test_async_stream_to_file(tmp_path: Path) -> None:
    sent: List[int] = []
    client = async_client(sent)
    async with client.files.with_streaming_response.content("file-1") as response:
        await response.stream_to_file(tmp_path / "s.bin", chunk_size=3)
    content = await client.files.content("file-1")
    await content.astream_to_file(tmp_path / "c.bin")
    await content.awrite_to_file(tmp_path / "w.bin")
    for name in ("s.bin", "c.bin", "w.bin"):
        assert (tmp_path / name).read_bytes() == b"".join(PARTS)
