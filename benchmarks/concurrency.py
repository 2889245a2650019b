"""Concurrency: 1,000 calls through one client per contender, as a user fanning out would (async
tasks behind a semaphore at several concurrency levels; threads sharing one sync client), each
SDK with its default client. Every call posts its own number to `/v1/echo` and must get that
number back: a call lost (raised) or crossed (got another call's answer) is counted, with and
without injected faults (dropped connections, which the SDKs retry). Must not time anything else.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

import httpx

from .clients import has_openai
from .measure import Samples

__all__ = ["CALLS", "Integrity", "measure_async_fanout", "measure_fault_integrity", "measure_threads"]

CALLS = 1_000
FAULT_RETRIES = 6  # a call dropped 7 times in a row at 1 drop in 20 is ~1e-9: not a fluke
_API_KEY = "sk-bench"
_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


@dataclass
class Integrity:
    """Calls that raised (lost) or returned another call's answer (crossed), over every run."""

    calls: int = 0
    lost: int = 0
    crossed: int = 0
    errors: list[str] = field(default_factory=lambda: [])

    def add(self, other: Integrity) -> None:
        self.calls += other.calls
        self.lost += other.lost
        self.crossed += other.crossed
        self.errors += other.errors[: max(0, 3 - len(self.errors))]


def _answer_of(result: Any) -> Any:
    # oai and openai give the parsed JSON (cast_to=object); raw gives it too.
    return result["echo"]["n"] if isinstance(result, dict) else None


AsyncCall = Callable[[int], Awaitable[Any]]
SyncCall = Callable[[int], Any]


def _async_contenders(
    base_url: str, headers: dict[str, str], retries: int = 2
) -> dict[str, tuple[AsyncCall, Callable[[], Awaitable[None]]]]:
    import oai

    contenders: dict[str, tuple[AsyncCall, Callable[[], Awaitable[None]]]] = {}
    client: Any = oai.AsyncClient(api_key=_API_KEY, base_url=base_url, default_headers=headers, max_retries=retries)
    contenders["oai"] = (lambda n: client.post("/echo", cast_to=object, body={"n": n}), client.close)
    if has_openai():
        import openai

        official: Any = openai.AsyncOpenAI(
            api_key=_API_KEY, base_url=base_url, default_headers=headers, max_retries=retries
        )
        contenders["openai"] = (lambda n: official.post("/echo", cast_to=object, body={"n": n}), official.close)
    raw = httpx.AsyncClient(
        base_url=base_url, headers={"Authorization": f"Bearer {_API_KEY}", **headers}, limits=_LIMITS
    )

    async def raw_call(n: int) -> Any:
        return (await raw.post("/echo", json={"n": n})).json()

    contenders["raw"] = (raw_call, raw.aclose)
    return contenders


async def _fan(call: AsyncCall, concurrency: int) -> tuple[float, Integrity]:
    gate = asyncio.Semaphore(concurrency)
    integrity = Integrity(calls=CALLS)

    async def one(n: int) -> None:
        async with gate:
            try:
                answer = _answer_of(await call(n))
            except Exception as exc:
                integrity.lost += 1
                if len(integrity.errors) < 3:
                    integrity.errors.append(f"{type(exc).__name__}: {exc}"[:200])
                return
            if answer != n:
                integrity.crossed += 1

    start = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(CALLS)))
    return time.perf_counter() - start, integrity


def measure_async_fanout(
    base_url: str, levels: tuple[int, ...], *, rounds: int
) -> dict[int, tuple[dict[str, Samples], dict[str, Integrity]]]:
    """Seconds per 1,000 calls at each concurrency level, contenders interleaved round by round."""

    async def run() -> dict[int, tuple[dict[str, Samples], dict[str, Integrity]]]:
        contenders = _async_contenders(base_url, {})
        results: dict[int, tuple[dict[str, Samples], dict[str, Integrity]]] = {}
        try:
            for level in levels:
                samples = {name: Samples() for name in contenders}
                integrity = {name: Integrity() for name in contenders}
                for call, _close in contenders.values():
                    await _fan(call, level)  # warm-up: the pool grows to this level
                for _ in range(rounds):
                    for name, (call, _close) in contenders.items():
                        seconds, checked = await _fan(call, level)
                        samples[name].values.append(seconds)
                        integrity[name].add(checked)
                        await asyncio.sleep(0)
                results[level] = (samples, integrity)
        finally:
            for _call, close in contenders.values():
                await close()
        return results

    return asyncio.run(run())


def _sync_contenders(
    base_url: str, headers: dict[str, str], retries: int = 2
) -> dict[str, tuple[SyncCall, Callable[[], None]]]:
    import oai

    contenders: dict[str, tuple[SyncCall, Callable[[], None]]] = {}
    client: Any = oai.Client(api_key=_API_KEY, base_url=base_url, default_headers=headers, max_retries=retries)
    contenders["oai"] = (lambda n: client.post("/echo", cast_to=object, body={"n": n}), client.close)
    if has_openai():
        import openai

        official: Any = openai.OpenAI(api_key=_API_KEY, base_url=base_url, default_headers=headers, max_retries=retries)
        contenders["openai"] = (lambda n: official.post("/echo", cast_to=object, body={"n": n}), official.close)
    raw = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {_API_KEY}", **headers}, limits=_LIMITS)
    contenders["raw"] = (lambda n: raw.post("/echo", json={"n": n}).json(), raw.close)
    return contenders


def _threaded(call: SyncCall, pool: ThreadPoolExecutor) -> tuple[float, Integrity]:
    integrity = Integrity(calls=CALLS)

    def one(n: int) -> tuple[int, Any, str]:
        try:
            return n, _answer_of(call(n)), ""
        except Exception as exc:
            return n, None, f"{type(exc).__name__}: {exc}"[:200]

    start = time.perf_counter()
    outcomes = list(pool.map(one, range(CALLS)))
    seconds = time.perf_counter() - start
    for n, answer, error in outcomes:
        if error:
            integrity.lost += 1
            if len(integrity.errors) < 3:
                integrity.errors.append(error)
        elif answer != n:
            integrity.crossed += 1
    return seconds, integrity


def measure_threads(base_url: str, threads: int, *, rounds: int) -> tuple[dict[str, Samples], dict[str, Integrity]]:
    """Seconds per 1,000 calls made by `threads` threads sharing one sync client per contender."""
    contenders = _sync_contenders(base_url, {})
    samples = {name: Samples() for name in contenders}
    integrity = {name: Integrity() for name in contenders}
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for call, _close in contenders.values():
                _threaded(call, pool)  # warm-up
            for _ in range(rounds):
                for name, (call, _close) in contenders.items():
                    seconds, checked = _threaded(call, pool)
                    samples[name].values.append(seconds)
                    integrity[name].add(checked)
    finally:
        for _call, close in contenders.values():
            close()
    return samples, integrity


def measure_fault_integrity(base_url: str, concurrency: int, threads: int, drop_every: int) -> dict[str, Integrity]:
    """Integrity of the SDKs (which retry) when the server drops every `drop_every`-th request:
    one async fan-out at `concurrency` and one run of `threads` threads, added up per SDK. Both
    SDKs get `FAULT_RETRIES` retries, so that a call is lost only if the SDK loses it."""
    headers = {"x-bench-fault": f"drop-every-{drop_every}"}

    async def run() -> dict[str, Integrity]:
        contenders = _async_contenders(base_url, headers, FAULT_RETRIES)
        contenders.pop("raw")  # raw httpx does not retry: its dropped calls are lost by design
        try:
            return {name: (await _fan(call, concurrency))[1] for name, (call, _close) in contenders.items()}
        finally:
            for _call, close in contenders.values():
                await close()

    totals = asyncio.run(run())
    sync = _sync_contenders(base_url, headers, FAULT_RETRIES)
    sync.pop("raw")
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for name, (call, _close) in sync.items():
                totals[name].add(_threaded(call, pool)[1])
    finally:
        for _call, close in sync.values():
            close()
    return totals
