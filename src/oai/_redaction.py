"""Keeping credentials out of what the SDK shows: the credential header names, a request-headers
class whose repr masks all of them, and masking of known secrets inside text and decoded bodies
(a server may echo the key it refused). It sends nothing and logs nothing."""

from __future__ import annotations

from typing import Any, Iterable

import httpx

__all__ = [
    "SECRET_HEADERS",
    "MaskedHeaders",
    "mask_request_headers",
    "redact_body",
    "redact_text",
    "secrets_of_request",
]

SECRET_HEADERS = frozenset(
    {"authorization", "api-key", "x-api-key", "proxy-authorization", "cookie", "set-cookie", "x-amz-security-token"}
)
# Shorter values would mask ordinary words of a message; no real credential is this short.
_MIN_SECRET_LENGTH = 8


class MaskedHeaders(httpx.Headers):
    """Request headers whose repr masks every credential header, as httpx does for
    `Authorization` only (an Azure `api-key` would otherwise show in clear)."""

    def __repr__(self) -> str:
        items = [(name, "[secure]" if name.lower() in SECRET_HEADERS else value) for name, value in self.multi_items()]
        as_dict = dict(items)
        if len(as_dict) == len(items):
            return f"Headers({as_dict!r})"
        return f"Headers({items!r}, encoding={self.encoding!r})"


def mask_request_headers(request: httpx.Request) -> httpx.Request:
    """Make `repr(request.headers)` mask every credential, wherever the request is exposed
    (`error.request`, `response.http_request`, middleware). The headers are not copied: only
    their class changes, which adds nothing to the request's cost."""
    if type(request.headers) is httpx.Headers:
        request.headers.__class__ = MaskedHeaders
    return request


def secrets_of_request(request: httpx.Request) -> list[str]:
    """The credential values a request carried (a bearer token without its scheme)."""
    found: list[str] = []
    for name, value in request.headers.multi_items():
        if name.lower() in SECRET_HEADERS:
            found.append(value)
            scheme, _, token = value.partition(" ")
            if token and scheme.lower() in ("bearer", "basic"):
                found.append(token.strip())
    return found


def _mask(secret: str) -> str:
    # The last characters tell which key was used, as the API's own messages do.
    return f"<redacted …{secret[-4:]}>" if len(secret) >= 20 else "<redacted>"


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """`text` with every occurrence of each secret masked."""
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET_LENGTH}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, _mask(secret))
    return text


def redact_body(body: Any, secrets: Iterable[str]) -> Any:
    """A decoded JSON body (or text) with every secret masked in its strings, at any depth."""
    wanted = [s for s in secrets if len(s) >= _MIN_SECRET_LENGTH]
    if not wanted:
        return body
    return _redact_value(body, wanted)


def _redact_value(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, dict):
        return {key: _redact_value(item, secrets) for key, item in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [_redact_value(item, secrets) for item in value]  # pyright: ignore[reportUnknownVariableType]
    return value
