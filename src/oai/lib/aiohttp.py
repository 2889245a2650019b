"""`DefaultAioHttpClient`: an `httpx.AsyncClient` that sends through aiohttp (from the optional
`httpx-aiohttp` package), for `AsyncOpenAI(http_client=...)`; it must not change how the SDK
builds, retries or parses requests."""

from __future__ import annotations

from typing import Any

try:
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError as exc:  # pragma: no cover - exercised by a test that hides the package
    raise ImportError(
        "`oai.lib.aiohttp` needs the `httpx-aiohttp` package: install it with `pip install 'oai[aiohttp]'`"
    ) from exc

from .._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

__all__ = ["DefaultAioHttpClient"]


class DefaultAioHttpClient(HttpxAiohttpClient):
    """An `httpx.AsyncClient` on aiohttp's connection pool, with the SDK's default timeout and
    connection limits. aiohttp often handles many concurrent requests better than httpx's
    own transport.

    ```py
    from oai import AsyncOpenAI
    from oai.lib.aiohttp import DefaultAioHttpClient

    async with AsyncOpenAI(http_client=DefaultAioHttpClient()) as client:
        ...
    ```
    """

    def __init__(self, **kwargs: Any) -> None:
        """Create the client.

        Args:
            **kwargs: any `httpx.AsyncClient` argument; `timeout` defaults to 600 s (connect
                5 s) and `limits` to the SDK's connection limits.
        """
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
        super().__init__(**kwargs)
