"""`oai api`: options converted by annotation, per-method --help, --version, --all/--limit and the official short forms."""

from __future__ import annotations

import io
import json
from typing import Any, Dict, Iterator, List, Tuple

import httpx
import pytest

from oai import __version__
from oai.lib.cli import main

from .test_cli import Recorder, completion, run


@pytest.fixture(autouse=True)
def api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-cli")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://cli.example.test/v1")


def ok_completion() -> Recorder:
    return Recorder(lambda _: httpx.Response(200, json=completion("ok")))


def sent_body(recorder: Recorder, index: int = 0) -> Dict[str, Any]:
    return json.loads(recorder.requests[index].content)


def test_string_parameters_stay_strings_and_numbers_follow_the_annotation() -> None:
    recorder = ok_completion()
    argv = ["api", "chat.completions.create", "--model", "gpt-4o", "--messages", "[]"]
    argv += ["--user", "12345", "--n", "2", "--temperature", "1", "--stop", "null", "--metadata", '{"a": "1"}']
    code, _, err = run(argv, recorder)
    assert (code, err) == (0, "")
    body = sent_body(recorder)
    assert body["user"] == "12345"  # a str parameter, though it parses as a JSON number
    assert body["n"] == 2 and body["temperature"] == 1.0
    assert body["stop"] is None
    assert body["metadata"] == {"a": "1"}


def test_union_of_text_and_structure_takes_json_only_when_it_looks_structured() -> None:
    recorder = ok_completion()
    argv = ["api", "chat.completions.create", "-m", "gpt-4o", "--messages", "[]"]
    code, _, _ = run([*argv, "--stop", "END"], recorder)
    assert code == 0 and sent_body(recorder)["stop"] == "END"
    code, _, _ = run([*argv, "--stop", '["a", "b"]'], recorder)
    assert code == 0 and sent_body(recorder, 1)["stop"] == ["a", "b"]
    code, _, _ = run([*argv, "--model", "123"], recorder)
    assert code == 0 and sent_body(recorder, 2)["model"] == "123"


def test_bad_values_name_the_option() -> None:
    recorder = ok_completion()
    code, _, err = run(["api", "chat.completions.create", "-m", "x", "--messages", "[oops"], recorder)
    assert code == 1 and err.startswith("Error: --messages takes JSON")
    code, _, err = run(["api", "chat.completions.create", "-m", "x", "--messages", "[]", "--n", "two"], recorder)
    assert code == 1 and err == "Error: --n takes a whole number, got 'two'\n"
    code, _, err = run(
        ["api", "chat.completions.create", "-m", "x", "--messages", "[]", "--logprobs", "maybe"], recorder
    )
    assert code == 1 and "--logprobs takes true/false" in err
    assert recorder.requests == []


def test_official_short_forms_for_chat() -> None:
    recorder = ok_completion()
    argv = ["api", "chat.completions.create", "-m", "gpt-4o-mini", "-g", "system", "be brief", "-g", "user", "hi"]
    code, out, err = run([*argv, "-n", "2", "-t", "0.5", "-P", "0.9", "-M", "7"], recorder)
    assert (code, err) == (0, "")
    assert sent_body(recorder) == {
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
        "n": 2,
        "temperature": 0.5,
        "top_p": 0.9,
        "max_tokens": 7,
    }
    assert json.loads(out)["choices"][0]["message"]["content"] == "ok"


CHAT_CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def chat_chunk(*deltas: Tuple[int, Dict[str, Any]]) -> Dict[str, Any]:
    choices = [{"index": index, "delta": delta, "finish_reason": None} for index, delta in deltas]
    return {**CHAT_CHUNK, "choices": choices}


def text_chunk(*texts: Tuple[int, str]) -> Dict[str, Any]:
    choices = [{"index": index, "text": text, "finish_reason": None, "logprobs": None} for index, text in texts]
    return {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "m", "choices": choices}


def sse(*chunks: Dict[str, Any]) -> Recorder:
    events = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"
    return Recorder(lambda _: httpx.Response(200, text=events, headers={"content-type": "text/event-stream"}))


CHAT_STREAM = ["api", "chat.completions.create", "-m", "x", "-g", "user", "hi", "--stream"]


def test_stream_prints_the_streamed_text_with_a_newline_at_the_end() -> None:
    recorder = sse(
        chat_chunk((0, {"role": "assistant", "content": ""})),
        chat_chunk((0, {"content": "Hel"})),
        chat_chunk((0, {"content": "lo"})),
        {**CHAT_CHUNK, "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}},
    )
    code, out, err = run(CHAT_STREAM, recorder)
    assert (code, out, err) == (0, "Hello\n", "")
    assert sent_body(recorder)["stream"] is True


def test_stream_with_json_prints_one_chunk_per_line() -> None:
    recorder = sse(chat_chunk((0, {"content": "Hel"})), chat_chunk((0, {"content": "lo"})))
    code, out, err = run([*CHAT_STREAM, "--json"], recorder)
    assert (code, err) == (0, "")
    assert sent_body(recorder)["stream"] is True and "json" not in sent_body(recorder)
    assert [json.loads(line)["choices"][0]["delta"]["content"] for line in out.splitlines()] == ["Hel", "lo"]
    code, _, err = run([*CHAT_STREAM, "--json=yes"], recorder)
    assert code == 1 and err == "Error: --json takes no value, got '--json=yes'\n"
    code, _, err = run(["api", "models.list", "--json"], recorder)
    assert code == 1 and "Unknown option --json" in err


class FlushLog(io.StringIO):
    """A stdout that logs what had been written at each flush."""

    def __init__(self, log: List[str]) -> None:
        super().__init__()
        self.log = log

    def flush(self) -> None:
        self.log.append(f"flushed {self.getvalue()!r}")


def test_stream_text_is_flushed_as_each_chunk_arrives() -> None:
    log: List[str] = []

    def events() -> Iterator[bytes]:
        for text in ("Hel", "lo"):
            log.append(f"sent {text!r}")
            yield f"data: {json.dumps(chat_chunk((0, {'content': text})))}\n\n".encode()
        log.append("sent [DONE]")
        yield b"data: [DONE]\n\n"

    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=events(), headers={"content-type": "text/event-stream"})

    out = FlushLog(log)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    assert main(CHAT_STREAM, stdout=out, stderr=io.StringIO(), _http_client=client) == 0
    assert out.getvalue() == "Hello\n"
    assert log[: log.index("sent [DONE]")] == ["sent 'Hel'", "flushed 'Hel'", "sent 'lo'", "flushed 'Hello'"]


def test_stream_with_several_choices_heads_each_run_of_one_choice() -> None:
    recorder = sse(
        chat_chunk((0, {"role": "assistant", "content": ""}), (1, {"role": "assistant", "content": ""})),
        chat_chunk((0, {"content": "A1"})),
        chat_chunk((1, {"content": "B1"})),
        chat_chunk((1, {"content": " B2"})),
        chat_chunk((0, {"content": " A2"})),
    )
    code, out, err = run([*CHAT_STREAM, "-n", "2"], recorder)
    assert (code, err) == (0, "")
    assert out == (
        "===== Chat Completion 0 =====\nA1\n===== Chat Completion 1 =====\nB1 B2\n===== Chat Completion 0 =====\n A2\n"
    )


def test_completions_stream_prints_text_and_takes_json_too() -> None:
    recorder = sse(text_chunk((0, "Once")), text_chunk((0, " upon\n")))
    argv = ["api", "completions.create", "-m", "x", "-p", "Tell", "--stream"]
    code, out, err = run(argv, recorder)
    assert (code, out, err) == (0, "Once upon\n", "")  # no second newline after one the text ends with
    code, out, _ = run([*argv, "--json"], recorder)
    assert [json.loads(line)["choices"][0]["text"] for line in out.splitlines()] == ["Once", " upon\n"]
    recorder = sse(text_chunk((0, "a")), text_chunk((1, "b")))
    code, out, _ = run([*argv, "-n", "2"], recorder)
    assert out == "===== Completion 0 =====\na\n===== Completion 1 =====\nb\n"


def test_other_streams_still_print_json_lines() -> None:
    event: Dict[str, Any] = {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0}
    event.update(content_index=0, delta="Hi", sequence_number=1, logprobs=[])
    recorder = sse(event)
    code, out, err = run(["api", "responses.create", "--model", "x", "--input", "hi", "--stream"], recorder)
    assert (code, err) == (0, "")
    assert [json.loads(line)["delta"] for line in out.splitlines()] == ["Hi"]


def test_short_forms_errors() -> None:
    recorder = ok_completion()
    code, _, err = run(["api", "chat.completions.create", "-m", "x", "-g", "user"], recorder)
    assert code == 1 and "-g needs two values" in err
    code, _, err = run(["api", "chat.completions.create", "-m", "x", "-g", "user", "a", "--messages", "[]"], recorder)
    assert code == 1 and "not both" in err
    code, _, err = run(["api", "models.list", "-m", "x"], recorder)
    assert code == 1 and "Expected --option value" in err


def test_method_help_lists_options_with_types_and_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")  # help needs no key and sends nothing
    recorder = ok_completion()
    code, out, err = run(["api", "files.list", "--help"], recorder)
    assert (code, err) == (0, "")
    assert out.startswith("usage: oai api files.list")
    assert "Returns a list of files." in out
    assert "  --purpose str\n      Only return files with the given purpose." in out
    assert "  --limit int\n" in out and "  --order Literal['asc', 'desc']\n" in out
    assert "--all" in out and "--json" not in out
    code, out, _ = run(["api", "chat.completions.create", "-h"], recorder)
    assert "  --json  with --stream, print each chunk as a JSON line instead of the streamed text\n" in out
    assert code == 0
    assert "  --messages Iterable[ChatCompletionMessageParam]  (required)\n" in out
    assert "  -m, --model ChatModel  (required)\n" in out
    assert "-g ROLE CONTENT" in out
    assert recorder.requests == []


def test_version() -> None:
    code, out, _ = run(["--version"], ok_completion())
    assert (code, out) == (0, f"oai {__version__}\n")


def file_page(ids: List[str], has_more: bool) -> Dict[str, Any]:
    files = [
        {
            "id": i,
            "object": "file",
            "bytes": 1,
            "created_at": 1,
            "filename": "a",
            "purpose": "batch",
            "status": "processed",
        }
        for i in ids
    ]
    return {"object": "list", "data": files, "has_more": has_more}


def paged_files(request: httpx.Request) -> httpx.Response:
    after = request.url.params.get("after")
    pages = {None: (["f1", "f2"], True), "f2": (["f3", "f4"], True), "f4": (["f5"], False)}
    ids, has_more = pages[after]
    return httpx.Response(200, json=file_page(ids, has_more))


def test_list_methods_print_one_page_by_default_and_every_page_with_all() -> None:
    recorder = Recorder(paged_files)
    code, out, _ = run(["api", "files.list"], recorder)
    page = json.loads(out)
    assert code == 0 and [f["id"] for f in page["data"]] == ["f1", "f2"] and page["has_more"] is True
    code, out, _ = run(["api", "files.list", "--all"], recorder)
    assert code == 0 and [f["id"] for f in json.loads(out)] == ["f1", "f2", "f3", "f4", "f5"]
    assert len(recorder.requests) == 4


def test_limit_stops_after_n_items_and_pages_only_as_needed() -> None:
    recorder = Recorder(paged_files)
    code, out, _ = run(["api", "files.list", "--limit", "3"], recorder)
    assert code == 0 and [f["id"] for f in json.loads(out)] == ["f1", "f2", "f3"]
    assert len(recorder.requests) == 2
    assert recorder.requests[0].url.params["limit"] == "3"
    code, _, err = run(["api", "files.list", "--limit", "0"], recorder)
    assert code == 1 and "--limit must be a positive whole number" in err
