"""Write generated files to disk atomically and delete stale generated ones; it knows nothing of what the files mean.

Only files whose first line is the generated-file header are ever deleted, so hand-written
files beside generated ones are safe. In check mode nothing is written: the result lists what
would change, with a unified diff.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Sequence

from .emit import GeneratedFile

__all__ = ["WriteResult", "write_files"]


@dataclass(frozen=True)
class WriteResult:
    """What a write (or a check) did or would do; paths are relative to the output root.

    Attributes:
        created: Files that did not exist.
        updated: Files whose content changed.
        deleted: Stale generated files removed.
        unchanged: Number of files already up to date.
        diff: Unified diff of every change (filled in check mode only).
    """

    created: List[str] = field(default_factory=lambda: [])
    updated: List[str] = field(default_factory=lambda: [])
    deleted: List[str] = field(default_factory=lambda: [])
    unchanged: int = 0
    diff: str = ""

    @property
    def has_changes(self) -> bool:
        """True when anything was (or would be) created, updated or deleted."""
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        """One line per changed file (`+ new`, `~ changed`, `- deleted`), then the totals."""
        lines = [f"+ {p}" for p in self.created] + [f"~ {p}" for p in self.updated] + [f"- {p}" for p in self.deleted]
        lines.append(
            f"{len(self.created)} created, {len(self.updated)} updated, {len(self.deleted)} deleted, "
            f"{self.unchanged} unchanged"
        )
        return "\n".join(lines)


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _is_generated(path: Path, header: str) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n") == header
    except (OSError, UnicodeDecodeError):
        return False


def _stale(root: Path, generated_dirs: Sequence[str], keep: set[str], header: str) -> List[str]:
    stale: List[str] = []
    for directory in generated_dirs:
        base = root / directory
        if not base.is_dir():
            continue
        # A stale stub would shadow its module for type checkers: `.pyi` files go too.
        for path in sorted(path for pattern in ("*.py", "*.pyi") for path in base.rglob(pattern)):
            relative = path.relative_to(root).as_posix()
            if relative not in keep and _is_generated(path, header):
                stale.append(relative)
    return stale


def _diff(path: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}", n=2
        )
    )


def _prune_empty_dirs(root: Path, generated_dirs: Sequence[str]) -> None:
    for directory in generated_dirs:
        base = root / directory
        if not base.is_dir():
            continue
        for path in sorted((p for p in base.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            leftovers = [p for p in path.iterdir() if p.name != "__pycache__"]
            if not leftovers:
                for cache in path.glob("__pycache__"):
                    for item in cache.iterdir():
                        item.unlink()
                    cache.rmdir()
                path.rmdir()


def write_files(
    files: Sequence[GeneratedFile],
    root: Path,
    *,
    header: str,
    generated_dirs: Sequence[str] = (),
    check: bool = False,
) -> WriteResult:
    """Bring `root` in line with `files`.

    Args:
        files: The complete generated output (paths relative to `root`).
        root: The output root (the repository).
        header: The first line that marks a file as generated; only such files are deleted.
        generated_dirs: Directories (relative to `root`) searched for stale generated `.py` files.
        check: Write nothing; fill `diff` instead.

    Returns:
        What changed, or would change in check mode.
    """
    created: List[str] = []
    updated: List[str] = []
    diffs: List[str] = []
    unchanged = 0
    for item in sorted(files, key=lambda f: f.path):
        target = root / item.path
        old = _read(target)
        if old == item.text:
            unchanged += 1
            continue
        (created if old is None else updated).append(item.path)
        if check:
            diffs.append(_diff(item.path, old or "", item.text))
        else:
            _atomic_write(target, item.text)
    deleted = _stale(root, generated_dirs, {f.path for f in files}, header)
    for path in deleted:
        if check:
            diffs.append(_diff(path, _read(root / path) or "", ""))
        else:
            (root / path).unlink()
    if deleted and not check:
        _prune_empty_dirs(root, generated_dirs)
    return WriteResult(created, updated, deleted, unchanged, "".join(diffs))
