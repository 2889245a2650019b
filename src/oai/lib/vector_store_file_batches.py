"""Hand-written helpers mixed into the generated `vector_stores.file_batches` resource: `poll()`,
`create_and_poll()` and `upload_and_poll()` (uploads run concurrently, at most
`max_concurrency` at a time).

It must not import the generated resource modules at runtime (they import this module); the
poll loop itself lives in `polling`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Iterable, Optional, Sequence, Tuple, cast

from .._types import Body, Headers, Omit, Query, omit
from .concurrency import map_bounded, map_bounded_async
from .polling import Poller, PollProgress, ProgressCallback, poll_async, poll_headers, poll_sync

if TYPE_CHECKING:
    import httpx

    from .._types import FileTypes
    from ..resources.vector_stores.file_batches import AsyncFileBatches, FileBatches
    from ..types.create_vector_store_file_request_param import CreateVectorStoreFileRequestParam
    from ..types.file_chunking_strategy_param import FileChunkingStrategyParam
    from ..types.vector_store_file_attributes import VectorStoreFileAttributes
    from ..types.vector_stores.vector_store_file_batch import VectorStoreFileBatch

__all__ = ["AsyncFileBatchesHelpers", "FileBatchesHelpers"]


def _processed(batch: VectorStoreFileBatch) -> Tuple[int, int]:
    counts = batch.file_counts
    return counts.completed + counts.failed + counts.cancelled, counts.total


def file_batch_poller(
    batch_id: str,
    poll_interval_ms: int | Omit,
    max_wait_seconds: Optional[float],
    on_progress: Optional[ProgressCallback],
) -> Poller[VectorStoreFileBatch]:
    """The wait for one file batch: done once it leaves `in_progress`; progress counts its files."""
    return Poller(
        object="vector store file batch",
        id=batch_id,
        is_done=lambda batch: batch.status != "in_progress",
        status_of=lambda batch: batch.status,
        counts_of=_processed,
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
        on_progress=on_progress,
    )


def _check_upload_args(files: Sequence[object], file_ids: Sequence[str], max_concurrency: int) -> None:
    if not files and not file_ids:
        raise ValueError("No `file_ids` or `files` provided to upload.")
    if max_concurrency < 1:
        raise ValueError(f"`max_concurrency` must be >= 1, got {max_concurrency}")


class _UploadCounter:
    """Counts finished uploads (on several threads: under a lock) and reports each one."""

    def __init__(self, vector_store_id: str, total: int, on_progress: Optional[ProgressCallback]) -> None:
        self._vector_store_id = vector_store_id
        self._total = total
        self._on_progress = on_progress
        self._done = 0
        self._lock = threading.Lock()

    def file_done(self) -> None:
        with self._lock:
            self._done += 1
            if self._on_progress is not None:
                self._on_progress(
                    PollProgress(
                        "vector store file upload",
                        self._vector_store_id,
                        "uploading",
                        self._done,
                        0.0,
                        self._done,
                        self._total,
                    )
                )


class FileBatchesHelpers:
    """Polling and upload helpers inherited first by the sync `vector_stores.file_batches` resource."""

    def _resource(self) -> FileBatches:
        return cast("FileBatches", self)  # this mixin is only ever a base of the generated `FileBatches`

    def poll(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Wait until the file batch is no longer `in_progress` and return it.

        Args:
            batch_id: The batch's id.
            vector_store_id: The vector store's id.
            poll_interval_ms: Milliseconds between polls; unset: the server's
                `openai-poll-after-ms` hint, else 1000.
            max_wait_seconds: Give up after this many seconds (None: wait for ever).
            on_progress: Called with a `PollProgress` (files processed of total) after each poll.

        Raises:
            PollTimeoutError: Still `in_progress` after `max_wait_seconds`.
        """
        batches = self._resource()
        poller = file_batch_poller(batch_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)

        def fetch() -> object:
            return batches.with_raw_response.retrieve(batch_id, vector_store_id=vector_store_id, extra_headers=headers)

        return poll_sync(poller, fetch, batches._client._sleep)

    def create_and_poll(
        self,
        vector_store_id: str,
        *,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        file_ids: Sequence[str] | Omit = omit,
        files: Iterable[CreateVectorStoreFileRequestParam] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Create a file batch, then wait for it to finish (see `poll`)."""
        batch = self._resource().create(
            vector_store_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            file_ids=omit if isinstance(file_ids, Omit) else list(file_ids),
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return self.poll(
            batch.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )

    def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[FileTypes],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = [],  # the official default; never mutated
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Upload files (at most `max_concurrency` at once), then batch them with `file_ids` and wait.

        Args:
            vector_store_id: The vector store's id.
            files: The files to upload (`purpose="assistants"`).
            max_concurrency: The most uploads in flight at once.
            file_ids: Already uploaded files to add to the batch too (first, in order).
            poll_interval_ms: See `poll`.
            chunking_strategy: How to chunk the files.
            max_wait_seconds: See `poll`.
            on_progress: Called after each finished upload (`status="uploading"`), then as in `poll`.

        Raises:
            ValueError: Neither `files` nor `file_ids` holds anything, or `max_concurrency` < 1.
        """
        from ..resources.files import Files as RootFiles  # at call time: the resource modules import this one

        pending = list(files)
        _check_upload_args(pending, file_ids, max_concurrency)
        root_files = RootFiles(self._resource()._client)
        counter = _UploadCounter(vector_store_id, len(pending), on_progress)

        def upload(file: FileTypes) -> str:
            file_id = root_files.create(file=file, purpose="assistants").id
            counter.file_done()
            return file_id

        uploaded = map_bounded(upload, pending, max_concurrency)
        return self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *uploaded],
            chunking_strategy=chunking_strategy,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )


class AsyncFileBatchesHelpers:
    """The async twin of `FileBatchesHelpers`."""

    def _resource(self) -> AsyncFileBatches:
        return cast("AsyncFileBatches", self)  # this mixin is only ever a base of the generated `AsyncFileBatches`

    async def poll(
        self,
        batch_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Wait until the file batch is no longer `in_progress`; see `FileBatches.poll`."""
        batches = self._resource()
        poller = file_batch_poller(batch_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)

        async def fetch() -> object:
            return await batches.with_raw_response.retrieve(
                batch_id, vector_store_id=vector_store_id, extra_headers=headers
            )

        return await poll_async(poller, fetch, batches._client._sleep)

    async def create_and_poll(
        self,
        vector_store_id: str,
        *,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        file_ids: Sequence[str] | Omit = omit,
        files: Iterable[CreateVectorStoreFileRequestParam] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Create a file batch, then wait for it to finish (see `poll`)."""
        batch = await self._resource().create(
            vector_store_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            file_ids=omit if isinstance(file_ids, Omit) else list(file_ids),
            files=files,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return await self.poll(
            batch.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )

    async def upload_and_poll(
        self,
        vector_store_id: str,
        *,
        files: Iterable[FileTypes],
        max_concurrency: int = 5,
        file_ids: Sequence[str] = [],  # the official default; never mutated
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFileBatch:
        """Upload files (at most `max_concurrency` at once), then batch them and wait; see `FileBatches.upload_and_poll`."""
        from ..resources.files import AsyncFiles as RootFiles  # at call time: the resource modules import this one

        pending = list(files)
        _check_upload_args(pending, file_ids, max_concurrency)
        root_files = RootFiles(self._resource()._client)
        counter = _UploadCounter(vector_store_id, len(pending), on_progress)

        async def upload(file: FileTypes) -> str:
            file_id = (await root_files.create(file=file, purpose="assistants")).id
            counter.file_done()
            return file_id

        uploaded = await map_bounded_async(upload, pending, max_concurrency)
        return await self.create_and_poll(
            vector_store_id,
            file_ids=[*file_ids, *uploaded],
            chunking_strategy=chunking_strategy,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )
