"""Hand-written helpers mixed into the generated `vector_stores.files` resource: `poll()`,
`create_and_poll()`, `upload()` and `upload_and_poll()`.

It must not import the generated resource modules at runtime (they import this module); the
poll loop itself lives in `polling`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, cast

from .._types import Body, Headers, Omit, Query, omit
from .polling import Poller, ProgressCallback, poll_async, poll_headers, poll_sync

if TYPE_CHECKING:
    import httpx

    from .._types import FileTypes
    from ..resources.vector_stores.files import AsyncFiles, Files
    from ..types.file_chunking_strategy_param import FileChunkingStrategyParam
    from ..types.vector_store_file_attributes import VectorStoreFileAttributes
    from ..types.vector_stores.vector_store_file import VectorStoreFile

__all__ = ["AsyncVectorStoreFilesHelpers", "VectorStoreFilesHelpers"]


def vector_store_file_poller(
    file_id: str,
    poll_interval_ms: int | Omit,
    max_wait_seconds: Optional[float],
    on_progress: Optional[ProgressCallback],
) -> Poller[VectorStoreFile]:
    """The wait for one vector store file: done once it leaves `in_progress`."""
    return Poller(
        object="vector store file",
        id=file_id,
        is_done=lambda file: file.status != "in_progress",
        status_of=lambda file: file.status,
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
        on_progress=on_progress,
    )


class VectorStoreFilesHelpers:
    """Polling and upload helpers inherited first by the sync `vector_stores.files` resource."""

    def _resource(self) -> Files:
        return cast("Files", self)  # this mixin is only ever a base of the generated `Files`

    def poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Wait until the vector store file is no longer `in_progress` and return it.

        Args:
            file_id: The file's id.
            vector_store_id: The vector store's id.
            poll_interval_ms: Milliseconds between polls; unset: the server's
                `openai-poll-after-ms` hint, else 1000.
            max_wait_seconds: Give up after this many seconds (None: wait for ever).
            on_progress: Called with a `PollProgress` after each poll.

        Raises:
            PollTimeoutError: Still `in_progress` after `max_wait_seconds`.
        """
        files = self._resource()
        poller = vector_store_file_poller(file_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)

        def fetch() -> object:
            return files.with_raw_response.retrieve(file_id, vector_store_id=vector_store_id, extra_headers=headers)

        return poll_sync(poller, fetch, files._client._sleep)

    def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Attach a file to a vector store, then wait for it to be processed (see `poll`)."""
        file = self._resource().create(
            vector_store_id,
            file_id=file_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return self.poll(
            file.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )

    def upload(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
    ) -> VectorStoreFile:
        """Upload a file (`purpose="assistants"`) and attach it to the vector store; does not wait."""
        from ..resources.files import Files as RootFiles  # at call time: the resource modules import this one

        files = self._resource()
        uploaded = RootFiles(files._client).create(file=file, purpose="assistants")
        return files.create(vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy)

    def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Upload a file, attach it to the vector store and wait for it to be processed."""
        from ..resources.files import Files as RootFiles  # at call time: the resource modules import this one

        uploaded = RootFiles(self._resource()._client).create(file=file, purpose="assistants")
        return self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )


class AsyncVectorStoreFilesHelpers:
    """The async twin of `VectorStoreFilesHelpers`."""

    def _resource(self) -> AsyncFiles:
        return cast("AsyncFiles", self)  # this mixin is only ever a base of the generated `AsyncFiles`

    async def poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        poll_interval_ms: int | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Wait until the vector store file is no longer `in_progress`; see `Files.poll`."""
        files = self._resource()
        poller = vector_store_file_poller(file_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms)

        async def fetch() -> object:
            return await files.with_raw_response.retrieve(
                file_id, vector_store_id=vector_store_id, extra_headers=headers
            )

        return await poll_async(poller, fetch, files._client._sleep)

    async def create_and_poll(
        self,
        file_id: str,
        *,
        vector_store_id: str,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Attach a file to a vector store, then wait for it to be processed (see `poll`)."""
        file = await self._resource().create(
            vector_store_id,
            file_id=file_id,
            attributes=attributes,
            chunking_strategy=chunking_strategy,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )
        return await self.poll(
            file.id,
            vector_store_id=vector_store_id,
            poll_interval_ms=poll_interval_ms,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )

    async def upload(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
    ) -> VectorStoreFile:
        """Upload a file (`purpose="assistants"`) and attach it to the vector store; does not wait."""
        from ..resources.files import AsyncFiles as RootFiles  # at call time: the resource modules import this one

        files = self._resource()
        uploaded = await RootFiles(files._client).create(file=file, purpose="assistants")
        return await files.create(vector_store_id, file_id=uploaded.id, chunking_strategy=chunking_strategy)

    async def upload_and_poll(
        self,
        *,
        vector_store_id: str,
        file: FileTypes,
        attributes: Optional[VectorStoreFileAttributes] | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        chunking_strategy: FileChunkingStrategyParam | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> VectorStoreFile:
        """Upload a file, attach it to the vector store and wait for it to be processed."""
        from ..resources.files import AsyncFiles as RootFiles  # at call time: the resource modules import this one

        uploaded = await RootFiles(self._resource()._client).create(file=file, purpose="assistants")
        return await self.create_and_poll(
            uploaded.id,
            vector_store_id=vector_store_id,
            attributes=attributes,
            poll_interval_ms=poll_interval_ms,
            chunking_strategy=chunking_strategy,
            max_wait_seconds=max_wait_seconds,
            on_progress=on_progress,
        )
