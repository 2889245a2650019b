"""The network engine under the default clients: httpx transports that send through an
`httpcore2` connection pool (the pool of `httpx2`, the engine the official SDK runs on).

httpcore 1.x checks every pooled connection's socket for readability (a `poll` per idle
connection, through anyio) each time it assigns a request, so under concurrency its cost grows
with the pool; httpcore2's pool does not (`docs/benchmarks.md` has the numbers). Requests,
responses and errors stay httpx's, so middleware, raw responses and `except httpx.X` see
exactly what they saw with httpx's own transport.
"""

from __future__ import annotations

import os
import ssl
import threading
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


_CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")  # what httpx reads for `verify=True, trust_env=True`


class _TLS:
    """The pool's SSL context, built the first time a connection needs TLS.

    Loading the CA bundle (`load_verify_locations`) is most of a client's construction
    time; a client that only talks plain http (a local server, a sidecar) never needs it.
    Only httpx's default trust (`verify=True`, no client certificate) is deferred, and then
    built by the same `httpx.create_ssl_context` call from the CA variables as they were when
    the client was built. Any other setting, or a `SSL_CERT_FILE` that names no file, is built
    at once, so errors and deprecation warnings show up in the constructor as with httpx.
    """

    def __init__(self, verify: ssl.SSLContext | str | bool, cert: Any, trust_env: bool) -> None:
        self._lock = threading.Lock()
        self._context: ssl.SSLContext | None = None
        self._trust_env = trust_env
        self._ca_env = tuple(os.environ.get(name) for name in _CA_VARIABLES) if trust_env else (None, None)
        ca_file = self._ca_env[0]
        if verify is not True or cert is not None or (ca_file and not os.path.isfile(ca_file)):
            self._context = httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)

    def context(self) -> ssl.SSLContext:
        context = self._context
        if context is None:
            with self._lock:
                if self._context is None:
                    self._context = self._default_trust()
                context = self._context
        return context

    def _default_trust(self) -> ssl.SSLContext:
        ca_env = self._ca_env
        if not any(ca_env):
            return httpx.create_ssl_context(verify=True, trust_env=False)  # certifi, as at construction
        if tuple(os.environ.get(name) for name in _CA_VARIABLES) == ca_env:
            return httpx.create_ssl_context(verify=True, trust_env=self._trust_env)
        # The variables changed since the client was built: keep the ones it was built with.
        ca_file, ca_dir = ca_env
        return ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context(capath=ca_dir)

    @property
    def built(self) -> bool:
        """Whether the context exists yet (plain-http traffic never builds it)."""
        return self._context is not None


def _pool_options(limits: httpx.Limits) -> dict[str, Any]:
    return {
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


def _needs_tls(origin: httpcore2.Origin) -> bool:
    return origin.scheme in (b"https", b"wss")  # as httpcore2's connection decides


class _Pool(httpcore2.ConnectionPool):
    """httpcore2's pool, connecting with the TLS context only for https origins."""

    def __init__(self, tls: _TLS, limits: httpx.Limits) -> None:
        self._tls = tls
        self._expiry = limits.keepalive_expiry
        self._backend = httpcore2.SyncBackend()
        super().__init__(network_backend=self._backend, **_pool_options(limits))

    def create_connection(self, origin: httpcore2.Origin) -> httpcore2.ConnectionInterface:
        return httpcore2.HTTPConnection(
            origin=origin,
            ssl_context=self._tls.context() if _needs_tls(origin) else None,
            keepalive_expiry=self._expiry,
            network_backend=self._backend,
        )


class _AsyncPool(httpcore2.AsyncConnectionPool):
    """The async twin of `_Pool` (each connection picks its async library, as the pool does)."""

    def __init__(self, tls: _TLS, limits: httpx.Limits) -> None:
        self._tls = tls
        self._expiry = limits.keepalive_expiry
        super().__init__(**_pool_options(limits))

    def create_connection(self, origin: httpcore2.Origin) -> httpcore2.AsyncConnectionInterface:
        return httpcore2.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._tls.context() if _needs_tls(origin) else None,
            keepalive_expiry=self._expiry,
        )


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
        self._tls = _TLS(verify, cert, trust_env)
        self._pool = _Pool(self._tls, limits)

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
        self._tls = _TLS(verify, cert, trust_env)  # one context for every stripe
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
