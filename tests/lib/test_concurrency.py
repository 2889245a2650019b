"""`oai.lib.concurrency`: bounded maps keep input order, honour the bound and raise the first error itself."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import List

import anyio
import httpx
import pytest

import oai
from oai.lib.concurrency import map_bounded, map_bounded_async

from .polling_fakes import ScriptedAPI, make_client, resolve


def test_map_bounded_keeps_order_and_bound() -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.01 * (5 - n))  # later items finish first
        with lock:
            in_flight -= 1
        return n * 10

    assert map_bounded(work, [0, 1, 2, 3, 4], 3) == [0, 10, 20, 30, 40]
    assert most == 3


def test_map_bounded_async_keeps_order_and_bound() -> None:
    in_flight, most = 0, 0

    async def work(n: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await anyio.sleep(0.01 * (5 - n))
        in_flight -= 1
        return n * 10

    assert asyncio.run(map_bounded_async(work, [0, 1, 2, 3, 4], 2)) == [0, 10, 20, 30, 40]
    assert most == 2


def test_map_bounded_async_raises_the_error_not_a_group() -> None:
    async def work(n: int) -> int:
        if n == 1:
            raise KeyError("bad item")
        await anyio.sleep(0.05)
        return n

    with pytest.raises(KeyError, match="bad item"):
        asyncio.run(map_bounded_async(work, [0, 1, 2], 3))


@pytest.mark.parametrize("limit", [0, -1])
def test_a_bound_below_one_names_max_concurrency(limit: int) -> None:
    with pytest.raises(ValueError, match="`max_concurrency` must be >= 1"):
        map_bounded(str, [1], limit)
    with pytest.raises(ValueError, match="`max_concurrency` must be >= 1"):
        asyncio.run(map_bounded_async(asyncio.sleep, [0], limit))


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_failed_upload_raises_the_api_error_itself(is_async: bool) -> None:
    api = ScriptedAPI({("POST", "/files"): [httpx.Response(500, json={"error": {"message": "disk full"}})]})
    client = make_client(api, is_async)
    files: List[object] = [("a.txt", b"a"), ("b.txt", b"b")]
    with pytest.raises(oai.InternalServerError, match="disk full"):
        resolve(client.vector_stores.file_batches.upload_and_poll("vs_1", files=files))  # type: ignore[arg-type]
