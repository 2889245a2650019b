"""Run one function over many items, at most `limit` at a time, results in input order: threads
for sync code, an anyio task group for async code. Used by the upload helpers.

It must not know what the items are; the first failure is raised as itself (not wrapped in an
exception group), after the other calls have stopped.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Awaitable, Callable, List, Sequence, TypeVar, cast

__all__ = ["map_bounded", "map_bounded_async"]

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError(f"`max_concurrency` must be >= 1, got {limit}")


def map_bounded(fn: Callable[[_Item], _Result], items: Sequence[_Item], limit: int) -> List[_Result]:
    """`[fn(item) for item in items]`, run on up to `limit` threads."""
    _check_limit(limit)
    if len(items) <= 1 or limit == 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(limit, len(items))) as pool:
        return list(pool.map(fn, items))


async def map_bounded_async(
    fn: Callable[[_Item], Awaitable[_Result]], items: Sequence[_Item], limit: int
) -> List[_Result]:
    """The async twin of `map_bounded`: up to `limit` calls in flight in one task group."""
    import anyio

    _check_limit(limit)
    slots: List[object] = [None] * len(items)
    limiter = anyio.CapacityLimiter(limit)

    async def run(index: int) -> None:
        async with limiter:
            slots[index] = await fn(items[index])

    try:
        async with anyio.create_task_group() as group:
            for index in range(len(items)):
                group.start_soon(run, index)
    except Exception as exc:
        raise _first_error(exc) from None
    return cast(List[_Result], slots)  # every slot was filled by `run`


def _first_error(exc: BaseException) -> BaseException:
    # anyio raises an exception group; callers expect the API error itself.
    while True:
        inner = getattr(exc, "exceptions", None)
        if not inner:
            return exc
        exc = inner[0]
