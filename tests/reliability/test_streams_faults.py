"""Streams over a real socket: a stream cut mid-event raises instead of ending as if complete,
an `error` event raises with the server's message, and abandoned streams release their
connections (1,000 of them, counted server-side and in the client's pool)."""

from __future__ import annotations

import gc
import time
from typing import Any, Dict, cast

import anyio
import pytest

import oai

from .conftest import CANARY_KEY, AnyClient, MakeClient, collect, resolve, transport_pool, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio

ABANDONED_STREAMS = 1000


async def open_stream(client: AnyClient, path: str) -> Any:
    stream_cls = oai.AsyncStream[Dict[str, Any]] if isinstance(client, oai.AsyncClient) else oai.Stream[Dict[str, Any]]
    return await resolve(client.post(path, cast_to=dict, body={"stream": True}, stream=True, stream_cls=stream_cls))


async def first_item(stream: Any) -> Any:
    if isinstance(stream, oai.AsyncStream):
        return await cast("oai.AsyncStream[Any]", stream).__anext__()  # narrowing `Any` leaves Unknown
    return next(stream)


async def wait_until_closed(server: FaultServer, timeout: float = 5.0) -> int:
    """Poll (bounded) until the server sees no open connection, yielding to the event loop so
    the async generators of dropped async streams get closed."""
    deadline = time.monotonic() + timeout
    while server.open_connections and time.monotonic() < deadline:
        await anyio.sleep(0.01)
    return server.open_connections


async def test_a_complete_stream_yields_every_event(make_client: MakeClient) -> None:
    stream = await open_stream(make_client(), f"/sse/{unique()}?n=3")
    assert await collect(stream) == [{"index": 0}, {"index": 1}, {"index": 2}]


@pytest.mark.parametrize("cut", ["chunked", "eof"], ids=["chunked-body-cut", "connection-closed-mid-event"])
async def test_a_stream_cut_mid_event_raises_connection_error(make_client: MakeClient, cut: str) -> None:
    stream = await open_stream(make_client(), f"/sse/{unique()}?n=2&cut={cut}")
    received: list[Any] = []
    with pytest.raises(oai.APIConnectionError):
        if isinstance(stream, oai.AsyncStream):
            async for item in cast("oai.AsyncStream[Any]", stream):  # narrowing `Any` leaves Unknown
                received.append(item)
        else:
            for item in stream:
                received.append(item)
    # The complete events before the cut were delivered; the cut one was not.
    assert received == [{"index": 0}, {"index": 1}]


async def test_an_error_event_raises_with_the_server_message(make_client: MakeClient) -> None:
    stream = await open_stream(make_client(), f"/sse/{unique()}?n=3&error=1")
    assert await first_item(stream) == {"index": 0}
    with pytest.raises(oai.APIError, match="the model is overloaded") as info:
        await collect(stream)
    assert info.value.body == {"error": {"message": "the model is overloaded"}}


async def test_a_stream_is_not_retried_after_it_started(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/sse/{unique()}?n=1&cut=chunked"
    stream = await open_stream(make_client(), path)
    with pytest.raises(oai.APIConnectionError):
        await collect(stream)
    assert len(server.requests_to(path)) == 1


async def test_closing_a_stream_early_closes_its_connection(is_async: bool) -> None:
    with FaultServer() as server:
        client: AnyClient = (oai.AsyncClient if is_async else oai.Client)(api_key=CANARY_KEY, base_url=server.base_url)
        stream = await open_stream(client, f"/sse/{unique()}?n=3&hold=5")
        assert await first_item(stream) == {"index": 0}
        assert server.open_connections == 1
        await resolve(stream.close())
        assert await wait_until_closed(server, timeout=2.0) == 0
        await resolve(client.close())


async def _abandon_streams(client: AnyClient, count: int, *, use_context_manager: bool) -> None:
    for index in range(count):
        path = f"/sse/abandon-{index}?n=3&hold=5"
        if not use_context_manager:
            # Dropped without close(): the stream's generator closes the response when collected.
            await first_item(await open_stream(client, path))
            continue
        stream = await open_stream(client, path)
        if isinstance(stream, oai.AsyncStream):
            async with stream:
                await first_item(stream)
        else:
            with stream:
                await first_item(stream)


@pytest.mark.parametrize("use_context_manager", [True, False], ids=["closed", "dropped"])
async def test_a_thousand_abandoned_streams_leak_no_connection(is_async: bool, use_context_manager: bool) -> None:
    """Regression ("dropped"): a `Stream` referenced itself through its generator, so a stream
    dropped unclosed was freed by the cycle collector, which could run inside httpcore's pool
    lock; closing the response there deadlocked the client after about a hundred streams."""
    with FaultServer() as server:
        client: AnyClient = (oai.AsyncClient if is_async else oai.Client)(api_key=CANARY_KEY, base_url=server.base_url)
        await _abandon_streams(client, ABANDONED_STREAMS, use_context_manager=use_context_manager)
        gc.collect()
        assert server.connections_accepted >= ABANDONED_STREAMS
        assert await wait_until_closed(server) == 0
        # Nothing left checked out of the client's pool either.
        assert [c for c in transport_pool(client).connections if not c.is_idle()] == []
        await resolve(client.close())
