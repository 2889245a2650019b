"""Opening a `websockets` connection (sync or async) for a `WebSocketTarget`, with handshake
failures mapped to the SDK's errors and the handshake log redacted. Imports `websockets` only
when a connection opens, so `import oai` never loads it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Mapping, Tuple, cast

import httpx
import pydantic_core

from ..._exceptions import APIConnectionError, APIStatusError, OpenAIError, make_status_error
from ..._logging import redact_headers
from .target import WebSocketTarget

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection as AsyncClientConnection
    from websockets.exceptions import ConnectionClosed, InvalidStatus
    from websockets.sync.client import ClientConnection

__all__ = ["close_info", "open_async", "open_sync"]

_INSTALL_HINT = "WebSocket connections need the `websockets` package: pip install 'oai[realtime]'"


_HEADER_LINES = frozenset({"> %s: %s", "< %s: %s"})


class _RedactHandshakeHeaders(logging.Filter):
    """`websockets` logs each handshake header as `("> %s: %s", name, value)` at debug level;
    credential values become `<redacted>` before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.msg in _HEADER_LINES and isinstance(args, tuple) and len(args) == 2:
            name, value = str(args[0]), str(args[1])
            record.args = (name, redact_headers({name: value})[name])
        return True


_handshake_logger = logging.getLogger("oai.websockets")
_handshake_logger.addFilter(_RedactHandshakeHeaders())


def open_sync(target: WebSocketTarget, options: Mapping[str, Any]) -> ClientConnection:
    """Connect with `websockets.sync.client.connect`.

    Raises:
        APIStatusError: the server refused the handshake with an HTTP status (401, 404, ...).
        APIConnectionError: the server could not be reached or the handshake failed.
    """
    try:
        from websockets.sync.client import connect
    except ImportError as exc:  # pragma: no cover - the dev extra installs websockets
        raise OpenAIError(_INSTALL_HINT) from exc
    from websockets.exceptions import InvalidHandshake, InvalidStatus

    try:
        connection = cast(
            "ClientConnection",  # without `legacy=False` it returns the connection itself
            connect(
                target.url,
                additional_headers=target.headers,
                user_agent_header=target.user_agent,
                logger=_handshake_logger,
                **options,
            ),
        )
    except InvalidStatus as exc:
        raise _status_error(target, exc) from None
    except (OSError, InvalidHandshake) as exc:
        raise _connection_error(target, exc) from None
    # The connection's lifetime is ours (closed by the connection manager); entering it tells
    # websockets >= 17.1 so, instead of warning that it was not opened with `with`.
    return connection.__enter__()


async def open_async(target: WebSocketTarget, options: Mapping[str, Any]) -> AsyncClientConnection:
    """Connect with `websockets.asyncio.client.connect`; raises as `open_sync`."""
    try:
        from websockets.asyncio.client import connect
    except ImportError as exc:  # pragma: no cover - the dev extra installs websockets
        raise OpenAIError(_INSTALL_HINT) from exc
    from websockets.exceptions import InvalidHandshake, InvalidStatus

    try:
        return await connect(
            target.url,
            additional_headers=target.headers,
            user_agent_header=target.user_agent,
            logger=_handshake_logger,
            **options,
        )
    except InvalidStatus as exc:
        raise _status_error(target, exc) from None
    except (OSError, InvalidHandshake) as exc:
        raise _connection_error(target, exc) from None


def close_info(exc: ConnectionClosed) -> Tuple[int, str]:
    """The close code and reason the server sent; 1006 when the connection just dropped."""
    received = exc.rcvd
    if received is None:
        return 1006, ""
    return int(received.code), received.reason


def _request(target: WebSocketTarget) -> httpx.Request:
    # The error keeps a request as REST errors do: the URL only, never the handshake headers.
    return httpx.Request("GET", target.url)


def _status_error(target: WebSocketTarget, exc: InvalidStatus) -> APIStatusError:
    response = exc.response
    content = bytes(response.body or b"")
    http_response = httpx.Response(
        response.status_code,
        headers=list(response.headers.raw_items()),
        content=content,
        request=_request(target),
    )
    try:
        body: object = pydantic_core.from_json(content) if content else None
    except ValueError:
        body = content.decode(errors="replace")
    return make_status_error(http_response, body)


def _connection_error(target: WebSocketTarget, exc: Exception) -> APIConnectionError:
    return APIConnectionError(
        message=f"Could not open the WebSocket connection ({type(exc).__name__}: {exc})",
        request=_request(target),
    )
