"""The sync engine: an `httpx.HTTPTransport` stand-in (HTTP/1.1) on httpcore 1.x's pool, the one
httpx's own transport uses, connecting with the TLS context only for https origins (`_engine`).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._engine import TLS, ErrorMap, ResponseStream, core_request, needs_tls, pool_options, response_extensions

__all__ = ["EngineTransport"]

_as_httpx = ErrorMap(httpcore)


class _Pool(httpcore.ConnectionPool):
    def __init__(self, tls: TLS, limits: httpx.Limits) -> None:
        self._tls = tls
        self._expiry = limits.keepalive_expiry
        self._backend = httpcore.SyncBackend()
        super().__init__(network_backend=self._backend, **pool_options(limits))

    def create_connection(self, origin: httpcore.Origin) -> httpcore.ConnectionInterface:
        return httpcore.HTTPConnection(
            origin=origin,
            ssl_context=self._tls.context() if needs_tls(origin) else None,
            keepalive_expiry=self._expiry,
            network_backend=self._backend,
        )


class EngineTransport(httpx.BaseTransport):
    """An `httpx.HTTPTransport` stand-in (HTTP/1.1) that builds its TLS context on first use."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20),
    ) -> None:
        self._tls = TLS(verify, cert, trust_env)
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
            response = self._pool.handle_request(core_request(httpcore, request, stream))
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc
        if not isinstance(response.stream, Iterable):
            raise TypeError("httpcore answered a sync request with an async body")
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=ResponseStream(response.stream, _as_httpx),  # pyright: ignore[reportUnknownArgumentType]
            extensions=response_extensions(response),
        )

    def close(self) -> None:
        self._pool.close()
