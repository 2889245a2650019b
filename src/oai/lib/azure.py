"""`AzureClient`/`AsyncAzureClient` (also `AzureOpenAI`/`AsyncAzureOpenAI`): the OpenAI clients
pointed at Azure OpenAI, with Azure's URL layout, `api-version` query and credentials.

Everything that does not wait (argument checks, base URL, routing by deployment, headers) is
in `_AzureSettings`; the two clients only wire it into the core. It must not change how the
core builds, retries or parses requests beyond the URL and the credentials.
"""

from __future__ import annotations

import inspect
import os
from typing import Any, Awaitable, Callable, Mapping, Sequence, Union
from urllib.parse import quote

import httpx
from typing_extensions import Self

from .._client import AsyncOpenAI, OpenAI, check_header_secret
from .._constants import DEFAULT_MAX_RETRIES
from .._credential_scope import sends_credentials_to
from .._exceptions import OpenAIError
from .._http import AnyAsyncHttpClient, AnySyncHttpClient
from .._middleware import AsyncMiddleware, AsyncNext, Middleware, build_async_chain
from .._options import FinalRequestOptions
from .._types import Omit, omit

__all__ = [
    "AsyncAzureADTokenProvider",
    "AsyncAzureClient",
    "AsyncAzureOpenAI",
    "AzureADTokenProvider",
    "AzureClient",
    "AzureOpenAI",
]

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], Union[str, Awaitable[str]]]

# Operations Azure serves per deployment (`/openai/deployments/{name}/...`); every other
# path (files, batches, fine-tuning, ...) lives directly under `/openai/`.
DEPLOYMENT_ENDPOINTS = frozenset(
    {
        "/completions",
        "/chat/completions",
        "/embeddings",
        "/audio/transcriptions",
        "/audio/translations",
        "/audio/speech",
        "/images/generations",
        "/images/edits",
    }
)
_CREDENTIAL_ARGS = ("api_key", "azure_ad_token", "azure_ad_token_provider")
_LOCATION_ARGS = ("azure_endpoint", "base_url")


class _AzureSettings:
    """The checked Azure arguments: base URL, api-version and the one credential."""

    def __init__(
        self,
        *,
        api_version: str | None,
        azure_endpoint: str | None,
        azure_deployment: str | None,
        base_url: str | httpx.URL | None,
        api_key: str | None,
        azure_ad_token: str | None,
        azure_ad_token_provider: Callable[[], object] | None,
    ) -> None:
        api_version = api_version if api_version is not None else os.environ.get("OPENAI_API_VERSION")
        if not api_version:
            raise OpenAIError(
                "Missing `api_version`: pass `api_version=` to the client "
                "or set the OPENAI_API_VERSION environment variable"
            )
        self.api_version = api_version
        given = [
            name
            for name, value in zip(_CREDENTIAL_ARGS, (api_key, azure_ad_token, azure_ad_token_provider), strict=True)
            if value is not None
        ]
        if len(given) > 1:
            raise OpenAIError(
                "`api_key`, `azure_ad_token` and `azure_ad_token_provider` are mutually exclusive; "
                f"got {', '.join(f'`{name}`' for name in given)}"
            )
        if not given:
            api_key = os.environ.get("AZURE_OPENAI_API_KEY")
            if not api_key:
                raise OpenAIError(
                    "Missing credentials: pass one of `api_key`, `azure_ad_token` or `azure_ad_token_provider`, "
                    "or set the AZURE_OPENAI_API_KEY environment variable"
                )
        # Checked here so that a bad key fails at construction, named as the Azure key.
        self.api_key = None if api_key is None else check_header_secret(api_key, "The Azure API key")
        self.azure_ad_token = azure_ad_token
        self.azure_ad_token_provider = azure_ad_token_provider
        self.azure_deployment = azure_deployment
        self.base_url = self._base_url(base_url, azure_endpoint, azure_deployment)

    @staticmethod
    def _base_url(
        base_url: str | httpx.URL | None, azure_endpoint: str | None, azure_deployment: str | None
    ) -> httpx.URL:
        if base_url is not None:
            if azure_endpoint is not None:
                raise OpenAIError("`base_url` and `azure_endpoint` are mutually exclusive; pass only one")
            if azure_deployment is not None:
                raise OpenAIError("`azure_deployment` needs `azure_endpoint`; with `base_url`, put it in the URL")
            return httpx.URL(str(base_url))
        endpoint = azure_endpoint if azure_endpoint is not None else os.environ.get("AZURE_OPENAI_ENDPOINT")
        if not endpoint:
            raise OpenAIError(
                "Missing `azure_endpoint`: pass `azure_endpoint=` (or `base_url=`) to the client "
                "or set the AZURE_OPENAI_ENDPOINT environment variable"
            )
        url = f"{endpoint.rstrip('/')}/openai"
        if azure_deployment is not None:
            url = f"{url}/deployments/{quote(azure_deployment, safe='')}"
        return httpx.URL(url)

    def route(self, options: FinalRequestOptions, base_url: httpx.URL) -> FinalRequestOptions:
        """Send a deployment-scoped call to the deployment named by the body's `model`,
        unless the base URL already names a deployment."""
        if options.url not in DEPLOYMENT_ENDPOINTS or "/deployments" in base_url.path:
            return options
        body = options.json_body()
        model = body.get("model") if isinstance(body, Mapping) else None  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if not isinstance(model, str) or not model:
            return options
        return options.with_changes(url=f"/deployments/{quote(model, safe='')}{options.url}")

    def static_headers(self) -> dict[str, str]:
        if self.api_key is not None:
            return {"api-key": check_header_secret(self.api_key, "The Azure API key")}
        if self.azure_ad_token is not None:
            return {"Authorization": f"Bearer {check_header_secret(self.azure_ad_token, 'The Azure AD token')}"}
        return {}

    def sync_headers(self) -> dict[str, str]:
        provider = self.azure_ad_token_provider
        if provider is None:
            return self.static_headers()
        return {"Authorization": f"Bearer {_checked_token(provider())}"}


def _checked_token(token: object) -> str:
    if not isinstance(token, str) or not token:
        raise OpenAIError(f"`azure_ad_token_provider` must return a non-empty string, got {type(token).__name__}")
    return check_header_secret(token, "The Azure AD token")


def _changes_for_copy(changes: dict[str, Any]) -> dict[str, Any]:
    # A copy that sets one credential (or location) drops the original's other ones, which
    # would otherwise clash with it in the constructor.
    cleared: dict[str, Any] = {}
    for group in (_CREDENTIAL_ARGS, _LOCATION_ARGS):
        if any(name in changes for name in group):
            cleared.update(dict.fromkeys(group))
    return {**cleared, **changes}


class AzureClient(OpenAI):
    """The synchronous client for Azure OpenAI.

    ```py
    from oai import AzureOpenAI

    client = AzureOpenAI(
        azure_endpoint="https://my-resource.openai.azure.com",
        api_version="2024-10-21",
        api_key="...",  # or azure_ad_token= / azure_ad_token_provider=
    )
    client.chat.completions.create(model="my-gpt-4o-deployment", messages=msgs)
    ```
    """

    def __init__(
        self,
        *,
        api_version: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
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
            api_version: sent as `?api-version=` on every request (default: `OPENAI_API_VERSION`).
            azure_endpoint: e.g. `https://my-resource.openai.azure.com` (default:
                `AZURE_OPENAI_ENDPOINT`).
            azure_deployment: send every call to this deployment. Without it, calls to
                deployment-scoped endpoints go to the deployment named by their `model`.
            api_key: sent as the `api-key` header (default: `AZURE_OPENAI_API_KEY`).
            azure_ad_token: a Microsoft Entra ID token, sent as `Authorization: Bearer`.
            azure_ad_token_provider: returns a fresh Entra ID token; called before each request.
            webhook_secret: for `client.webhooks` (default: `OPENAI_WEBHOOK_SECRET`).
            base_url: the full base URL, instead of `azure_endpoint` (and `azure_deployment`).
            timeout, max_retries, default_headers, default_query, http_client, middleware:
                as for `OpenAI`.

        Raises:
            OpenAIError: `api_version`, the endpoint or a credential is missing, or
                mutually exclusive arguments were given together.
        """
        self._azure = _AzureSettings(
            api_version=api_version,
            azure_endpoint=azure_endpoint,
            azure_deployment=azure_deployment,
            base_url=base_url,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
        )
        super().__init__(
            # The OpenAI key is never sent (`auth_headers` is replaced); any value satisfies the check.
            api_key=self._azure.api_key or "<azure>",
            webhook_secret=webhook_secret,
            base_url=self._azure.base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query={**(default_query or {}), "api-version": self._azure.api_version},
            http_client=http_client,
            middleware=middleware,
            _strict_response_validation=_strict_response_validation,
        )
        self._init_args = {
            "api_version": api_version,
            "azure_endpoint": azure_endpoint,
            "azure_deployment": azure_deployment,
            "api_key": api_key,
            "azure_ad_token": azure_ad_token,
            "azure_ad_token_provider": azure_ad_token_provider,
            "webhook_secret": webhook_secret,
            "base_url": base_url,
            "timeout": self.timeout,
            "max_retries": max_retries,
            "default_headers": default_headers,
            "default_query": default_query,
            "_strict_response_validation": _strict_response_validation,
        }

    @property
    def api_key(self) -> str | None:
        return self._azure.api_key

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return self._azure.sync_headers()

    def _build_request(self, options: FinalRequestOptions, **kwargs: Any) -> httpx.Request:
        return super()._build_request(self._azure.route(options, self.base_url), **kwargs)

    def with_options(self, *, middleware: Sequence[Middleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool.

        Setting one credential (or `azure_endpoint`/`base_url`) replaces the original one.
        """
        return super().with_options(middleware=middleware, **_changes_for_copy(changes))

    copy = with_options


class AsyncAzureClient(AsyncOpenAI):
    """The asynchronous client for Azure OpenAI; the same arguments as `AzureClient`, and
    `azure_ad_token_provider` may be an async function.

    ```py
    client = AsyncAzureOpenAI(azure_endpoint=endpoint, api_version="2024-10-21", azure_ad_token_provider=get_token)
    ```
    """

    def __init__(
        self,
        *,
        api_version: str | None = None,
        azure_endpoint: str | None = None,
        azure_deployment: str | None = None,
        api_key: str | None = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: AnyAsyncHttpClient | None = None,
        middleware: Sequence[AsyncMiddleware] | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        """Create a client; see `AzureClient` for the arguments."""
        self._azure = _AzureSettings(
            api_version=api_version,
            azure_endpoint=azure_endpoint,
            azure_deployment=azure_deployment,
            base_url=base_url,
            api_key=api_key,
            azure_ad_token=azure_ad_token,
            azure_ad_token_provider=azure_ad_token_provider,
        )
        super().__init__(
            # The OpenAI key is never sent (`auth_headers` is replaced); any value satisfies the check.
            api_key=self._azure.api_key or "<azure>",
            webhook_secret=webhook_secret,
            base_url=self._azure.base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query={**(default_query or {}), "api-version": self._azure.api_version},
            http_client=http_client,
            middleware=middleware,
            _strict_response_validation=_strict_response_validation,
        )
        self._init_args = {
            "api_version": api_version,
            "azure_endpoint": azure_endpoint,
            "azure_deployment": azure_deployment,
            "api_key": api_key,
            "azure_ad_token": azure_ad_token,
            "azure_ad_token_provider": azure_ad_token_provider,
            "webhook_secret": webhook_secret,
            "base_url": base_url,
            "timeout": self.timeout,
            "max_retries": max_retries,
            "default_headers": default_headers,
            "default_query": default_query,
            "_strict_response_validation": _strict_response_validation,
        }
        if azure_ad_token_provider is not None:
            # Request building cannot await, so an async provider's token is added by an
            # outermost middleware, which runs on every attempt (user middleware sees it).
            self._send_chain = build_async_chain(
                (self._add_provider_token, *self._middleware), self._send_following_redirects
            )

    @property
    def api_key(self) -> str | None:
        return self._azure.api_key

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return self._azure.static_headers()

    async def _add_provider_token(self, request: httpx.Request, call_next: AsyncNext) -> httpx.Response:
        provider = self._azure.azure_ad_token_provider
        # The token goes only to the client's own origin, as every client credential does.
        if provider is not None and sends_credentials_to(request.url, self.base_url):
            token = provider()
            if inspect.isawaitable(token):
                token = await token
            request.headers["Authorization"] = f"Bearer {_checked_token(token)}"
        return await call_next(request)

    def _build_request(self, options: FinalRequestOptions, **kwargs: Any) -> httpx.Request:
        return super()._build_request(self._azure.route(options, self.base_url), **kwargs)

    def with_options(self, *, middleware: Sequence[AsyncMiddleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool.

        Setting one credential (or `azure_endpoint`/`base_url`) replaces the original one.
        """
        return super().with_options(middleware=middleware, **_changes_for_copy(changes))

    copy = with_options


AzureOpenAI = AzureClient
AsyncAzureOpenAI = AsyncAzureClient
