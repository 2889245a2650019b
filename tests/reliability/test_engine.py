"""The default clients send through the engine's pools (`oai._engine`: httpcore's for sync
clients, httpcore2's for async ones), and every fault still surfaces as the httpx error (and SDK
error) that httpx's own transport gave."""

from __future__ import annotations

from typing import Any

import httpcore
import httpcore2
import httpx
import pytest

import oai
from oai._constants import DEFAULT_CONNECTION_LIMITS
from oai._engine_async import AsyncEngineTransport
from oai._engine_sync import EngineTransport
from oai._http import _engine_fits  # pyright: ignore[reportPrivateUsage]

from .conftest import AnyClient, Echo, MakeClient, resolve, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio


def _transport(client: AnyClient) -> Any:
    return client._client._transport  # pyright: ignore[reportPrivateUsage]


def test_the_default_clients_use_the_engine_unless_given_a_transport_or_http2() -> None:
    assert isinstance(oai.DefaultHttpxClient()._transport, EngineTransport)  # pyright: ignore[reportPrivateUsage]
    assert isinstance(oai.DefaultAsyncHttpxClient()._transport, AsyncEngineTransport)  # pyright: ignore[reportPrivateUsage]
    mock = httpx.MockTransport(lambda request: httpx.Response(204))
    assert oai.DefaultHttpxClient(transport=mock)._transport is mock  # pyright: ignore[reportPrivateUsage]
    # HTTP/2 is httpx's transport's job (it needs the `h2` extra, so only the choice is checked).
    assert not _engine_fits({"http2": True, "limits": DEFAULT_CONNECTION_LIMITS})
    assert _engine_fits({"http2": False, "limits": DEFAULT_CONNECTION_LIMITS})


def test_the_engine_pools_take_the_sdk_connection_limits() -> None:
    small: Any = oai.DefaultAsyncHttpxClient(limits=httpx.Limits(max_connections=7, max_keepalive_connections=3))
    (pool,) = small._transport._pools  # a small limit is one pool
    assert isinstance(pool, httpcore2.AsyncConnectionPool)
    assert (pool._max_connections, pool._max_keepalive_connections) == (7, 3)
    # The SDK's default (1000 / 100 kept alive) is split over 4 stripes.
    striped: Any = oai.DefaultAsyncHttpxClient()
    assert [(p._max_connections, p._max_keepalive_connections) for p in striped._transport._pools] == [(250, 25)] * 4
    sync: Any = oai.DefaultHttpxClient()
    assert isinstance(sync._transport._pool, httpcore.ConnectionPool)
    assert (sync._transport._pool._max_connections, sync._transport._pool._max_keepalive_connections) == (1000, 100)


async def test_sequential_calls_reuse_one_pooled_connection(make_client: MakeClient) -> None:
    client = make_client()
    path = f"/echo/{unique()}"
    for n in range(5):
        echo = await resolve(client.post(path, cast_to=Echo, body={"n": n}))
        assert echo.body == {"n": n}
    transport = _transport(client)
    assert isinstance(transport, (EngineTransport, AsyncEngineTransport))
    assert len(transport.connections) == 1


async def test_a_dropped_connection_is_an_httpx_remote_protocol_error(make_client: MakeClient, is_async: bool) -> None:
    client = make_client(max_retries=0)
    with pytest.raises(oai.APIConnectionError) as caught:
        await resolve(client.post(f"/close/{unique()}", cast_to=Echo, body={}))
    assert type(caught.value.__cause__) is httpx.RemoteProtocolError
    core_error = httpcore2.RemoteProtocolError if is_async else httpcore.RemoteProtocolError
    assert isinstance(caught.value.__cause__.__cause__, core_error)


async def test_a_slow_answer_is_an_httpx_read_timeout(make_client: MakeClient) -> None:
    client = make_client(max_retries=0, timeout=0.2)
    with pytest.raises(oai.APITimeoutError) as caught:
        await resolve(client.post(f"/slow/{unique()}?delay=3", cast_to=Echo, body={}))
    assert type(caught.value.__cause__) is httpx.ReadTimeout


async def test_a_refused_connection_is_an_httpx_connect_error(is_async: bool) -> None:
    kwargs: dict[str, Any] = {"api_key": "sk-test", "base_url": "http://127.0.0.1:1/v1", "max_retries": 0}
    client: AnyClient = oai.AsyncClient(**kwargs) if is_async else oai.Client(**kwargs)
    with pytest.raises(oai.APIConnectionError) as caught:
        await resolve(client.post("/echo", cast_to=Echo, body={}))
    assert type(caught.value.__cause__) is httpx.ConnectError


async def test_a_body_cut_short_is_an_httpx_error_while_reading(is_async: bool, server: FaultServer) -> None:
    url = f"{server.base_url}/short/{unique()}"
    if is_async:
        async with oai.DefaultAsyncHttpxClient() as async_client:
            with pytest.raises(httpx.RemoteProtocolError):
                await async_client.get(url)
    else:
        with oai.DefaultHttpxClient() as client, pytest.raises(httpx.RemoteProtocolError):
            client.get(url)


async def test_a_users_httpx2_client_talks_to_the_network(is_async: bool, server: FaultServer) -> None:
    import httpx2

    kwargs: dict[str, Any] = {"api_key": "sk-test", "base_url": server.base_url, "max_retries": 0}
    client: AnyClient
    if is_async:
        client = oai.AsyncClient(http_client=httpx2.AsyncClient(), **kwargs)
    else:
        client = oai.Client(http_client=httpx2.Client(), **kwargs)
    echo = await resolve(client.post(f"/echo/{unique()}", cast_to=Echo, body={"n": 1}))
    assert echo.body == {"n": 1}
    # A body cut short is seen while reading, through the bridge's stream, as httpx's error.
    with pytest.raises(oai.APIConnectionError) as caught:
        await resolve(client.post(f"/short/{unique()}", cast_to=Echo, body={}))
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    await resolve(client.close())


async def test_concurrent_async_calls_spread_over_the_stripes_and_give_their_slots_back(server: FaultServer) -> None:
    import anyio

    client = oai.AsyncClient(api_key="sk-test", base_url=server.base_url, max_retries=0)
    path = f"/slow/{unique()}?delay=0.3"
    results: list[Any] = []

    async def call() -> None:
        results.append(await client.post(path, cast_to=Echo, body={}))

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(call)
    transport = _transport(client)
    assert len(results) == 8
    # 8 calls at once over 4 stripes: 2 connections each, all idle again afterwards.
    assert [len(pool.connections) for pool in transport._pools] == [2, 2, 2, 2]
    assert transport._in_flight == [0, 0, 0, 0]
    with pytest.raises(oai.APIConnectionError):
        await client.post(f"/close/{unique()}", cast_to=Echo, body={})
    assert transport._in_flight == [0, 0, 0, 0]
    await client.close()
