"""Write a function body as lowered `Code` lines: text and the expressions it names, indented
by blocks, so the printer imports exactly what the body names."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Generator, List, Sequence, Tuple, Union

from .nodes import Code, Expr

__all__ = ["BodyWriter"]

Part = Union[str, Expr]


class BodyWriter:
    """Collects the lines of one body (`CodeWriter`'s shape, with expression parts)."""

    def __init__(self) -> None:
        self._lines: List[Code] = []
        self._depth = 0

    def line(self, *parts: Part) -> None:
        """One line of `parts` (text and expressions) at the current depth."""
        self._lines.append(Code(tuple(part for part in parts if part != ""), self._depth))

    def lines(self, texts: Sequence[str]) -> None:
        """Several lines of text."""
        for text in texts:
            self.line(text)

    @contextmanager
    def indented(self) -> Generator[None, None, None]:
        """Indent every line written inside the `with` block."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1

    @contextmanager
    def block(self, *parts: Part) -> Generator[None, None, None]:
        """Write the header line `parts` (ending in `:`) and indent the body."""
        self.line(*parts)
        with self.indented():
            yield

    def code(self) -> Tuple[Code, ...]:
        """The lines written."""
        return tuple(self._lines)
