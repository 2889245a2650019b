"""Where the GC pause of large parses applies (`oai._gc_pause`): with other threads alive (the
async path's resolver thread), never under a tracer, never for a schema that runs Python."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
from typing import Any, Dict, List

import pydantic
import pytest
from typing_extensions import Annotated

import oai
from oai._gc_pause import schema_is_pure_rust
from oai._models import type_adapter, validate_json


def _large_body(count: int) -> bytes:
    return json.dumps([{"id": f"item-{n}", "score": n / 3} for n in range(count)]).encode()


def _run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


_COUNT_COLLECTIONS = """
import gc, json
from typing import List
import oai
from oai._models import validate_json

class Item(oai.BaseModel):
    id: str
    score: float

raw = json.dumps([{"id": f"item-{n}", "score": n / 3} for n in range(20_000)]).encode()
starts = []
def count(phase, info):
    if phase == "start":
        starts.append(info["generation"])
"""


def test_the_pause_applies_while_another_thread_is_alive() -> None:
    # 20,000 models are ~40,000 tracked objects: dozens of collections with the GC on. Paused,
    # none runs during the parse (one may start just before, on the checks' allocations).
    script = (
        _COUNT_COLLECTIONS
        + """
import threading
stop = threading.Event()
idle = threading.Thread(target=stop.wait)
idle.start()
validate_json(List[Item], raw)  # the first parse builds the adapter and inspects its schema
gc.callbacks.append(count)
items = validate_json(List[Item], raw)
gc.callbacks.remove(count)
stop.set()
idle.join()
assert gc.isenabled() and len(items) == 20_000
print(len(starts))
"""
    )
    assert int(_run(script)) <= 1


def test_the_pause_applies_on_the_async_path_with_the_resolver_thread_alive() -> None:
    # A host name is resolved in a worker thread, which stays alive: the async client's large
    # parse still runs with the GC paused.
    script = (
        _COUNT_COLLECTIONS
        + """
import asyncio, threading

async def serve(reader, writer):
    while True:
        request = await reader.readuntil(b"\\r\\n\\r\\n")
        if not request:
            return
        head = b"HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: %d\\r\\n\\r\\n" % len(raw)
        writer.write(head + raw)
        await writer.drain()

async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with oai.AsyncClient(api_key="sk-test", base_url=f"http://localhost:{port}/v1") as client:
        await client.get("/items", cast_to=List[Item])  # resolves, connects, builds the adapter
        assert threading.active_count() > 1, "no resolver thread: the test would prove nothing"
        gc.callbacks.append(count)
        items = await client.get("/items", cast_to=List[Item])
        gc.callbacks.remove(count)
    server.close()
    assert gc.isenabled() and len(items) == 20_000
    print(len(starts))

asyncio.run(main())
"""
    )
    # The request itself allocates a little: at most a couple of collections outside the parse.
    assert int(_run(script)) <= 2


def test_the_pause_never_applies_under_a_tracer() -> None:
    # A tracer's Python callbacks could run on the way out of a validator that raised.
    script = (
        _COUNT_COLLECTIONS
        + """
import sys
validate_json(List[Item], raw)
sys.settrace(lambda frame, event, arg: None)
gc.callbacks.append(count)
validate_json(List[Item], raw)
gc.callbacks.remove(count)
sys.settrace(None)
print(len(starts))
"""
    )
    assert int(_run(script)) > 10


def test_the_first_large_parse_of_a_deferred_model_with_a_validator_keeps_gc_on() -> None:
    # oai models build their validator on first use: before it exists, its schema cannot be
    # inspected, so the first parse must not pause either.
    seen: list[bool] = []

    class Checked(oai.BaseModel):
        id: str

        @pydantic.field_validator("id")
        @classmethod
        def record(cls, value: str) -> str:
            seen.append(gc.isenabled())
            return value

    validate_json(List[Checked], _large_body(5_000))
    validate_json(List[Checked], _large_body(5_000))
    assert len(seen) == 10_000 and all(seen)


def test_a_validator_under_a_field_named_like_a_schema_key_keeps_gc_on() -> None:
    # `metadata` and `serialization` are keys of schema nodes, and also possible field names.
    seen: list[bool] = []

    class Inner(pydantic.BaseModel):
        id: str

        @pydantic.field_validator("id")
        @classmethod
        def record(cls, value: str) -> str:
            seen.append(gc.isenabled())
            return value

    class Outer(oai.BaseModel):
        metadata: Inner
        serialization: int = 0

    raw = json.dumps([{"metadata": {"id": f"item-{n}"}} for n in range(5_000)]).encode()
    assert len(raw) > 64 * 1024
    validate_json(List[Outer], raw)
    validate_json(List[Outer], raw)
    assert len(seen) == 10_000 and all(seen)


def test_a_python_default_factory_keeps_gc_on() -> None:
    seen: list[bool] = []

    def fresh_tags() -> list[str]:
        seen.append(gc.isenabled())
        return []

    class Tagged(oai.BaseModel):
        id: str
        tags: List[str] = pydantic.Field(default_factory=fresh_tags)

    raw = json.dumps([{"id": f"item-{n}-{'x' * 10}"} for n in range(5_000)]).encode()
    validate_json(List[Tagged], raw)
    validate_json(List[Tagged], raw)
    assert len(seen) == 10_000 and all(seen)


class _Plain(pydantic.BaseModel):
    id: str


class _CustomInit(pydantic.BaseModel):
    id: str

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)


class _PostInit(pydantic.BaseModel):
    id: str

    def model_post_init(self, context: Any, /) -> None:
        pass


class _MutableDefault(pydantic.BaseModel):
    tags: List[str] = []  # unhashable: pydantic-core deep-copies it with `copy.deepcopy`


@pytest.mark.parametrize(
    ("annotation", "pure"),
    [
        (_Plain, True),
        (List[_Plain], True),
        (Dict[str, List[_Plain]], True),
        (_CustomInit, False),
        (_PostInit, False),
        (_MutableDefault, False),
        (Annotated[str, pydantic.AfterValidator(str.strip)], False),
    ],
)
def test_schema_inspection(annotation: Any, pure: bool) -> None:
    adapter = pydantic.TypeAdapter(annotation)
    assert schema_is_pure_rust(adapter.core_schema) is pure


def test_a_schema_type_unknown_to_the_inspection_counts_as_python() -> None:
    assert schema_is_pure_rust({"type": "some-future-type", "schema": {"type": "str"}}) is False
    assert schema_is_pure_rust({"type": "list", "items_schema": {"type": "str"}}) is True


def test_large_generated_responses_take_the_pause() -> None:
    # The types of the responses that get large must stay parseable with the GC paused.
    from oai.pagination import SyncCursorPage, SyncPage
    from oai.types import CreateEmbeddingResponse, FileObject, Model
    from oai.types.chat import ChatCompletion
    from oai.types.responses import Response

    for annotation in (ChatCompletion, Response, CreateEmbeddingResponse, SyncPage[Model], SyncCursorPage[FileObject]):
        adapter = type_adapter(annotation)
        adapter.rebuild()
        assert schema_is_pure_rust(adapter.core_schema), annotation
