"""Methods shaped as the official SDK's where the spec says otherwise: renamed and added
arguments, multipart bodies, one usage object instead of a page, streaming overloads the spec
does not declare, and async methods that are plain functions returning an awaitable."""

from __future__ import annotations

import inspect
import json
from typing import Any, Callable, Dict, List

import httpx
import pytest

from oai import AsyncOpenAI, OpenAI
from oai.types.admin.organization import UsageCostsResponse
from oai.types.completion import Completion

USAGE: Dict[str, Any] = {"object": "page", "data": [], "has_more": False, "next_page": None}
COMPLETION: Dict[str, Any] = {"id": "cmpl_1", "object": "text_completion", "created": 1, "model": "m", "choices": []}
COMPLETED = {"type": "response.completed", "sequence_number": 1}


def _client(handler: Callable[[httpx.Request], httpx.Response], seen: List[httpx.Request]) -> OpenAI:
    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return handler(request)

    transport = httpx.MockTransport(record)
    return OpenAI(api_key="k", admin_api_key="a", base_url="http://t/v1", http_client=httpx.Client(transport=transport))


def _json(body: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, json=body)


def _sse(*events: Any) -> Callable[[httpx.Request], httpx.Response]:
    text = "".join(f"data: {json.dumps(event)}\n\n" for event in events) + "data: [DONE]\n\n"
    return lambda request: httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})


def test_projects_geography_is_sent_as_the_spec_wire_name() -> None:
    seen: List[httpx.Request] = []
    project = {"id": "p", "object": "organization.project", "name": "n", "created_at": 1, "status": "active"}
    client = _client(_json(project), seen)
    client.admin.organization.projects.create(name="n", geography="EU_STORAGE_PROCESSING")
    client.admin.organization.projects.update("p", geography="GLOBAL")
    assert json.loads(seen[0].content) == {"name": "n", "residency": "EU_STORAGE_PROCESSING"}
    assert json.loads(seen[1].content) == {"residency": "GLOBAL"}


def test_images_edit_uploads_the_image_as_a_multipart_file() -> None:
    seen: List[httpx.Request] = []
    client = _client(_json({"created": 1}), seen)
    client.images.edit(image=("in.png", b"PNG"), prompt="a hat")
    request = seen[0]
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="image"; filename="in.png"' in request.content
    assert b'name="prompt"\r\n\r\na hat' in request.content


def test_skills_create_takes_no_files() -> None:
    seen: List[httpx.Request] = []
    skill = {"id": "s", "object": "skill", "created_at": 1, "name": "n", "description": "d"}
    _client(_json(skill), seen).skills.create()
    assert seen[0].url.path == "/v1/skills"


def test_usage_returns_one_object_with_its_official_name() -> None:
    seen: List[httpx.Request] = []
    usage = _client(_json(USAGE), seen).admin.organization.usage.costs(start_time=1)
    assert isinstance(usage, UsageCostsResponse)
    assert usage.has_more is False and usage.next_page is None
    assert inspect.iscoroutinefunction(AsyncOpenAI(api_key="k", admin_api_key="a").admin.organization.usage.costs)


def test_completions_create_streams_completions() -> None:
    seen: List[httpx.Request] = []
    stream = _client(_sse(COMPLETION, COMPLETION), seen).completions.create(model="m", prompt="p", stream=True)
    chunks = list(stream)
    assert [type(chunk) for chunk in chunks] == [Completion, Completion]
    assert json.loads(seen[0].content)["stream"] is True


def test_responses_retrieve_streams_events_with_stream_in_the_query() -> None:
    seen: List[httpx.Request] = []
    stream = _client(_sse(COMPLETED), seen).responses.retrieve("resp_1", stream=True, starting_after=3)
    assert [event.type for event in stream] == ["response.completed"]
    assert seen[0].url.params["stream"] == "true" and seen[0].url.params["starting_after"] == "3"


@pytest.mark.anyio
async def test_overloaded_async_create_is_a_plain_function_that_awaits_as_before() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=COMPLETION)

    transport = httpx.MockTransport(handle)
    client = AsyncOpenAI(api_key="k", base_url="http://t/v1", http_client=httpx.AsyncClient(transport=transport))
    assert not inspect.iscoroutinefunction(client.completions.create)
    assert not inspect.iscoroutinefunction(client.chat.completions.create)
    completion = await client.completions.create(model="m", prompt="p")
    assert completion.id == "cmpl_1"
