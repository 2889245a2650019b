"""A plain stderr progress bar for uploads and downloads, a file wrapper that drives it, and a
status line for the polling helpers' `on_progress`.

It must not know about HTTP or the API: callers report bytes, the bar draws them.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..polling import PollProgress

__all__ = ["PollStatusLine", "ProgressBar", "ProgressReader"]

_WIDTH = 30


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover - the loop always returns


class ProgressBar:
    """`label [#####.....]  45%  1.2 MB/2.6 MB` redrawn in place on stderr.

    Args:
        label: what is moving ("Upload", "Download").
        total: the expected byte count, or None when unknown (then only the count is shown).
        stream: where to draw; stderr by default.
        is_enabled: False counts bytes without drawing.
    """

    def __init__(self, label: str, total: int | None, stream: TextIO | None = None, *, is_enabled: bool = True) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.is_enabled = is_enabled
        self._stream = stream if stream is not None else sys.stderr
        self._last_percent = -1

    def update(self, count: int) -> None:
        """Add `count` bytes and redraw when the shown percentage changes."""
        self.done += count
        if not self.is_enabled:
            return
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            if percent == self._last_percent:
                return
            self._last_percent = percent
            filled = _WIDTH * percent // 100
            bar = "#" * filled + "." * (_WIDTH - filled)
            line = f"{self.label} [{bar}] {percent:3d}%  {_size(self.done)}/{_size(self.total)}"
        else:
            line = f"{self.label} {_size(self.done)}"
        self._stream.write("\r" + line)
        self._stream.flush()

    def reset(self) -> None:
        """Start again from zero (a retried upload reads the file again)."""
        self.done = 0
        self._last_percent = -1

    def close(self) -> None:
        """End the line."""
        if not self.is_enabled:
            return
        self._stream.write("\n")
        self._stream.flush()


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

    def __init__(self, label: str, stream: TextIO | None = None, *, is_enabled: bool = True) -> None:
        self.label = label
        self.is_enabled = is_enabled
        self._stream = stream if stream is not None else sys.stderr
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
