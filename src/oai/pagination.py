"""Public page types (re-exported from `oai._pagination`)."""

from __future__ import annotations

from ._pagination import (
    AsyncConfiguredPage,
    AsyncConversationCursorPage,
    AsyncCursorPage,
    AsyncNextCursorPage,
    AsyncPage,
    AsyncPageNumberPage,
    AsyncPaginator,
    BaseAsyncPage,
    BasePage,
    BaseSyncPage,
    SyncConfiguredPage,
    SyncConversationCursorPage,
    SyncCursorPage,
    SyncNextCursorPage,
    SyncPage,
    SyncPageNumberPage,
)

__all__ = [
    "AsyncConfiguredPage",
    "AsyncConversationCursorPage",
    "AsyncCursorPage",
    "AsyncNextCursorPage",
    "AsyncPage",
    "AsyncPageNumberPage",
    "AsyncPaginator",
    "BaseAsyncPage",
    "BasePage",
    "BaseSyncPage",
    "SyncConfiguredPage",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncNextCursorPage",
    "SyncPage",
    "SyncPageNumberPage",
]
