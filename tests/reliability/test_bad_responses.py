"""Broken responses from a real socket: malformed JSON, wrong types, an HTML 502, an empty 200,
and a 100 MB body, each ending in a clear outcome and never a crash."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any, Optional

import pytest

import oai
from oai._response import HttpxBinaryResponseContent

from .conftest import MakeClient, resolve, unique
from .fault_server import FaultServer

pytestmark = pytest.mark.anyio

HUGE = 100 * 1024 * 1024


class Counter(oai.BaseModel):
    id: str
    count: int
    extra: Optional[Any] = None


async def test_malformed_json_raises_validation_error_with_the_raw_body(make_client: MakeClient) -> None:
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(make_client().get(f"/malformed/{unique()}", cast_to=Counter))
    assert info.value.body == '{"id": "abc", "count": '
    assert info.value.status_code == 200
    assert "not valid JSON" in str(info.value)


async def test_malformed_json_is_not_retried(make_client: MakeClient, server: FaultServer) -> None:
    path = f"/malformed/{unique()}"
    with pytest.raises(oai.APIResponseValidationError):
        await resolve(make_client().get(path, cast_to=Counter))
    assert len(server.requests_to(path)) == 1


async def test_wrong_types_never_raise_in_lenient_mode(make_client: MakeClient) -> None:
    result = await resolve(make_client().get(f"/wrongtypes/{unique()}", cast_to=Counter))
    assert result.id == "abc"
    assert result.count == "many"  # kept as received
    assert result.json_fields.count.status == "invalid"
    assert result.json_fields.count.raw == '"many"'
    assert result.json_fields.id.status == "valid"
    assert result.raw_json() == '{"id": "abc", "count": "many", "extra": [1, 2]}'


async def test_wrong_types_raise_in_strict_mode(make_client: MakeClient) -> None:
    client = make_client(_strict_response_validation=True)
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(client.get(f"/wrongtypes/{unique()}", cast_to=Counter))
    assert "count" in str(info.value)


async def test_an_html_502_raises_internal_server_error_with_the_text(
    make_client: MakeClient, server: FaultServer
) -> None:
    path = f"/html502/{unique()}"
    client = make_client(max_retries=1)
    with pytest.raises(oai.InternalServerError) as info:
        await resolve(client.get(path, cast_to=Counter))
    error = info.value
    assert error.status_code == 502
    assert isinstance(error.body, str) and "502 Bad Gateway" in error.body
    assert "502 Bad Gateway" in str(error)
    assert len(server.requests_to(path)) == 2  # a 502 is retried


async def test_an_empty_200_body_raises_a_clear_validation_error(make_client: MakeClient) -> None:
    with pytest.raises(oai.APIResponseValidationError) as info:
        await resolve(make_client().get(f"/empty/{unique()}", cast_to=Counter))
    assert info.value.body == ""
    assert "empty" in str(info.value).lower()


async def test_an_empty_200_body_is_fine_when_nothing_is_expected(make_client: MakeClient) -> None:
    assert await resolve(make_client().get(f"/empty/{unique()}", cast_to=type(None))) is None


async def test_a_100_mb_body_is_streamed_in_bounded_memory(make_client: MakeClient, is_async: bool) -> None:
    client = make_client()
    started = time.monotonic()
    tracemalloc.start()
    try:
        response = await resolve(
            client.get(
                f"/huge/{unique()}?size={HUGE}",
                cast_to=HttpxBinaryResponseContent,
                extra_headers={"X-Stainless-Raw-Response": "stream"},
            )
        )
        total = 0
        if is_async:
            async for chunk in response.iter_bytes():
                total += len(chunk)
            await response.close()
        else:
            for chunk in response.iter_bytes():
                total += len(chunk)
            response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == HUGE
    assert peak < 16 * 1024 * 1024  # streamed: never the whole body in memory
    assert time.monotonic() - started < 30


async def test_a_100_mb_body_read_whole_does_not_crash(make_client: MakeClient, is_async: bool) -> None:
    started = time.monotonic()
    content = await resolve(make_client().get(f"/huge/{unique()}?size={HUGE}", cast_to=HttpxBinaryResponseContent))
    assert len(content.content) == HUGE
    assert time.monotonic() - started < 30


async def test_a_huge_stream_abandoned_early_closes_its_connection(make_client: MakeClient) -> None:
    response = await resolve(
        make_client().get(
            f"/huge/{unique()}?size={HUGE}",
            cast_to=HttpxBinaryResponseContent,
            extra_headers={"X-Stainless-Raw-Response": "stream"},
        )
    )
    await resolve(response.close())
    assert response.is_closed
