"""A stderr progress bar (with rate and ETA) and a status line for the polling helpers'
`on_progress`, drawn only on a terminal, and a file wrapper that drives the bar.

It must not know about HTTP or the API: callers report amounts, the bar draws them. When the
stream is not a terminal (a redirected log) it draws nothing, so logs get no `\\r` frames.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, TYPE_CHECKING, Callable, TextIO

if TYPE_CHECKING:
    from ..polling import PollProgress

__all__ = ["PollStatusLine", "ProgressBar", "ProgressReader", "is_terminal"]

_WIDTH = 30
_REDRAW_EVERY = 0.1  # seconds between frames, so a fast transfer does not flood the terminal


def is_terminal(stream: TextIO) -> bool:
    """True when `stream` is an interactive terminal (progress frames belong there only)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream
        return False


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover - the loop always returns


def _count(n: float) -> str:
    return f"{n:.0f}"


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


class ProgressBar:
    """`label [#####.....]  45%  1.2 MB/2.6 MB  300.0 KB/s  ETA 00:05` redrawn in place on a terminal.

    Args:
        label: what is moving ("Upload", "Download", "Batch").
        total: the expected amount, or None when unknown (then the count and rate are shown).
        stream: where to draw; stderr by default.
        is_enabled: False never draws; None (the default) draws only when `stream` is a terminal.
        unit: "bytes" shows sizes (KB, MB); "requests" shows plain counts.
        clock: the monotonic clock (injected in tests).
    """

    def __init__(
        self,
        label: str,
        total: int | None,
        stream: TextIO | None = None,
        *,
        is_enabled: bool | None = None,
        unit: str = "bytes",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self.is_enabled = is_terminal(self._stream) if is_enabled is None else is_enabled and is_terminal(self._stream)
        self._format = _size if unit == "bytes" else _count
        self._suffix = "/s" if unit == "bytes" else f" {unit}/s"
        self._clock = clock
        self._started = clock()
        self._last_frame = float("-inf")
        self._drawn = False

    def update(self, count: int) -> None:
        """Add `count` and redraw (at most every 0.1 s, and always on reaching the total)."""
        self.set(self.done + count)

    def set(self, done: int) -> None:
        """Set the amount done (for callers that learn totals, such as batch polls)."""
        self.done = done
        if not self.is_enabled:
            return
        now = self._clock()
        finished = self.total is not None and done >= self.total
        if now - self._last_frame < _REDRAW_EVERY and not finished:
            return
        self._last_frame = now
        self._stream.write("\r" + self.line(now) + "\x1b[K")
        self._stream.flush()
        self._drawn = True

    def line(self, now: float | None = None) -> str:
        """The text of one frame."""
        elapsed = (self._clock() if now is None else now) - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        speed = f"{self._format(rate)}{self._suffix}"
        if not self.total:
            return f"{self.label} {self._format(self.done)}  {speed}"
        percent = min(100, self.done * 100 // self.total)
        filled = _WIDTH * percent // 100
        bar = "#" * filled + "." * (_WIDTH - filled)
        if self.done >= self.total:
            timing = f"in {_duration(elapsed)}"
        else:
            timing = f"ETA {_duration((self.total - self.done) / rate) if rate > 0 else '--:--'}"
        amounts = f"{self._format(self.done)}/{self._format(self.total)}"
        return f"{self.label} [{bar}] {percent:3d}%  {amounts}  {speed}  {timing}"

    def reset(self) -> None:
        """Start again from zero (a retried upload reads the file again)."""
        self.done = 0
        self._started = self._clock()
        self._last_frame = float("-inf")

    def close(self) -> None:
        """Draw the last frame and end the line (nothing when never drawn)."""
        if not self.is_enabled:
            return
        self._last_frame = float("-inf")
        self.set(self.done)
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
        self.is_enabled = False  # closed: a second close draws nothing


class ProgressReader:
    """A binary file that reports every read to a `ProgressBar` (for multipart uploads)."""

    def __init__(self, handle: IO[bytes], bar: ProgressBar) -> None:
        self._handle = handle
        self._bar = bar
        self.name = os.path.basename(getattr(handle, "name", "upload"))

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._bar.update(len(data))
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        if offset == 0 and whence == 0:
            self._bar.reset()
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def fileno(self) -> int:
        return self._handle.fileno()


class PollStatusLine:
    """An `on_progress` callback drawing `Processing file-abc: uploaded (poll 3, 4.2s)` in place.

    With units (`completed`/`total`) it draws a bar instead. `close()` ends the line.
    """

    def __init__(self, label: str, stream: TextIO | None = None, *, is_enabled: bool | None = None) -> None:
        self.label = label
        self._stream = stream if stream is not None else sys.stderr
        # As the bar: never frames on a redirected stream; False turns it off on a terminal too.
        self.is_enabled = is_terminal(self._stream) if is_enabled is None else is_enabled and is_terminal(self._stream)
        self._is_drawn = False

    def __call__(self, progress: PollProgress) -> None:
        if not self.is_enabled:
            return
        fraction = progress.fraction
        if fraction is not None:
            filled = round(_WIDTH * fraction)
            state = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {fraction * 100:3.0f}%"
        else:
            state = progress.status
        line = f"{self.label} {progress.id}: {state} (poll {progress.attempt}, {progress.elapsed:.1f}s)"
        self._stream.write("\r" + line)
        self._stream.flush()
        self._is_drawn = True

    def close(self) -> None:
        """End the line (if anything was drawn)."""
        if self._is_drawn:
            self._stream.write("\n")
            self._stream.flush()
