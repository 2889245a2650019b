"""The network engine under the default clients: httpx transports that send through an
`httpcore2` connection pool (the pool of `httpx2`, the engine the official SDK runs on).

httpcore 1.x checks every pooled connection's socket for readability (a `poll` per idle
connection, through anyio) each time it assigns a request, so under concurrency its cost grows
with the pool; httpcore2's pool does not (`docs/benchmarks.md` has the numbers). Requests,
responses and errors stay httpx's, so middleware, raw responses and `except httpx.X` see
exactly what they saw with httpx's own transport.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore2
import httpx

__all__ = ["AsyncEngineTransport", "EngineTransport"]

_ERRORS: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore2.TimeoutException: httpx.TimeoutException,
    httpcore2.ConnectTimeout: httpx.ConnectTimeout,
    httpcore2.ReadTimeout: httpx.ReadTimeout,
    httpcore2.WriteTimeout: httpx.WriteTimeout,
    httpcore2.PoolTimeout: httpx.PoolTimeout,
    httpcore2.NetworkError: httpx.NetworkError,
    httpcore2.ConnectError: httpx.ConnectError,
    httpcore2.ReadError: httpx.ReadError,
    httpcore2.WriteError: httpx.WriteError,
    httpcore2.ProxyError: httpx.ProxyError,
    httpcore2.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore2.ProtocolError: httpx.ProtocolError,
    httpcore2.LocalProtocolError: httpx.LocalProtocolError,
    httpcore2.RemoteProtocolError: httpx.RemoteProtocolError,
}


def _as_httpx(exc: Exception) -> httpx.TransportError | None:
    """httpcore2's error as the httpx error httpx's own transport raises; None for others."""
    for cls in type(exc).__mro__:  # the most specific mapped class wins
        mapped = _ERRORS.get(cls)
        if mapped is not None:
            return mapped(str(exc))
    return None


def _pool_options(
    verify: ssl.SSLContext | str | bool, cert: Any, trust_env: bool, limits: httpx.Limits
) -> dict[str, Any]:
    return {
        # The same trust as httpx's transport (certifi, SSL_CERT_FILE, a user's context).
        "ssl_context": httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env),
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


def _core_request(request: httpx.Request, content: Any) -> httpcore2.Request:
    url = request.url
    return httpcore2.Request(
        method=request.method,
        url=httpcore2.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        headers=request.headers.raw,
        content=content,
        extensions=request.extensions,
    )


def _extensions(response: Any) -> dict[str, Any]:
    # httpcore2 types them as a bare `MutableMapping`.
    extensions: dict[str, Any] = response.extensions
    return extensions


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _AsyncResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        aclose = getattr(self._stream, "aclose", None)
        if aclose is not None:
            await aclose()


class EngineTransport(httpx.BaseTransport):
    """An `httpx.HTTPTransport` stand-in (HTTP/1.1) whose connection pool is httpcore2's."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20),
    ) -> None:
        self._pool = httpcore2.ConnectionPool(**_pool_options(verify, cert, trust_env, limits))

    @property
    def connections(self) -> list[Any]:
        """Every pooled connection."""
        return list(self._pool.connections)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        stream = request.stream
        if not isinstance(stream, httpx.SyncByteStream):
            raise TypeError("the sync engine sends sync request bodies only")
        try:
            response = self._pool.handle_request(_core_request(request, stream))
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc
        if not isinstance(response.stream, Iterable):
            raise TypeError("httpcore2 answered a sync request with an async body")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),  # pyright: ignore[reportUnknownArgumentType]
            extensions=_extensions(response),
        )

    def close(self) -> None:
        self._pool.close()


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


class _AsyncStripeStream(_AsyncResponseStream):
    """Gives its stripe's slot back once the response is closed (read to the end or not)."""

    def __init__(self, stream: AsyncIterable[bytes], release: Any) -> None:
        super().__init__(stream)
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
        options = _pool_options(verify, cert, trust_env, stripe_limits)
        self._pools = [httpcore2.AsyncConnectionPool(**options) for _ in range(stripes)]
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
            response = await self._pools[stripe].handle_async_request(_core_request(request, stream))
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
            extensions=_extensions(response),
        )

    async def aclose(self) -> None:
        for pool in self._pools:
            await pool.aclose()
