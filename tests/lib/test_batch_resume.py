"""`run_batch` / `async_run_batch` after an interruption: Ctrl-C (or a cancellation) cancels (or keeps, or asks about) the batches started; `batch_ids` resumes."""

from __future__ import annotations

import asyncio
from typing import List

import anyio
import httpx
import pytest

import oai
from oai.lib.batch import BatchInterrupted, BatchLimits, async_run_batch, run_batch
from oai.types.chat.chat_completion import ChatCompletion

from ..conftest import make_sync_client
from .test_batch import BODY, FakeBatchAPI

REQUESTS = [(f"q{i}", BODY) for i in range(5)]
TWO_BATCHES = BatchLimits(max_requests=3)


def interrupt(_: float) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_cancels_the_unfinished_batches_by_default() -> None:
    api = FakeBatchAPI(polls_to_finish=5)
    client = make_sync_client(api)
    with pytest.raises(BatchInterrupted) as info:
        run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=interrupt)
    assert isinstance(info.value, KeyboardInterrupt)
    assert api.cancelled == ["batch_1", "batch_2"]
    assert info.value.batch_ids == ["batch_1", "batch_2"]
    assert info.value.unfinished_ids == ["batch_1", "batch_2"] and info.value.cancelled


def test_ctrl_c_keeps_the_batches_when_asked_and_resuming_finishes_them() -> None:
    api = FakeBatchAPI(polls_to_finish=3)
    client = make_sync_client(api)
    asked: List[List[str]] = []

    def keep(batch_ids: List[str]) -> bool:
        asked.append(batch_ids)
        return False

    with pytest.raises(BatchInterrupted) as info:
        run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=interrupt, on_interrupt=keep)
    assert asked == [["batch_1", "batch_2"]]
    assert api.cancelled == [] and not info.value.cancelled
    uploads = len(api.uploads)
    results = run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=lambda _: None, batch_ids=info.value.batch_ids)
    assert len(api.uploads) == uploads  # nothing uploaded again
    assert len(api.batches) == 2  # nor created again
    assert list(results) == [f"q{i}" for i in range(5)]
    assert all(isinstance(r.response, ChatCompletion) for r in results.values())


def test_ctrl_c_after_every_batch_ended_cancels_nothing_and_does_not_ask() -> None:
    api = FakeBatchAPI(polls_to_finish=1)
    client = make_sync_client(api)

    def interrupt_on_progress(_: object) -> None:
        raise KeyboardInterrupt

    def never(_: List[str]) -> bool:
        raise AssertionError("nothing to ask about")

    with pytest.raises(BatchInterrupted) as info:
        run_batch(client, REQUESTS, on_progress=interrupt_on_progress, on_interrupt=never)
    assert info.value.unfinished_ids == [] and api.cancelled == []


def test_resume_with_ids_that_do_not_fit_the_requests_is_refused() -> None:
    api = FakeBatchAPI(polls_to_finish=1)
    client = make_sync_client(api)
    first = run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=lambda _: None)
    ids = [b.id for b in first.batches]
    with pytest.raises(ValueError, match="batch_ids has 1 IDs but the requests make 2 batches"):
        run_batch(client, REQUESTS, limits=TWO_BATCHES, batch_ids=ids[:1])
    with pytest.raises(ValueError, match="batch_1 has 3 requests, but its part has 5"):
        run_batch(client, REQUESTS, batch_ids=ids[:1])


def checkpointed_client(api: FakeBatchAPI) -> oai.AsyncClient:
    """An async client on `api`, answering after a checkpoint, where a cancelled scope strikes an unshielded request."""

    async def handle(request: httpx.Request) -> httpx.Response:
        await anyio.sleep(0)
        return api(request)

    http_client = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    return oai.AsyncClient(api_key="sk-test", base_url="https://api.example.test/v1", http_client=http_client)


async def no_sleep(_: float) -> None:
    pass


@pytest.mark.anyio
async def test_async_ctrl_c_cancels_the_unfinished_batches_and_raises_batch_interrupted() -> None:
    api = FakeBatchAPI(polls_to_finish=5)
    client = checkpointed_client(api)

    async def interrupt_async(_: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as info:
        await async_run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=interrupt_async)
    assert api.cancelled == ["batch_1", "batch_2"]
    assert info.value.batch_ids == ["batch_1", "batch_2"] and info.value.cancelled
    assert info.value.unfinished_ids == ["batch_1", "batch_2"]


@pytest.mark.anyio
async def test_async_task_cancel_cancels_the_batches_and_stays_a_cancellation() -> None:
    api = FakeBatchAPI(polls_to_finish=5)
    client = checkpointed_client(api)
    sleeping = asyncio.Event()

    async def wait_forever(_: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(async_run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=wait_forever))
    await sleeping.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    assert api.cancelled == ["batch_1", "batch_2"]
    interrupted = info.value.__cause__
    assert isinstance(interrupted, BatchInterrupted) and interrupted.cancelled
    assert interrupted.batch_ids == ["batch_1", "batch_2"]


@pytest.mark.anyio
async def test_async_cancel_scope_still_sends_the_cancel_requests_shielded() -> None:
    api = FakeBatchAPI(polls_to_finish=5)
    client = checkpointed_client(api)
    with anyio.CancelScope() as scope:

        async def cancel_while_sleeping(_: float) -> None:
            scope.cancel()  # from here on every unshielded await in the scope is cancelled
            await anyio.sleep_forever()

        await async_run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=cancel_while_sleeping)
    assert scope.cancelled_caught
    assert api.cancelled == ["batch_1", "batch_2"]


@pytest.mark.anyio
async def test_async_cancellation_keeps_the_batches_when_asked_and_resuming_finishes_them() -> None:
    api = FakeBatchAPI(polls_to_finish=3)
    client = checkpointed_client(api)
    asked: List[List[str]] = []

    def keep(batch_ids: List[str]) -> bool:
        asked.append(batch_ids)
        return False

    sleeping = asyncio.Event()

    async def wait_forever(_: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    run = async_run_batch(client, REQUESTS, limits=TWO_BATCHES, sleep=wait_forever, on_interrupt=keep)
    task = asyncio.create_task(run)
    await sleeping.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    interrupted = info.value.__cause__
    assert isinstance(interrupted, BatchInterrupted) and not interrupted.cancelled
    assert asked == [["batch_1", "batch_2"]] and api.cancelled == []
    uploads = len(api.uploads)
    results = await async_run_batch(
        client, REQUESTS, limits=TWO_BATCHES, sleep=no_sleep, batch_ids=interrupted.batch_ids
    )
    assert len(api.uploads) == uploads and len(api.batches) == 2
    assert all(isinstance(r.response, ChatCompletion) for r in results.values())
