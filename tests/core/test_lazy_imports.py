"""`client.chat.completions` loads no `oai.lib` module and no params module until a method needs
one; `lazy_module` imports its module on first attribute access only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from oai._lazy import lazy_module

_PROBE = """
import json, sys
import oai
client = oai.Client(api_key="sk-test", base_url="http://127.0.0.1:9/v1")
client.chat.completions
loaded = lambda: sorted(m for m in sys.modules if m.startswith("oai.lib") or (m.startswith("oai.types") and m.endswith("_params")))
types = lambda: sorted(m for m in sys.modules if m.startswith("oai.types.") or m in ("oai._pagination", "oai._models", "pydantic.main"))
before, types_before = loaded(), types()
try:
    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}], max_retries=0, timeout=0.5)
except oai.APIConnectionError:
    pass
print(json.dumps({"before": before, "after": loaded(), "types_before": types_before, "types_after": types()}))
"""


def test_touching_chat_completions_loads_no_lib_or_params_module_until_a_call() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True)
    modules = json.loads(out.stdout)
    assert modules["before"] == []
    # The first call builds its body: the params module (and only that family) is loaded then.
    assert "oai.types.chat.completion_create_params" in modules["after"]
    assert not [m for m in modules["after"] if m.startswith("oai.lib")]


def test_touching_chat_completions_loads_no_response_model_or_page_module() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=60, check=True)
    modules = json.loads(out.stdout)
    # The resource reads its response models, page and stream classes through lazy stand-ins,
    # so touching it loads no pydantic model machinery at all.
    assert modules["types_before"] == []
    # The first call (which fails to connect before any response) loads its params, not the
    # list method's pages nor other methods' models.
    assert "oai._pagination" not in modules["types_after"]
    assert "oai.types.chat.chat_completion_deleted" not in modules["types_after"]
    assert "oai.types.chat.chat_completion_chunk" not in modules["types_after"]  # not a streamed call


_ENGINE_PROBE = """
import asyncio, json, sys
import oai
kwargs = dict(api_key="sk-test", base_url="http://127.0.0.1:9/v1", max_retries=0, timeout=0.5)
async def call_async():
    try:
        await oai.AsyncClient(**kwargs).models.list()
    except oai.APIConnectionError:
        pass
if sys.argv[1] == "sync":
    try:
        oai.Client(**kwargs).models.list()
    except oai.APIConnectionError:
        pass
else:
    asyncio.run(call_async())
print(json.dumps(sorted(m for m in ("httpcore", "httpcore2") if m in sys.modules)))
"""


@pytest.mark.parametrize(("side", "pool_library"), [("sync", "httpcore"), ("async", "httpcore2")])
def test_a_call_loads_only_its_sides_pool_library(side: str, pool_library: str) -> None:
    # A sync process runs on httpx's own pool library; the async engine's is not loaded with it.
    out = subprocess.run(
        [sys.executable, "-c", _ENGINE_PROBE, side], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(out.stdout) == [pool_library]


def test_lazy_module_imports_on_first_attribute_and_keeps_it() -> None:
    name = "tests.core._lazy_target_for_test"
    sys.modules.pop(name, None)
    stand_in = lazy_module("json")
    assert "dumps" not in vars(stand_in)
    assert stand_in.dumps([1]) == "[1]"
    assert vars(stand_in)["dumps"] is json.dumps
    missing = lazy_module("json")
    with pytest.raises(AttributeError):
        _ = missing.no_such_name
    with pytest.raises(ModuleNotFoundError):
        _ = lazy_module(name).anything


_READERS_PROBE = """
import json, sys, httpx, oai
body = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
headers = {"x-ratelimit-remaining-tokens": "7"}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body, headers=headers))
client = oai.Client(api_key="sk-test", base_url="http://test/v1", http_client=httpx.Client(transport=transport))
answer = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
loaded = lambda: [m for m in ("oai._rate_limit_headers", "oai._json_fields") if m in sys.modules]
after_call = loaded()
remaining = oai.rate_limits(answer).remaining_tokens
print(json.dumps([after_call, remaining, loaded()]))
"""


def test_a_call_loads_the_rate_limit_and_json_fields_readers_only_when_read() -> None:
    out = subprocess.run([sys.executable, "-c", _READERS_PROBE], capture_output=True, text=True, timeout=60, check=True)
    after_call, remaining, after_read = json.loads(out.stdout)
    assert after_call == []
    assert remaining == 7 and after_read == ["oai._rate_limit_headers"]
