"""Hand-written helper mixed into the generated `files` resource: `wait_for_processing()`.

It must not import the generated resource modules at runtime (they import this module); the
poll loop itself lives in `polling`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, cast

from .._types import omit
from .polling import Poller, ProgressCallback, poll_async, poll_sync

if TYPE_CHECKING:
    from ..resources.files import AsyncFiles, Files
    from ..types.file_object import FileObject

__all__ = ["AsyncFilesHelpers", "FilesHelpers"]

# The statuses after which a file no longer changes on its own.
_FILE_DONE = frozenset({"processed", "error", "deleted"})


def _file_poller(
    id: str,  # the official parameter name
    poll_interval: float,
    max_wait_seconds: float,
    on_progress: Optional[ProgressCallback],
) -> Poller[FileObject]:
    if poll_interval < 0:
        raise ValueError(f"`poll_interval` must be >= 0 seconds, got {poll_interval}")
    return Poller(
        object="file",
        id=id,
        is_done=lambda file: file.status in _FILE_DONE,
        status_of=lambda file: str(file.status),
        poll_interval_ms=omit,
        default_interval_ms=round(poll_interval * 1000),
        is_server_hint_first=True,  # `poll_interval` always has a value, so only a hint can beat it
        max_wait_seconds=max_wait_seconds,
        on_progress=on_progress,
    )


class FilesHelpers:
    """`wait_for_processing()`, inherited first by the sync `Files` resource."""

    def wait_for_processing(
        self,
        id: str,  # the official parameter name
        *,
        poll_interval: float = 5.0,
        max_wait_seconds: float = 30 * 60,
        on_progress: Optional[ProgressCallback] = None,
    ) -> FileObject:
        """Wait until the file is processed (or failed, or deleted) and return it.

        Args:
            id: The file's id.
            poll_interval: Seconds between polls when the server sends no `openai-poll-after-ms` hint.
            max_wait_seconds: Give up after this many seconds.
            on_progress: Called with a `PollProgress` after each poll.

        Returns:
            The file in its final status (`processed`, `error` or `deleted`).

        Raises:
            PollTimeoutError: The file was still processing after `max_wait_seconds`
                (a `TimeoutError`; the message names the file and its last status).
        """
        files = cast("Files", self)  # this mixin is only ever a base of the generated `Files`
        poller = _file_poller(id, poll_interval, max_wait_seconds, on_progress)
        return poll_sync(poller, lambda: files.with_raw_response.retrieve(id), files._client._sleep)


class AsyncFilesHelpers:
    """The async twin of `FilesHelpers`."""

    async def wait_for_processing(
        self,
        id: str,  # the official parameter name
        *,
        poll_interval: float = 5.0,
        max_wait_seconds: float = 30 * 60,
        on_progress: Optional[ProgressCallback] = None,
    ) -> FileObject:
        """Wait until the file is processed (or failed, or deleted) and return it; see `Files.wait_for_processing`."""
        files = cast("AsyncFiles", self)  # this mixin is only ever a base of the generated `AsyncFiles`
        poller = _file_poller(id, poll_interval, max_wait_seconds, on_progress)
        return await poll_async(poller, lambda: files.with_raw_response.retrieve(id), files._client._sleep)
