"""`BedrockOpenAI`/`AsyncBedrockOpenAI`: the OpenAI clients pointed at Amazon Bedrock's OpenAI-compatible endpoint.

Bedrock takes a Bedrock bearer token (an API key, `AWS_BEARER_TOKEN_BEDROCK`, or a short-term
token from `bedrock_token_provider`, called before each request, e.g.
`aws_bedrock_token_generator.provide_token`), or AWS credentials, with which every attempt is
signed with SigV4 (`_sigv4.py`; service `bedrock-mantle`). The base URL comes from `base_url`,
`AWS_BEDROCK_BASE_URL`, or the region (`aws_region`, `AWS_REGION`, `AWS_DEFAULT_REGION`).
It must not change how the core builds, retries or parses requests beyond the URL and the auth.
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
from .._middleware import AsyncMiddleware, AsyncNext, Middleware, Next, build_async_chain, build_chain
from .._types import Omit, omit
from ._aws_credentials import coerce_credentials, environment_credentials, profile_credentials
from ._sigv4 import AwsCredentials, sign_request

__all__ = [
    "AsyncAwsCredentialsProvider",
    "AsyncBedrockOpenAI",
    "AsyncBedrockTokenProvider",
    "AwsCredentials",
    "AwsCredentialsProvider",
    "BedrockOpenAI",
    "BedrockTokenProvider",
    "bedrock_base_url",
]

BedrockTokenProvider = Callable[[], str]
AsyncBedrockTokenProvider = Callable[[], Union[str, Awaitable[str]]]

AwsCredentialsProvider = Callable[[], object]
"""Returns AWS credentials (`AwsCredentials`, a mapping with `access_key_id`, `secret_access_key`
and optional `session_token`, or botocore-style credentials); called before every attempt."""
AsyncAwsCredentialsProvider = Callable[[], Union[object, Awaitable[object]]]

_STATIC_KEY_ARGS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")
_CREDENTIAL_ARGS = ("api_key", "bedrock_token_provider", *_STATIC_KEY_ARGS, "aws_credentials_provider", "aws_profile")
# Bedrock's OpenAI-compatible (Mantle) endpoint signs as `bedrock-mantle`; the runtime endpoint as `bedrock`.
MANTLE_SIGNING_SERVICE = "bedrock-mantle"
RUNTIME_SIGNING_SERVICE = "bedrock"


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


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
    """The checked Bedrock arguments: base URL and the one credential mode.

    Resolution order: (1) the one explicit mode given: `api_key` or `bedrock_token_provider`
    (bearer), or `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`), or
    `aws_credentials_provider`, or `aws_profile` (SigV4); giving two is an error naming them;
    (2) `AWS_BEARER_TOKEN_BEDROCK`; (3) `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
    `AWS_SESSION_TOKEN`; (4) the `AWS_PROFILE` profile (else `default`) of the shared files.
    """

    def __init__(self, *, base_url: str | httpx.URL | None, aws_region: str | None, **given: Any) -> None:
        api_key, bedrock_token_provider = given["api_key"], given["bedrock_token_provider"]
        if callable(api_key):
            raise OpenAIError("Pass refreshable Bedrock credentials as `bedrock_token_provider`, not `api_key`")
        if api_key is not None and not isinstance(api_key, str):
            raise OpenAIError(f"`api_key` must be a string, got {type(api_key).__name__}")
        if api_key == "":
            raise OpenAIError("`api_key` must not be empty")
        if bedrock_token_provider is not None and not callable(bedrock_token_provider):
            raise OpenAIError("`bedrock_token_provider` must be a function returning a Bedrock bearer token")
        self.api_key: str | None = api_key
        self.token_provider: Callable[[], object] | None = bedrock_token_provider
        self.aws_credentials: AwsCredentials | None = None
        self.aws_provider: Callable[[], object] | None = None
        _check_one_mode(given)
        if not self._explicit_aws(given) and api_key is None and bedrock_token_provider is None:
            self._from_environment()
        self.aws_region = aws_region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
        if base_url is None:
            base_url = os.environ.get("AWS_BEDROCK_BASE_URL") or bedrock_base_url(aws_region)
        self.base_url = httpx.URL(str(base_url))
        self.signing_service = signing_service_for(self.base_url)
        self.signing_region = self.aws_region or _region_of_host(self.base_url.host) or ""
        if self.uses_sigv4 and not self.signing_region:
            raise OpenAIError(
                "SigV4 signing needs an AWS region: pass `aws_region=` (or set AWS_REGION) with this `base_url`"
            )

    def _explicit_aws(self, given: Mapping[str, Any]) -> bool:
        key_id, secret, token = (given[name] for name in _STATIC_KEY_ARGS)
        if key_id is not None or secret is not None or token is not None:
            if not key_id or not secret:
                raise OpenAIError(
                    "`aws_access_key_id` and `aws_secret_access_key` must be given together (with optional "
                    "`aws_session_token`)"
                )
            self.aws_credentials = coerce_credentials(
                {"access_key_id": key_id, "secret_access_key": secret, "session_token": token},
                "`aws_access_key_id`/`aws_secret_access_key`/`aws_session_token`",
            )
            return True
        provider = given["aws_credentials_provider"]
        if provider is not None:
            if not callable(provider):
                raise OpenAIError("`aws_credentials_provider` must be a function returning AWS credentials")
            self.aws_provider = provider
            return True
        profile = given["aws_profile"]
        if profile is not None:
            if not isinstance(profile, str) or not profile:
                raise OpenAIError("`aws_profile` must be a non-empty profile name")
            self.aws_credentials = profile_credentials(profile, required=True)
            return True
        return False

    def _from_environment(self) -> None:
        self.api_key = os.environ.get("AWS_BEARER_TOKEN_BEDROCK") or None
        if self.api_key is not None:
            return
        profile = os.environ.get("AWS_PROFILE") or None
        self.aws_credentials = environment_credentials() or profile_credentials(
            profile or "default", required=profile is not None
        )
        if self.aws_credentials is None:
            raise OpenAIError(
                "Missing Bedrock credentials: pass `api_key`, `bedrock_token_provider`, `aws_access_key_id` and "
                "`aws_secret_access_key`, `aws_credentials_provider` or `aws_profile`, or set "
                "AWS_BEARER_TOKEN_BEDROCK or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )

    @property
    def uses_sigv4(self) -> bool:
        return self.aws_credentials is not None or self.aws_provider is not None

    def static_headers(self) -> dict[str, str]:
        if self.api_key is None:
            return {}
        return {"Authorization": f"Bearer {check_header_secret(self.api_key, 'The Bedrock API key')}"}

    def sync_headers(self) -> dict[str, str]:
        if self.token_provider is None:
            return self.static_headers()
        return {"Authorization": f"Bearer {checked_token(self.token_provider())}"}

    def sign(self, request: httpx.Request, provided: object = None) -> None:
        """Sign `request` (its body read) with the static credentials or the provider's `provided` ones."""
        credentials = self.aws_credentials or coerce_credentials(provided, "`aws_credentials_provider`")
        sign_request(request, credentials, region=self.signing_region, service=self.signing_service)


def _check_one_mode(given: Mapping[str, Any]) -> None:
    """Refuse two credential modes at once, naming every argument given."""
    modes = {
        "bearer": [name for name in ("api_key", "bedrock_token_provider") if given[name] is not None],
        "keys": [name for name in _STATIC_KEY_ARGS if given[name] is not None],
        "provider": ["aws_credentials_provider"] if given["aws_credentials_provider"] is not None else [],
        "profile": ["aws_profile"] if given["aws_profile"] is not None else [],
    }
    named = [name for names in modes.values() for name in names]
    if len(modes["bearer"]) > 1 or sum(1 for names in modes.values() if names) > 1:
        raise OpenAIError(
            f"{_names(named)} are mutually exclusive: pass one credential (a Bedrock bearer key or token "
            "provider, AWS access keys, `aws_credentials_provider`, or `aws_profile`)"
        )


def signing_service_for(base_url: httpx.URL) -> str:
    """The SigV4 service name of a Bedrock endpoint: `bedrock` for `bedrock-runtime.*` hosts,
    else `bedrock-mantle` (the default OpenAI-compatible endpoint, and proxies in front of it)."""
    return RUNTIME_SIGNING_SERVICE if base_url.host.startswith("bedrock-runtime.") else MANTLE_SIGNING_SERVICE


def _region_of_host(host: str) -> str | None:
    # `bedrock-mantle.<region>.api.aws` / `bedrock-runtime.<region>.amazonaws.com`
    parts = host.split(".")
    if len(parts) >= 3 and parts[0] in ("bedrock-mantle", "bedrock-runtime"):
        return parts[1]
    return None


def checked_token(token: object) -> str:
    """A provider's token, refused when it is not a non-empty string a header can carry."""
    if not isinstance(token, str) or not token:
        raise OpenAIError(f"`bedrock_token_provider` must return a non-empty string, got {type(token).__name__}")
    return check_header_secret(token, "The Bedrock token")


def _changes_for_copy(changes: dict[str, Any]) -> dict[str, Any]:
    # A copy that sets one credential (or location) drops the other, which would clash with it.
    cleared: dict[str, Any] = {}
    for group in (_CREDENTIAL_ARGS, ("aws_region", "base_url")):
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
        aws_credentials_provider: AwsCredentialsProvider | None = None,
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
            aws_access_key_id, aws_secret_access_key, aws_session_token: static AWS credentials;
                every attempt is then signed with SigV4 (service `bedrock-mantle`, or `bedrock`
                for a `bedrock-runtime.*` base URL).
            aws_credentials_provider: returns AWS credentials (`AwsCredentials`, a mapping with
                `access_key_id`/`secret_access_key`/`session_token`, or botocore-style
                credentials, e.g. `boto3.Session().get_credentials().get_frozen_credentials`);
                called before every attempt, retries included.
            aws_profile: a profile with static keys in `~/.aws/credentials` or `~/.aws/config`
                (`AWS_SHARED_CREDENTIALS_FILE` / `AWS_CONFIG_FILE`), read once.
                Without any credential argument: `AWS_BEARER_TOKEN_BEDROCK`, then
                `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`, then the
                `AWS_PROFILE` (else `default`) profile.
            base_url: the full base URL (default: `AWS_BEDROCK_BASE_URL`, else derived from the region).
            organization, project, webhook_secret, timeout, max_retries, default_headers,
                default_query, http_client, middleware: as for `OpenAI`.

        Raises:
            OpenAIError: no credential or region, two credential modes at once (naming them), a
                missing profile, or a callable `api_key`.
        """
        credentials: dict[str, Any] = {
            "api_key": api_key,
            "bedrock_token_provider": bedrock_token_provider,
            "aws_profile": aws_profile,
            "aws_access_key_id": aws_access_key_id,
            "aws_secret_access_key": aws_secret_access_key,
            "aws_session_token": aws_session_token,
            "aws_credentials_provider": aws_credentials_provider,
        }
        self._bedrock = _BedrockSettings(aws_region=aws_region, base_url=base_url, **credentials)
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
            **credentials,
            "aws_region": aws_region,
            "base_url": base_url,
        }
        if self._bedrock.uses_sigv4:
            # Signed innermost, after the user's middleware changed the request, on every attempt:
            # each retry gets a new date (and fresh provider credentials), so a new signature.
            self._send_chain = build_chain((*self._middleware, self._sign), self._send_following_redirects)

    @property
    def api_key(self) -> str | None:
        return self._bedrock.api_key

    @property
    def aws_region(self) -> str | None:
        """The region given or found in the environment (None when only a base URL was given)."""
        return self._bedrock.aws_region

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        return {**_account_headers(self), **self._bedrock.sync_headers()}

    def _sign(self, request: httpx.Request, call_next: Next) -> httpx.Response:
        request.read()
        provider = self._bedrock.aws_provider
        self._bedrock.sign(request, None if provider is None else provider())
        return call_next(request)

    def _prepare_redirect(self, request: httpx.Request) -> httpx.Request:
        # The first signature covers the first path, query and body; a same-origin hop (the only
        # kind that keeps `Authorization`) is signed again for what it sends.
        if self._bedrock.uses_sigv4 and "authorization" in request.headers:
            request.read()
            provider = self._bedrock.aws_provider
            self._bedrock.sign(request, None if provider is None else provider())
        return request

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
        aws_credentials_provider: AsyncAwsCredentialsProvider | None = None,
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
        credentials: dict[str, Any] = {
            "api_key": api_key,
            "bedrock_token_provider": bedrock_token_provider,
            "aws_profile": aws_profile,
            "aws_access_key_id": aws_access_key_id,
            "aws_secret_access_key": aws_secret_access_key,
            "aws_session_token": aws_session_token,
            "aws_credentials_provider": aws_credentials_provider,
        }
        self._bedrock = _BedrockSettings(aws_region=aws_region, base_url=base_url, **credentials)
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
            **credentials,
            "aws_region": aws_region,
            "base_url": base_url,
        }
        if bedrock_token_provider is not None:
            # Request building cannot await, so the provider's token is added by an outermost
            # middleware, which runs on every attempt (a retry gets a fresh token).
            self._send_chain = build_async_chain(
                (self._add_provider_token, *self._middleware), self._send_following_redirects
            )
        elif self._bedrock.uses_sigv4:
            # As for `BedrockOpenAI`: signed innermost, on every attempt.
            self._send_chain = build_async_chain((*self._middleware, self._sign), self._send_following_redirects)

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

    async def _sign(self, request: httpx.Request, call_next: AsyncNext) -> httpx.Response:
        await request.aread()
        self._bedrock.sign(request, await self._provided_credentials())
        return await call_next(request)

    async def _prepare_redirect(self, request: httpx.Request) -> httpx.Request:
        # As for `BedrockOpenAI`: a same-origin hop is signed again for its own path, query and body.
        if self._bedrock.uses_sigv4 and "authorization" in request.headers:
            await request.aread()
            self._bedrock.sign(request, await self._provided_credentials())
        return request

    async def _provided_credentials(self) -> object:
        provider = self._bedrock.aws_provider
        if provider is None:
            return None
        provided = provider()
        return await provided if inspect.isawaitable(provided) else provided

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
