"""Middleware: functions shaped `(request, call_next) -> response` wrapped around the single
HTTP send. The chain is built once per client and runs on every attempt, so a middleware
sees retries. It must not know about retries, parsing or credentials."""

from __future__ import annotations

from typing import Awaitable, Callable, Sequence

import httpx
from typing_extensions import TypeAlias

__all__ = [
    "AsyncMiddleware",
    "AsyncNext",
    "Middleware",
    "Next",
    "build_async_chain",
    "build_chain",
]

Next: TypeAlias = Callable[[httpx.Request], httpx.Response]
"""Sends a request on to the next middleware (or the transport) and returns its response."""

Middleware: TypeAlias = Callable[[httpx.Request, Next], httpx.Response]
"""A sync middleware.

```py
def log_status(request: httpx.Request, call_next: oai.Next) -> httpx.Response:
    response = call_next(request)
    print(request.method, request.url.path, response.status_code)
    return response

client = oai.Client(middleware=[log_status])
```
"""

AsyncNext: TypeAlias = Callable[[httpx.Request], Awaitable[httpx.Response]]
AsyncMiddleware: TypeAlias = Callable[[httpx.Request, AsyncNext], Awaitable[httpx.Response]]
"""An async middleware, for `AsyncClient`: `async def mw(request, call_next) -> response`."""


def build_chain(middleware: Sequence[Middleware], send: Next) -> Next:
    """Wrap `send` so that `middleware[0]` runs first and `send` last."""
    chain = send
    for layer in reversed(middleware):
        chain = _bind(layer, chain)
    return chain


def build_async_chain(middleware: Sequence[AsyncMiddleware], send: AsyncNext) -> AsyncNext:
    """The async twin of `build_chain`."""
    chain = send
    for layer in reversed(middleware):
        chain = _bind_async(layer, chain)
    return chain


def _bind(layer: Middleware, call_next: Next) -> Next:
    def run(request: httpx.Request) -> httpx.Response:
        return layer(request, call_next)

    return run


def _bind_async(layer: AsyncMiddleware, call_next: AsyncNext) -> AsyncNext:
    async def run(request: httpx.Request) -> httpx.Response:
        return await layer(request, call_next)

    return run
