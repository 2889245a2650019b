"""Tests of the parameter states in hand-written bodies: a dict given to a raw verb, and
`extra_body` on any call, follow the rules of generated params at any depth: `omit` (and
`NOT_GIVEN`) drops the key, `None` sends null, `override(v)` sends `v`."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import httpx
import pytest

import oai

from .models_fixture import json_response, make_client, models_of, resolve

pytestmark = pytest.mark.anyio

MODEL = {"id": "gpt-4o", "created": 1, "object": "model", "owned_by": "openai"}


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


class Bodies:
    def __init__(self) -> None:
        self.seen: List[Any] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(json.loads(request.content) if request.content else None)
        return json_response(MODEL)


STATES: Dict[str, object] = {
    "a": oai.omit,
    "b": None,
    "c": oai.override([1]),
    "d": {"e": oai.omit, "f": [oai.NOT_GIVEN, 2]},
}
ON_THE_WIRE = {"b": None, "c": [1], "d": {"f": [2]}}


@pytest.mark.parametrize("verb", ["post", "put", "patch", "delete"])
async def test_a_raw_verb_body_applies_the_three_parameter_states(is_async: bool, verb: str) -> None:
    bodies = Bodies()
    client = make_client(bodies, is_async=is_async)
    await resolve(getattr(client, verb)("/things", cast_to=object, body=STATES))
    assert bodies.seen == [ON_THE_WIRE]


async def test_extra_body_of_a_raw_verb_applies_the_three_parameter_states(is_async: bool) -> None:
    bodies = Bodies()
    client = make_client(bodies, is_async=is_async)
    await resolve(client.post("/things", cast_to=object, body={"x": 1}, extra_body=STATES))
    assert bodies.seen == [{"x": 1, **ON_THE_WIRE}]


async def test_extra_body_of_a_generated_method_applies_the_three_parameter_states(is_async: bool) -> None:
    bodies = Bodies()
    client: Any = make_client(bodies, is_async=is_async)
    await resolve(client.models.delete("gpt-4o", extra_body=STATES))
    assert bodies.seen == [ON_THE_WIRE]
    await resolve(models_of(client).retrieve("gpt-4o", extra_body={"keep": 1, "drop": oai.omit}))
    assert bodies.seen[-1] == {"keep": 1}


async def test_extra_json_of_the_options_argument_applies_the_three_parameter_states(is_async: bool) -> None:
    bodies = Bodies()
    client = make_client(bodies, is_async=is_async)
    await resolve(client.post("/things", cast_to=object, body={"x": 1}, options={"extra_json": STATES}))
    assert bodies.seen == [{"x": 1, **ON_THE_WIRE}]
