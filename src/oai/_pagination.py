"""Page types for the API's list styles, with auto-pagination. Next-page info is a pure
function of a page; fetching goes through the client. No parsing rules live here."""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    ClassVar,
    Generator,
    Generic,
    Iterator,
    List,
    Optional,
    TypeVar,
    cast,
)

from pydantic import model_validator
from typing_extensions import Protocol, Self

from ._models import BaseModel

if TYPE_CHECKING:
    from ._options import FinalRequestOptions

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

_T = TypeVar("_T")
_SyncPageT = TypeVar("_SyncPageT", bound="BaseSyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="BaseAsyncPage[Any]")


# What a page needs of the client that fetched it: described here rather than imported, so
# the page types do not depend on the request loop (which depends on them).
_OPTIONS_SLOT = "_oai_page_options"
_CLIENT_SLOT = "_oai_page_client"


def _copy_context(source: BasePage[Any], target: BasePage[Any]) -> None:
    for slot in (_OPTIONS_SLOT, _CLIENT_SLOT):
        value = getattr(source, slot, None)
        if value is not None:
            object.__setattr__(target, slot, value)


class SyncPageSource(Protocol):
    def _request_api_list(self, page: type[_SyncPageT], options: FinalRequestOptions) -> _SyncPageT: ...


class AsyncPageSource(Protocol):
    async def _request_api_list(self, page: type[_AsyncPageT], options: FinalRequestOptions) -> _AsyncPageT: ...


class BasePage(BaseModel, Generic[_T]):
    """A page of `data` items plus what it takes to ask for the next page."""

    data: List[_T]

    # The request that fetched the page and its client live in slots, not pydantic private
    # attributes: those make pydantic run Python (`model_post_init`) for every page it builds,
    # which also rules out parsing a large page with the GC paused (`_gc_pause`).
    __slots__ = (_OPTIONS_SLOT, _CLIENT_SLOT)

    @property
    def _options(self) -> Optional[FinalRequestOptions]:
        options: Optional[FinalRequestOptions] = getattr(self, _OPTIONS_SLOT, None)
        return options

    def _set_context(self, client: object, options: FinalRequestOptions) -> None:
        object.__setattr__(self, _CLIENT_SLOT, client)
        object.__setattr__(self, _OPTIONS_SLOT, options)

    def __copy__(self) -> Self:
        copied = super().__copy__()
        _copy_context(self, copied)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        _copy_context(self, copied)
        return copied

    def next_page_params(self) -> dict[str, object] | None:
        """The query params that fetch the next page, or None on the last page."""
        return None

    def has_next_page(self) -> bool:
        return bool(self.data) and self.next_page_params() is not None

    def _next_options(self) -> FinalRequestOptions:
        params = self.next_page_params()
        if params is None or self._options is None:
            raise RuntimeError("No next page: check `has_next_page()` before calling `get_next_page()`.")
        return self._options.with_changes(params={**self._options.params, **params})


class BaseSyncPage(BasePage[_T], Generic[_T]):
    @property
    def _client(self) -> Optional[SyncPageSource]:
        client: Optional[SyncPageSource] = getattr(self, _CLIENT_SLOT, None)
        return client

    # pydantic's __iter__ yields fields; a page iterates its items across pages instead.
    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        for page in self.iter_pages():
            yield from page.data

    def iter_pages(self) -> Iterator[Self]:
        """Yield this page, then each following page, fetching as it goes."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def get_next_page(self) -> Self:
        """Fetch the page after this one."""
        options = self._next_options()
        if self._client is None:
            raise RuntimeError("This page was not fetched by a client")
        return self._client._request_api_list(type(self), options)


class BaseAsyncPage(BasePage[_T], Generic[_T]):
    @property
    def _client(self) -> Optional[AsyncPageSource]:
        client: Optional[AsyncPageSource] = getattr(self, _CLIENT_SLOT, None)
        return client

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    async def iter_pages(self) -> AsyncIterator[Self]:
        """Yield this page, then each following page, fetching as it goes."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def get_next_page(self) -> Self:
        """Fetch the page after this one."""
        options = self._next_options()
        if self._client is None:
            raise RuntimeError("This page was not fetched by a client")
        return await self._client._request_api_list(type(self), options)


class AsyncPaginator(Generic[_T, _AsyncPageT]):
    """What async list methods return: `await` it for the first page, or `async for` over
    every item of every page."""

    def __init__(self, client: AsyncPageSource, page_cls: type[_AsyncPageT], options: FinalRequestOptions) -> None:
        self._client = client
        self._page_cls = page_cls
        self._options = options

    def __await__(self) -> Generator[Any, None, _AsyncPageT]:
        return self._get_page().__await__()

    async def _get_page(self) -> _AsyncPageT:
        return await self._client._request_api_list(self._page_cls, self._options)

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._get_page()
        async for item in page:
            yield cast(_T, item)


def _last_item_id(items: List[Any]) -> str | None:
    if not items:
        return None
    last: object = items[-1]
    # Lenient pages may hold raw dicts.
    item_id = cast("dict[str, object]", last).get("id") if isinstance(last, dict) else getattr(last, "id", None)
    return item_id if isinstance(item_id, str) else None


class _CursorMixin:
    """Next page: `after` = the last item's `id`, while `has_more`."""

    has_more: Optional[bool] = None

    def next_page_params(self) -> dict[str, object] | None:
        data: List[Any] = getattr(self, "data", [])
        if self.has_more is False:
            return None
        after = _last_item_id(data)
        return None if after is None else {"after": after}


class _ConversationCursorMixin:
    """Next page: `after` = the page's `last_id`, while `has_more`."""

    has_more: Optional[bool] = None
    last_id: Optional[str] = None

    def next_page_params(self) -> dict[str, object] | None:
        if not self.has_more or not self.last_id:
            return None
        return {"after": self.last_id}


class _NextCursorMixin:
    """Next page: `after` = the page's `next` cursor, while `has_more`."""

    has_more: Optional[bool] = None
    next: Optional[str] = None

    def next_page_params(self) -> dict[str, object] | None:
        if self.has_more is False or not self.next:
            return None
        return {"after": self.next}


class _PageNumberMixin:
    """Next page: `page` = the page's `next_page` token, while `has_more`."""

    has_more: Optional[bool] = None
    next_page: Optional[str] = None

    def next_page_params(self) -> dict[str, object] | None:
        if self.has_more is False or not self.next_page:
            return None
        return {"page": self.next_page}


class SyncPage(BaseSyncPage[_T], Generic[_T]):
    """A single page (`object: "list"`, `data`): there is never a next page."""

    object: Optional[str] = None


class AsyncPage(BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncPage`."""

    object: Optional[str] = None


class SyncCursorPage(_CursorMixin, BaseSyncPage[_T], Generic[_T]):
    """Cursor pagination: `?after=<last item id>` while `has_more`."""


class AsyncCursorPage(_CursorMixin, BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncCursorPage`."""


class SyncConversationCursorPage(_ConversationCursorMixin, BaseSyncPage[_T], Generic[_T]):
    """Cursor pagination by the page's `last_id`."""


class AsyncConversationCursorPage(_ConversationCursorMixin, BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncConversationCursorPage`."""


class SyncNextCursorPage(_NextCursorMixin, BaseSyncPage[_T], Generic[_T]):
    """Cursor pagination by the page's `next` field."""


class AsyncNextCursorPage(_NextCursorMixin, BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncNextCursorPage`."""


class SyncPageNumberPage(_PageNumberMixin, BaseSyncPage[_T], Generic[_T]):
    """Pagination by the page's `next_page` token, sent back as `?page=`."""


class AsyncPageNumberPage(_PageNumberMixin, BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncPageNumberPage`."""


# -- pages configured by class variables (the pagination of any API; generated packages subclass them)


def _only_list_as_data(value: object) -> object:
    """Read a page body whose items sit under their own name (`calls`, `items`): when the body has
    no `data` and exactly one array field, that field is the page's items."""
    if not isinstance(value, dict):
        return value
    body = cast("dict[str, object]", value)
    lists = [key for key, item in body.items() if isinstance(item, list)]
    if "data" in body or len(lists) != 1:
        return body
    return {**body, "data": body[lists[0]]}


class _ConfiguredRule:
    """The next-page rule of a configured page; exactly one group of class variables is set.

    - `next_url_field`: the response field holding the next page's URL or URI (followed as is).
    - `cursor_param` + `cursor_field`: send the response's cursor back as this query parameter.
    - `page_param`: a page number, counted up from the one sent (default 1).
    - `offset_param`: an offset, moved on by the number of items received (default 0).
    """

    next_url_field: ClassVar[Optional[str]] = None
    cursor_param: ClassVar[Optional[str]] = None
    cursor_field: ClassVar[Optional[str]] = None
    page_param: ClassVar[Optional[str]] = None
    offset_param: ClassVar[Optional[str]] = None

    def _field(self, name: str) -> object:
        return getattr(self, name, None)

    def _sent(self, name: str) -> object:
        options: Optional[FinalRequestOptions] = getattr(self, "_options", None)
        return options.params.get(name) if options is not None else None

    def next_page_params(self) -> dict[str, object] | None:
        data: List[Any] = getattr(self, "data", [])
        if self.next_url_field is not None:
            return {} if self._next_url() else None
        if self.cursor_param is not None and self.cursor_field is not None:
            cursor = self._field(self.cursor_field)
            return {self.cursor_param: cursor} if isinstance(cursor, (str, int)) and cursor != "" else None
        if self.page_param is not None:
            sent = self._sent(self.page_param)
            return {self.page_param: (sent if isinstance(sent, int) else 1) + 1} if data else None
        if self.offset_param is not None:
            sent = self._sent(self.offset_param)
            return {self.offset_param: (sent if isinstance(sent, int) else 0) + len(data)} if data else None
        return None

    def _next_url(self) -> str | None:
        value = self._field(self.next_url_field) if self.next_url_field else None
        return value if isinstance(value, str) and value else None


class SyncConfiguredPage(_ConfiguredRule, BaseSyncPage[_T], Generic[_T]):
    """A page whose next-page rule is set by class variables (see `_ConfiguredRule`)."""

    _items = model_validator(mode="before")(_only_list_as_data)

    def _next_options(self) -> FinalRequestOptions:
        url = self._next_url()
        if url is not None and self._options is not None:
            # The next URL carries its own query: nothing of this page's query is kept.
            return self._options.with_changes(url=url, params={})
        return super()._next_options()


class AsyncConfiguredPage(_ConfiguredRule, BaseAsyncPage[_T], Generic[_T]):
    """The async twin of `SyncConfiguredPage`."""

    _items = model_validator(mode="before")(_only_list_as_data)

    def _next_options(self) -> FinalRequestOptions:
        url = self._next_url()
        if url is not None and self._options is not None:
            return self._options.with_changes(url=url, params={})
        return super()._next_options()
