"""Diagnostics: problems in the spec or config as values (level, JSON pointer, sentence); never raises or prints."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Tuple

__all__ = ["Diagnostic", "Diagnostics", "Level"]


class Level(str, enum.Enum):
    """How bad a diagnostic is: any error fails the run, warnings are only reported."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the spec or config.

    Attributes:
        pointer: The JSON pointer (or config path) of the offending element.
        level: Warning or error.
        message: One sentence saying what is wrong.
        line: The 1-based line in the source file, when known.

    ```py
    Diagnostic(pointer="#/paths/~1files/get", level=Level.ERROR, message="operation has no operationId")
    ```
    """

    pointer: str
    level: Level
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.pointer} (line {self.line})" if self.line is not None else self.pointer
        return f"{self.level.value}: {where}: {self.message}"


@dataclass
class Diagnostics:
    """A collector the stages append to; sorted once for printing.

    Attributes:
        items: Diagnostics in the order reported.
    """

    items: List[Diagnostic] = field(default_factory=lambda: [])

    def error(self, pointer: str, message: str, line: Optional[int] = None) -> None:
        """Record an error at `pointer`."""
        self.items.append(Diagnostic(pointer, Level.ERROR, message, line))

    def warning(self, pointer: str, message: str, line: Optional[int] = None) -> None:
        """Record a warning at `pointer`."""
        self.items.append(Diagnostic(pointer, Level.WARNING, message, line))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Record several diagnostics at once."""
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        """True when at least one error was recorded."""
        return any(item.level is Level.ERROR for item in self.items)

    def sorted(self) -> Tuple[Diagnostic, ...]:
        """Every diagnostic, deduplicated and sorted by pointer, then level and message."""
        return tuple(sorted(set(self.items)))

    def render(self) -> str:
        """All diagnostics, one per line, sorted; empty when there are none."""
        return "\n".join(str(item) for item in self.sorted())
