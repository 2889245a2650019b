"""A small typed code writer (lines, indented blocks, docstrings, literals); it knows no API and no IR."""

from __future__ import annotations

import textwrap
from contextlib import contextmanager
from typing import Generator, List, Optional, Sequence

__all__ = ["CodeWriter", "docstring_lines", "py_str"]

_INDENT = "    "


def py_str(value: str) -> str:
    """Return a Python string literal for `value` (double quotes, deterministic escapes)."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _clean(text: str) -> str:
    # Docstring bodies must not close the literal early nor carry escapes Python would interpret.
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def docstring_lines(summary: Optional[str], args: Sequence[tuple[str, str]] = (), *, width: int = 100) -> List[str]:
    """Lay out a Google-style docstring body (without quotes).

    Args:
        summary: The description; paragraphs are kept, long lines are wrapped.
        args: `(name, description)` pairs for the `Args:` section; empty descriptions are skipped.
        width: The wrap width of the text (not counting indentation).

    Returns:
        The docstring lines; empty when there is nothing to say.
    """
    lines: List[str] = []
    if summary and summary.strip():
        for index, paragraph in enumerate(_clean(summary).split("\n\n")):
            if index:
                lines.append("")
            for raw in paragraph.splitlines():
                lines.extend(textwrap.wrap(raw, width, break_long_words=False, break_on_hyphens=False) or [""])
    documented = [(name, _clean(text)) for name, text in args if text and text.strip()]
    if documented:
        if lines:
            lines.append("")
        lines.append("Args:")
        for name, text in documented:
            first = True
            for paragraph in text.split("\n"):
                for piece in textwrap.wrap(paragraph, width - 8, break_long_words=False, break_on_hyphens=False) or [
                    ""
                ]:
                    if first:
                        lines.append(f"{_INDENT}{name}: {piece}")
                    else:
                        lines.append(f"{_INDENT * 2}{piece}" if piece else "")
                    first = False
    return lines


class CodeWriter:
    """Accumulates lines of Python at the current indentation.

    ```py
    w = CodeWriter()
    with w.block("class Foo:"):
        w.line("x: int")
    w.render()
    ```
    """

    def __init__(self) -> None:
        self._lines: List[str] = []
        self._depth = 0

    def line(self, text: str = "") -> None:
        """Write one line (blank lines carry no indentation)."""
        self._lines.append(f"{_INDENT * self._depth}{text}" if text else "")

    def lines(self, texts: Sequence[str]) -> None:
        """Write several lines."""
        for text in texts:
            self.line(text)

    def blank(self, count: int = 1) -> None:
        """Write blank lines."""
        self._lines.extend([""] * count)

    @contextmanager
    def indented(self) -> Generator[None, None, None]:
        """Indent everything written inside the `with` block."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    @contextmanager
    def block(self, header: str) -> Generator[None, None, None]:
        """Write `header` (ending in `:`) and indent the body; an empty body becomes `pass`."""
        self.line(header)
        start = len(self._lines)
        with self.indented():
            yield
            if len(self._lines) == start:
                self.line("pass")

    def docstring(self, body: Sequence[str]) -> None:
        """Write a docstring from pre-laid-out lines (see `docstring_lines`); nothing when empty."""
        if not body:
            return
        if len(body) == 1 and not body[0].endswith('"'):
            self.line(f'"""{body[0]}"""')
            return
        self.line(f'"""{body[0]}')
        for text in body[1:]:
            self.line(text)
        self.line('"""')

    def render(self) -> str:
        """The text written so far, with exactly one trailing newline."""
        return "\n".join(self._lines).rstrip("\n") + "\n"
