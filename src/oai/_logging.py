"""The `oai` logger, its env-driven level and header redaction; the only module that formats request logs, and it never logs bodies or credentials."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Mapping, TextIO

import httpx

from ._redaction import SECRET_HEADERS

__all__ = [
    "log_request",
    "log_response",
    "log_retry",
    "logger",
    "redact_headers",
    "setup_logging",
]

logger: logging.Logger = logging.getLogger("oai")

# Read in this order; the first one holding a known level wins.
_ENV_VARS = ("OAI_LOG", "OPENAI_LOG")
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_REDACTED = "<redacted>"
_SECRET_HEADERS = SECRET_HEADERS

_is_set_up = False


def setup_logging() -> None:
    """Configure the `oai` logger from `OAI_LOG` or `OPENAI_LOG` (`info` or `debug`).

    The environment is read on the first call only; later calls do nothing. Unknown
    values are ignored. When a level is set and the logger has no handler yet, a
    stderr handler with a short format is added; it writes a record only when no other
    handler would (see `_FallbackHandler`), so `logging.basicConfig()` or any handler the
    application sets up, before or after, never gets a line twice.
    """
    global _is_set_up
    if _is_set_up:
        return
    _is_set_up = True
    level = _level_from_env(os.environ)
    if level is None:
        return
    logger.setLevel(level)
    if not logger.handlers:
        handler = _FallbackHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)


if TYPE_CHECKING:
    _StreamHandler = logging.StreamHandler[TextIO]
else:  # not subscriptable at runtime before Python 3.11
    _StreamHandler = logging.StreamHandler


class _FallbackHandler(_StreamHandler):
    """The stderr handler `OAI_LOG` adds: it writes a record only when no other handler on
    the record's way up the logger tree (as `Logger.callHandlers` walks it) would take it.

    Checked per record, since the application may configure logging after the client is
    built; a handler whose level is above the record's does not count, so `OAI_LOG=debug`
    still shows debug lines that the application's handlers would drop.
    """

    def handle(self, record: logging.LogRecord) -> bool:
        if self._another_handler_takes(record):
            return False
        return super().handle(record)

    def _another_handler_takes(self, record: logging.LogRecord) -> bool:
        current: logging.Logger | None = logging.getLogger(record.name)
        while current is not None:
            for handler in current.handlers:
                if handler is not self and record.levelno >= handler.level:
                    return True
            if not current.propagate:
                return False
            current = current.parent
        return False


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """Copy headers for logging, with credential values replaced by `<redacted>`.

    Args:
        headers: request or response headers.

    Returns:
        A new dict with the same names; the values of `Authorization`, `Api-Key`,
        `X-Api-Key`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and `X-Amz-Security-Token`
        (any case) are replaced.
    """
    return {name: _REDACTED if name.lower() in _SECRET_HEADERS else value for name, value in headers.items()}


def log_request(request: httpx.Request, *, retries_taken: int) -> None:
    """Log a request about to be sent: method, path and retry count; headers at debug level.

    Args:
        request: the request; its body and query string are never logged.
        retries_taken: retries done before this attempt (0 for the first attempt).
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info("HTTP request: %s %s (retries taken: %d)", request.method, request.url.path, retries_taken)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("HTTP request headers: %s", redact_headers(request.headers))


def log_response(response: httpx.Response, *, retries_taken: int) -> None:
    """Log a received response: method, path, status, request id and retry count; headers at debug level.

    Args:
        response: the response; its body is never logged.
        retries_taken: retries done before the attempt that got this response.
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    logger.info(
        "HTTP response: %s %s %d %s (request id: %s, retries taken: %d)",
        request.method,
        request.url.path,
        response.status_code,
        response.reason_phrase,
        response.headers.get("x-request-id"),
        retries_taken,
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("HTTP response headers: %s", redact_headers(response.headers))


def log_retry(request: httpx.Request, *, retries_taken: int, delay: float, reason: str) -> None:
    """Log that a request will be retried, after how long and why.

    Args:
        request: the request to be sent again.
        retries_taken: retries done so far; the coming one is number `retries_taken + 1`.
        delay: seconds before the retry.
        reason: why, e.g. `"429 Too Many Requests"` or `"ConnectError"`; must hold no secret.
    """
    if not logger.isEnabledFor(logging.INFO):
        return
    logger.info(
        "Retrying %s %s in %.3f s (retry %d, reason: %s)",
        request.method,
        request.url.path,
        delay,
        retries_taken + 1,
        reason,
    )


def _level_from_env(environ: Mapping[str, str]) -> int | None:
    for name in _ENV_VARS:
        level = _LEVELS.get(environ.get(name, "").strip().lower())
        if level is not None:
            return level
    return None
