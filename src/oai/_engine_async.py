"""The async engine: an `httpx.AsyncHTTPTransport` stand-in (HTTP/1.1) on `httpcore2`'s pools,
striped when the limit is large, connecting with the TLS context only for https origins
(`_engine` says why httpcore2 here).
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterable
from typing import Any

import httpcore2
import httpx

from ._engine import TLS, AsyncResponseStream, ErrorMap, core_request, needs_tls, pool_options, response_extensions

__all__ = ["AsyncEngineTransport"]

_as_httpx = ErrorMap(httpcore2)


class _AsyncPool(httpcore2.AsyncConnectionPool):
    """httpcore2's pool (each connection picks its async library, as the pool does)."""

    def __init__(self, tls: TLS, limits: httpx.Limits) -> None:
        self._tls = tls
        self._expiry = limits.keepalive_expiry
        super().__init__(**pool_options(limits))

    def create_connection(self, origin: httpcore2.Origin) -> httpcore2.AsyncConnectionInterface:
        return httpcore2.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._tls.context() if needs_tls(origin) else None,
            keepalive_expiry=self._expiry,
        )


# The async pool scans every connection on each request it admits and each response it
# releases, so its cost per request grows with the pool. Striping requests over a few smaller
# pools divides that scan; each request goes to the stripe with the fewest requests in flight,
# so calls one at a time always reuse the first stripe's connection.
_STRIPES = 4
_MIN_CONNECTIONS_PER_STRIPE = 16


def _stripe_limits(limits: httpx.Limits) -> tuple[int, httpx.Limits]:
    most = limits.max_connections
    if most is None or most < _STRIPES * _MIN_CONNECTIONS_PER_STRIPE:
        return 1, limits
    keepalive = limits.max_keepalive_connections
    return _STRIPES, httpx.Limits(
        max_connections=-(-most // _STRIPES),
        max_keepalive_connections=None if keepalive is None else -(-keepalive // _STRIPES),
        keepalive_expiry=limits.keepalive_expiry,
    )


class _AsyncStripeStream(AsyncResponseStream):
    """Gives its stripe's slot back once the response is closed (read to the end or not)."""

    def __init__(self, stream: AsyncIterable[bytes], release: Any) -> None:
        super().__init__(stream, _as_httpx)
        self._release = release

    async def aclose(self) -> None:
        release, self._release = self._release, None
        try:
            await super().aclose()
        finally:
            if release is not None:
                release()


class AsyncEngineTransport(httpx.AsyncBaseTransport):
    """An `httpx.AsyncHTTPTransport` stand-in (HTTP/1.1) on httpcore2's connection pools: a
    large limit (>= 64 connections) is split over 4 stripes, a smaller one is one pool."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20),
    ) -> None:
        stripes, stripe_limits = _stripe_limits(limits)
        self._tls = TLS(verify, cert, trust_env)  # one context for every stripe
        self._pools = [_AsyncPool(self._tls, stripe_limits) for _ in range(stripes)]
        self._in_flight = [0] * stripes

    @property
    def connections(self) -> list[Any]:
        """Every pooled connection, over all stripes."""
        return [connection for pool in self._pools for connection in pool.connections]

    def _pick(self) -> int:
        in_flight = self._in_flight
        return in_flight.index(min(in_flight))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        stream = request.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise TypeError("the async engine sends async request bodies only")
        stripe = self._pick()
        self._in_flight[stripe] += 1

        def release() -> None:
            self._in_flight[stripe] -= 1

        try:
            response = await self._pools[stripe].handle_async_request(core_request(httpcore2, request, stream))
        except BaseException as exc:
            release()
            mapped = _as_httpx(exc) if isinstance(exc, Exception) else None
            if mapped is None:
                raise
            raise mapped from exc
        if not isinstance(response.stream, AsyncIterable):
            raise TypeError("httpcore2 answered an async request with a sync body")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_AsyncStripeStream(response.stream, release),  # pyright: ignore[reportUnknownArgumentType]
            extensions=response_extensions(response),
        )

    async def aclose(self) -> None:
        for pool in self._pools:
            await pool.aclose()
