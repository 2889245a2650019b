"""Hand-written helper mixed into the generated `uploads` resource: `upload_file_chunked()`, which
creates an Upload, sends the file's parts in parallel and completes it with the part ids in file
order, whatever order the parts finished in.

It must not import the generated resource modules at runtime (they import this module).
"""

from __future__ import annotations

import builtins
import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional, Union, cast, overload

from .._types import Omit, omit
from .concurrency import map_bounded, map_bounded_async
from .polling import PollProgress, ProgressCallback

if TYPE_CHECKING:
    from ..resources.uploads.uploads import AsyncUploads, Uploads
    from ..types.file_purpose import FilePurpose
    from ..types.upload import Upload

__all__ = ["DEFAULT_PART_SIZE", "AsyncUploadsHelpers", "UploadsHelpers"]

DEFAULT_PART_SIZE = 64 * 1024 * 1024
"""Bytes per part when `part_size` is not given (the API takes parts of up to 64 MB)."""

DEFAULT_MAX_CONCURRENCY = 4


@dataclass(frozen=True)
class _Plan:
    """What to upload: the source, its name and size, and where each part starts."""

    source: Union[bytes, str]  # the bytes themselves, or a file path
    filename: str
    size: int
    part_size: int
    max_concurrency: int

    @property
    def offsets(self) -> List[int]:
        return list(range(0, self.size, self.part_size)) or [0]

    def read(self, offset: int) -> bytes:
        if isinstance(self.source, builtins.bytes):
            return self.source[offset : offset + self.part_size]
        with open(self.source, "rb") as handle:
            handle.seek(offset)
            return handle.read(self.part_size)


def _plan(
    file: Union[os.PathLike[str], bytes],
    filename: Optional[str],
    size: Optional[int],
    part_size: Optional[int],
    max_concurrency: int,
) -> _Plan:
    if part_size is not None and part_size < 1:
        raise ValueError(f"`part_size` must be >= 1 byte, got {part_size}")
    if max_concurrency < 1:
        raise ValueError(f"`max_concurrency` must be >= 1, got {max_concurrency}")
    if isinstance(file, builtins.bytes):
        if filename is None:
            raise TypeError("The `filename` argument must be given for in-memory files")
        source: Union[bytes, str] = file
        actual = len(file)
    elif isinstance(file, os.PathLike):  # pyright: ignore[reportUnnecessaryIsInstance]  # callers may pass anything
        source = os.fspath(file)
        filename = filename if filename is not None else os.path.basename(source)
        actual = os.path.getsize(source)
    else:
        raise TypeError(f"`file` must be a path (os.PathLike) or bytes, got {type(file).__name__}")
    if size is not None and size != actual:
        raise ValueError(f"`bytes` is {size} but the file has {actual} bytes")
    return _Plan(source, filename, actual, part_size or DEFAULT_PART_SIZE, max_concurrency)


class _Progress:
    """Reports bytes sent so far; parts finish on several threads, so counting takes a lock."""

    def __init__(self, upload_id: str, total: int, on_progress: Optional[ProgressCallback]) -> None:
        self._upload_id = upload_id
        self._total = total
        self._on_progress = on_progress
        self._start = time.monotonic()
        self._parts = 0
        self._sent = 0
        self._lock = threading.Lock()

    def part_done(self, size: int) -> None:
        with self._lock:
            self._parts += 1
            self._sent += size
            report = PollProgress(
                "upload",
                self._upload_id,
                "uploading",
                self._parts,
                time.monotonic() - self._start,
                self._sent,
                self._total,
            )
            if self._on_progress is not None:
                self._on_progress(report)


class UploadsHelpers:
    """`upload_file_chunked()`, inherited first by the sync `Uploads` resource."""

    @overload
    def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str],
        mime_type: str,
        purpose: FilePurpose,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload: ...

    @overload
    def upload_file_chunked(
        self,
        *,
        file: bytes,
        filename: str,
        bytes: int,
        mime_type: str,
        purpose: FilePurpose,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload: ...

    def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str] | bytes,
        mime_type: str,
        purpose: FilePurpose,
        filename: str | None = None,
        bytes: int | None = None,  # the official parameter name
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload:
        """Upload a file of any size in parts: create the Upload, send the parts, complete it.

        Args:
            file: A path, or the file's bytes (then `filename` is required).
            mime_type: The file's MIME type.
            purpose: What the file is for.
            filename: The name to give the file; a path's base name by default.
            bytes: The file's size, checked against the real one when given.
            part_size: Bytes per part (64 MB by default).
            md5: The whole file's MD5, checked by the server on completion.
            max_concurrency: The most parts in flight at once.
            on_progress: Called after each part with a `PollProgress` whose `completed`/`total`
                count bytes.

        Returns:
            The completed Upload (its `file` is the usable File object).
        """
        uploads = cast("Uploads", self)  # this mixin is only ever a base of the generated `Uploads`
        plan = _plan(file, filename, bytes, part_size, max_concurrency)
        upload = uploads.create(
            filename=plan.filename,
            bytes=plan.size,
            mime_type=mime_type,
            purpose=cast(Any, purpose),  # the spec lists fewer purposes for uploads than for files
        )
        progress = _Progress(upload.id, plan.size, on_progress)

        def send(offset: int) -> str:
            data = plan.read(offset)
            part = uploads.parts.create(upload.id, data=data)
            progress.part_done(len(data))
            return part.id

        part_ids = map_bounded(send, plan.offsets, plan.max_concurrency)  # in file order
        return uploads.complete(upload.id, part_ids=part_ids, md5=md5)


class AsyncUploadsHelpers:
    """The async twin of `UploadsHelpers`."""

    @overload
    async def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str],
        mime_type: str,
        purpose: FilePurpose,
        bytes: int | None = None,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload: ...

    @overload
    async def upload_file_chunked(
        self,
        *,
        file: bytes,
        filename: str,
        bytes: int,
        mime_type: str,
        purpose: FilePurpose,
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload: ...

    async def upload_file_chunked(
        self,
        *,
        file: os.PathLike[str] | bytes,
        mime_type: str,
        purpose: FilePurpose,
        filename: str | None = None,
        bytes: int | None = None,  # the official parameter name
        part_size: int | None = None,
        md5: str | Omit = omit,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Upload:
        """Upload a file of any size in parts; see `Uploads.upload_file_chunked`."""
        import anyio.to_thread

        uploads = cast("AsyncUploads", self)  # this mixin is only ever a base of the generated `AsyncUploads`
        plan = _plan(file, filename, bytes, part_size, max_concurrency)
        upload = await uploads.create(
            filename=plan.filename,
            bytes=plan.size,
            mime_type=mime_type,
            purpose=cast(Any, purpose),  # the spec lists fewer purposes for uploads than for files
        )
        progress = _Progress(upload.id, plan.size, on_progress)

        async def send(offset: int) -> str:
            # Disk reads go to a thread so a 64 MB part does not stall the event loop.
            data = await anyio.to_thread.run_sync(plan.read, offset)
            part = await uploads.parts.create(upload.id, data=data)
            progress.part_done(len(data))
            return part.id

        part_ids = await map_bounded_async(send, plan.offsets, plan.max_concurrency)  # in file order
        return await uploads.complete(upload.id, part_ids=part_ids, md5=md5)
