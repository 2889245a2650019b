"""One client shared by many threads or asyncio tasks gives each call its own result, and
`with_options` copies are freed (no memory growth over 10,000 copies)."""

from __future__ import annotations

import gc
import threading
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import anyio
import pytest

import oai

from .conftest import CANARY_KEY, Echo, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio

THREADS = 32
CALLS_PER_THREAD = 8
TASKS = 500
COPIES = 10_000


def test_one_sync_client_shared_by_32_threads_returns_each_call_its_own_result(server: FaultServer) -> None:
    path = f"/echo/{unique()}"
    with oai.Client(api_key=CANARY_KEY, base_url=server.base_url) as client:
        start = threading.Barrier(THREADS, timeout=10)

        def worker(thread: int) -> List[str]:
            start.wait()  # all threads hit the client at once
            seen: List[str] = []
            for call in range(CALLS_PER_THREAD):
                echo_id = f"t{thread}-c{call}"
                result = client.post(path, cast_to=Echo, body={"echo": echo_id}, extra_headers={"x-echo-id": echo_id})
                assert result.body == {"echo": echo_id}
                seen.append(str(result.id))
            return seen

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(worker, range(THREADS), timeout=60))
    expected = [[f"t{thread}-c{call}" for call in range(CALLS_PER_THREAD)] for thread in range(THREADS)]
    assert results == expected
    assert len(server.requests_to(path)) == THREADS * CALLS_PER_THREAD


async def test_one_async_client_shared_by_500_tasks_returns_each_call_its_own_result(server: FaultServer) -> None:
    path = f"/echo/{unique()}"
    results: Dict[int, Echo] = {}
    async with oai.AsyncClient(api_key=CANARY_KEY, base_url=server.base_url) as client:

        async def call(task: int) -> None:
            results[task] = await client.post(
                path, cast_to=Echo, body={"task": task}, extra_headers={"x-echo-id": f"task-{task}"}
            )

        with anyio.fail_after(60):
            async with anyio.create_task_group() as group:
                for task in range(TASKS):
                    group.start_soon(call, task)
    assert sorted(results) == list(range(TASKS))
    assert all(result.id == f"task-{task}" and result.body == {"task": task} for task, result in results.items())


@pytest.mark.parametrize("client_cls", [oai.Client, oai.AsyncClient], ids=["sync", "async"])
def test_with_options_copies_do_not_leak_memory(client_cls: type) -> None:
    client = client_cls(api_key=CANARY_KEY, base_url="http://127.0.0.1:9/v1")
    for _ in range(200):  # warm caches (platform headers, adapters) before measuring
        client.with_options(max_retries=1)
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        copy = client
        for index in range(COPIES):
            copy = client.with_options(max_retries=index % 5, timeout=float(index % 7 + 1))
            assert copy._client is client._client  # the pool is shared, not copied
        del copy
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after - before < 5 * 1024 * 1024
