"""Tests of the event-stream decoder: framing, fields, chunking and end of stream."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from oai._sse import ServerSentEvent, SSEDecoder, aiter_events, iter_events


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events += decoder.feed(chunk)
    return events


def datas(events: list[ServerSentEvent]) -> list[str]:
    return [event.data for event in events]


@pytest.mark.parametrize("newline", [b"\n", b"\r", b"\r\n"], ids=["lf", "cr", "crlf"])
def test_every_line_ending_frames_events(newline: bytes) -> None:
    body = newline.join([b"event: a", b"data: 1", b"", b"data: 2", b"", b""])
    events = decode(body)
    assert datas(events) == ["1", "2"]
    assert [event.event for event in events] == ["a", None]


def test_mixed_line_endings_in_one_stream() -> None:
    assert datas(decode(b"data: 1\r\n\ndata: 2\r\rdata: 3\n\r\n")) == ["1", "2", "3"]


def test_crlf_split_between_chunks_is_one_line_end() -> None:
    # A CR ending one chunk and an LF starting the next must not make an extra blank line,
    # which would dispatch "a" before "b" is read.
    events = decode(b"data: a\r", b"\ndata: b\r\n\r\n")
    assert datas(events) == ["a\nb"]


def test_cr_at_chunk_end_followed_by_other_bytes_is_a_line_end() -> None:
    assert datas(decode(b"data: a\r", b"\r")) == ["a"]


def test_cr_at_chunk_end_followed_by_empty_chunk_keeps_waiting_for_lf() -> None:
    assert datas(decode(b"data: a\r", b"", b"\n", b"\r\n")) == ["a"]


def test_line_split_inside_a_field_name_and_value() -> None:
    assert datas(decode(b"da", b"ta: hel", b"lo\n", b"\n")) == ["hello"]


def test_multibyte_utf8_char_split_between_chunks() -> None:
    body = "data: héllo €\n\n".encode()
    cut = body.index("€".encode()) + 1
    assert datas(decode(body[:cut], body[cut:])) == ["héllo €"]


def test_invalid_utf8_is_replaced_not_raised() -> None:
    assert datas(decode(b"data: a\xffb\n\n")) == ["a\ufffdb"]


def test_multi_line_data_is_joined_with_newline() -> None:
    assert datas(decode(b"data: line 1\ndata: line 2\ndata:\ndata: line 4\n\n")) == ["line 1\nline 2\n\nline 4"]


def test_only_one_space_after_colon_is_dropped() -> None:
    assert datas(decode(b"data:  two\ndata:none\n\n")) == [" two\nnone"]


def test_field_without_colon_has_empty_value() -> None:
    events = decode(b"data\ndata\n\n")
    assert datas(events) == ["\n"]


def test_comment_lines_are_ignored() -> None:
    events = decode(b": keep-alive\n\n:\ndata: x\n: note\n\n")
    assert datas(events) == ["x"]


def test_unknown_fields_are_ignored() -> None:
    events = decode(b"foo: bar\ndata: x\nDATA: y\n\n")
    assert datas(events) == ["x"]


def test_block_without_data_is_not_dispatched_and_resets_event_name() -> None:
    events = decode(b"event: ping\n\ndata: x\n\n")
    assert len(events) == 1
    assert events[0].event is None


def test_empty_data_line_dispatches_an_event_with_empty_data() -> None:
    events = decode(b"event: tick\ndata:\n\n")
    assert [(event.event, event.data) for event in events] == [("tick", "")]


def test_empty_event_name_is_none() -> None:
    assert decode(b"event:\ndata: x\n\n")[0].event is None


def test_id_carries_over_to_later_events() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
    assert [event.id for event in events] == ["7", "7", ""]
    assert decoder.last_event_id == ""


def test_id_with_nul_is_ignored() -> None:
    events = decode(b"id: 1\n\nid: 2\x003\ndata: x\n\n")
    assert events[0].id == "1"


def test_retry_is_kept_when_it_is_all_digits() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"retry: 1500\ndata: a\n\ndata: b\n\nretry: 1x\nretry: -1\nretry:\ndata: c\n\n")
    assert [event.retry for event in events] == [1500, None, None]
    assert decoder.retry == 1500


def test_bom_at_stream_start_is_dropped_even_when_split() -> None:
    assert datas(decode(b"\xef", b"\xbb", b"\xbfdata: x\n\n")) == ["x"]
    assert decode(b"\xef\xbb\xbfevent: e\ndata: x\n\n")[0].event == "e"


def test_bom_after_stream_start_is_kept() -> None:
    # Only the first BOM is dropped; a second one makes the field name unknown.
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbfdata: x\n\ndata: y\n\n") == [ServerSentEvent("y")]


def test_event_split_over_chunks_is_dispatched_by_the_blank_line() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.has_partial_event
    assert datas(decoder.feed(b"\n")) == ["a"]
    assert not decoder.has_partial_event


def test_missing_trailing_blank_line_leaves_a_partial_event() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"data: a\n\ndata: b\n")
    assert decoder.has_partial_event


def test_unterminated_last_line_is_a_partial_event() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"data: a\n\ndata: b")
    assert decoder.has_partial_event


def test_block_without_data_is_not_partial() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"data: a\n\nevent: x\nid: 3\n")
    assert not decoder.has_partial_event


def test_flush_dispatches_the_buffered_event_and_resets() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"event: e\ndata: a\ndata: b")
    assert decoder.flush() == [ServerSentEvent("a\nb", "e")]
    assert not decoder.has_partial_event
    assert decoder.flush() == []


def test_flush_of_a_clean_stream_returns_nothing() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"data: a\n\n")
    assert decoder.flush() == []


def test_fields_in_earlier_chunks_apply_to_a_one_chunk_data_event() -> None:
    events = decode(b"event: e\nretry: 9\n", b"data: 1\n\n", b"data: 2\n\n")
    assert events == [ServerSentEvent("1", "e", retry=9), ServerSentEvent("2")]


def test_one_chunk_event_with_a_crlf_inside_is_framed_by_its_line_ends() -> None:
    assert datas(decode(b"data: 0\n\n", b"data: a\r\n\n")) == ["0", "a"]
    assert datas(decode(b"data: 0\n\n", b"data: a\r\n")) == ["0"]


def test_one_chunk_event_with_invalid_utf8_is_replaced() -> None:
    assert datas(decode(b"data: 0\n\n", b"data: \xff\n\n")) == ["0", "\ufffd"]


def test_long_line_over_many_chunks() -> None:
    payload = b"x" * 10_000
    body = b"data: " + payload + b"\n\n"
    assert datas(decode(*(body[i : i + 7] for i in range(0, len(body), 7)))) == [payload.decode()]


def test_event_json_decodes_data() -> None:
    assert ServerSentEvent('{"a": [1, null]}').json() == {"a": [1, None]}


def test_event_repr_shows_every_field() -> None:
    event = ServerSentEvent("d", "e", "i", 5)
    assert repr(event) == "ServerSentEvent(event='e', data='d', id='i', retry=5)"


def test_events_compare_by_value() -> None:
    assert ServerSentEvent("a", "b") == ServerSentEvent(data="a", event="b")
    assert ServerSentEvent("a") != ServerSentEvent("a", id="1")
    assert ServerSentEvent("a") != "a"


def test_iter_events_yields_events_and_the_flushed_tail() -> None:
    events = list(iter_events([b"data: 1\n", b"\ndata: 2\n", b"data: 3"]))
    assert datas(events) == ["1", "2\n3"]


@pytest.mark.anyio
async def test_aiter_events_yields_events_and_the_flushed_tail() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for chunk in [b"data: 1\r", b"\n\r\ndata: 2\n"]:
            yield chunk

    events = [event async for event in aiter_events(chunks())]
    assert datas(events) == ["1", "2"]


def test_decoding_5000_chunks_is_fast() -> None:
    # Guards the hot path: one streamed token per chunk, as the API sends them. The bound is
    # loose (about 20x a slow interpreter's time) so only a per-character loop trips it.
    chunk = b'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"hello"}}]}\n\n'
    chunks = [chunk] * 5000
    best = float("inf")
    for _ in range(3):
        decoder = SSEDecoder()
        start = time.perf_counter()
        count = sum(len(decoder.feed(item)) for item in chunks)
        best = min(best, time.perf_counter() - start)
        assert count == 5000
    assert best < 0.1
