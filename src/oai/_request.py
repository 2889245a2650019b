"""Builds the pieces of an HTTP request with no I/O: URL join, path-parameter encoding,
header and query merging, the JSON body. It never sends anything and knows no credentials."""

from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import quote

import httpx
import pydantic_core

from ._redaction import mask_request_headers
from ._types import Headers, Omit

__all__ = [
    "build_httpx_request",
    "encode_json",
    "flatten_query",
    "is_replayable",
    "join_url",
    "merge_headers",
    "normalize_base_url",
    "path_template",
    "redirect_request",
]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def path_template(template: str, /, **values: object) -> str:
    """Fill a path template, percent-encoding every value so it stays one path segment.

    Args:
        template: a path such as `/files/{file_id}`.
        **values: the value of each placeholder.

    Raises:
        ValueError: a value is empty, or a placeholder has no value.
        TypeError: a value is not a string or an integer.

    ```py
    path_template("/files/{file_id}", file_id="../../x")  # '/files/..%2F..%2Fx'
    ```
    """

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"Missing a value for path parameter `{name}`")
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"Expected `{name}` to be a string, got {type(value).__name__}")
        text = str(value)
        if not text:
            raise ValueError(f"Expected a non-empty value for `{name}` but received {value!r}")
        # `safe=""` encodes "/" too, so "../x" cannot climb to another path; "." and ".."
        # alone are encoded so they are not normalised away as dot-segments.
        encoded = quote(text, safe="")
        if encoded in (".", ".."):
            encoded = encoded.replace(".", "%2E")
        return encoded

    return _PLACEHOLDER.sub(fill, template)


def normalize_base_url(url: str | httpx.URL) -> httpx.URL:
    """Check the scheme and make sure the path ends with `/` so relative joins append."""
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https"):
        raise ValueError(f"`base_url` must use http or https, got {str(parsed)!r}")
    if not parsed.raw_path.endswith(b"/"):
        parsed = parsed.copy_with(raw_path=parsed.raw_path + b"/")
    return parsed


def join_url(base_url: httpx.URL, path: str) -> httpx.URL:
    """Append `path` to the base URL; an absolute http(s) URL is used as it is."""
    if path.startswith(("http://", "https://")):
        return httpx.URL(path)
    raw = path.lstrip("/").encode("ascii", "strict")
    query = b""
    if b"?" in raw:
        raw, query = raw.split(b"?", 1)
    url = base_url.copy_with(raw_path=base_url.raw_path + raw)
    if query:
        url = url.copy_with(query=query)
    return url


def merge_headers(*layers: Headers | None) -> dict[str, str]:
    """Merge header layers left to right, case-insensitively; an `Omit` value removes the header."""
    merged: dict[str, str] = {}
    names: dict[str, str] = {}
    for layer in layers:
        if not layer:
            continue
        for name, value in layer.items():
            key = name.lower()
            previous = names.pop(key, None)
            if previous is not None:
                del merged[previous]
            if isinstance(value, Omit):
                continue
            names[key] = name
            merged[name] = value
    return merged


def flatten_query(params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Encode query params: lists as repeated `key[]`, nested objects as `key[sub]`,
    booleans as `true`/`false`; `None` and omitted values are dropped."""
    items: list[tuple[str, str]] = []
    for key, value in params.items():
        _flatten_into(items, key, value)
    return items


def _flatten_into(items: list[tuple[str, str]], key: str, value: object) -> None:
    if value is None or isinstance(value, Omit):
        return
    if isinstance(value, Mapping):
        mapping: Mapping[object, object] = value  # pyright: ignore[reportUnknownVariableType]
        for sub_key, sub_value in mapping.items():
            _flatten_into(items, f"{key}[{sub_key}]", sub_value)
    elif isinstance(value, (list, tuple)):
        sequence: list[object] | tuple[object, ...] = value  # pyright: ignore[reportUnknownVariableType]
        # A spec may name the array parameter with its brackets already (`include[]`).
        element_key = key if key.endswith("[]") else f"{key}[]"
        for element in sequence:
            _flatten_into(items, element_key, element)
    elif isinstance(value, bool):
        items.append((key, "true" if value else "false"))
    else:
        items.append((key, str(value)))


def encode_json(body: object) -> bytes:
    """Serialise a transformed body to compact JSON bytes in one compiled call."""
    return pydantic_core.to_json(body)


_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Credentials that must never follow a redirect to another origin.
_CREDENTIAL_HEADERS = ("authorization", "api-key", "x-amz-security-token", "openai-organization", "openai-project")


def redirect_request(request: httpx.Request, response: httpx.Response) -> httpx.Request | None:
    """The request that follows a redirect response, or None when `response` is not one.

    Credentials are dropped when the redirect leaves the request's origin; 303 (and 301/302
    after a POST) become a GET without a body, as browsers and httpx do.
    """
    location = response.headers.get("location")
    if response.status_code not in _REDIRECT_STATUSES or not location:
        return None
    url = request.url.join(location)
    if url.scheme not in ("http", "https"):
        return None
    headers = httpx.Headers(request.headers)
    if (url.scheme, url.host, url.port) != (request.url.scheme, request.url.host, request.url.port):
        for name in _CREDENTIAL_HEADERS:
            headers.pop(name, None)
    headers.pop("host", None)
    method = request.method
    content: bytes | None = request.content if method != "GET" else None
    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
        method, content = "GET", None
    if content is None:
        for name in ("content-length", "content-type", "transfer-encoding"):
            headers.pop(name, None)
    following = httpx.Request(method, url, headers=headers, content=content, extensions=request.extensions)
    return mask_request_headers(following)


def build_httpx_request(
    client: httpx.Client | httpx.AsyncClient,
    method: str,
    url: httpx.URL,
    *,
    headers: dict[str, str],
    params: list[tuple[str, Any]],
    timeout: httpx.Timeout,
    content: Any = None,
    data: Any = None,
    files: Any = None,
) -> httpx.Request:
    """Build the request as `client.build_request` would, minus its per-call merging work.

    The URL is absolute and the headers are complete except for the httpx client's own
    defaults, which go first so that ours win. A client with default query params takes the
    regular path, which merges them.
    """
    if client.params:
        return client.build_request(
            method, url, headers=headers, params=params, content=content, data=data, files=files, timeout=timeout
        )
    merged = merge_headers(dict(client.headers.items()), headers)
    return httpx.Request(
        method,
        url,
        headers=merged,
        params=params or None,
        content=content,
        data=data,
        files=files,
        cookies=client.cookies or None,
        extensions={"timeout": timeout.as_dict()},
    )


def is_replayable(request: httpx.Request, files: Any = None) -> bool:
    """Whether the request's body can be sent again on a retry."""
    # A body httpx has already buffered can be sent again; a one-shot stream cannot.
    stream = request.stream
    if isinstance(stream, httpx.ByteStream) or hasattr(request, "_content"):
        return True
    # A multipart body is rebuilt for each attempt: its file parts can be sent again when
    # they are bytes or seekable files (httpx rewinds those before reading).
    if not files:
        return False
    return all(_is_rewindable(part[1][1]) for part in files)


def _is_rewindable(content: object) -> bool:
    if isinstance(content, bytes):
        return True
    seekable = getattr(content, "seekable", None)
    return callable(seekable) and bool(seekable())
