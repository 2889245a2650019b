"""Tests of the page styles through a client: items across pages, `iter_pages()`,
`has_next_page()`, `get_next_page()`, each follow-up request's query, and the async twins."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable, Dict, List

import httpx
import pytest

from oai._models import BaseModel
from oai.pagination import (
    AsyncConversationCursorPage,
    AsyncCursorPage,
    AsyncNextCursorPage,
    AsyncPage,
    AsyncPageNumberPage,
    AsyncPaginator,
    SyncConversationCursorPage,
    SyncCursorPage,
    SyncNextCursorPage,
    SyncPage,
    SyncPageNumberPage,
)

from ..conftest import make_async_client, make_sync_client
from .models_fixture import AnyClient, collect, make_client, resolve

pytestmark = pytest.mark.anyio


class Item(BaseModel):
    id: str


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Pages:
    """Serves one page body per request, in order, and records each request's query."""

    def __init__(self, *bodies: Dict[str, Any]) -> None:
        self.bodies = bodies
        self.queries: List[Dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.queries.append(dict(request.url.params))
        body = self.bodies[len(self.queries) - 1]
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def items(*ids: str) -> List[Dict[str, str]]:
    return [{"id": item_id} for item_id in ids]


# Each style: (sync page, async page, three page bodies, the query of each follow-up request).
STYLES: Dict[str, Any] = {
    "cursor": (
        SyncCursorPage,
        AsyncCursorPage,
        [
            {"data": items("a", "b"), "has_more": True},
            {"data": items("c", "d"), "has_more": True},
            {"data": items("e"), "has_more": False},
        ],
        [{"limit": "2"}, {"limit": "2", "after": "b"}, {"limit": "2", "after": "d"}],
    ),
    "conversation-cursor": (
        SyncConversationCursorPage,
        AsyncConversationCursorPage,
        [
            {"data": items("a", "b"), "has_more": True, "last_id": "cur-1"},
            {"data": items("c", "d"), "has_more": True, "last_id": "cur-2"},
            {"data": items("e"), "has_more": False, "last_id": "e"},
        ],
        [{"limit": "2"}, {"limit": "2", "after": "cur-1"}, {"limit": "2", "after": "cur-2"}],
    ),
    "next-cursor": (
        SyncNextCursorPage,
        AsyncNextCursorPage,
        [
            {"data": items("a", "b"), "has_more": True, "next": "n-1"},
            {"data": items("c", "d"), "has_more": True, "next": "n-2"},
            {"data": items("e"), "has_more": False, "next": None},
        ],
        [{"limit": "2"}, {"limit": "2", "after": "n-1"}, {"limit": "2", "after": "n-2"}],
    ),
    "page-number": (
        SyncPageNumberPage,
        AsyncPageNumberPage,
        [
            {"data": items("a", "b"), "has_more": True, "next_page": "p2"},
            {"data": items("c", "d"), "has_more": True, "next_page": "p3"},
            {"data": items("e"), "has_more": False},
        ],
        [{"limit": "2"}, {"limit": "2", "page": "p2"}, {"limit": "2", "page": "p3"}],
    ),
}


def first_page(client: AnyClient, sync_page: Any, async_page: Any) -> Any:
    """The list call: a page (sync) or an `AsyncPaginator` (async)."""
    page = async_page if client._is_async else sync_page
    return client.get_api_list("/items", page=page[Item], options={"params": {"limit": 2}}, model=Item)


@pytest.mark.parametrize("style", list(STYLES))
async def test_iterating_a_page_walks_every_item_of_every_page(is_async: bool, style: str) -> None:
    sync_page, async_page, bodies, expected_queries = STYLES[style]
    pages = Pages(*bodies)
    client = make_client(pages, is_async=is_async)
    found = await collect(first_page(client, sync_page, async_page))
    assert [item.id for item in found] == ["a", "b", "c", "d", "e"]
    assert all(isinstance(item, Item) for item in found)
    assert pages.queries == expected_queries


@pytest.mark.parametrize("style", list(STYLES))
async def test_iter_pages_yields_each_page_once(is_async: bool, style: str) -> None:
    sync_page, async_page, bodies, expected_queries = STYLES[style]
    pages = Pages(*bodies)
    client = make_client(pages, is_async=is_async)
    page = await resolve(first_page(client, sync_page, async_page))
    assert isinstance(page, async_page if is_async else sync_page)
    walked = await collect(page.iter_pages())
    assert [[item.id for item in p.data] for p in walked] == [["a", "b"], ["c", "d"], ["e"]]
    assert [p.has_next_page() for p in walked] == [True, True, False]
    assert pages.queries == expected_queries


@pytest.mark.parametrize("style", list(STYLES))
async def test_get_next_page_fetches_the_following_page(is_async: bool, style: str) -> None:
    sync_page, async_page, bodies, expected_queries = STYLES[style]
    pages = Pages(*bodies)
    client = make_client(pages, is_async=is_async)
    page = await resolve(first_page(client, sync_page, async_page))
    second = await resolve(page.get_next_page())
    assert type(second) is type(page)
    assert [item.id for item in second.data] == ["c", "d"]
    assert pages.queries == expected_queries[:2]
    third = await resolve(second.get_next_page())
    assert not third.has_next_page()
    with pytest.raises(RuntimeError, match="has_next_page"):
        await resolve(third.get_next_page())


@pytest.mark.parametrize("how", ["copy", "deepcopy", "model_copy"])
async def test_a_copied_page_still_fetches_the_next_page(is_async: bool, how: str) -> None:
    sync_page, async_page, bodies, _ = STYLES["cursor"]
    client = make_client(Pages(*bodies), is_async=is_async)
    page = await resolve(first_page(client, sync_page, async_page))
    copies: Dict[str, Callable[[Any], Any]] = {
        "copy": copy.copy,
        "deepcopy": copy.deepcopy,
        "model_copy": lambda p: p.model_copy(),
    }
    copied = copies[how](page)
    assert copied is not page and copied == page
    second = await resolve(copied.get_next_page())
    assert [item.id for item in second.data] == ["c", "d"]


def test_a_page_built_by_hand_has_no_context_and_dumps_only_its_fields() -> None:
    page = SyncCursorPage[Item].model_validate({"data": [{"id": "a"}], "has_more": True})
    with pytest.raises(RuntimeError, match="No next page"):
        page.get_next_page()
    assert page.model_dump() == {"data": [{"id": "a"}], "has_more": True}


async def test_single_page_has_no_next_page(is_async: bool) -> None:
    pages = Pages({"object": "list", "data": items("a", "b")})
    client = make_client(pages, is_async=is_async)
    page = await resolve(first_page(client, SyncPage, AsyncPage))
    assert page.object == "list"
    assert not page.has_next_page()
    assert [item.id for item in await collect(page)] == ["a", "b"]
    assert len(pages.queries) == 1


async def test_empty_page_stops_even_when_has_more_is_true(is_async: bool) -> None:
    pages = Pages({"data": [], "has_more": True})
    client = make_client(pages, is_async=is_async)
    page = await resolve(first_page(client, SyncCursorPage, AsyncCursorPage))
    assert not page.has_next_page()
    assert await collect(page) == []
    assert len(pages.queries) == 1


async def test_cursor_page_without_has_more_continues_while_items_come(is_async: bool) -> None:
    pages = Pages({"data": items("a")}, {"data": []})
    client = make_client(pages, is_async=is_async)
    found = await collect(first_page(client, SyncCursorPage, AsyncCursorPage))
    assert [item.id for item in found] == ["a"]
    assert pages.queries == [{"limit": "2"}, {"limit": "2", "after": "a"}]


async def test_follow_up_requests_keep_headers_and_path(is_async: bool) -> None:
    requests: List[httpx.Request] = []
    bodies = STYLES["cursor"][2]

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=bodies[len(requests) - 1])

    client = make_client(handler, is_async=is_async)
    page_cls: Any = AsyncCursorPage if is_async else SyncCursorPage  # the sync or async twin
    listing = client.get_api_list("/items", page=page_cls[Item], options={"headers": {"X-Team": "t"}}, model=Item)
    await collect(listing)
    assert [r.url.path for r in requests] == ["/v1/items"] * 3
    assert [r.headers["X-Team"] for r in requests] == ["t"] * 3


async def test_async_paginator_can_be_awaited_for_the_first_page() -> None:
    pages = Pages(*STYLES["cursor"][2])
    client = make_async_client(pages)
    paginator = client.get_api_list("/items", page=AsyncCursorPage[Item], model=Item)
    assert isinstance(paginator, AsyncPaginator)
    page = await paginator
    assert isinstance(page, AsyncCursorPage)
    assert [item.id for item in page.data] == ["a", "b"]
    assert len(pages.queries) == 1


async def test_async_for_over_the_paginator_walks_every_page() -> None:
    pages = Pages(*STYLES["page-number"][2])
    client = make_async_client(pages)
    seen = [item.id async for item in client.get_api_list("/items", page=AsyncPageNumberPage[Item], model=Item)]
    assert seen == ["a", "b", "c", "d", "e"]
    assert [q.get("page") for q in pages.queries] == [None, "p2", "p3"]


def test_sync_page_iteration_is_lazy() -> None:
    pages = Pages(*STYLES["cursor"][2])
    client = make_sync_client(pages)
    page = client.get_api_list("/items", page=SyncCursorPage[Item], model=Item)
    iterator = iter(page)
    assert [next(iterator).id, next(iterator).id] == ["a", "b"]
    assert len(pages.queries) == 1
    assert next(iterator).id == "c"
    assert len(pages.queries) == 2
