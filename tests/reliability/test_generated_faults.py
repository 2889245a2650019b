"""Faults through the generated methods (`client.chat.completions.create`, `client.files.retrieve`):
retries, idempotency, timeouts and cut streams behave as with the raw verbs."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import oai

from .conftest import MakeClient, collect, resolve, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "Hello"}]


def _fault(path: str) -> Dict[str, str]:
    return {"x-fault-path": f"/v1{path}"}


async def create_completion(client: Any, fault: str, *, stream: bool = False, **kwargs: Any) -> Any:
    if stream:
        kwargs["stream"] = True
    return await resolve(
        client.chat.completions.create(messages=MESSAGES, model="gpt-4o", extra_headers=_fault(fault), **kwargs)
    )


async def retrieve_file(client: Any, file_id: str, fault: str) -> Any:
    headers = {**_fault(fault), "x-echo-id": file_id}
    return await resolve(client.files.retrieve(file_id, extra_headers=headers))


async def test_create_is_retried_with_one_idempotency_key(make_client: MakeClient, server: FaultServer) -> None:
    fault = f"/flaky/2/status/503/{unique()}"
    client = make_client()
    await create_completion(client, fault)
    requests = server.requests_to(fault)
    assert [r.path for r in requests] == ["/v1/chat/completions"] * 3
    assert len({r.headers["idempotency-key"] for r in requests}) == 1
    assert len(client._recorded_sleeps) == 2  # type: ignore[union-attr]  # set by make_client


async def test_create_sends_the_messages_once_per_attempt(make_client: MakeClient, server: FaultServer) -> None:
    fault = f"/flaky/1/close/{unique()}"
    await create_completion(make_client(), fault)
    bodies = [r.body for r in server.requests_to(fault)]
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert b'"messages":[{"role":"user","content":"Hello"}]' in bodies[0]


async def test_create_with_a_stream_cut_mid_event_raises(make_client: MakeClient) -> None:
    stream = await create_completion(make_client(), f"/sse/{unique()}?n=2&cut=chunked", stream=True)
    with pytest.raises(oai.APIConnectionError):
        await collect(stream)


async def test_create_with_an_error_event_raises_the_server_message(make_client: MakeClient) -> None:
    stream = await create_completion(make_client(), f"/sse/{unique()}?n=2&error=1", stream=True)
    with pytest.raises(oai.APIError, match="the model is overloaded"):
        await collect(stream)


async def test_create_times_out_per_attempt(make_client: MakeClient, server: FaultServer) -> None:
    fault = f"/slow/{unique()}?delay=5"
    with pytest.raises(oai.APITimeoutError):
        await create_completion(make_client(max_retries=1), fault, timeout=0.1)
    assert len(server.requests_to(fault)) == 2


async def test_retrieve_file_recovers_from_a_dropped_connection(make_client: MakeClient, server: FaultServer) -> None:
    fault = f"/flaky/1/close/{unique()}"
    result = await retrieve_file(make_client(), "file-abc123", fault)
    assert result.id == "file-abc123"
    assert [r.path for r in server.requests_to(fault)] == ["/v1/files/file-abc123"] * 2
    assert all("idempotency-key" not in r.headers for r in server.requests_to(fault))  # GETs need none
