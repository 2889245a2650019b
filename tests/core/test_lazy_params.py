"""A call imports the params modules of the keys it sends, not every module its params class
names: generated TypedDict modules load annotation-only names on first access (`lazy_imports`)
and the transform resolves a key's annotation when it first compiles that key (`_key_hints`)."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from typing import Any

import pytest

from oai._transform import transform

_CALL_PROBE = """
import json, sys
import httpx
import oai

ANSWER = {"id": "c", "object": "chat.completion", "created": 0, "model": "m", "choices": [
    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hello"}}]}
sent = []
def handle(request):
    sent.append(json.loads(request.content))
    return httpx.Response(200, json=ANSWER)

client = oai.Client(api_key="sk-test", http_client=httpx.Client(transport=httpx.MockTransport(handle)))
params = lambda: sorted(m for m in sys.modules if m.startswith("oai.types") and m.endswith(("_param", "_params")))
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
first = params()
tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], tools=[tool])
print(json.dumps({"first": first, "second": params(), "sent": sent}))
"""


def _run(code: str) -> Any:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_a_call_imports_the_params_modules_of_the_keys_it_sends() -> None:
    result = _run(_CALL_PROBE)
    first, second = set(result["first"]), set(result["second"])
    # The message union and the user message (whose `content` was sent) are needed ...
    assert "oai.types.chat.chat_completion_message_param" in first
    assert "oai.types.chat.chat_completion_user_message_param" in first
    # ... the modules of keys not sent are not (46 params modules were imported before).
    assert "oai.types.chat.chat_completion_tool_union_param" not in first
    assert "oai.types.chat.chat_completion_stream_options_param" not in first
    assert "oai.types.chat.chat_completion_audio_param" not in first
    assert len(first) <= 20, sorted(first)
    # Sending `tools` imports the tool params then, and the request carries them as before.
    assert "oai.types.chat.chat_completion_tool_union_param" in second
    assert "oai.types.chat.chat_completion_stream_options_param" not in second
    assert result["sent"][1]["tools"] == [
        {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    ]


_NAMES_PROBE = """
import json, sys, typing
import pydantic
from oai.types.chat.completion_create_params import ChatCompletionMessageParam, Function, WebSearchOptionsUserLocationApproximate
import oai.types.chat.completion_create_params as params
from oai.types.chat import chat_completion_assistant_message_param as assistant
from oai.types.chat.chat_completion_message_param import ChatCompletionMessageParam as direct
from oai.types.chat_completion_functions_param import ChatCompletionFunctionsParam
from oai.types.web_search_location_param import WebSearchLocationParam

star = {}
exec("from oai.types.chat.completion_create_params import *", star)
listed = "ChatCompletionStreamOptionsParam" in dir(params)
fresh = "oai.types.chat.chat_completion_stream_options_param" not in sys.modules
hints = typing.get_type_hints(params.CompletionCreateParamsBase, include_extras=True)
adapter = pydantic.TypeAdapter(typing.List[ChatCompletionMessageParam])
print(json.dumps({
    "same": [ChatCompletionMessageParam is direct, Function is ChatCompletionFunctionsParam,
             WebSearchOptionsUserLocationApproximate is WebSearchLocationParam,
             assistant.ContentArrayOfContentPart is assistant.ContentUnionMember1,
             getattr(params, "Function") is Function],
    "star": sorted(set(params.__all__) - set(star)),
    "fresh": fresh,
    "listed": listed,
    "stream_options": str(hints["stream_options"]),
    "validated": adapter.validate_python([{"role": "user", "content": "hi"}]),
}))
"""


def test_names_loaded_on_access_are_the_same_objects_as_before() -> None:
    result = _run(_NAMES_PROBE)
    # `from m import Name`, re-exported nested names (`Function`), another name for one of them
    # and `import *` all find what the module imported at the top before.
    assert result["same"] == [True, True, True, True, True]
    assert result["star"] == []
    # Importing them loaded no module a key's annotation names only (`dir` lists it still) ...
    assert result["fresh"] is True and result["listed"] is True
    # ... and annotations still evaluate in the module, for get_type_hints and pydantic.
    assert "ChatCompletionStreamOptionsParam" in result["stream_options"]
    assert result["validated"] == [{"role": "user", "content": "hi"}]


def test_an_unknown_name_of_a_lazy_module_raises_attribute_error() -> None:
    import oai.types.chat.completion_create_params as params

    with pytest.raises(AttributeError, match="completion_create_params' has no attribute 'Nope'"):
        getattr(params, "Nope")  # noqa: B009


# --- The transform on TypedDicts whose names load on access -------------------------------

_FIXTURE_PROBE = """
import json, sys
from oai._transform import transform
from tests.core import lazy_fixture_params as p
loaded = lambda: "tests.core.lazy_fixture_target" in sys.modules
steps = [loaded()]
steps.append(transform({"shape": {"kind": "square"}}, p.Holder))  # tags only: nothing to import
steps.append(loaded())
steps.append(transform({"shape": {"kind": "circle", "part": {"size": 1}}}, p.Holder))
steps.append(loaded())
print(json.dumps(steps))
"""


def test_a_key_is_resolved_and_its_names_imported_when_a_value_for_it_first_comes() -> None:
    steps = _run(_FIXTURE_PROBE)
    # Union members are told apart by their literal tags without importing the others' names.
    assert steps[0:3] == [False, {"shape": {"kind": "square"}}, False]
    # The alias of a lazily resolved key applies as before.
    assert steps[3:] == [{"shape": {"kind": "circle", "thePart": {"size": 1}}}, True]


def test_lazily_resolved_keys_are_checked_with_their_key_paths() -> None:
    from tests.core import lazy_fixture_params as p

    with pytest.raises(TypeError, match=r"`shape\.parts\[1\]\.size` must be an integer, got str"):
        transform({"shape": {"kind": "square", "parts": [{"size": 1}, {"size": "x"}]}}, p.Holder)
    with pytest.raises(TypeError, match=r"`shape\.shade` must be one of 'light', 'dark', got 'red'"):
        transform({"shape": {"kind": "circle", "shade": "red"}}, p.Holder)
    with pytest.raises(TypeError, match=r"`shape\.kind` must be one of 'square', 'circle', got 'oval'"):
        transform({"shape": {"kind": "oval"}}, p.Holder)
    # A name renamed on access (`Piece` is `Part`), and a recursive TypedDict naming one.
    assert transform({"piece": {"size": 2}}, p.Pointer) == {"piece": {"size": 2}}
    tree = {"name": "a", "children": [{"name": "b", "part": {"size": 1}}]}
    assert transform(tree, p.Node) == tree
    with pytest.raises(TypeError, match=r"`children\[0\]\.part\.size` must be an integer, got str"):
        transform({"name": "a", "children": [{"name": "b", "part": {"size": "1"}}]}, p.Node)


def test_a_name_that_exists_nowhere_accepts_anything_but_a_failed_import_surfaces() -> None:
    from tests.core import lazy_fixture_params as p

    assert transform({"nowhere": {"any": object}}, p.Holder) == {"nowhere": {"any": object}}
    # A lazily imported module that fails to import is an error, never "accept anything".
    with pytest.raises(ModuleNotFoundError, match="lazy_fixture_missing_module"):
        transform({"broken": 1}, p.Holder)
    hints = typing.get_type_hints(p.Pointer)
    assert hints["piece"] is p.Piece


_EAGER_PROBE = """
import json, sys, typing
import oai._lazy
oai._lazy._EVAL_READS_BUILTINS_HOOK = False  # as on Python 3.14+
import oai.types.chat.chat_completion_user_message_param as module
loaded = "oai.types.chat.chat_completion_content_part_param" in sys.modules
hints = typing.get_type_hints(module.ChatCompletionUserMessageParam)
print(json.dumps([loaded, "content" in hints]))
"""


def test_where_eval_skips_the_builtins_hook_lazy_names_are_imported_at_once() -> None:
    # From 3.14 typing resolves bare-name annotations without `eval`: the names load with
    # the module, so get_type_hints and pydantic still see them in a fresh process.
    assert _run(_EAGER_PROBE) == [True, True]
