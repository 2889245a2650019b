"""`BedrockOpenAI`/`AsyncBedrockOpenAI`: the OpenAI clients pointed at Amazon Bedrock's OpenAI-compatible endpoint.

Bedrock takes a Bedrock bearer token (an API key, `AWS_BEARER_TOKEN_BEDROCK`, or a short-term
token from `bedrock_token_provider`, called before each request, e.g.
`aws_bedrock_token_generator.provide_token`). The base URL comes from `base_url`,
`AWS_BEDROCK_BASE_URL`, or the region (`aws_region`, `AWS_REGION`, `AWS_DEFAULT_REGION`).
It must not change how the core builds, retries or parses requests beyond the URL and the token.
"""

from __future__ import annotations

import inspect
import os
from typing import Any, Awaitable, Callable, Mapping, Sequence, Union

import httpx
from typing_extensions import Self

from .._client import AsyncOpenAI, OpenAI, check_header_secret
from .._constants import DEFAULT_MAX_RETRIES
from .._exceptions import OpenAIError
from .._http import AnyAsyncHttpClient, AnySyncHttpClient
from .._middleware import AsyncMiddleware, AsyncNext, Middleware, build_async_chain
from .._types import Omit, omit

__all__ = [
    "AsyncBedrockOpenAI",
    "AsyncBedrockTokenProvider",
    "BedrockOpenAI",
    "BedrockTokenProvider",
    "bedrock_base_url",
]

BedrockTokenProvider = Callable[[], str]
AsyncBedrockTokenProvider = Callable[[], Union[str, Awaitable[str]]]

# The official client's AWS-credential (SigV4) arguments; not supported here, so refused by name.
_SIGV4_ARGS = (
    "aws_profile",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_credentials_provider",
)


def _refuse_sigv4(given: Mapping[str, object]) -> None:
    named = [name for name in _SIGV4_ARGS if given.get(name) is not None]
    if named:
        raise OpenAIError(
            f"{', '.join(f'`{n}`' for n in named)}: AWS SigV4 signing is not supported by this SDK yet; pass a Bedrock "
            "bearer token as `api_key`, or `bedrock_token_provider=` (e.g. aws_bedrock_token_generator.provide_token, "
            "which turns AWS credentials into short-term tokens)"
        )


def bedrock_base_url(aws_region: str | None = None) -> str:
    """`https://bedrock-mantle.<region>.api.aws/openai/v1` for `aws_region`, else `AWS_REGION` / `AWS_DEFAULT_REGION`.

    Raises:
        OpenAIError: no region was given or found.
    """
    region = aws_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise OpenAIError(
            "Missing AWS region: pass `aws_region=` or `base_url=` to the client, or set AWS_REGION, "
            "AWS_DEFAULT_REGION or AWS_BEDROCK_BASE_URL"
        )
    return f"https://bedrock-mantle.{region}.api.aws/openai/v1"


class _BedrockSettings:
    """The checked Bedrock arguments: base URL and the one credential."""

    def __init__(
        self,
        *,
        api_key: object,
        bedrock_token_provider: Callable[[], object] | None,
        aws_region: str | None,
        base_url: str | httpx.URL | None,
    ) -> None:
        if callable(api_key):
            raise OpenAIError("Pass refreshable Bedrock credentials as `bedrock_token_provider`, not `api_key`")
        if api_key is not None and not isinstance(api_key, str):
            raise OpenAIError(f"`api_key` must be a string, got {type(api_key).__name__}")
        if api_key == "":
            raise OpenAIError("`api_key` must not be empty")
        if api_key is not None and bedrock_token_provider is not None:
            raise OpenAIError("`api_key` and `bedrock_token_provider` are mutually exclusive; pass only one")
        if bedrock_token_provider is not None and not callable(bedrock_token_provider):
            raise OpenAIError("`bedrock_token_provider` must be a function returning a Bedrock bearer token")
        if api_key is None and bedrock_token_provider is None:
            api_key = os.environ.get("AWS_BEARER_TOKEN_BEDROCK") or None
            if api_key is None:
                raise OpenAIError(
                    "Missing Bedrock credentials: pass `api_key` or `bedrock_token_provider`, "
                    "or set the AWS_BEARER_TOKEN_BEDROCK environment variable"
                )
        self.api_key: str | None = api_key
        self.token_provider = bedrock_token_provider
        self.aws_region = aws_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
        if base_url is None:
            base_url = os.environ.get("AWS_BEDROCK_BASE_URL") or bedrock_base_url(aws_region)
        self.base_url = httpx.URL(str(base_url))

    def static_headers(self) -> dict[str, str]:
        if self.api_key is None:
            return {}
        return {"Authorization": f"Bearer {check_header_secret(self.api_key, 'The Bedrock API key')}"}

    def sync_headers(self) -> dict[str, str]:
        if self.token_provider is None:
            return self.static_headers()
        return {"Authorization": f"Bearer {checked_token(self.token_provider())}"}


def checked_token(token: object) -> str:
    """A provider's token, refused when it is not a non-empty string a header can carry."""
    if not isinstance(token, str) or not token:
        raise OpenAIError(f"`bedrock_token_provider` must return a non-empty string, got {type(token).__name__}")
    return check_header_secret(token, "The Bedrock token")


def _changes_for_copy(changes: dict[str, Any]) -> dict[str, Any]:
    # A copy that sets one credential (or location) drops the other, which would clash with it.
    cleared: dict[str, Any] = {}
    for group in (("api_key", "bedrock_token_provider"), ("aws_region", "base_url")):
        if any(name in changes for name in group):
            cleared.update(dict.fromkeys(group))
    return {**cleared, **changes}


class BedrockOpenAI(OpenAI):
    """The synchronous client for Amazon Bedrock's OpenAI-compatible endpoint.

    ```py
    from aws_bedrock_token_generator import provide_token
    from oai import BedrockOpenAI

    client = BedrockOpenAI(aws_region="us-east-2", bedrock_token_provider=provide_token)
    client.responses.create(model="openai.gpt-oss-120b", input="Hello")
    ```
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        aws_region: str | None = None,
        bedrock_token_provider: BedrockTokenProvider | None = None,
        aws_profile: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        aws_credentials_provider: object = None,
        organization: str | None = None,
        project: str | None = None,
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
            api_key: a Bedrock API key, sent as `Authorization: Bearer` (default: `AWS_BEARER_TOKEN_BEDROCK`).
            aws_region: the region of the default endpoint (default: `AWS_REGION`, then `AWS_DEFAULT_REGION`).
            bedrock_token_provider: returns a fresh Bedrock bearer token; called before each request.
            aws_profile, aws_access_key_id, aws_secret_access_key, aws_session_token,
                aws_credentials_provider: the official client's SigV4 modes; refused with an
                `OpenAIError` (use `bedrock_token_provider`).
            base_url: the full base URL (default: `AWS_BEDROCK_BASE_URL`, else derived from the region).
            organization, project, webhook_secret, timeout, max_retries, default_headers,
                default_query, http_client, middleware: as for `OpenAI`.

        Raises:
            OpenAIError: no credential or region, both `api_key` and `bedrock_token_provider`, or a
                callable `api_key`.
        """
        _refuse_sigv4(
            {
                "aws_profile": aws_profile,
                "aws_access_key_id": aws_access_key_id,
                "aws_secret_access_key": aws_secret_access_key,
                "aws_session_token": aws_session_token,
                "aws_credentials_provider": aws_credentials_provider,
            }
        )
        self._bedrock = _BedrockSettings(
            api_key=api_key, bedrock_token_provider=bedrock_token_provider, aws_region=aws_region, base_url=base_url
        )
        super().__init__(
            # The OpenAI key is never sent (`auth_headers` is replaced); any value satisfies the check.
            api_key=self._bedrock.api_key or "<bedrock>",
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=self._bedrock.base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            middleware=middleware,
            _strict_response_validation=_strict_response_validation,
        )
        self._init_args = {
            **{k: v for k, v in self._init_args.items() if k != "admin_api_key"},
            "api_key": api_key,
            "aws_region": aws_region,
            "bedrock_token_provider": bedrock_token_provider,
            "base_url": base_url,
        }

    @property
    def api_key(self) -> str | None:
        return self._bedrock.api_key

    @property
    def aws_region(self) -> str | None:
        """The region given or found in the environment (None when only a base URL was given)."""
        return self._bedrock.aws_region

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return {**_account_headers(self), **self._bedrock.sync_headers()}

    def with_options(self, *, middleware: Sequence[Middleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool.

        Setting one credential (or `aws_region`/`base_url`) replaces the original one.
        """
        return super().with_options(middleware=middleware, **_changes_for_copy(changes))

    copy = with_options


class AsyncBedrockOpenAI(AsyncOpenAI):
    """The asynchronous client for Amazon Bedrock; the same arguments as `BedrockOpenAI`, and
    `bedrock_token_provider` may be an async function."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        aws_region: str | None = None,
        bedrock_token_provider: AsyncBedrockTokenProvider | None = None,
        aws_profile: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        aws_credentials_provider: object = None,
        organization: str | None = None,
        project: str | None = None,
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
        """Create a client; see `BedrockOpenAI` for the arguments."""
        _refuse_sigv4(
            {
                "aws_profile": aws_profile,
                "aws_access_key_id": aws_access_key_id,
                "aws_secret_access_key": aws_secret_access_key,
                "aws_session_token": aws_session_token,
                "aws_credentials_provider": aws_credentials_provider,
            }
        )
        self._bedrock = _BedrockSettings(
            api_key=api_key, bedrock_token_provider=bedrock_token_provider, aws_region=aws_region, base_url=base_url
        )
        super().__init__(
            api_key=self._bedrock.api_key or "<bedrock>",
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=self._bedrock.base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            middleware=middleware,
            _strict_response_validation=_strict_response_validation,
        )
        self._init_args = {
            **{k: v for k, v in self._init_args.items() if k != "admin_api_key"},
            "api_key": api_key,
            "aws_region": aws_region,
            "bedrock_token_provider": bedrock_token_provider,
            "base_url": base_url,
        }
        if bedrock_token_provider is not None:
            # Request building cannot await, so the provider's token is added by an outermost
            # middleware, which runs on every attempt (a retry gets a fresh token).
            self._send_chain = build_async_chain(
                (self._add_provider_token, *self._middleware), self._send_following_redirects
            )

    @property
    def api_key(self) -> str | None:
        return self._bedrock.api_key

    @property
    def aws_region(self) -> str | None:
        """The region given or found in the environment (None when only a base URL was given)."""
        return self._bedrock.aws_region

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return {**_account_headers(self), **self._bedrock.static_headers()}

    async def _add_provider_token(self, request: httpx.Request, call_next: AsyncNext) -> httpx.Response:
        provider = self._bedrock.token_provider
        if provider is not None:
            token = provider()
            if inspect.isawaitable(token):
                token = await token
            request.headers["Authorization"] = f"Bearer {checked_token(token)}"
        return await call_next(request)

    def with_options(self, *, middleware: Sequence[AsyncMiddleware] | None = None, **changes: Any) -> Self:
        """A copy with some constructor arguments changed, sharing the connection pool."""
        return super().with_options(middleware=middleware, **_changes_for_copy(changes))

    copy = with_options


def _account_headers(client: OpenAI | AsyncOpenAI) -> dict[str, str]:
    headers: dict[str, str] = {}
    if client.organization:
        headers["OpenAI-Organization"] = client.organization
    if client.project:
        headers["OpenAI-Project"] = client.project
    return headers
