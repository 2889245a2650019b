"""Decodes a server-sent event stream, bytes in any chunking, into `ServerSentEvent`s.

It must not decode event data as models, look at event meaning or do I/O: `_streaming` does that.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator

__all__ = ["SSEDecoder", "ServerSentEvent", "aiter_events", "iter_events"]

_BOM = b"\xef\xbb\xbf"
_CR = 13
_LF = 10


class ServerSentEvent:
    """One dispatched event of an event stream.

    Attributes:
        event: the event name (`event:` field), or None when the stream gave none.
        data: the `data:` lines of the event, joined with "\\n".
        id: the last event ID seen in the stream so far (it carries over, as the spec says).
        retry: the reconnection time in milliseconds sent within this event, if any.

    ```py
    event = ServerSentEvent(data='{"x": 1}', event="message")
    assert event.json() == {"x": 1}
    ```
    """

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self, data: str = "", event: str | None = None, id: str | None = None, retry: int | None = None
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def json(self) -> Any:
        """Decode `data` as JSON (raises `json.JSONDecodeError` when it is not JSON)."""
        return json.loads(self.data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self.data, self.id, self.retry) == (other.event, other.data, other.id, other.retry)

    # Mutable and compared by value, so not hashable.
    __hash__ = None  # type: ignore[assignment]  # mypy: object declares __hash__ as a method

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r})"


class SSEDecoder:
    """Incremental decoder of the WHATWG `text/event-stream` format.

    Lines may end with CR, LF or CRLF; any chunk boundary is accepted (inside a line, between
    the CR and LF of a pair, or inside a multi-byte UTF-8 character). A UTF-8 BOM at the start
    of the stream is dropped. Fields: `data` (lines joined with "\\n"), `event`, `id` (ignored
    when it contains NUL), `retry` (ASCII digits only); lines starting with `:` are comments and
    unknown fields are ignored. A blank line dispatches the event, unless it has no `data` line.

    ```py
    decoder = SSEDecoder()
    events = decoder.feed(b"event: ping\\ndata: 1\\n\\nda")
    events += decoder.feed(b"ta: 2\\n\\n")
    assert [e.data for e in events] == ["1", "2"]
    ```
    """

    __slots__ = ("_at_start", "_data", "_event", "_event_retry", "_last_id", "_pending", "_retry", "_skip_lf")

    def __init__(self) -> None:
        self._pending: list[bytes] = []  # bytes of the unterminated last line
        self._skip_lf = False  # the last chunk ended with CR: a leading LF of the next completes it
        self._at_start = True  # no byte seen yet after a possible BOM
        self._data: list[str] = []
        self._event: str | None = None
        self._last_id: str | None = None
        self._event_retry: int | None = None
        self._retry: int | None = None

    @property
    def has_partial_event(self) -> bool:
        """Whether an unfinished event is buffered: `data` lines with no blank line after them,
        or an unterminated line. True at the end of the body means the stream was cut."""
        return bool(self._data) or bool(self._pending)

    @property
    def last_event_id(self) -> str | None:
        """The last event ID the stream sent, or None."""
        return self._last_id

    @property
    def retry(self) -> int | None:
        """The last reconnection time (milliseconds) the stream sent, or None."""
        return self._retry

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode the next chunk of the body.

        Args:
            chunk: the next bytes, split anywhere.

        Returns:
            The events completed by this chunk, in order (often none or one).
        """
        if (
            not (self._pending or self._data or self._skip_lf or self._at_start)
            and chunk.startswith(b"data: ")
            and chunk.find(_LF) == len(chunk) - 2
            and chunk[-1] == _LF
            and _CR not in chunk
        ):
            # The common shape, one whole `data: <json>\n\n` event per chunk, needs no line split.
            try:
                event = ServerSentEvent(chunk[6:-2].decode(), self._event or None, self._last_id, self._event_retry)
            except UnicodeDecodeError:
                pass  # the general path below replaces the bad bytes
            else:
                self._event = self._event_retry = None
                return [event]
        if self._skip_lf or self._at_start:
            chunk = self._prepare(chunk)
        if not chunk:
            return []
        # Find the last line end with C-level scans (an int needle is a plain memchr); lines are
        # only split up to that point, the rest waits for more bytes.
        has_cr = _CR in chunk
        end = max(chunk.rfind(_LF), chunk.rfind(_CR)) if has_cr else chunk.rfind(_LF)
        if end < 0:
            self._pending.append(chunk)
            return []
        size = len(chunk)
        head = chunk if end == size - 1 else chunk[: end + 1]
        if self._pending:
            self._pending.append(head)
            head = b"".join(self._pending)
            self._pending.clear()
        if end < size - 1:
            self._pending.append(chunk[end + 1 :])
        elif has_cr and chunk[end] == _CR:
            self._skip_lf = True
        if has_cr:
            head = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        # The head ends at a line end, so no UTF-8 sequence is cut.
        try:
            text = head.decode()
        except UnicodeDecodeError:
            text = head.decode("utf-8", "replace")  # as the spec says; off the hot path
        lines = text.split("\n")
        lines.pop()  # the empty string after the final line end
        return self._process(lines)

    def flush(self) -> list[ServerSentEvent]:
        """End the stream: treat an unterminated last line as complete and dispatch the event
        still buffered.

        The WHATWG spec drops an event that has no blank line after it; this method is lenient.
        To treat such an event as a cut stream, check `has_partial_event` before calling it.

        Returns:
            The events completed by the end of the stream (none or one).
        """
        events = self.feed(b"\n") if self._pending else []
        if self._data:
            events += self._process([""])
        self._pending.clear()
        self._skip_lf = False
        self._at_start = True
        self._event = None
        self._event_retry = None
        return events

    def _prepare(self, chunk: bytes) -> bytes:
        # Drops the LF of a CRLF pair split across chunks, or the BOM at the stream start.
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[0] == _LF:
                chunk = chunk[1:]
        if self._at_start:
            chunk = self._strip_bom(chunk)
        return chunk

    def _strip_bom(self, chunk: bytes) -> bytes:
        if self._pending:  # only a BOM prefix can be pending at the start
            chunk = b"".join(self._pending) + chunk
            self._pending.clear()
        if len(chunk) < len(_BOM) and _BOM.startswith(chunk):
            if chunk:
                self._pending.append(chunk)
            return b""
        self._at_start = False
        return chunk[len(_BOM) :] if chunk.startswith(_BOM) else chunk

    def _process(self, lines: list[str]) -> list[ServerSentEvent]:
        # Locals and an inlined dispatch: this loop runs for every line of every streamed token.
        events: list[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if line[:6] == "data: ":
                data.append(line[6:])
            elif not line:
                if data:
                    text = data[0] if len(data) == 1 else "\n".join(data)
                    events.append(ServerSentEvent(text, self._event or None, self._last_id, self._event_retry))
                    data.clear()
                self._event = None
                self._event_retry = None
            elif line[0] != ":":
                self._field(line)
        return events

    def _field(self, line: str) -> None:
        name, colon, value = line.partition(":")
        if colon and value[:1] == " ":
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = self._event_retry = int(value)


def iter_events(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    """Decode an event stream given as byte chunks.

    Args:
        chunks: the body, split anywhere.

    Yields:
        Each event, in order; an event cut by the end of the stream is yielded too (see
        `SSEDecoder.flush`).
    """
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.flush()


async def aiter_events(chunks: AsyncIterable[bytes]) -> AsyncIterator[ServerSentEvent]:
    """Decode an event stream given as async byte chunks.

    Args:
        chunks: the body, split anywhere.

    Yields:
        Each event, in order; an event cut by the end of the stream is yielded too (see
        `SSEDecoder.flush`).
    """
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.flush():
        yield event
