"""The configured pages (`SyncConfiguredPage`/`AsyncConfiguredPage`) that generated packages of
other APIs subclass: each next-page rule through a client, items under their own field name."""

from __future__ import annotations

from typing import Any, Dict, Generic, List, TypeVar

import httpx
import pytest

from oai._models import BaseModel
from oai.pagination import AsyncConfiguredPage, SyncConfiguredPage

from .models_fixture import collect, make_client, resolve
from .test_pagination import Pages

pytestmark = pytest.mark.anyio

_T = TypeVar("_T")


class Call(BaseModel):
    sid: str


def calls(*sids: str) -> List[Dict[str, str]]:
    return [{"sid": sid} for sid in sids]


class SyncUriPage(SyncConfiguredPage[_T], Generic[_T]):
    next_url_field = "next_page_uri"


class AsyncUriPage(AsyncConfiguredPage[_T], Generic[_T]):
    next_url_field = "next_page_uri"


class SyncTokenPage(SyncConfiguredPage[_T], Generic[_T]):
    cursor_param = "page_token"
    cursor_field = "next_page_token"


class AsyncTokenPage(AsyncConfiguredPage[_T], Generic[_T]):
    cursor_param = "page_token"
    cursor_field = "next_page_token"


class SyncNumberPage(SyncConfiguredPage[_T], Generic[_T]):
    page_param = "page"


class AsyncNumberPage(AsyncConfiguredPage[_T], Generic[_T]):
    page_param = "page"


class SyncOffsetPage(SyncConfiguredPage[_T], Generic[_T]):
    offset_param = "offset"


class AsyncOffsetPage(AsyncConfiguredPage[_T], Generic[_T]):
    offset_param = "offset"


# (sync page, async page, page bodies, each request's query, each request's path)
STYLES: Dict[str, Any] = {
    "next_url": (
        SyncUriPage,
        AsyncUriPage,
        [
            {"calls": calls("a", "b"), "next_page_uri": "/v1/calls?Page=1&PageToken=x"},
            {"calls": calls("c"), "next_page_uri": None},
        ],
        [{"limit": "2"}, {"Page": "1", "PageToken": "x"}],
    ),
    "cursor": (
        SyncTokenPage,
        AsyncTokenPage,
        [{"calls": calls("a", "b"), "next_page_token": "t1"}, {"calls": calls("c"), "next_page_token": ""}],
        [{"limit": "2"}, {"limit": "2", "page_token": "t1"}],
    ),
    "page_number": (
        SyncNumberPage,
        AsyncNumberPage,
        [{"calls": calls("a", "b")}, {"calls": calls("c")}, {"calls": []}],
        [{"limit": "2"}, {"limit": "2", "page": "2"}, {"limit": "2", "page": "3"}],
    ),
    "offset": (
        SyncOffsetPage,
        AsyncOffsetPage,
        [{"calls": calls("a", "b")}, {"calls": calls("c")}, {"calls": []}],
        [{"limit": "2"}, {"limit": "2", "offset": "2"}, {"limit": "2", "offset": "3"}],
    ),
}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.mark.parametrize("style", list(STYLES))
async def test_every_rule_walks_every_item_and_sends_the_next_query(is_async: bool, style: str) -> None:
    sync_page, async_page, bodies, expected_queries = STYLES[style]
    pages = Pages(*bodies)
    client = make_client(pages, is_async=is_async)
    page_cls = async_page if is_async else sync_page
    first = client.get_api_list("/calls", page=page_cls[Call], options={"params": {"limit": 2}}, model=Call)
    found = await collect(first)
    assert [item.sid for item in found] == ["a", "b", "c"]
    assert all(isinstance(item, Call) for item in found)
    assert pages.queries == expected_queries


async def test_next_url_replaces_the_path_and_query(is_async: bool) -> None:
    seen: List[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if len(seen) == 1:
            return httpx.Response(200, json={"calls": calls("a"), "next_page_uri": "/v2/elsewhere?Page=1"})
        return httpx.Response(200, json={"calls": calls("b"), "next_page_uri": None})

    client = make_client(handler, is_async=is_async)
    page_cls: Any = AsyncUriPage if is_async else SyncUriPage  # the sync or async twin
    page = await resolve(client.get_api_list("/calls", page=page_cls[Call], options={"params": {"x": 1}}, model=Call))
    assert page.has_next_page()
    second = await resolve(page.get_next_page())
    assert [c.sid for c in second.data] == ["b"] and not second.has_next_page()
    assert seen[1].path.endswith("/v2/elsewhere") and dict(seen[1].params) == {"Page": "1"}


def test_a_body_with_data_or_several_lists_is_left_alone() -> None:
    assert SyncUriPage[int].model_validate({"data": [1], "other": [2]}).data == [1]
    assert SyncUriPage[int].model_validate({"calls": [3], "page": 1}).data == [3]
    with pytest.raises(ValueError):
        SyncUriPage[int].model_validate({"a": [1], "b": [2]})
