"""What the request loop does after each attempt, decided without I/O: retry (and after how
long), raise which error, follow which redirect, or hand the response on.

The sync and async loops in `_base_client` drive a `CallAttempts` and only do the sending,
reading, closing and sleeping, so the two cannot decide differently. Nothing here sends,
reads a body, closes a response or sleeps.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

import httpx

from ._exceptions import APIConnectionError, APIStatusError, APITimeoutError, make_status_error
from ._options import ResponseMode
from ._request import redirect_request
from ._retries import retry_delay, should_retry_exception, should_retry_response

__all__ = [
    "CallAttempts",
    "Decision",
    "Retry",
    "error_for_exception",
    "next_redirect",
]


class Decision(enum.Enum):
    """What to do with a response that is not retried."""

    RETURN = "return"  # hand it to the caller (parsed, streamed or raw)
    RAISE = "raise"  # read its body, then raise `CallAttempts.error_for(response)`


class Retry(NamedTuple):
    """Send the request again after `delay` seconds; `reason` is for the log (no secrets)."""

    delay: float
    reason: str


class CallAttempts:
    """The state of one call across its attempts.

    Args:
        max_retries: the retry budget of the call.
        stream: the caller asked for a `Stream` of events (`stream_cls` given).
        mode: the response mode of the options (None: parse the body).
        retries_taken: retries already made.
    """

    # A plain class and a NamedTuple here, not dataclasses: `@dataclass` compiles its methods at
    # import, which cost a short process's first call about 0.6 ms for these two.
    __slots__ = ("max_retries", "mode", "retries_taken", "stream")

    def __init__(
        self, max_retries: int, stream: bool = False, mode: ResponseMode | None = None, retries_taken: int = 0
    ) -> None:
        self.max_retries = max_retries
        self.stream = stream
        self.mode = mode
        self.retries_taken = retries_taken

    def __repr__(self) -> str:
        return (
            f"CallAttempts(max_retries={self.max_retries!r}, stream={self.stream!r}, mode={self.mode!r}, "
            f"retries_taken={self.retries_taken!r})"
        )

    def reads_body_now(self, response: httpx.Response) -> bool:
        """Whether the loop reads the whole body inside the attempt, so that a body cut by a
        timeout or a dropped connection is retried like any transport error."""
        return not (self.stream or self.mode == "stream" or response.is_error)

    def after_exception(self, exc: BaseException, *, replayable: bool) -> Retry | None:
        """Retry after an exception from sending (or reading) the attempt, or None to raise
        `error_for_exception(exc, request)`."""
        if self.retries_taken >= self.max_retries or not replayable or not should_retry_exception(exc):
            return None
        return self._retry(retry_delay(retries_taken=self.retries_taken), type(exc).__name__)

    def after_response(self, response: httpx.Response, *, replayable: bool) -> Retry | Decision:
        """What to do with the response of the attempt (redirects were followed already)."""
        if response.is_error:
            if self.retries_taken < self.max_retries and replayable and should_retry_response(response):
                delay = retry_delay(retries_taken=self.retries_taken, headers=response.headers)
                return self._retry(delay, f"{response.status_code} {response.reason_phrase}".strip())
            return Decision.RAISE
        if not response.is_success:
            # A redirect that was not followed (or a stray 1xx) is never the answer.
            return Decision.RAISE
        if self.stream and self.mode is None:
            # Imported here: `_streaming` loads the pydantic models, which a client at rest
            # (the import and the client's construction) does not need; a streamed call loads it anyway.
            from ._streaming import is_event_stream

            if not is_event_stream(response):
                return Decision.RAISE
        return Decision.RETURN

    @staticmethod
    def error_for(response: httpx.Response, *, secrets: tuple[str, ...] = ()) -> APIStatusError | Exception:
        """The error for a response `after_response` said to raise; its body has been read.
        `secrets` (the credentials the client holds) are masked in a status error."""
        if response.is_success:
            from ._streaming import not_an_event_stream_error

            return not_an_event_stream_error(response)
        if response.is_redirect:
            return _redirect_not_followed_error(response)
        return make_status_error(response, error_body(response), secrets=secrets)

    def _retry(self, delay: float, reason: str) -> Retry:
        self.retries_taken += 1
        return Retry(delay=delay, reason=reason)


def error_body(response: httpx.Response) -> object:
    """An error response's body: its JSON, else its text, else None."""
    try:
        return response.json()
    except ValueError:
        return response.text or None


def _redirect_not_followed_error(response: httpx.Response) -> APIStatusError:
    request = response.request
    location = response.headers.get("location")
    # Only where it points, not its query: a signed URL may carry a secret there.
    try:
        target = str(request.url.join(location).copy_with(query=None, fragment=None)) if location else "nowhere"
    except httpx.InvalidURL:
        target = "an invalid URL"
    message = (
        f"Error code: {response.status_code} - {request.method} {request.url.path} - a redirect to {target} "
        "that was not followed (the http_client has follow_redirects=False, or the redirect cannot be followed)"
    )
    return APIStatusError(message, response=response, body=error_body(response))


def error_for_exception(exc: BaseException, request: httpx.Request) -> BaseException:
    """What the caller sees for an exception that is not retried: transport failures become
    `APIConnectionError`/`APITimeoutError`; anything else (middleware, cancellation) as it is."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request=request)
    if isinstance(exc, httpx.TooManyRedirects):
        return APIConnectionError(message=str(exc), request=request)
    if isinstance(exc, httpx.TransportError):
        return APIConnectionError(message=f"Connection error: {type(exc).__name__}: {exc}", request=request)
    return exc


def next_redirect(
    request: httpx.Request,
    response: httpx.Response,
    *,
    follow_redirects: bool,
    redirects_taken: int,
    max_redirects: int,
) -> httpx.Request | None:
    """The request to send after `response`, or None to keep `response` as the attempt's answer.

    Redirects are followed only when the httpx client says `follow_redirects=True` (the SDK's
    default clients do; a plain `httpx.Client()` does not). Credentials are dropped on a hop
    to another origin (`redirect_request`).

    Raises:
        httpx.TooManyRedirects: following would exceed the client's `max_redirects`.
    """
    if not follow_redirects:
        return None
    next_request = redirect_request(request, response)
    if next_request is None:
        return None
    if redirects_taken >= max_redirects:
        raise httpx.TooManyRedirects(
            f"Too many redirects: {request.method} {request.url.copy_with(query=None)} redirected more "
            f"than {max_redirects} times (the http_client's max_redirects); not following "
            f"{response.status_code} to {next_request.url.copy_with(query=None)}.",
            request=request,
        )
    return next_request
