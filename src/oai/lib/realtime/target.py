"""Where a WebSocket connection goes and with which headers, from the client's settings:
`websocket_base_url` (or `base_url` with `ws`/`wss`), the client's default query, auth
headers as the REST client sends them, and Azure's layout. No I/O except an async Azure
token provider; never logs or reprs a credential."""

from __future__ import annotations

import dataclasses
import inspect
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional

import httpx

from ..._exceptions import OpenAIError
from ..._request import merge_headers
from ..._types import Omit
from .options import Headers, Query

if TYPE_CHECKING:
    from ..._client import AsyncOpenAI, OpenAI

__all__ = ["WebSocketTarget", "async_target", "sync_target", "websocket_url"]

_SCHEMES = {"http": "ws", "https": "wss"}


@dataclasses.dataclass(frozen=True)
class WebSocketTarget:
    """The URL and handshake headers of one connection attempt."""

    url: str
    headers: Dict[str, str] = dataclasses.field(repr=False)  # credentials: never in a repr
    user_agent: Optional[str]


def websocket_url(client: OpenAI | AsyncOpenAI, path: str, query: Mapping[str, object]) -> httpx.URL:
    """`websocket_base_url` (or `base_url` with `http`→`ws`, `https`→`wss`) + `path` + `query`.

    Query values that are `omit` or None are left out; later keys win.
    """
    configured = getattr(client, "websocket_base_url", None)
    if configured is not None:
        base = httpx.URL(str(configured))
    else:
        base = client.base_url
        base = base.copy_with(scheme=_SCHEMES.get(base.scheme, base.scheme))
    raw_path = base.raw_path.split(b"?", 1)[0].rstrip(b"/") + path.encode()
    params: dict[str, Any] = dict(base.params)
    params.update({key: value for key, value in query.items() if value is not None and not isinstance(value, Omit)})
    return base.copy_with(raw_path=raw_path).copy_with(params=params)


def sync_target(
    client: OpenAI,
    *,
    path: str,
    query: Query,
    extra_headers: Headers,
    protocol_headers: Mapping[str, str] | None = None,
) -> WebSocketTarget:
    """The target for a sync client (Azure included)."""
    from ..azure import AzureClient

    if isinstance(client, AzureClient):
        query = _azure_query(client.base_url, query)
    return _target(client, path, query, client.auth_headers(None), extra_headers, protocol_headers)


async def async_target(
    client: AsyncOpenAI,
    *,
    path: str,
    query: Query,
    extra_headers: Headers,
    protocol_headers: Mapping[str, str] | None = None,
) -> WebSocketTarget:
    """The target for an async client; awaits an async Azure AD token provider."""
    from ..azure import AsyncAzureClient, _checked_token  # pyright: ignore[reportPrivateUsage]

    auth = client.auth_headers(None)
    if isinstance(client, AsyncAzureClient):
        settings = client._azure  # pyright: ignore[reportPrivateUsage]
        query = _azure_query(client.base_url, query)
        if settings.azure_ad_token_provider is not None:
            token = settings.azure_ad_token_provider()
            if inspect.isawaitable(token):
                token = await token
            auth = {"Authorization": f"Bearer {_checked_token(token)}"}
    return _target(client, path, query, auth, extra_headers, protocol_headers)


def _azure_query(base_url: httpx.URL, query: Query) -> Query:
    """Azure names the deployment in the query (`deployment=`) unless the base URL has it."""
    rest = {key: value for key, value in query.items() if key != "model"}
    model = query.get("model")
    if "/deployments/" in base_url.path or model is None or isinstance(model, Omit):
        return rest
    return {**rest, "deployment": model}


def _target(
    client: OpenAI | AsyncOpenAI,
    path: str,
    query: Query,
    auth: Mapping[str, str],
    extra_headers: Headers,
    protocol_headers: Mapping[str, str] | None,
) -> WebSocketTarget:
    url = websocket_url(client, path, {**client.default_query, **query})
    # The same layers, in the same order, as a REST request: `default_headers` and
    # `extra_headers` may replace or `omit` the credentials.
    platform = client._platform_headers  # pyright: ignore[reportPrivateUsage]
    headers = merge_headers(
        platform,
        auth,
        protocol_headers,
        client._custom_headers,
        extra_headers,  # pyright: ignore[reportPrivateUsage]
    )
    user_agent = next((headers.pop(name) for name in list(headers) if name.lower() == "user-agent"), None)
    if not url.host:
        raise OpenAIError(f"The WebSocket URL {str(url)!r} has no host: check `base_url` or `websocket_base_url`")
    return WebSocketTarget(url=str(url), headers=headers, user_agent=user_agent)
