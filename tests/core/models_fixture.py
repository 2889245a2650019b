"""Test fixtures: a hand-written `models` resource shaped like generated code, and helpers
that run one test body against either client; it must not be imported by `src/oai`."""

from __future__ import annotations

import functools
import inspect
import json
from typing import Any, AsyncIterable, Awaitable, Callable, Iterable, List, Union

import httpx
from typing_extensions import Literal

import oai
from oai._legacy_response import LegacyAPIResponse
from oai._models import BaseModel
from oai._options import make_request_options
from oai._request import path_template
from oai._resource import AsyncAPIResource, SyncAPIResource
from oai._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncResponseContextManager,
    ResponseContextManager,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from oai._types import Body, Headers, Omit, Query, omit
from oai.pagination import AsyncPage, AsyncPaginator, SyncPage

from ..conftest import RecordedSleeps, make_async_client, make_sync_client

__all__ = [
    "AnyClient",
    "AsyncModels",
    "AsyncModelsWithRawResponse",
    "AsyncModelsWithStreamingResponse",
    "Handler",
    "Model",
    "Models",
    "ModelsWithRawResponse",
    "ModelsWithStreamingResponse",
    "close_client",
    "collect",
    "json_response",
    "make_client",
    "models_of",
    "resolve",
    "sleeps_of",
]

Handler = Callable[[httpx.Request], httpx.Response]
AnyClient = Union[oai.Client, oai.AsyncClient]


class Model(BaseModel):
    """Describes an OpenAI model offering that can be used with the API."""

    id: str
    created: int
    object: Literal["model"]
    owned_by: str


class Models(SyncAPIResource):
    """List and describe the models available in the API (hand-written like generated code)."""

    @functools.cached_property
    def with_raw_response(self) -> ModelsWithRawResponse:
        return ModelsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> ModelsWithStreamingResponse:
        return ModelsWithStreamingResponse(self)

    def retrieve(
        self,
        model: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> Model:
        """Retrieves a model instance."""
        return self._get(
            path_template("/models/{model}", model=model),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                max_retries=max_retries,
            ),
            cast_to=Model,
        )

    def list(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> SyncPage[Model]:
        """Lists the currently available models."""
        return self._get_api_list(
            "/models",
            page=SyncPage[Model],
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                max_retries=max_retries,
            ),
            model=Model,
        )


class AsyncModels(AsyncAPIResource):
    """The async twin of `Models`."""

    @functools.cached_property
    def with_raw_response(self) -> AsyncModelsWithRawResponse:
        return AsyncModelsWithRawResponse(self)

    @functools.cached_property
    def with_streaming_response(self) -> AsyncModelsWithStreamingResponse:
        return AsyncModelsWithStreamingResponse(self)

    async def retrieve(
        self,
        model: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> Model:
        """Retrieves a model instance."""
        return await self._get(
            path_template("/models/{model}", model=model),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                max_retries=max_retries,
            ),
            cast_to=Model,
        )

    def list(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> AsyncPaginator[Model, AsyncPage[Model]]:
        """Lists the currently available models."""
        return self._get_api_list(
            "/models",
            page=AsyncPage[Model],
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
                max_retries=max_retries,
            ),
            model=Model,
        )


class ModelsWithRawResponse:
    def __init__(self, models: Models) -> None:
        self.retrieve: Callable[..., APIResponse[Model]] = to_raw_response_wrapper(models.retrieve)
        self.list: Callable[..., APIResponse[SyncPage[Model]]] = to_raw_response_wrapper(models.list)


class AsyncModelsWithRawResponse:
    def __init__(self, models: AsyncModels) -> None:
        self.retrieve: Callable[..., Awaitable[LegacyAPIResponse[Model]]] = async_to_raw_response_wrapper(
            models.retrieve
        )
        self.list: Callable[..., Awaitable[LegacyAPIResponse[AsyncPage[Model]]]] = async_to_raw_response_wrapper(
            models.list
        )


class ModelsWithStreamingResponse:
    def __init__(self, models: Models) -> None:
        self.retrieve: Callable[..., ResponseContextManager[APIResponse[Model]]] = to_streamed_response_wrapper(
            models.retrieve
        )


class AsyncModelsWithStreamingResponse:
    def __init__(self, models: AsyncModels) -> None:
        self.retrieve: Callable[..., AsyncResponseContextManager[AsyncAPIResponse[Model]]] = (
            async_to_streamed_response_wrapper(models.retrieve)
        )


# -- running one test body against either client ----------------------------------------


def json_response(data: object, status_code: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response with the right content type."""
    return httpx.Response(
        status_code,
        content=json.dumps(data).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )


def make_client(handler: Handler, *, is_async: bool, **kwargs: Any) -> AnyClient:
    """The sync or async client of `conftest`, on a MockTransport with a recording sleep."""
    return make_async_client(handler, **kwargs) if is_async else make_sync_client(handler, **kwargs)


def models_of(client: AnyClient) -> Any:
    """The fixture `models` resource bound to `client` (typed `Any`: sync or async)."""
    return AsyncModels(client) if isinstance(client, oai.AsyncClient) else Models(client)


def sleeps_of(client: AnyClient) -> RecordedSleeps:
    """The delays the client's fake sleep recorded."""
    recorded = client._recorded_sleeps if isinstance(client, oai.AsyncClient) else client._sleep  # type: ignore[attr-defined]  # set by conftest
    assert isinstance(recorded, RecordedSleeps)
    return recorded


async def resolve(value: Any) -> Any:
    """Await the result of an async client call; pass a sync client's result through."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(items: Iterable[Any] | AsyncIterable[Any]) -> List[Any]:
    """Every item of a sync or async iterable."""
    if isinstance(items, AsyncIterable):
        return [item async for item in items]  # pyright: ignore[reportUnknownVariableType]
    return list(items)


async def close_client(client: AnyClient) -> None:
    await resolve(client.close())
