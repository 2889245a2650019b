"""Tests of `oai.ChatCompletionAccumulator`: merging chunks and reporting finished pieces once."""

from __future__ import annotations

from typing import Any, Optional

import oai
from oai._models import validate_type
from oai.lib.accumulator import FinishedToolCall
from oai.types.chat.chat_completion import ChatCompletion
from oai.types.chat.chat_completion_chunk import ChatCompletionChunk
from oai.types.chat.chat_completion_message_function_tool_call import ChatCompletionMessageFunctionToolCall


def chunk(
    delta: Optional[dict[str, Any]] = None,
    *,
    index: int = 0,
    finish_reason: Optional[str] = None,
    usage: Optional[dict[str, Any]] = None,
    logprobs: Optional[dict[str, Any]] = None,
    chunk_id: str = "chatcmpl-1",
) -> ChatCompletionChunk:
    choices: list[dict[str, Any]] = []
    if delta is not None or finish_reason is not None:
        choice: dict[str, Any] = {"index": index, "delta": delta or {}, "finish_reason": finish_reason}
        if logprobs is not None:
            choice["logprobs"] = logprobs
        choices.append(choice)
    data: dict[str, Any] = {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": 7,
        "model": "gpt-4o",
        "system_fingerprint": "fp",
        "choices": choices,
    }
    if usage is not None:
        data["usage"] = usage
    return validate_type(ChatCompletionChunk, data, strict=True)


def tool_delta(
    index: int, *, call_id: str | None = None, name: str | None = None, arguments: str = ""
) -> dict[str, Any]:
    call: dict[str, Any] = {"index": index, "function": {"arguments": arguments}}
    if call_id is not None:
        call["id"] = call_id
        call["type"] = "function"
    if name is not None:
        call["function"]["name"] = name
    return {"tool_calls": [call]}


def test_content_is_merged_into_a_chat_completion() -> None:
    acc = oai.ChatCompletionAccumulator()
    for piece in ["Hel", "lo", " world"]:
        assert acc.add_chunk(chunk({"role": "assistant", "content": piece}))
    acc.add_chunk(chunk(finish_reason="stop"))
    completion = acc.to_chat_completion()
    assert isinstance(completion, ChatCompletion)
    assert completion.id == "chatcmpl-1"
    assert completion.object == "chat.completion"
    assert completion.system_fingerprint == "fp"
    assert completion.choices[0].message.content == "Hello world"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].finish_reason == "stop"
    assert acc.chat_completion is completion


def test_just_finished_content_is_reported_once_at_finish() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "Hi"}))
    assert acc.just_finished_content() is None
    acc.add_chunk(chunk({"content": " there"}))
    assert acc.just_finished_content() is None
    acc.add_chunk(chunk(finish_reason="stop"))
    assert acc.just_finished_content() == "Hi there"
    assert acc.just_finished_content() is None


def test_tool_calls_merge_by_index_and_finish_when_the_next_starts() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk(tool_delta(0, call_id="call_a", name="get_weather", arguments='{"ci')))
    acc.add_chunk(chunk(tool_delta(0, arguments='ty": "Paris"}')))
    assert acc.just_finished_tool_call() is None
    acc.add_chunk(chunk(tool_delta(1, call_id="call_b", name="get_time", arguments="{}")))
    first = acc.just_finished_tool_call()
    assert first == FinishedToolCall(index=0, id="call_a", name="get_weather", arguments='{"city": "Paris"}')
    assert acc.just_finished_tool_call() is None
    acc.add_chunk(chunk(finish_reason="tool_calls"))
    second = acc.just_finished_tool_call()
    assert second is not None and second.id == "call_b" and second.arguments == "{}"
    calls = acc.to_chat_completion().choices[0].message.tool_calls
    assert calls is not None
    assert [call.id for call in calls] == ["call_a", "call_b"]
    assert isinstance(calls[0], ChatCompletionMessageFunctionToolCall)
    assert calls[0].function.arguments == '{"city": "Paris"}'


def test_refusal_is_merged_and_reported_when_finished() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"refusal": "I can't"}))
    acc.add_chunk(chunk({"refusal": " do that"}))
    acc.add_chunk(chunk(finish_reason="stop"))
    assert acc.just_finished_refusal() == "I can't do that"
    assert acc.just_finished_content() is None
    assert acc.to_chat_completion().choices[0].message.refusal == "I can't do that"


def test_content_finishes_when_a_tool_call_starts() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "Let me check."}))
    acc.add_chunk(chunk(tool_delta(0, call_id="call_a", name="lookup", arguments="{}")))
    assert acc.just_finished_content() == "Let me check."


def test_unconsumed_pieces_are_dropped_by_the_next_chunk() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "a"}))
    acc.add_chunk(chunk({"refusal": "b"}))
    acc.add_chunk(chunk({"refusal": "c"}))
    assert acc.just_finished_content() is None


def test_several_choices_are_merged_separately() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "A"}, index=0))
    acc.add_chunk(chunk({"content": "B"}, index=1))
    acc.add_chunk(chunk({"content": "a"}, index=0))
    acc.add_chunk(chunk({"content": "b"}, index=1, finish_reason="length"))
    acc.add_chunk(chunk(index=0, finish_reason="stop"))
    completion = acc.to_chat_completion()
    assert [c.message.content for c in completion.choices] == ["Aa", "Bb"]
    assert [c.finish_reason for c in completion.choices] == ["stop", "length"]


def test_usage_and_logprobs_are_kept() -> None:
    token = {"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "Hi"}, logprobs={"content": [token], "refusal": None}))
    acc.add_chunk(chunk({"content": "Hi"}, logprobs={"content": [token], "refusal": None}))
    acc.add_chunk(chunk(finish_reason="stop"))
    acc.add_chunk(chunk(usage={"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}))
    completion = acc.to_chat_completion()
    assert completion.usage is not None and completion.usage.total_tokens == 5
    logprobs = completion.choices[0].logprobs
    assert logprobs is not None and logprobs.content is not None
    assert [t.token for t in logprobs.content] == ["Hi", "Hi"]


def test_chunk_of_another_completion_is_refused() -> None:
    acc = oai.ChatCompletionAccumulator()
    assert acc.add_chunk(chunk({"content": "a"}))
    assert not acc.add_chunk(chunk({"content": "b"}, chunk_id="chatcmpl-2"))
    assert acc.to_chat_completion().choices[0].message.content == "a"


def tok(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}


def test_content_and_refusal_logprobs_are_kept_per_choice() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "Hi"}, logprobs={"content": [tok("Hi")], "refusal": None}))
    acc.add_chunk(chunk({"refusal": "No"}, index=1, logprobs={"content": None, "refusal": [tok("No")]}))
    acc.add_chunk(chunk({"content": "!"}, logprobs={"content": [tok("!")], "refusal": None}))
    acc.add_chunk(chunk({"refusal": "pe"}, index=1, logprobs={"content": None, "refusal": [tok("pe")]}))
    shared = acc.logprobs_content_parts(0)
    assert shared is not None and [t.token for t in shared] == ["Hi", "!"]
    assert acc.logprobs_refusal_parts(0) is None
    refusal_parts = acc.logprobs_refusal_parts(1)
    assert refusal_parts is not None and [t.token for t in refusal_parts] == ["No", "pe"]
    assert acc.logprobs_content_parts(2) is None
    acc.add_chunk(chunk(finish_reason="stop"))
    acc.add_chunk(chunk(index=1, finish_reason="stop"))
    first, second = acc.to_chat_completion().choices
    assert first.logprobs is not None and first.logprobs.content is not None
    assert [(t.token, t.logprob, t.bytes) for t in first.logprobs.content] == [
        ("Hi", -0.5, [72, 105]),
        ("!", -0.5, [33]),
    ]
    assert first.logprobs.refusal is None
    assert second.logprobs is not None and second.logprobs.refusal is not None
    assert [t.token for t in second.logprobs.refusal] == ["No", "pe"]
    assert second.logprobs.content is None
    assert second.message.refusal == "Nope"


def test_empty_logprobs_list_is_kept_and_absent_logprobs_stay_none() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": ""}, logprobs={"content": [], "refusal": None}))
    acc.add_chunk(chunk({"content": "x"}, index=1))
    acc.add_chunk(chunk(finish_reason="stop"))
    acc.add_chunk(chunk(index=1, finish_reason="stop"))
    first, second = acc.to_chat_completion().choices
    assert first.logprobs is not None and first.logprobs.content == [] and first.logprobs.refusal is None
    assert second.logprobs is None


def test_deprecated_function_call_is_merged_like_tool_call_arguments() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"role": "assistant", "function_call": {"name": "get_weather", "arguments": ""}}))
    acc.add_chunk(chunk({"function_call": {"arguments": '{"ci'}}))
    acc.add_chunk(chunk({"function_call": {"name": "get_weather", "arguments": 'ty": '}}))  # name repeated
    acc.add_chunk(chunk({"function_call": {"arguments": '"Paris"}'}}))
    acc.add_chunk(chunk(finish_reason="function_call"))
    choice = acc.to_chat_completion().choices[0]
    assert choice.finish_reason == "function_call"
    call = choice.message.function_call
    assert call is not None
    assert (call.name, call.arguments) == ("get_weather", '{"city": "Paris"}')
    assert choice.message.content is None and choice.message.tool_calls is None
    assert acc.just_finished_tool_call() is None


def test_function_call_is_kept_per_choice_and_absent_without_deltas() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"function_call": {"name": "f", "arguments": "{}"}}, index=1))
    acc.add_chunk(chunk({"content": "plain"}, index=0))
    first, second = acc.to_chat_completion().choices
    assert first.message.function_call is None
    assert second.message.function_call is not None
    assert (second.message.function_call.name, second.message.function_call.arguments) == ("f", "{}")


def test_function_call_name_is_set_once() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"function_call": {"name": "first"}}))
    acc.add_chunk(chunk({"function_call": {"name": "second", "arguments": "{}"}}))
    call = acc.to_chat_completion().choices[0].message.function_call
    assert call is not None and (call.name, call.arguments) == ("first", "{}")


def test_the_accumulator_reads_as_the_chat_completion_itself() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"role": "assistant", "content": "Hel"}))
    assert acc.choices[0].message.content == "Hel"
    acc.add_chunk(chunk({"content": "lo"}))
    acc.add_chunk(chunk(finish_reason="stop"))
    acc.add_chunk(chunk(usage={"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}))
    assert acc.id == "chatcmpl-1"
    assert acc.choices[0].message.content == "Hello"
    assert acc.choices[0].finish_reason == "stop"
    assert acc.usage is not None and acc.usage.total_tokens == 5
    assert (acc.created, acc.model, acc.object, acc.system_fingerprint) == (7, "gpt-4o", "chat.completion", "fp")
    assert acc.service_tier is None
    # Every other ChatCompletion field and method reads through too.
    for name in ChatCompletion.model_fields:
        assert getattr(acc, name) == getattr(acc.chat_completion, name)
    untyped: Any = acc  # the read-through is a runtime `__getattr__`, invisible to type checkers
    assert untyped.model_dump()["choices"][0]["message"]["content"] == "Hello"
    assert untyped.to_json() == acc.chat_completion.to_json()


def test_unknown_accumulator_attributes_still_raise_attribute_error() -> None:
    acc = oai.ChatCompletionAccumulator()
    acc.add_chunk(chunk({"content": "x"}))
    try:
        acc.no_such_field  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "no_such_field" in str(error)
    else:
        raise AssertionError("expected AttributeError")
    assert not hasattr(acc, "_private_thing")
