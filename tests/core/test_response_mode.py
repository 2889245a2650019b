"""Raw and streaming response modes travel in the request options, never as a header: the
`with_raw_response`/`with_streaming_response` wrappers ask for them, and they end with the call."""

from __future__ import annotations

from typing import Any, List

import httpx
import pytest

import oai
from oai._options import FinalRequestOptions, requested_response_mode
from oai._response import LegacyAPIResponse

from .models_fixture import AnyClient, collect, json_response, make_client, resolve

pytestmark = pytest.mark.anyio


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_options_built_inside_a_wrapper_carry_the_mode() -> None:
    with requested_response_mode("stream"):
        inside = FinalRequestOptions.build("get", "/models", options={"headers": {"X-Custom": "1"}})
    after = FinalRequestOptions.build("get", "/models")
    assert inside.response_mode == "stream"
    assert inside.headers == {"X-Custom": "1"}
    assert after.response_mode is None


def test_the_openai_raw_verb_header_is_read_as_the_mode_and_never_kept() -> None:
    options = FinalRequestOptions.build(
        "get", "/models", options={"headers": {"x-stainless-raw-response": "raw", "X-Custom": "1"}}
    )
    assert options.response_mode == "raw"
    assert options.headers == {"X-Custom": "1"}


def job(index: int) -> dict[str, Any]:
    return {
        "id": f"ftjob-{index}",
        "object": "fine_tuning.job",
        "created_at": 1,
        "model": "gpt-4o-mini",
        "status": "queued",
        "training_file": "file-1",
    }


def two_pages(requests: List[httpx.Request]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if "after" not in request.url.params:
            return json_response({"object": "list", "data": [job(1)], "has_more": True})
        return json_response({"object": "list", "data": [job(2)], "has_more": False})

    return handler


async def test_pages_after_a_raw_first_page_are_parsed(is_async: bool) -> None:
    requests: List[httpx.Request] = []
    client: AnyClient = make_client(two_pages(requests), is_async=is_async)
    raw = await resolve(client.fine_tuning.jobs.with_raw_response.list())
    first_page = await resolve(raw.parse())
    jobs = await collect(first_page)
    assert [j.id for j in jobs] == ["ftjob-1", "ftjob-2"]
    assert requests[1].url.params["after"] == "ftjob-1"
    assert all("X-Stainless-Raw-Response" not in request.headers for request in requests)


async def test_the_mode_ends_with_the_wrapped_call(is_async: bool) -> None:
    requests: List[httpx.Request] = []
    client: AnyClient = make_client(two_pages(requests), is_async=is_async)
    raw = await resolve(client.fine_tuning.jobs.with_raw_response.retrieve("ftjob-1"))
    assert isinstance(raw, (oai.APIResponse, LegacyAPIResponse))
    page = await resolve(client.fine_tuning.jobs.list())
    assert not isinstance(page, (oai.APIResponse, oai.AsyncAPIResponse, LegacyAPIResponse))
