"""The httpx clients the SDK creates when the user gives none, with the SDK's defaults
(timeout, connection limits, following redirects) and a cheaper cookie jar. It must not change what is sent."""

from __future__ import annotations

from typing import Any

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

__all__ = ["DefaultAsyncHttpxClient", "DefaultHttpxClient"]


class _SetCookieCookies(httpx.Cookies):
    """httpx parses every response for cookies, building a urllib request from all request
    headers first; a response without `Set-Cookie` has none to give, so skip that work."""

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


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
        super().__init__(**kwargs)
        self.cookies = self.cookies

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = _SetCookieCookies(cookies)
