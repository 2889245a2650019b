"""`oai api ... --stream`: the text of chat completion and completion streams, written as it arrives.

Like the official CLI, only the generated text is printed (each chunk flushed), with a newline at
the end. With several choices (`n>1`), a header `===== Chat Completion N =====` (`Completion N` for
completions) starts each run of one choice's text, since the API interleaves the choices' chunks.
Other streams (Responses events, ...) print one JSON object per line, as with `--json`.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable, List, TextIO, cast

__all__ = ["write_stream"]

# The `object` of a streamed chunk → (header word, how a choice's new text is read).
_TEXT_STREAMS: dict[str, tuple[str, Callable[[object], str]]] = {
    "chat.completion.chunk": (
        "Chat Completion",
        lambda choice: getattr(getattr(choice, "delta", None), "content", None) or "",
    ),
    "text_completion": ("Completion", lambda choice: getattr(choice, "text", None) or ""),
}


def write_stream(
    items: Iterable[object], out: TextIO, *, to_json: Callable[[object], object], as_json: bool, choices: int = 1
) -> None:
    """Write each streamed item: as JSON lines when `as_json`, else the text of text streams.

    Args:
        items: the stream.
        out: where to write.
        to_json: an item → plain JSON data.
        as_json: one JSON object per line for every item (`--json`).
        choices: the `n` asked for; above 1 the text of each choice gets a header.
    """
    printer = _TextPrinter(out, labelled=choices > 1)
    for item in items:
        kind = _TEXT_STREAMS.get(str(getattr(item, "object", "")))
        if as_json or kind is None:
            out.write(json.dumps(to_json(item), ensure_ascii=False, default=str) + "\n")
            out.flush()
            continue
        printer.write_chunk(item, *kind)
    printer.finish()


class _TextPrinter:
    def __init__(self, out: TextIO, *, labelled: bool) -> None:
        self.out = out
        self.labelled = labelled
        self.started = False
        self.at_line_start = True
        self.current: int | None = None  # the choice whose text was written last

    def write_chunk(self, chunk: object, header: str, text_of: Callable[[object], str]) -> None:
        self.started = True
        chunk_choices = cast(List[object], getattr(chunk, "choices", None) or [])
        for choice in sorted(chunk_choices, key=lambda c: int(getattr(c, "index", 0) or 0)):
            index = int(getattr(choice, "index", 0) or 0)
            text = text_of(choice)
            if not text:
                continue
            if (self.labelled or index != 0) and index != self.current:
                self.labelled = True  # the server sent more choices than asked: label them all from here
                self._write(("" if self.at_line_start else "\n") + f"===== {header} {index} =====\n")
            self.current = index
            self._write(text)
        self.out.flush()

    def finish(self) -> None:
        if self.started and not self.at_line_start:
            self.out.write("\n")
        self.out.flush()

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.at_line_start = text.endswith("\n")
