"""Tests of client middleware: order, changing the request, short-circuiting, inspecting the
response, and running once per attempt; sync middleware on `Client`, async on `AsyncClient`."""

from __future__ import annotations

from typing import Any, Callable, List

import httpx
import pytest

import oai

from .models_fixture import AnyClient, json_response, make_client, models_of, resolve

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def as_middleware(
    is_async: bool,
    before: Callable[[httpx.Request], httpx.Request | httpx.Response],
    after: Callable[[httpx.Response], None] | None = None,
) -> Any:
    """A sync or async middleware: `before` may change the request or answer instead of the
    transport; `after` sees the response."""
    if is_async:

        async def async_layer(request: httpx.Request, call_next: oai.AsyncNext) -> httpx.Response:
            outcome = before(request)
            if isinstance(outcome, httpx.Response):
                return outcome
            response = await call_next(outcome)
            if after is not None:
                after(response)
            return response

        return async_layer

    def layer(request: httpx.Request, call_next: oai.Next) -> httpx.Response:
        outcome = before(request)
        if isinstance(outcome, httpx.Response):
            return outcome
        response = call_next(outcome)
        if after is not None:
            after(response)
        return response

    return layer


class Transport:
    def __init__(self, *statuses: int) -> None:
        self.statuses = statuses or (200,)
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses[min(len(self.requests), len(self.statuses)) - 1]
        return json_response(MODEL if status == 200 else {"error": {"message": "x"}}, status)


async def get_model(client: AnyClient) -> Any:
    return await resolve(models_of(client).retrieve("gpt-4o"))


async def test_middleware_runs_in_list_order_around_the_transport(is_async: bool) -> None:
    events: List[str] = []

    def named(name: str) -> Any:
        def before(request: httpx.Request) -> httpx.Request:
            events.append(f"{name}:before")
            return request

        def after(response: httpx.Response) -> None:
            events.append(f"{name}:after")

        return as_middleware(is_async, before, after)

    def handler(request: httpx.Request) -> httpx.Response:
        events.append("transport")
        return json_response(MODEL)

    client = make_client(handler, is_async=is_async, middleware=[named("first"), named("second")])
    await get_model(client)
    assert events == ["first:before", "second:before", "transport", "second:after", "first:after"]


async def test_middleware_can_add_a_header_the_transport_sees(is_async: bool) -> None:
    def before(request: httpx.Request) -> httpx.Request:
        request.headers["X-Signed"] = "sig-1"
        return request

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before)])
    await get_model(client)
    assert transport.requests[0].headers["X-Signed"] == "sig-1"


async def test_middleware_can_replace_the_request(is_async: bool) -> None:
    def before(request: httpx.Request) -> httpx.Request:
        return httpx.Request(request.method, request.url.copy_with(path="/v1/models/rerouted"), headers=request.headers)

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before)])
    await get_model(client)
    assert transport.requests[0].url.path == "/v1/models/rerouted"


async def test_middleware_can_short_circuit_with_its_own_response(is_async: bool) -> None:
    cached = {**MODEL, "id": "from-cache"}

    def before(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=cached, request=request)

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before)])
    model = await get_model(client)
    assert model.id == "from-cache"
    assert transport.requests == []


async def test_middleware_can_inspect_the_response(is_async: bool) -> None:
    seen: List[int] = []

    def after(response: httpx.Response) -> None:
        seen.append(response.status_code)

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, lambda r: r, after)])
    await get_model(client)
    assert seen == [200]


async def test_middleware_runs_once_per_attempt_and_sees_retries(is_async: bool) -> None:
    seen: List[tuple[str, int]] = []

    def before(request: httpx.Request) -> httpx.Request:
        seen.append(("attempt", int(request.headers["X-Stainless-Retry-Count"])))
        return request

    def after(response: httpx.Response) -> None:
        seen.append(("status", response.status_code))

    transport = Transport(503, 429, 200)
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before, after)])
    model = await get_model(client)
    assert model.id == "gpt-4o"
    assert seen == [("attempt", 0), ("status", 503), ("attempt", 1), ("status", 429), ("attempt", 2), ("status", 200)]


async def test_middleware_exception_is_not_retried(is_async: bool) -> None:
    def before(request: httpx.Request) -> httpx.Request:
        raise PermissionError("blocked by policy")

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before)])
    with pytest.raises(PermissionError, match="blocked by policy"):
        await get_model(client)
    assert transport.requests == []


async def test_middleware_transport_error_is_retried(is_async: bool) -> None:
    calls: List[int] = []

    def before(request: httpx.Request) -> httpx.Request:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("flaky proxy", request=request)
        return request

    transport = Transport()
    client = make_client(transport, is_async=is_async, middleware=[as_middleware(is_async, before)])
    await get_model(client)
    assert len(calls) == 2
    assert len(transport.requests) == 1


async def test_async_client_awaits_async_middleware() -> None:
    events: List[str] = []

    async def audit(request: httpx.Request, call_next: oai.AsyncNext) -> httpx.Response:
        events.append("before")
        response = await call_next(request)
        events.append(f"after:{response.status_code}")
        return response

    client = make_client(Transport(), is_async=True, middleware=[audit])
    await get_model(client)
    assert events == ["before", "after:200"]
