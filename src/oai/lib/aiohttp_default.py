"""`oai.DefaultAioHttpClient`: the aiohttp-backed client of `oai.lib.aiohttp` when the
`aiohttp` extra is installed, else a stand-in that names the extra when instantiated (as the
official SDK does), so that the name always resolves. Loaded only when the name is touched;
importing it never raises."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

__all__ = ["DefaultAioHttpClient"]

if TYPE_CHECKING:
    from .aiohttp import DefaultAioHttpClient
else:
    try:
        from .aiohttp import DefaultAioHttpClient
    except ImportError:

        class DefaultAioHttpClient(httpx.AsyncClient):
            """Stand-in for the aiohttp client: the `aiohttp` extra is not installed."""

            def __init__(self, **_kwargs: Any) -> None:
                raise RuntimeError(
                    "To use the aiohttp client you must have installed the package with the `aiohttp` extra: "
                    "pip install 'oai[aiohttp]'"
                )
