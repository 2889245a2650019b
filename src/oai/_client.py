"""`OpenAI`/`AsyncOpenAI` (also `Client`/`AsyncClient`): constructor and env vars, credentials
per security scheme, `with_options`/`copy`, `close`. Resource accessors come from the generated
mixins in `_client_resources.py`; the request loop from `_base_client.py`."""

# The client is the top of the package, not the core: it composes the generated resources, whose
# `lib` helpers name the client for typing (and `lib.azure` subclasses it). Those paths through
# the top are cycles by design; the core below stays checked (tests/core/test_layering.py too).
# pyright: reportImportCycles=false

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, Union

import httpx
from typing_extensions import Self

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._client_resources import AsyncClientResources, ClientResources
from ._constants import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import OpenAIError
from ._http import AnyAsyncHttpClient, AnySyncHttpClient
from ._middleware import AsyncMiddleware, Middleware
from ._request import normalize_base_url
from ._types import Omit, omit

if TYPE_CHECKING:
    from .lib.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncClient", "AsyncOpenAI", "Client", "OpenAI"]

ApiKey = Union[str, Callable[[], str]]
ADMIN_SCHEME = "AdminApiKeyAuth"


def _timeout(value: float | httpx.Timeout | None | Omit) -> httpx.Timeout:
    if isinstance(value, Omit):
        return DEFAULT_TIMEOUT
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value)


def check_header_secret(value: str, what: str) -> str:
    """Refuse a credential an HTTP header cannot carry, without quoting it.

    A header value may hold inner spaces (`"My API Key"` is fine) but no control character
    (CR/LF included), no non-ASCII character and no whitespace at either end. httpx and h11
    would quote the whole header value, secret included, in their error, so this check runs
    first and names only the position of the first bad character.
    """
    if value.isascii() and value.isprintable() and value == value.strip():
        return value
    bad = next(
        i
        for i, char in enumerate(value)
        if not " " <= char <= "~" or (char == " " and (i == 0 or not value[i:].strip()))
    )
    raise OpenAIError(
        f"{what} has a character at position {bad} that an HTTP header cannot carry "
        "(a control character or line break, non-ASCII, or whitespace at either end): "
        "check for a stray newline, space or quote"
    )


_MISSING_API_KEY = (
    "The api_key client option must be set either by passing api_key to the client "
    "or by setting the OPENAI_API_KEY environment variable"
)


def _resolve_key(given: ApiKey | None, env_var: str) -> ApiKey | None:
    """The key from the argument, else the environment; an empty string counts as missing."""
    if given is None:
        given = os.environ.get(env_var) or None
    elif given == "":
        raise OpenAIError(_MISSING_API_KEY)
    if isinstance(given, str):
        check_header_secret(given, "The API key")
    return given


class _Credentials:
    """The client's keys and account headers; turns a security scheme into headers."""

    def __init__(
        self,
        *,
        api_key: ApiKey | None,
        admin_api_key: ApiKey | None,
        organization: str | None,
        project: str | None,
    ) -> None:
        api_key = _resolve_key(api_key, "OPENAI_API_KEY")
        admin_api_key = _resolve_key(admin_api_key, "OPENAI_ADMIN_KEY")
        if api_key is None and admin_api_key is None:
            raise OpenAIError(_MISSING_API_KEY)
        self.api_key = api_key
        self.admin_api_key = admin_api_key
        self.organization = organization if organization is not None else os.environ.get("OPENAI_ORG_ID")
        self.project = project if project is not None else os.environ.get("OPENAI_PROJECT_ID")

    def headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        key = self._key_for(security)
        headers = {"Authorization": f"Bearer {key}"}
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        return headers

    def _key_for(self, security: tuple[str, ...] | None) -> str:
        if security and ADMIN_SCHEME in security:
            key = self.admin_api_key if self.admin_api_key is not None else self.api_key
            if key is None:
                raise OpenAIError("This endpoint needs an admin key: pass `admin_api_key` or `api_key` to the client")
        else:
            key = self.api_key
            if key is None:
                raise OpenAIError("This endpoint needs `api_key` (or OPENAI_API_KEY); only an admin key was given")
        value = key() if callable(key) else key
        if not isinstance(value, str) or not value:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise OpenAIError("The api_key callable must return a non-empty string")
        return check_header_secret(value, "The API key")


class _Account:
    """What both clients share and that never waits: credentials, env defaults, the arguments
    `with_options` copies start from, and credential headers per security scheme."""

    _credentials: _Credentials
    _init_args: dict[str, Any]
    webhook_secret: str | None
    websocket_base_url: str | httpx.URL | None
    """Where `realtime.connect()` and `responses.connect()` go instead of `base_url` (as `ws`/`wss`)."""

    def _configure(
        self,
        *,
        base_url: str | httpx.URL | None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | Omit,
        max_retries: int,
        default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        _strict_response_validation: bool,
        **account: Any,
    ) -> dict[str, Any]:
        """Resolve the constructor arguments; returns the request-loop settings."""
        webhook_secret = account.pop("webhook_secret")
        self._credentials = _Credentials(**account)
        self.webhook_secret = webhook_secret if webhook_secret is not None else os.environ.get("OPENAI_WEBHOOK_SECRET")
        url = normalize_base_url(base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL)
        self.websocket_base_url = websocket_base_url
        resolved_timeout = _timeout(timeout)
        self._init_args = {
            **account,
            "webhook_secret": webhook_secret,
            "base_url": url,
            "timeout": resolved_timeout,
            "max_retries": max_retries,
            "default_headers": default_headers,
            "default_query": default_query,
            "_strict_response_validation": _strict_response_validation,
        }
        if websocket_base_url is not None:  # only when set: subclasses need not accept it
            self._init_args["websocket_base_url"] = websocket_base_url
        return {
            "base_url": url,
            "timeout": resolved_timeout,
            "max_retries": max_retries,
            "custom_headers": default_headers,
            "custom_query": default_query,
            "strict_response_validation": _strict_response_validation,
        }

    @property
    def api_key(self) -> str | None:
        key = self._credentials.api_key
        return key() if callable(key) else key

    @property
    def organization(self) -> str | None:
        return self._credentials.organization

    @property
    def project(self) -> str | None:
        return self._credentials.project

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return self._credentials.headers(security)

    def _secret_values(self) -> tuple[str, ...]:
        held = (self._credentials.api_key, self._credentials.admin_api_key, self.webhook_secret)
        return tuple(value for value in held if isinstance(value, str))

    def __repr__(self) -> str:
        # Never the key: only where requests go and how hard they retry.
        base_url = getattr(self, "base_url", None)
        return f"<{type(self).__name__} base_url={str(base_url)!r} max_retries={getattr(self, 'max_retries', None)}>"


class OpenAI(_Account, ClientResources, SyncAPIClient):
    """The synchronous client.

    ```py
    from oai import OpenAI

    client = OpenAI()  # reads OPENAI_API_KEY
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello!"}]
    )
    ```
    """

    def __init__(
        self,
        *,
        api_key: ApiKey | None = None,
        admin_api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: AnySyncHttpClient | None = None,
        middleware: Sequence[Middleware] | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Create a client.

        Args:
            api_key: the API key, or a callable returning it before each request
                (default: `OPENAI_API_KEY`).
            admin_api_key: the key for organization/admin endpoints (default: `OPENAI_ADMIN_KEY`,
                falling back to `api_key`).
            organization: sent as `OpenAI-Organization` (default: `OPENAI_ORG_ID`).
            project: sent as `OpenAI-Project` (default: `OPENAI_PROJECT_ID`).
            webhook_secret: for `client.webhooks` (default: `OPENAI_WEBHOOK_SECRET`).
            base_url: default `OPENAI_BASE_URL` or `https://api.openai.com/v1`.
            websocket_base_url: the base URL of WebSocket connections (`realtime.connect()`,
                `responses.connect()`); default: `base_url` with `ws`/`wss`.
            timeout: seconds or an `httpx.Timeout` (default 600 s, connect 5 s), per attempt.
            max_retries: retries after the first attempt (default 2).
            default_headers: headers sent on every request (`omit` removes a default one).
            default_query: query params sent on every request.
            http_client: your own `httpx.Client` (proxies, transports, limits).
            middleware: functions `(request, call_next) -> response`, run in order on every attempt.

        Raises:
            OpenAIError: no API key was given or found in the environment.
        """
        settings = self._configure(
            api_key=api_key,
            admin_api_key=admin_api_key,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=base_url,
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            _strict_response_validation=_strict_response_validation,
        )
        super().__init__(http_client=http_client, middleware=middleware or (), **settings)

    @functools.cached_property
    def webhooks(self) -> Webhooks:
        """Verify and decode webhook deliveries with this client's `webhook_secret`."""
        from .lib.webhooks import Webhooks

        return Webhooks(self)

    def with_options(self, *, middleware: Sequence[Middleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool.

        Middleware given here runs after the original client's middleware.
        """
        args = {**self._init_args, **changes}
        args.setdefault("http_client", self._client)
        return type(self)(middleware=(*self._middleware, *(middleware or ())), **args)

    copy = with_options


class AsyncOpenAI(_Account, AsyncClientResources, AsyncAPIClient):
    """The asynchronous client; the same arguments as `OpenAI`.

    ```py
    client = AsyncOpenAI()
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    ```
    """

    def __init__(
        self,
        *,
        api_key: ApiKey | None = None,
        admin_api_key: ApiKey | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        websocket_base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: AnyAsyncHttpClient | None = None,
        middleware: Sequence[AsyncMiddleware] | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Create a client; see `OpenAI` for the arguments."""
        settings = self._configure(
            api_key=api_key,
            admin_api_key=admin_api_key,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=base_url,
            websocket_base_url=websocket_base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            _strict_response_validation=_strict_response_validation,
        )
        super().__init__(http_client=http_client, middleware=middleware or (), **settings)

    @functools.cached_property
    def webhooks(self) -> AsyncWebhooks:
        """Verify and decode webhook deliveries with this client's `webhook_secret`."""
        from .lib.webhooks import AsyncWebhooks

        return AsyncWebhooks(self)

    def with_options(self, *, middleware: Sequence[AsyncMiddleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool."""
        args = {**self._init_args, **changes}
        args.setdefault("http_client", self._client)
        return type(self)(middleware=(*self._middleware, *(middleware or ())), **args)

    copy = with_options


Client = OpenAI
AsyncClient = AsyncOpenAI
