"""The SDK's exceptions; errors keep request, response and body, never credentials.

OpenAIError
├── APIError
│   ├── APIStatusError
│   │   ├── BadRequestError            400
│   │   ├── AuthenticationError        401
│   │   ├── PermissionDeniedError      403
│   │   ├── NotFoundError              404
│   │   ├── ConflictError              409
│   │   ├── UnprocessableEntityError   422
│   │   ├── RateLimitError             429
│   │   └── InternalServerError        >= 500
│   ├── APIConnectionError
│   │   └── APITimeoutError
│   └── APIResponseValidationError
├── OAuthError
└── (lib errors: LengthFinishReasonError, ContentFilterFinishReasonError, ...)
InvalidWebhookSignatureError (a ValueError, as in the official SDK)
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import httpx
from typing_extensions import Literal

from ._redaction import redact_body, redact_text, secrets_of_request

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "NotFoundError",
    "OAuthError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "make_status_error",
]

_MAX_BODY_IN_MESSAGE = 2000


class OpenAIError(Exception):
    """Base class of every error raised by the SDK."""


class OAuthError(OpenAIError):
    """An OAuth token exchange failed (a workload identity's subject token was refused).

    Attributes:
        error: the OAuth error code (`invalid_grant`, `invalid_subject_token`, ...), if any.
        error_description: the server's explanation, if any.
    """

    def __init__(self, message: str, *, error: str | None = None, error_description: str | None = None) -> None:
        super().__init__(message)
        self.error = error
        self.error_description = error_description


class InvalidWebhookSignatureError(ValueError):
    """A webhook delivery failed verification: a missing header or secret, a malformed or
    out-of-tolerance timestamp, or no matching signature. A `ValueError`, as in the official SDK."""


class APIError(OpenAIError):
    """An error tied to one HTTP request.

    Attributes:
        message: what went wrong.
        request: the request that failed.
        body: the decoded error body (JSON when the server sent JSON, else text), or None.
        code, param, type: the fields of the API's `{"error": {...}}` object, when present.
    """

    message: str
    request: httpx.Request
    body: object | None
    code: str | None
    param: str | None
    type: str | None

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        error = _error_object(body)
        self.code = _str_or_none(error.get("code"))
        self.param = _str_or_none(error.get("param"))
        self.type = _str_or_none(error.get("type"))

    def __str__(self) -> str:
        return self.message


class APIResponseValidationError(APIError):
    """The response could not be decoded or did not match the declared type (strict mode)."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, body: object | None, *, message: str | None = None) -> None:
        # The body may echo what the request sent: mask the request's credentials in both.
        secrets = secrets_of_request(response.request)
        super().__init__(
            redact_text(message or "Data returned by the API is invalid for the expected schema.", secrets),
            response.request,
            body=redact_body(body, secrets),
        )
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """The request did not get a complete response: DNS, connect, read or protocol failure."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out (after the last attempt)."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class BadRequestError(APIStatusError):
    status_code: Literal[400] = 400  # pyright: ignore[reportIncompatibleVariableOverride]


class AuthenticationError(APIStatusError):
    status_code: Literal[401] = 401  # pyright: ignore[reportIncompatibleVariableOverride]


class PermissionDeniedError(APIStatusError):
    status_code: Literal[403] = 403  # pyright: ignore[reportIncompatibleVariableOverride]


class NotFoundError(APIStatusError):
    status_code: Literal[404] = 404  # pyright: ignore[reportIncompatibleVariableOverride]


class ConflictError(APIStatusError):
    status_code: Literal[409] = 409  # pyright: ignore[reportIncompatibleVariableOverride]


class UnprocessableEntityError(APIStatusError):
    status_code: Literal[422] = 422  # pyright: ignore[reportIncompatibleVariableOverride]


class RateLimitError(APIStatusError):
    status_code: Literal[429] = 429  # pyright: ignore[reportIncompatibleVariableOverride]


class InternalServerError(APIStatusError):
    pass


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response, body: object | None, *, secrets: Iterable[str] = ()) -> APIStatusError:
    """Build the status error matching `response.status_code`.

    The message leads with the server's own message, then the status, the server's `param`
    and `code`, the method and path, and the request id:
    `Invalid value for 'model'. (Error code: 400, param: model, POST /v1/chat/completions, request_id: req_1)`.
    Every credential the request carried, and each of `secrets`, is masked in the message and
    in `body`, whatever the server echoed.
    """
    request = response.request
    all_secrets = [*secrets, *secrets_of_request(request)]
    body = redact_body(body, all_secrets)
    error = _error_object(body)
    lead = _server_message(error, body) or response.reason_phrase or "HTTP error"
    details = [f"Error code: {response.status_code}"]
    for name in ("param", "code"):
        value = error.get(name)
        if value is not None and value != "":
            details.append(f"{name}: {value}")
    details.append(f"{request.method} {request.url.path}")
    request_id = response.headers.get("x-request-id")
    if request_id:
        details.append(f"request_id: {request_id}")
    message = redact_text(f"{lead} ({', '.join(details)})", all_secrets)
    cls = _STATUS_ERRORS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)


def _server_message(error: dict[str, Any], body: object | None) -> str:
    """The server's own words: `error.message`, else the whole body, shortened."""
    message = error.get("message")
    if isinstance(message, str) and message.strip():
        return message.strip()
    if body is None or body == "":
        return ""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, default=str)
    text = text.strip()
    if len(text) > _MAX_BODY_IN_MESSAGE:
        text = text[:_MAX_BODY_IN_MESSAGE] + "…"
    return text


def _error_object(body: object | None) -> dict[str, Any]:
    if isinstance(body, dict):
        inner: object = body.get("error", body)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if isinstance(inner, dict):
            return inner  # pyright: ignore[reportUnknownVariableType]
    return {}


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
