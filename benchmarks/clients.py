"""The contenders: the same calls made through oai, the official `openai` SDK and raw httpx;
must not time anything (see `measure.py`).

oai uses its generated resources (`client.chat.completions`, `client.models`) when they exist
and falls back to the raw verbs (`client.post(..., cast_to=object)`) otherwise; `oai_mode()`
says which one ran, for the report.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import httpx

from .bodies import LARGE_MODEL

__all__ = [
    "LARGE_REQUEST",
    "SMALL_REQUEST",
    "STREAM_REQUEST",
    "AsyncCalls",
    "SyncCalls",
    "async_contenders",
    "has_openai",
    "oai_mode",
    "stream_contenders",
    "sync_contenders",
]

SMALL_REQUEST: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Say this is a test"}],
}
LARGE_REQUEST: dict[str, Any] = {**SMALL_REQUEST, "model": LARGE_MODEL, "logprobs": True, "top_logprobs": 5}
STREAM_REQUEST: dict[str, Any] = {**SMALL_REQUEST, "stream": True}
_API_KEY = "sk-bench"
# The same pool for every contender, so that fan-out compares SDK overhead, not pool sizes.
_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


def has_openai() -> bool:
    """Whether the official SDK is installed."""
    return importlib.util.find_spec("openai") is not None


def _has_resources(client: object) -> bool:
    return hasattr(client, "chat") and hasattr(client, "models")


def oai_mode() -> str:
    """`generated` when oai's resources exist, else `raw verbs`."""
    import oai

    client = oai.Client(api_key=_API_KEY)
    try:
        return "generated" if _has_resources(client) else "raw verbs"
    finally:
        client.close()


@dataclass
class SyncCalls:
    """One contender's sync calls; each returns the parsed result."""

    small: Callable[[], object]
    models: Callable[[], object]
    large: Callable[[], object]
    close: Callable[[], None]


@dataclass
class AsyncCalls:
    """One contender's async calls."""

    small: Callable[[], Awaitable[object]]
    models: Callable[[], Awaitable[object]]
    large: Callable[[], Awaitable[object]]
    close: Callable[[], Awaitable[None]]


def _oai_sync(base_url: str) -> SyncCalls:
    import oai

    client: Any = oai.Client(api_key=_API_KEY, base_url=base_url)
    if _has_resources(client):
        create, models = client.chat.completions.create, client.models.list
        return SyncCalls(
            small=lambda: create(**SMALL_REQUEST),
            models=lambda: models(),
            large=lambda: create(**LARGE_REQUEST),
            close=client.close,
        )
    return SyncCalls(
        small=lambda: client.post("/chat/completions", cast_to=object, body=SMALL_REQUEST),
        models=lambda: client.get("/models", cast_to=object),
        large=lambda: client.post("/chat/completions", cast_to=object, body=LARGE_REQUEST),
        close=client.close,
    )


def _openai_sync(base_url: str) -> SyncCalls:
    import openai

    client = openai.OpenAI(api_key=_API_KEY, base_url=base_url)
    create: Any = client.chat.completions.create
    return SyncCalls(
        small=lambda: create(**SMALL_REQUEST),
        models=lambda: client.models.list(),
        large=lambda: create(**LARGE_REQUEST),
        close=client.close,
    )


def _raw_sync(base_url: str) -> SyncCalls:
    client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {_API_KEY}"}, limits=_LIMITS)
    return SyncCalls(
        small=lambda: client.post("/chat/completions", json=SMALL_REQUEST).json(),
        models=lambda: client.get("/models").json(),
        large=lambda: client.post("/chat/completions", json=LARGE_REQUEST).json(),
        close=client.close,
    )


def sync_contenders(base_url: str) -> dict[str, SyncCalls]:
    """oai, openai (when installed) and raw httpx, in that order."""
    contenders = {"oai": _oai_sync(base_url)}
    if has_openai():
        contenders["openai"] = _openai_sync(base_url)
    contenders["raw"] = _raw_sync(base_url)
    return contenders


def _pool(keepalive: int | None) -> httpx.Limits:
    if keepalive is None:
        return _LIMITS
    return httpx.Limits(max_connections=max(keepalive, 1000), max_keepalive_connections=keepalive)


def _oai_async(base_url: str, keepalive: int | None = None) -> AsyncCalls:
    import oai

    http_client = None if keepalive is None else httpx.AsyncClient(limits=_pool(keepalive))
    client: Any = oai.AsyncClient(api_key=_API_KEY, base_url=base_url, http_client=http_client)
    if _has_resources(client):
        create, models = client.chat.completions.create, client.models.list

        async def models_all() -> object:
            # openai's async `list()` is awaitable too; await the first page in both.
            return await models()

        return AsyncCalls(
            small=lambda: create(**SMALL_REQUEST),
            models=models_all,
            large=lambda: create(**LARGE_REQUEST),
            close=client.close,
        )
    return AsyncCalls(
        small=lambda: client.post("/chat/completions", cast_to=object, body=SMALL_REQUEST),
        models=lambda: client.get("/models", cast_to=object),
        large=lambda: client.post("/chat/completions", cast_to=object, body=LARGE_REQUEST),
        close=client.close,
    )


def _openai_async(base_url: str, keepalive: int | None = None) -> AsyncCalls:
    import openai

    # Any: openai types `http_client` with its own httpx stub, which pyright sees as distinct.
    http_client: Any = None if keepalive is None else httpx.AsyncClient(limits=_pool(keepalive))
    client = openai.AsyncOpenAI(api_key=_API_KEY, base_url=base_url, http_client=http_client)
    create: Any = client.chat.completions.create

    async def models() -> object:
        return await client.models.list()

    return AsyncCalls(
        small=lambda: create(**SMALL_REQUEST),
        models=models,
        large=lambda: create(**LARGE_REQUEST),
        close=client.close,
    )


def _raw_async(base_url: str, keepalive: int | None = None) -> AsyncCalls:
    headers = {"Authorization": f"Bearer {_API_KEY}"}
    client = httpx.AsyncClient(base_url=base_url, headers=headers, limits=_pool(keepalive))

    async def small() -> object:
        return (await client.post("/chat/completions", json=SMALL_REQUEST)).json()

    async def models() -> object:
        return (await client.get("/models")).json()

    async def large() -> object:
        return (await client.post("/chat/completions", json=LARGE_REQUEST)).json()

    return AsyncCalls(small=small, models=models, large=large, close=client.aclose)


def async_contenders(base_url: str, *, keepalive: int | None = None) -> dict[str, AsyncCalls]:
    """The async twins of `sync_contenders`; create them inside the running event loop.

    `keepalive` gives every contender the same pool keeping that many idle connections (the
    fan-out uses it so that rounds reuse connections instead of timing TCP handshakes);
    None keeps each SDK's default pool.
    """
    contenders = {"oai": _oai_async(base_url, keepalive)}
    if has_openai():
        contenders["openai"] = _openai_async(base_url, keepalive)
    contenders["raw"] = _raw_async(base_url, keepalive)
    return contenders


# -- streaming: each function reads one whole stream and returns how many chunks it saw ------


def _oai_stream_plain(client: Any) -> Callable[[], int]:
    if _has_resources(client):
        create = client.chat.completions.create

        def plain() -> int:
            count = 0
            for _chunk in create(**STREAM_REQUEST):
                count += 1
            return count

        return plain

    import oai

    def plain_raw() -> int:
        count = 0
        stream = client.post(
            "/chat/completions", cast_to=object, body=STREAM_REQUEST, stream=True, stream_cls=oai.Stream[object]
        )
        for _chunk in stream:
            count += 1
        return count

    return plain_raw


def _helper_stream(completions: Any) -> Callable[[], int]:
    def helper() -> int:
        count = 0
        with completions.stream(**SMALL_REQUEST) as stream:
            for _event in stream:
                count += 1
            stream.get_final_completion()
        return count

    return helper


def _raw_stream(client: httpx.Client) -> Callable[[], int]:
    def lines() -> int:
        count = 0
        with client.stream("POST", "/chat/completions", json=STREAM_REQUEST) as response:
            for line in response.iter_lines():
                if not line.startswith("data: "):
                    continue
                data = line[6:]
                if data == "[DONE]":
                    break
                json.loads(data)
                count += 1
        return count

    return lines


def stream_contenders(base_url: str) -> tuple[dict[str, Callable[[], int] | None], Callable[[], None]]:
    """Stream readers by name (None when not available) and a function closing every client.

    Names: `oai` (plain iteration), `oai_helper` (`chat.completions.stream`), `openai`,
    `openai_helper` and `raw` (`iter_lines` + `json.loads`).
    """
    import oai

    oai_client: Any = oai.Client(api_key=_API_KEY, base_url=base_url)
    raw_client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {_API_KEY}"}, limits=_LIMITS)
    closers: list[Callable[[], None]] = [oai_client.close, raw_client.close]
    readers: dict[str, Callable[[], int] | None] = {"oai": _oai_stream_plain(oai_client), "oai_helper": None}
    if _has_resources(oai_client) and hasattr(oai_client.chat.completions, "stream"):
        readers["oai_helper"] = _helper_stream(oai_client.chat.completions)
    readers["openai"] = readers["openai_helper"] = None
    if has_openai():
        import openai

        openai_client = openai.OpenAI(api_key=_API_KEY, base_url=base_url)
        closers.append(openai_client.close)
        create: Any = openai_client.chat.completions.create

        def openai_plain() -> int:
            count = 0
            for _chunk in create(**STREAM_REQUEST):
                count += 1
            return count

        readers["openai"] = openai_plain
        readers["openai_helper"] = _helper_stream(openai_client.chat.completions)
    readers["raw"] = _raw_stream(raw_client)

    def close() -> None:
        for closer in closers:
            closer()

    return readers, close
