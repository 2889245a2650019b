"""The network engine under the default clients: httpx transports on connection pools, with
the parts the sync and async engines share (`_engine_sync`, `_engine_async`).

The sync engine sends through httpcore 1.x, the pool httpx's own transport uses (already a
dependency of httpx, so a sync process loads no second HTTP stack). The async engine sends
through `httpcore2` (the pool of `httpx2`, the engine the official SDK runs on): httpcore 1.x
checks every pooled connection's socket for readability (a `poll` per idle connection,
through anyio) each time it assigns a request, so under async concurrency its cost grows with
the pool; httpcore2's does not (`docs/benchmarks.md` has the numbers). Requests, responses and
errors stay httpx's, so middleware, raw responses and `except httpx.X` see exactly what they
saw with httpx's own transport. This module imports neither pool library.
"""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from types import ModuleType
from typing import Any, Callable

import httpx

__all__ = [
    "TLS",
    "AsyncResponseStream",
    "ErrorMap",
    "ResponseStream",
    "core_request",
    "needs_tls",
    "pool_options",
    "response_extensions",
]

# The errors both pool libraries raise under these names, and httpx's error of the same name.
_ERROR_NAMES = (
    "TimeoutException",
    "ConnectTimeout",
    "ReadTimeout",
    "WriteTimeout",
    "PoolTimeout",
    "NetworkError",
    "ConnectError",
    "ReadError",
    "WriteError",
    "ProxyError",
    "UnsupportedProtocol",
    "ProtocolError",
    "LocalProtocolError",
    "RemoteProtocolError",
)


class ErrorMap:
    """A pool library's errors as the httpx errors httpx's own transport raises."""

    def __init__(self, core: ModuleType) -> None:
        self._errors: dict[type[Exception], type[httpx.TransportError]] = {
            getattr(core, name): getattr(httpx, name) for name in _ERROR_NAMES
        }

    def __call__(self, exc: BaseException) -> httpx.TransportError | None:
        """The httpx error for `exc`; None for an error the pool library did not raise."""
        errors = self._errors
        for cls in type(exc).__mro__:  # the most specific mapped class wins
            mapped = errors.get(cls)
            if mapped is not None:
                return mapped(str(exc))
        return None


_CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")  # what httpx reads for `verify=True, trust_env=True`


class TLS:
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


def pool_options(limits: httpx.Limits) -> dict[str, Any]:
    return {
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


def needs_tls(origin: Any) -> bool:
    """Whether a connection to the pool library's `origin` needs the TLS context."""
    scheme: bytes = origin.scheme
    return scheme in (b"https", b"wss")  # as the pool libraries' connections decide


def core_request(core: ModuleType, request: httpx.Request, content: Any) -> Any:
    """`request` as the pool library's request, sending `content` as its body."""
    url = request.url
    return core.Request(
        method=request.method,
        url=core.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
        headers=request.headers.raw,
        content=content,
        extensions=request.extensions,
    )


def response_extensions(response: Any) -> dict[str, Any]:
    # The pool libraries type them as a bare `MutableMapping`.
    extensions: dict[str, Any] = response.extensions
    return extensions


class ResponseStream(httpx.SyncByteStream):
    def __init__(
        self, stream: Iterable[bytes], as_httpx: Callable[[BaseException], httpx.TransportError | None]
    ) -> None:
        self._stream = stream
        self._as_httpx = as_httpx

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as exc:
            mapped = self._as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class AsyncResponseStream(httpx.AsyncByteStream):
    def __init__(
        self, stream: AsyncIterable[bytes], as_httpx: Callable[[BaseException], httpx.TransportError | None]
    ) -> None:
        self._stream = stream
        self._as_httpx = as_httpx

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except Exception as exc:
            mapped = self._as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        aclose = getattr(self._stream, "aclose", None)
        if aclose is not None:
            await aclose()
