"""`SyncAPIClient`/`AsyncAPIClient`: the request loop (build → middleware → send → follow
redirects → retry → response) and the raw verbs. What to do after each attempt is decided in
`_attempts` (pure, shared); request building lives in `BaseClient`; the two loops only do the
I/O and the waiting. No OpenAI-specific auth lives here (see `_client.py`)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterable,
    Callable,
    Generic,
    Iterable,
    Mapping,
    Sequence,
    TypeVar,
    cast,
    get_args,
    get_origin,
)

import httpx

from ._attempts import CallAttempts, Decision, Retry, error_for_exception, next_redirect
from ._credential_scope import sends_credentials_to
from ._files import async_to_httpx_files, form_fields_as_parts, multipart_data, to_httpx_files
from ._http import (
    AnyAsyncHttpClient,
    AnySyncHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
    adopt_async_http_client,
    adopt_sync_http_client,
)
from ._logging import log_request, log_response, log_retry, setup_logging
from ._middleware import AsyncMiddleware, Middleware, build_async_chain, build_chain
from ._options import FinalRequestOptions
from ._platform import platform_headers
from ._rate_limits import attach_rate_limits, last_rate_limits, record_response
from ._redaction import mask_request_headers
from ._request import (
    build_httpx_request,
    encode_json,
    flatten_query,
    is_replayable,
    join_url,
    merge_headers,
    normalize_base_url,
)
from ._response import APIResponse, AsyncAPIResponse, LegacyAPIResponse, parse_content
from ._types import Omit
from ._verbs import AsyncVerbs, SyncVerbs

if TYPE_CHECKING:
    from ._pagination import BaseAsyncPage, BaseSyncPage
    from ._rate_limit_headers import RateLimits

__all__ = ["AsyncAPIClient", "BaseClient", "SyncAPIClient"]

_T = TypeVar("_T")
_StreamT = TypeVar("_StreamT")
_SyncPageT = TypeVar("_SyncPageT", bound="BaseSyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="BaseAsyncPage[Any]")
_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)

HttpxFiles = Any  # the multipart parts httpx accepts; built by `_files`


class BaseClient(Generic[_HttpxClientT]):
    """Client state and every request decision that does not wait."""

    _http_client: _HttpxClientT | None = None
    _is_async: bool = False

    def __init__(
        self,
        *,
        base_url: httpx.URL,
        timeout: httpx.Timeout,
        max_retries: int,
        custom_headers: Mapping[str, str | Omit] | None,
        custom_query: Mapping[str, object] | None,
        strict_response_validation: bool,
    ) -> None:
        if max_retries < 0:
            raise ValueError("`max_retries` must be 0 or more")
        self._base_url = base_url
        self._url_cache: dict[str, httpx.URL] = {}
        self._platform_headers = platform_headers(is_async=self._is_async)
        self.timeout = timeout
        self.max_retries = max_retries
        self._custom_headers: Mapping[str, str | Omit] = dict(custom_headers or {})
        self._custom_query: Mapping[str, object] = dict(custom_query or {})
        self._strict_response_validation = strict_response_validation
        self._sleep: Callable[[float], Any] = time.sleep
        self._http_client_lock = threading.Lock()
        setup_logging()

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @base_url.setter
    def base_url(self, url: str | httpx.URL) -> None:
        self._base_url = normalize_base_url(url)
        self._url_cache.clear()

    @property
    def _client(self) -> _HttpxClientT:
        """The httpx client, created on first use: building one loads the CA bundle and
        imports httpcore, which would otherwise dominate `Client()` construction time."""
        client = self._http_client
        if client is None:
            with self._http_client_lock:
                client = self._http_client
                if client is None:
                    client = self._http_client = self._make_http_client()
        return client

    def _make_http_client(self) -> _HttpxClientT:
        raise NotImplementedError

    # -- hooks for the concrete client --------------------------------------------------

    def auth_headers(self, security: tuple[str, ...] | None) -> dict[str, str]:
        """Credentials for an operation with these security schemes; none by default."""
        return {}

    def _secret_values(self) -> tuple[str, ...]:
        """Every credential the client holds, masked in error messages; none by default."""
        return ()

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        return {**self._platform_headers, **self._custom_headers}

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    @property
    def last_rate_limits(self) -> RateLimits | None:
        """The rate limits of the latest response this client (or a `with_options` copy)
        received in the current thread or asyncio task; other threads and tasks never see it."""
        return last_rate_limits(self._client)

    # -- request building ----------------------------------------------------------------

    def _prepare_options(self, options: FinalRequestOptions) -> FinalRequestOptions:
        """Fix what must stay the same across retries of one call: the idempotency key."""
        if options.method.lower() != "get" and options.idempotency_key is None:
            return options.with_changes(idempotency_key=f"oai-retry-{uuid.uuid4()}")
        return options

    def _timeout_for(self, options: FinalRequestOptions) -> httpx.Timeout:
        if isinstance(options.timeout, Omit):
            return self.timeout
        if isinstance(options.timeout, httpx.Timeout):
            return options.timeout
        return httpx.Timeout(options.timeout)

    def _build_request(
        self, options: FinalRequestOptions, *, retries_taken: int, files: HttpxFiles | None = None
    ) -> httpx.Request:
        timeout = self._timeout_for(options)
        url: httpx.URL = self._url_for(options.url)
        # Credentials sit between the platform headers and the user's: `default_headers`
        # and `extra_headers` may replace or `omit` them, as in the official SDK. The
        # client's own go only to its base URL's origin (a raw verb may name another host).
        headers = merge_headers(
            self._platform_headers,
            self.auth_headers(options.security) if sends_credentials_to(url, self.base_url) else None,
            self._custom_headers,
            options.headers,
        )
        headers["X-Stainless-Retry-Count"] = str(retries_taken)
        if timeout.read is not None:
            headers["X-Stainless-Read-Timeout"] = str(timeout.read)
        if options.idempotency_key is not None:
            headers["Idempotency-Key"] = options.idempotency_key
        params: list[tuple[str, Any]] = (
            flatten_query({**self._custom_query, **options.params}) if self._custom_query or options.params else []
        )
        content: bytes | Iterable[bytes] | AsyncIterable[bytes] | None = options.content
        data: dict[str, object] | None = None
        body = options.json_body()
        if options.multipart:
            data = {}
            if body is not None:
                if not isinstance(body, Mapping):
                    raise TypeError("A multipart body must be a mapping of fields")
                data, _ = multipart_data(cast(Mapping[str, object], body))
            if not files:
                # httpx sends urlencoded when there is no file part; a form-field-only
                # multipart body is sent as nameless "file" parts, which encode as plain fields.
                files, data = form_fields_as_parts(data), None
        elif content is None and body is not None:
            content = encode_json(body)
            headers.setdefault("Content-Type", "application/json")
        if url.query:
            # httpx replaces a URL's query with `params`: keep the query written in the path.
            params = [*url.params.multi_items(), *params]
            url = url.copy_with(query=None)
        request = build_httpx_request(
            self._client,
            options.method.upper(),
            url,
            headers=headers,
            params=params,
            content=content,
            data=data,
            files=files,
            timeout=timeout,
        )
        return mask_request_headers(request)

    def _url_for(self, path: str) -> httpx.URL:
        # Most calls hit a handful of fixed paths; parsing the joined URL once per path saves
        # a URL parse per request. Bounded, since paths with ids are endless.
        url = self._url_cache.get(path)
        if url is None:
            if len(self._url_cache) >= 256:
                self._url_cache.clear()
            url = self._url_cache[path] = join_url(self.base_url, path)
        return url

    def _multipart_files(self, options: FinalRequestOptions) -> list[tuple[str, Any]]:
        body = options.json_body()
        if not options.multipart or not isinstance(body, Mapping):
            return []
        _, files = multipart_data(cast(Mapping[str, object], body))
        return files

    # -- response decisions (the rest live in `_attempts`) ---------------------------------

    def _attempts_for(self, options: FinalRequestOptions, *, stream: bool, stream_cls: Any) -> CallAttempts:
        max_retries = self.max_retries if isinstance(options.max_retries, Omit) else options.max_retries
        return CallAttempts(
            max_retries=max_retries, stream=stream and stream_cls is not None, mode=options.response_mode
        )

    def _parse_response(
        self,
        *,
        cast_to: Any,
        response: httpx.Response,
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: Any,
    ) -> Any:
        if stream and stream_cls is not None:
            item_types = get_args(stream_cls)
            origin = get_origin(stream_cls) or stream_cls
            return origin(
                cast_to=item_types[0] if item_types else object,
                response=response,
                strict=self._strict_response_validation,
            )
        result = parse_content(cast_to, response, strict=self._strict_response_validation)
        attach_rate_limits(result, response)
        from ._models import set_request_id  # loaded with the first parse: pydantic is heavy

        set_request_id(result, response.headers.get("x-request-id"))
        set_context = getattr(result, "_set_context", None)
        if set_context is not None:
            # The next pages are parsed, even when this one came through `with_raw_response`.
            if options.response_mode is not None:
                options = options.with_changes(response_mode=None)
            set_context(self, options)
        return result if options.post_parser is None else options.post_parser(result)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} max_retries={self.max_retries}>"


def _logged(request: httpx.Request, call: CallAttempts, retry: Retry) -> float:
    """Log the coming retry (the call already counts it) and return its delay."""
    log_retry(request, retries_taken=call.retries_taken - 1, delay=retry.delay, reason=retry.reason)
    return retry.delay


def _read_and_close(response: httpx.Response) -> None:
    try:
        response.read()
    finally:
        response.close()


async def _async_read_and_close(response: httpx.Response) -> None:
    try:
        await response.aread()
    finally:
        await response.aclose()


class SyncAPIClient(SyncVerbs, BaseClient[httpx.Client]):
    """The synchronous request loop and raw verbs."""

    def __init__(
        self,
        *,
        http_client: AnySyncHttpClient | None,
        middleware: Sequence[Middleware] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._http_client = None if http_client is None else adopt_sync_http_client(http_client)
        self._middleware: tuple[Middleware, ...] = tuple(middleware)
        self._send_chain = build_chain(self._middleware, self._send_following_redirects)

    def _make_http_client(self) -> httpx.Client:
        return DefaultHttpxClient(timeout=self.timeout)

    def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        client = self._client
        response = client.send(request, stream=True, follow_redirects=False)
        redirects = 0
        while True:
            try:
                next_request = next_redirect(
                    request,
                    response,
                    follow_redirects=client.follow_redirects,
                    redirects_taken=redirects,
                    max_redirects=client.max_redirects,
                )
            except httpx.TooManyRedirects:
                response.close()
                raise
            if next_request is None:
                return response
            response.close()
            request, redirects = self._prepare_redirect(next_request), redirects + 1
            response = client.send(request, stream=True, follow_redirects=False)

    def _prepare_redirect(self, request: httpx.Request) -> httpx.Request:
        """The redirected `request` as it will be sent; clients that sign requests re-sign it here."""
        return request

    def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        """Send one call, retrying as `CallAttempts` decides, and return its result."""
        options = self._prepare_options(options)
        call = self._attempts_for(options, stream=stream, stream_cls=stream_cls)
        files = to_httpx_files(self._multipart_files(options)) if options.multipart else None
        while True:
            request = self._build_request(options, retries_taken=call.retries_taken, files=files)
            replayable = is_replayable(request, files)
            log_request(request, retries_taken=call.retries_taken)
            try:
                response = self._send_chain(request)
                if call.reads_body_now(response):
                    _read_and_close(response)
            except Exception as exc:
                retry = call.after_exception(exc, replayable=replayable)
                if retry is None:
                    error = error_for_exception(exc, request)
                    if error is exc:
                        raise
                    raise error from exc
                self._sleep(_logged(request, call, retry))
                continue
            log_response(response, retries_taken=call.retries_taken)
            record_response(self._client, response)
            step = call.after_response(response, replayable=replayable)
            if isinstance(step, Retry):
                response.close()
                self._sleep(_logged(request, call, step))
                continue
            if step is Decision.RAISE:
                self._read(response)
                raise call.error_for(response, secrets=self._secret_values())
            return self._finish(cast_to, response, options, stream, stream_cls, call.retries_taken)

    def _finish(
        self,
        cast_to: Any,
        response: httpx.Response,
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: Any,
        retries_taken: int,
    ) -> Any:
        mode = options.response_mode
        if mode is not None:
            raw = APIResponse[Any](
                client=self,
                raw=response,
                cast_to=cast_to,
                options=options,
                stream=stream,
                stream_cls=stream_cls,
                retries_taken=retries_taken,
            )
            if mode == "raw" and not stream:
                self._read(response)
            return raw
        if not stream:
            self._read(response)
        return self._parse_response(
            cast_to=cast_to, response=response, options=options, stream=stream, stream_cls=stream_cls
        )

    def _read(self, response: httpx.Response) -> None:
        try:
            response.read()
        except httpx.TransportError as exc:
            raise error_for_exception(exc, response.request) from exc
        finally:
            response.close()

    def _request_api_list(self, page: type[_SyncPageT], options: FinalRequestOptions) -> _SyncPageT:
        return cast(_SyncPageT, self.request(page, options))

    def close(self) -> None:
        """Close the connection pool (shared with `with_options` copies)."""
        if self._http_client is not None:
            self._http_client.close()

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(AsyncVerbs, BaseClient[httpx.AsyncClient]):
    """The asynchronous request loop and raw verbs."""

    _is_async = True

    def __init__(
        self,
        *,
        http_client: AnyAsyncHttpClient | None,
        middleware: Sequence[AsyncMiddleware] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._http_client = None if http_client is None else adopt_async_http_client(http_client)
        import anyio  # here, not at the top: a sync process never loads it

        self._sleep = anyio.sleep
        self._middleware: tuple[AsyncMiddleware, ...] = tuple(middleware)
        self._send_chain = build_async_chain(self._middleware, self._send_following_redirects)

    def _make_http_client(self) -> httpx.AsyncClient:
        return DefaultAsyncHttpxClient(timeout=self.timeout)

    async def _send_following_redirects(self, request: httpx.Request) -> httpx.Response:
        client = self._client
        response = await client.send(request, stream=True, follow_redirects=False)
        redirects = 0
        while True:
            try:
                next_request = next_redirect(
                    request,
                    response,
                    follow_redirects=client.follow_redirects,
                    redirects_taken=redirects,
                    max_redirects=client.max_redirects,
                )
            except httpx.TooManyRedirects:
                await response.aclose()
                raise
            if next_request is None:
                return response
            await response.aclose()
            request, redirects = await self._prepare_redirect(next_request), redirects + 1
            response = await client.send(request, stream=True, follow_redirects=False)

    async def _prepare_redirect(self, request: httpx.Request) -> httpx.Request:
        """The redirected `request` as it will be sent; clients that sign requests re-sign it here."""
        return request

    async def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        """Send one call, retrying as `CallAttempts` decides, and return its result."""
        options = self._prepare_options(options)
        call = self._attempts_for(options, stream=stream, stream_cls=stream_cls)
        files = await async_to_httpx_files(self._multipart_files(options)) if options.multipart else None
        while True:
            request = self._build_request(options, retries_taken=call.retries_taken, files=files)
            replayable = is_replayable(request, files)
            log_request(request, retries_taken=call.retries_taken)
            try:
                response = await self._send_chain(request)
                if call.reads_body_now(response):
                    await _async_read_and_close(response)
            except Exception as exc:
                retry = call.after_exception(exc, replayable=replayable)
                if retry is None:
                    error = error_for_exception(exc, request)
                    if error is exc:
                        raise
                    raise error from exc
                await self._sleep(_logged(request, call, retry))
                continue
            log_response(response, retries_taken=call.retries_taken)
            record_response(self._client, response)
            step = call.after_response(response, replayable=replayable)
            if isinstance(step, Retry):
                await response.aclose()
                await self._sleep(_logged(request, call, step))
                continue
            if step is Decision.RAISE:
                await self._read(response)
                raise call.error_for(response, secrets=self._secret_values())
            return await self._finish(cast_to, response, options, stream, stream_cls, call.retries_taken)

    async def _finish(
        self,
        cast_to: Any,
        response: httpx.Response,
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: Any,
        retries_taken: int,
    ) -> Any:
        mode = options.response_mode
        if mode is not None:
            # Raw mode reads the body, so its `parse()` need not wait (official behaviour).
            if mode == "raw" and not stream:
                await self._read(response)
            response_cls = LegacyAPIResponse[Any] if mode == "raw" else AsyncAPIResponse[Any]
            raw: LegacyAPIResponse[Any] | AsyncAPIResponse[Any] = response_cls(
                client=self,
                raw=response,
                cast_to=cast_to,
                options=options,
                stream=stream,
                stream_cls=stream_cls,
                retries_taken=retries_taken,
            )
            return raw
        if not stream:
            await self._read(response)
        return self._parse_response(
            cast_to=cast_to, response=response, options=options, stream=stream, stream_cls=stream_cls
        )

    async def _read(self, response: httpx.Response) -> None:
        try:
            await response.aread()
        except httpx.TransportError as exc:
            raise error_for_exception(exc, response.request) from exc
        finally:
            await response.aclose()

    async def _request_api_list(self, page: type[_AsyncPageT], options: FinalRequestOptions) -> _AsyncPageT:
        return cast(_AsyncPageT, await self.request(page, options))

    async def close(self) -> None:
        """Close the connection pool (shared with `with_options` copies)."""
        if self._http_client is not None:
            await self._http_client.aclose()

    async def __aenter__(self: _T) -> _T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
