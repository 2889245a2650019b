"""Property tests of the event-stream decoder: chunking never changes the decoded events."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from oai._sse import ServerSentEvent, SSEDecoder

_line_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=12)
_name = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\0"), min_size=1, max_size=8)
_line_ends = st.sampled_from(["\n", "\r", "\r\n"])


@dataclass
class _Block:
    data: list[str]
    event: str | None
    id: str | None
    retry: int | None
    comment: str | None


_blocks = st.builds(
    _Block,
    data=st.lists(_line_text, max_size=3),
    event=st.none() | _name,
    id=st.none() | _name,
    retry=st.none() | st.integers(0, 10**6),
    comment=st.none() | _line_text,
)


def _render(blocks: list[_Block], ends: list[str], has_bom: bool) -> tuple[bytes, list[ServerSentEvent]]:
    """The stream's bytes and the events the spec says it holds."""
    lines: list[str] = []
    expected: list[ServerSentEvent] = []
    last_id: str | None = None
    for block in blocks:
        if block.comment is not None:
            lines.append(":" + block.comment)
        if block.event is not None:
            lines.append("event: " + block.event)
        if block.id is not None:
            lines.append("id: " + block.id)
            last_id = block.id
        if block.retry is not None:
            lines.append(f"retry: {block.retry}")
        lines.extend("data: " + value for value in block.data)
        lines.append("")
        if block.data:
            expected.append(ServerSentEvent("\n".join(block.data), block.event, last_id, block.retry))
    text = ""
    previous = ""
    for index, line in enumerate(lines):
        end = ends[index % len(ends)]
        if previous == "\r" and not line and end == "\n":
            end = "\r\n"  # CR then LF would read as one CRLF, merging two line ends
        text += line + end
        previous = end
    body = text.encode()
    return (b"\xef\xbb\xbf" + body if has_bom else body), expected


def _decode(chunks: list[bytes]) -> tuple[list[ServerSentEvent], bool]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events, decoder.has_partial_event


def _split(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(body) + 1) for cut in cuts})
    return [body[start:stop] for start, stop in zip([0, *points], [*points, len(body)], strict=True)]


@settings(max_examples=300, deadline=None)
@given(
    blocks=st.lists(_blocks, max_size=6),
    ends=st.lists(_line_ends, min_size=1, max_size=5),
    has_bom=st.booleans(),
    cuts=st.lists(st.integers(0, 10**6), max_size=12),
)
def test_any_chunking_gives_the_events_the_stream_holds(
    blocks: list[_Block], ends: list[str], has_bom: bool, cuts: list[int]
) -> None:
    body, expected = _render(blocks, ends, has_bom)
    assert _decode([body]) == (expected, False)
    assert _decode(_split(body, cuts)) == (expected, False)


@settings(max_examples=150, deadline=None)
@given(
    blocks=st.lists(_blocks, max_size=4),
    ends=st.lists(_line_ends, min_size=1, max_size=3),
)
def test_one_byte_chunks_give_the_same_events(blocks: list[_Block], ends: list[str]) -> None:
    body, expected = _render(blocks, ends, has_bom=True)
    assert _decode([body[i : i + 1] for i in range(len(body))]) == (expected, False)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=200), cuts=st.lists(st.integers(0, 10**6), max_size=8))
def test_arbitrary_bytes_decode_the_same_however_chunked(body: bytes, cuts: list[int]) -> None:
    whole = SSEDecoder()
    chunked = SSEDecoder()
    events = whole.feed(body)
    split_events: list[ServerSentEvent] = []
    for chunk in _split(body, cuts):
        split_events += chunked.feed(chunk)
    assert split_events == events
    assert chunked.has_partial_event == whole.has_partial_event
    assert chunked.flush() == whole.flush()


@settings(max_examples=200, deadline=None)
@given(blocks=st.lists(_blocks, max_size=8), has_bom=st.booleans())
def test_one_event_per_chunk_gives_the_events_the_stream_holds(blocks: list[_Block], has_bom: bool) -> None:
    # Chunks cut at event boundaries, as the API sends them, take the decoder's fast path.
    body, expected = _render(blocks, ["\n"], has_bom)
    chunks = [part for part in re.split(b"(?<=\n\n)", body) if part]
    assert _decode(chunks) == (expected, False)


@settings(max_examples=200, deadline=None)
@given(blocks=st.lists(_blocks, max_size=8))
def test_one_line_per_chunk_with_the_blank_line_attached_gives_the_same_events(blocks: list[_Block]) -> None:
    # Fields arrive before the chunk holding `data: ...\n\n`, so the fast path must use them.
    body, expected = _render(blocks, ["\n"], has_bom=False)
    chunks = [part for part in re.split(b"(?<=\n)(?!\n)", body) if part]
    assert _decode(chunks) == (expected, False)
