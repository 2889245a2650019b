"""A small typed code writer (lines, indented blocks, docstrings, literals); it knows no API and no IR."""

from __future__ import annotations

import re
import textwrap
from contextlib import contextmanager
from typing import Generator, List, Optional, Sequence

__all__ = ["CodeWriter", "docstring_lines", "py_str", "wrap_text"]

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
    return "\n".join(line.rstrip() for line in text.strip().expandtabs(4).splitlines())


# Markdown structures whose line breaks carry meaning, so they are never joined or re-wrapped.
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE = re.compile(r"^\s*\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(\S.*)$")
_CODE_INDENT = 4
# A markdown link is wrapped as one word: its text's spaces are held as NUL while wrapping.
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)")
_HELD_SPACE = "\x00"


class _Layout:
    """Turns markdown-ish spec text into wrapped lines: paragraphs and list items are joined and
    re-wrapped; fences, tables, headings, rules and indented blocks are kept line for line."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.out: List[str] = []
        self.words: List[str] = []
        self.first = ""
        self.rest = ""

    def flush(self) -> None:
        if self.words:
            text = _LINK.sub(lambda match: match.group(0).replace(" ", _HELD_SPACE), " ".join(self.words))
            wrapped = textwrap.wrap(
                text,
                self.width,
                initial_indent=self.first,
                subsequent_indent=self.rest,
                break_long_words=False,
                break_on_hyphens=False,
            )
            self.out.extend(line.replace(_HELD_SPACE, " ") for line in wrapped)
        self.words = []

    def verbatim(self, line: str) -> None:
        self.flush()
        self.out.append(line.rstrip())

    def blank(self) -> None:
        self.flush()
        if self.out and self.out[-1]:
            self.out.append("")

    def start(self, first: str, rest: str, text: str) -> None:
        self.flush()
        self.first, self.rest = first, rest
        self.words = text.split()

    def run(self, text: str) -> List[str]:
        in_fence = False
        for line in text.splitlines():
            if in_fence:
                self.out.append(line.rstrip())
                in_fence = not _FENCE.match(line)
            elif not line.strip():
                self.blank()
            elif _FENCE.match(line):
                self.verbatim(line)
                in_fence = True
            elif _TABLE.match(line) or _HEADING.match(line) or _RULE.match(line):
                self.verbatim(line)
            elif item := _ITEM.match(line):
                marker = f"{item.group(1)}{item.group(2)} "
                self.start(marker, " " * len(marker), item.group(3))
            elif self.words:
                self.words.extend(line.split())  # a hard-wrapped line of the open paragraph or item
            elif len(line) - len(line.lstrip()) >= _CODE_INDENT:
                self.verbatim(line)
            else:
                indent = line[: len(line) - len(line.lstrip())]
                self.start(indent, indent, line)
        self.flush()
        while self.out and not self.out[-1]:
            self.out.pop()
        return self.out


def wrap_text(text: str, width: int) -> List[str]:
    """Lay out markdown-ish text in lines of at most `width` characters (a longer word, such as a URL, stays whole).

    Hard-wrapped lines of a paragraph or list item are joined and re-wrapped (list items keep
    their marker and hang their continuation lines under its text; a markdown link is never
    split across lines); code fences, tables,
    headings, horizontal rules and indented blocks are kept as they are. Runs of blank lines
    become one.

    Args:
        text: The text (already escaped for a docstring, if it goes into one).
        width: The wrap width.

    Returns:
        The lines, without trailing newlines; no leading or trailing blank line.
    """
    return _Layout(width).run(text)


def docstring_lines(summary: Optional[str], args: Sequence[tuple[str, str]] = (), *, width: int = 100) -> List[str]:
    """Lay out a Google-style docstring body (without quotes).

    Descriptions are escaped (backslashes, triple quotes) and laid out by `wrap_text`.

    Args:
        summary: The description.
        args: `(name, description)` pairs for the `Args:` section; empty descriptions are skipped.
        width: The wrap width of the text (not counting the indentation of the docstring itself).

    Returns:
        The docstring lines; empty when there is nothing to say.
    """
    lines: List[str] = []
    if summary and summary.strip():
        lines.extend(wrap_text(_clean(summary), width))
    documented = [(name, _clean(text)) for name, text in args if text and text.strip()]
    if documented:
        if lines:
            lines.append("")
        lines.append("Args:")
        for name, text in documented:
            lines.extend(_arg_lines(name, text, width))
    return lines


def _arg_lines(name: str, text: str, width: int) -> List[str]:
    # `name: first paragraph...` with every further line hanging one level deeper.
    first_line = text.splitlines()[0]
    is_prose = not any(rule.match(first_line) for rule in (_FENCE, _TABLE, _HEADING, _RULE, _ITEM))
    body = wrap_text(f"{name}: {text}" if is_prose else text, width - 2 * len(_INDENT))
    head = [] if is_prose else [f"{_INDENT}{name}:"]
    if is_prose:
        head.append(f"{_INDENT}{body[0]}")
        body = body[1:]
    return head + [f"{_INDENT * 2}{line}" if line else "" for line in body]


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
