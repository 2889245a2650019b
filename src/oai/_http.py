"""The httpx clients the SDK creates when the user gives none, with the SDK's defaults
(timeout, connection limits, following redirects), a cheaper cookie jar, and the engine's
connection pools (`_engine`: httpcore's for sync clients, httpcore2's for async ones). It must
not change what is sent."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Union, cast

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import httpx2

__all__ = [
    "AnyAsyncHttpClient",
    "AnySyncHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "adopt_async_http_client",
    "adopt_sync_http_client",
]

# What `http_client=` takes: httpx's clients, or httpx2's (as the official SDK takes them).
AnySyncHttpClient = Union[httpx.Client, "httpx2.Client"]
AnyAsyncHttpClient = Union[httpx.AsyncClient, "httpx2.AsyncClient"]


def _httpx2_module() -> Any:
    # A user holding an httpx2 client has imported httpx2; oai never imports it for them.
    return sys.modules.get("httpx2")


def adopt_sync_http_client(client: object) -> httpx.Client:
    """The httpx client the core runs on for the user's `http_client`."""
    if isinstance(client, httpx.Client):
        return client
    httpx2_module = _httpx2_module()
    if httpx2_module is not None and isinstance(client, httpx2_module.Client):
        from ._httpx2 import adopt_sync_httpx2

        return adopt_sync_httpx2(cast("httpx2.Client", client))
    raise TypeError(f"`http_client` must be an httpx.Client or an httpx2.Client, got {type(client).__name__}")


def adopt_async_http_client(client: object) -> httpx.AsyncClient:
    """The async twin of `adopt_sync_http_client`."""
    if isinstance(client, httpx.AsyncClient):
        return client
    httpx2_module = _httpx2_module()
    if httpx2_module is not None and isinstance(client, httpx2_module.AsyncClient):
        from ._httpx2 import adopt_async_httpx2

        return adopt_async_httpx2(cast("httpx2.AsyncClient", client))
    raise TypeError(f"`http_client` must be an httpx.AsyncClient or an httpx2.AsyncClient, got {type(client).__name__}")


class _SetCookieCookies(httpx.Cookies):
    """httpx parses every response for cookies, building a urllib request from all request
    headers first; a response without `Set-Cookie` has none to give, so skip that work."""

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


def _engine_fits(kwargs: dict[str, Any]) -> bool:
    """The engine speaks HTTP/1.1; a caller's own transport or `http2=True` keeps httpx's."""
    return kwargs.get("transport") is None and not kwargs.get("http2")


def _engine_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {name: kwargs[name] for name in ("verify", "cert", "trust_env") if name in kwargs}
    options["limits"] = kwargs["limits"]
    return options


class DefaultHttpxClient(httpx.Client):
    """An `httpx.Client` with the SDK's default timeout and limits, to pass as `http_client`
    when you need to change one setting (proxies, transport) and keep the rest.

    ```py
    client = oai.Client(http_client=oai.DefaultHttpxClient(proxy="http://proxy:8080"))
    ```
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
        # As in the official SDK; the request loop follows them itself, dropping credentials
        # on a hop to another origin. A user's `httpx.Client()` keeps httpx's default (False).
        kwargs.setdefault("follow_redirects", True)
        if _engine_fits(kwargs):
            from ._engine_sync import EngineTransport  # imported with the first client, not `oai`

            kwargs["transport"] = EngineTransport(**_engine_options(kwargs))
        super().__init__(**kwargs)
        self.cookies = self.cookies  # re-wrap the jar in the cheaper cookie type

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = _SetCookieCookies(cookies)


class DefaultAsyncHttpxClient(httpx.AsyncClient):
    """The async twin of `DefaultHttpxClient`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
        kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
        kwargs.setdefault("follow_redirects", True)
        if _engine_fits(kwargs):
            from ._engine_async import AsyncEngineTransport

            kwargs["transport"] = AsyncEngineTransport(**_engine_options(kwargs))
        super().__init__(**kwargs)
        self.cookies = self.cookies

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = _SetCookieCookies(cookies)
