"""Where the client's own credentials may go: only to the origin (scheme, host, port) of its
`base_url`. A raw verb given an absolute URL elsewhere sends no key unless the caller passes one
in that call's headers. Pure functions; no I/O."""

from __future__ import annotations

import httpx

__all__ = ["origin_of", "sends_credentials_to"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: httpx.URL) -> tuple[str, str, int | None]:
    """The (scheme, host, port) of `url`, with the scheme's default port made explicit."""
    return (url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme))


def sends_credentials_to(url: httpx.URL, base_url: httpx.URL) -> bool:
    """Whether a request to `url` may carry the credentials of a client on `base_url`."""
    return origin_of(url) == origin_of(base_url)
