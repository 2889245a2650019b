"""Clients of `httpx2` (the maintained successor of httpx, which the official SDK runs on):
`DefaultHttpx2Client` / `DefaultAsyncHttpx2Client` with the SDK's defaults, and the bridge that
lets `http_client=` take an `httpx2.Client` / `httpx2.AsyncClient`.

The core speaks httpx's types (requests, responses, errors flow through middleware and raw
responses as httpx objects). A user's httpx2 client is wrapped in an httpx client whose transport
sends each request through it, so its proxies, mounts, auth, event hooks and pool all apply, and
its errors come back as the httpx errors of the same name. Needs the optional `httpx2` package
(`pip install 'oai[httpx2]'`); imported only when one of these is used.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

try:
    import httpx2
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("httpx2 clients need the `httpx2` package: pip install 'oai[httpx2]'") from exc

from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

__all__ = ["DefaultAsyncHttpx2Client", "DefaultHttpx2Client", "adopt_async_httpx2", "adopt_sync_httpx2"]


def _httpx2_defaults(kwargs: dict[str, Any]) -> dict[str, Any]:
    timeout = kwargs.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, httpx.Timeout):  # the SDK's constants are httpx's; httpx2 wants its own
        timeout = httpx2.Timeout(**timeout.as_dict())
    limits = kwargs.get("limits", DEFAULT_CONNECTION_LIMITS)
    if isinstance(limits, httpx.Limits):
        limits = httpx2.Limits(
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )
    kwargs["timeout"] = timeout
    kwargs["limits"] = limits
    kwargs.setdefault("follow_redirects", True)
    return kwargs


def DefaultHttpx2Client(**kwargs: Any) -> httpx2.Client:  # the official SDK's name
    """An `httpx2.Client` with the SDK's default timeout, limits and redirects."""
    return httpx2.Client(**_httpx2_defaults(kwargs))


def DefaultAsyncHttpx2Client(**kwargs: Any) -> httpx2.AsyncClient:  # the official SDK's name
    """An `httpx2.AsyncClient` with the SDK's default timeout, limits and redirects."""
    return httpx2.AsyncClient(**_httpx2_defaults(kwargs))


def _as_httpx(exc: Exception) -> httpx.RequestError | None:
    """An httpx2 request error as the httpx error class of the same name; None for others."""
    if not isinstance(exc, httpx2.RequestError):
        return None
    for cls in type(exc).__mro__:
        mapped = getattr(httpx, cls.__name__, None)
        if isinstance(mapped, type) and issubclass(mapped, httpx.RequestError):
            return mapped(str(exc))
    return None  # pragma: no cover - httpx2.RequestError itself maps


def _outgoing(request: httpx.Request) -> httpx2.Request:
    try:
        content: Any = request.content  # built bodies are already bytes
    except httpx.RequestNotRead:
        content = request.stream  # streamed uploads stay streamed
    return httpx2.Request(
        request.method,
        str(request.url),
        headers=request.headers.raw,
        content=content,
        extensions=request.extensions,
    )


def _incoming(response: httpx2.Response, stream: httpx.SyncByteStream | httpx.AsyncByteStream) -> httpx.Response:
    extensions = dict(response.extensions)
    if response.is_stream_consumed:
        # Read already (a mock, or a transport that buffers): its content is decoded, so the
        # encoding header goes with the raw bytes it described.
        headers = [(name, value) for name, value in response.headers.raw if name.lower() != b"content-encoding"]
        return httpx.Response(response.status_code, headers=headers, content=response.content, extensions=extensions)
    return httpx.Response(response.status_code, headers=response.headers.raw, stream=stream, extensions=extensions)


class _Stream(httpx.SyncByteStream):
    def __init__(self, response: httpx2.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._response.iter_raw()  # still encoded: httpx decodes it
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def close(self) -> None:
        self._response.close()


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(self, response: httpx2.Response) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._response.aiter_raw():
                yield part
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        await self._response.aclose()


class Httpx2Transport(httpx.BaseTransport):
    """An httpx transport that sends through a user's `httpx2.Client`."""

    def __init__(self, client: httpx2.Client) -> None:
        self.httpx2_client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self.httpx2_client.send(_outgoing(request), stream=True, follow_redirects=False)
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return _incoming(response, _Stream(response))

    def close(self) -> None:
        self.httpx2_client.close()


class AsyncHttpx2Transport(httpx.AsyncBaseTransport):
    """An httpx transport that sends through a user's `httpx2.AsyncClient`."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.httpx2_client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self.httpx2_client.send(_outgoing(request), stream=True, follow_redirects=False)
        except Exception as exc:
            mapped = _as_httpx(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return _incoming(response, _AsyncStream(response))

    async def aclose(self) -> None:
        await self.httpx2_client.aclose()


class _NoCookies(httpx.Cookies):
    """The bridge keeps no cookies of its own: the httpx2 client's jar is the one that applies."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _Bridge(httpx.Client):
    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = _NoCookies(cookies)


class _AsyncBridge(httpx.AsyncClient):
    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = _NoCookies(cookies)


def adopt_sync_httpx2(client: httpx2.Client) -> httpx.Client:
    """The httpx client the core runs on for a user's `httpx2.Client` (same redirect policy)."""
    return _Bridge(
        transport=Httpx2Transport(client),
        follow_redirects=client.follow_redirects,
        max_redirects=client.max_redirects,
        trust_env=False,  # proxies are the httpx2 client's business
    )


def adopt_async_httpx2(client: httpx2.AsyncClient) -> httpx.AsyncClient:
    """The async twin of `adopt_sync_httpx2`."""
    return _AsyncBridge(
        transport=AsyncHttpx2Transport(client),
        follow_redirects=client.follow_redirects,
        max_redirects=client.max_redirects,
        trust_env=False,
    )
