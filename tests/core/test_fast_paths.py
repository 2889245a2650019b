"""The speed shortcuts keep behaviour: lazy httpx client creation and GC pausing for large bodies."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from typing import Callable, List

import httpx
import pydantic
import pytest

import oai
from oai._models import InvalidJSONError, validate_json


class Item(oai.BaseModel):
    id: str
    score: float


def test_client_construction_builds_no_httpx_client() -> None:
    client = oai.Client(api_key="sk-test")
    assert client._http_client is None
    client.close()  # closing an unused client creates nothing
    assert client._http_client is None


def test_httpx_client_is_created_once_on_first_use_even_across_threads() -> None:
    client = oai.Client(api_key="sk-test")
    seen: list[httpx.Client] = []

    def touch() -> None:
        seen.append(client._client)

    threads = [threading.Thread(target=touch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert len(seen) == 8 and all(item is seen[0] for item in seen)
    assert isinstance(seen[0], httpx.Client)
    client.close()


def test_with_options_shares_the_lazily_created_pool() -> None:
    client = oai.Client(api_key="sk-test")
    copy = client.with_options(max_retries=5)
    assert copy._client is client._client


@pytest.mark.anyio
async def test_async_client_is_lazy_too() -> None:
    client = oai.AsyncClient(api_key="sk-test")
    assert client._http_client is None
    assert isinstance(client._client, httpx.AsyncClient)
    await client.close()


def _large_body(count: int) -> bytes:
    return json.dumps([{"id": f"item-{n}", "score": n / 3} for n in range(count)]).encode()


def test_large_body_parses_the_same_and_leaves_gc_enabled() -> None:
    raw = _large_body(5_000)
    assert len(raw) > 64 * 1024
    assert gc.isenabled()
    items = validate_json(List[Item], raw)
    assert gc.isenabled()
    assert [item.id for item in items[:2]] == ["item-0", "item-1"]
    assert len(items) == 5_000 and items[4_999].score == pytest.approx(4_999 / 3)


def test_gc_is_re_enabled_after_a_large_malformed_body() -> None:
    raw = _large_body(5_000)[:-10]
    with pytest.raises(InvalidJSONError):
        validate_json(List[Item], raw)
    assert gc.isenabled()


def test_gc_left_disabled_by_the_caller_stays_disabled() -> None:
    gc.disable()
    try:
        validate_json(List[Item], _large_body(5_000))
        assert not gc.isenabled()
    finally:
        gc.enable()


def _parse_large_bodies_while(
    background: Callable[[threading.Event], None], *, rounds: int = 3, items: int = 20_000
) -> None:
    """Parse valid, lenient-fallback and malformed large bodies (each takes the pause) while
    `background` runs Python in another thread, with thread switches as frequent as the
    interpreter allows."""
    valid = _large_body(items)
    data = json.loads(valid)
    data[7]["score"] = "not a number"
    lenient = json.dumps(data).encode()
    stop = threading.Event()
    thread = threading.Thread(target=background, args=(stop,))
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    thread.start()
    try:
        for _ in range(rounds):
            assert len(validate_json(List[Item], valid)) == items
            assert validate_json(List[Item], lenient)[7].score == "not a number"
            with pytest.raises(InvalidJSONError):
                validate_json(List[Item], valid[:-10])
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    assert gc.isenabled()


def test_another_thread_never_sees_the_gc_paused_by_a_large_parse() -> None:
    # The pause is process-wide; it must not be observable from a thread running Python.
    seen_disabled: list[bool] = []

    def watch(stop: threading.Event) -> None:
        while not stop.is_set():
            if not gc.isenabled():
                seen_disabled.append(True)

    _parse_large_bodies_while(watch)
    assert seen_disabled == []


def test_a_large_parse_never_undoes_another_threads_gc_disable() -> None:
    undone: list[bool] = []

    def toggle(stop: threading.Event) -> None:
        while not stop.is_set():
            gc.disable()
            if gc.isenabled():
                undone.append(True)
            gc.enable()

    _parse_large_bodies_while(toggle, rounds=40, items=3_000)
    assert undone == []


def test_a_large_parse_that_runs_user_validators_keeps_gc_on() -> None:
    seen: list[bool] = []

    class Checked(pydantic.BaseModel):
        id: str

        @pydantic.field_validator("id")
        @classmethod
        def record(cls, value: str) -> str:
            seen.append(gc.isenabled())
            return value

    validate_json(List[Checked], _large_body(5_000))
    assert len(seen) == 5_000 and all(seen)


_SINGLE_THREADED_PARSE = """
import gc, json
from typing import Callable, List
import oai
from oai._models import validate_json

class Item(oai.BaseModel):
    id: str
    score: float

raw = json.dumps([{"id": f"item-{n}", "score": n / 3} for n in range(20_000)]).encode()
validate_json(List[Item], raw)  # the first parse builds the adapter and inspects its schema
starts = []
callback = lambda phase, info: starts.append(phase) if phase == "start" else None
gc.callbacks.append(callback)
items = validate_json(List[Item], raw)
gc.callbacks.remove(callback)
assert gc.isenabled() and len(items) == 20_000
print(len(starts))
"""


def test_a_large_body_of_a_model_with_fields_named_like_schema_keys_parses() -> None:
    # Field names land as keys of the core schema's `fields` mapping, beside schema keys.
    class Tool(oai.BaseModel):
        type: str
        post_init: str
        custom_init: bool

    raw = json.dumps([{"type": "function", "post_init": "x", "custom_init": True}] * 5_000).encode()
    tools = validate_json(List[Tool], raw)
    assert len(tools) == 5_000 and tools[0].type == "function"
    assert gc.isenabled()


def test_a_single_threaded_large_parse_keeps_the_speed_of_the_pause() -> None:
    # In a fresh process with one thread nothing can observe the pause, so it still applies:
    # no collection runs while the 20,000 objects are built (without it, dozens do; one may
    # start just before the pause, on the allocations of the checks).
    result = subprocess.run(
        [sys.executable, "-c", _SINGLE_THREADED_PARSE], capture_output=True, text=True, timeout=120, check=True
    )
    assert int(result.stdout) <= 1


def test_large_body_with_wrong_types_still_falls_back_leniently() -> None:
    data = json.loads(_large_body(5_000))
    data[3]["score"] = "not a number"
    items = validate_json(List[Item], json.dumps(data).encode())
    assert gc.isenabled()
    assert items[3].score == "not a number"
    assert items[3].json_fields.score.status == "invalid"


def test_changing_base_url_after_construction_is_honoured() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    client = oai.Client(api_key="sk-test", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    client.get("/models", cast_to=object)
    client.base_url = "https://proxy.example.test/v2"  # type: ignore[assignment]  # the setter normalises
    client.get("/models", cast_to=object)
    assert seen == ["https://api.openai.com/v1/models", "https://proxy.example.test/v2/models"]
    with pytest.raises(ValueError, match="http or https"):
        client.base_url = "ftp://example.test"  # type: ignore[assignment]
