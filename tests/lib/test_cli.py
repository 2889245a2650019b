"""Tests of the `oai` CLI, run in-process on a MockTransport, plus one `python -m oai --help` subprocess."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys
from typing import Any, Callable, List

import httpx
import pytest

from oai.lib.cli import main

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    def __init__(self, respond: Handler) -> None:
        self.respond = respond
        self.requests: List[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, where progress bars draw."""

    def isatty(self) -> bool:
        return True


def run(argv: List[str], handler: Handler, *, tty: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), Terminal() if tty else io.StringIO()
    client = httpx.Client(transport=httpx.MockTransport(handler))
    code = main([*argv], stdout=out, stderr=err, _http_client=client)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-cli")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://cli.example.test/v1")


def completion(content: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": None}
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
    }


def test_chat_prints_the_reply_and_uses_the_environment() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, json=completion("This is a test.")))
    code, out, err = run(["chat", "Say this is a test", "-m", "gpt-4o-mini"], recorder)
    assert (code, out, err) == (0, "This is a test.\n", "")
    request = recorder.requests[0]
    assert str(request.url) == "https://cli.example.test/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-cli"
    body = json.loads(request.content)
    assert body["model"] == "gpt-4o-mini"
    assert body["messages"] == [{"role": "user", "content": "Say this is a test"}]


def test_chat_stream_prints_deltas() -> None:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        data = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(data)}\n\n"

    body = chunk({"content": "This is"}) + chunk({"content": " a test."}) + chunk({}, "stop") + "data: [DONE]\n\n"
    recorder = Recorder(lambda _: httpx.Response(200, text=body, headers={"content-type": "text/event-stream"}))
    code, out, _ = run(["chat", "Say this is a test", "--stream"], recorder)
    assert code == 0
    assert out == "This is a test.\n"
    assert json.loads(recorder.requests[0].content)["stream"] is True


def test_models_list_prints_json() -> None:
    models = {"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}]}
    code, out, _ = run(["models", "list"], Recorder(lambda _: httpx.Response(200, json=models)))
    assert code == 0
    assert [m["id"] for m in json.loads(out)] == ["gpt-4o"]


def test_files_upload_sends_the_file_and_draws_progress_on_the_given_stderr(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 1000)
    uploaded = {
        "id": "file-1",
        "object": "file",
        "bytes": 9000,
        "created_at": 1,
        "filename": "data.jsonl",
        "purpose": "batch",
        "status": "processed",
    }
    recorder = Recorder(lambda _: httpx.Response(200, json=uploaded))
    code, out, err = run(["files", "upload", str(path), "--purpose", "batch"], recorder, tty=True)
    assert code == 0
    assert json.loads(out)["id"] == "file-1"
    content = recorder.requests[0].content
    assert b'filename="data.jsonl"' in content and b'{"a": 1}\n' * 1000 in content
    assert "100%" in err
    assert "100%" not in capsys.readouterr().err


def _file(status: str) -> dict[str, Any]:
    return {
        "id": "file-1",
        "object": "file",
        "bytes": 3,
        "created_at": 1,
        "filename": "a.jsonl",
        "purpose": "batch",
        "status": status,
    }


def test_files_upload_wait_polls_until_processed_drawing_the_status(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"{}\n")
    answers = [_file("uploaded"), _file("uploaded"), _file("uploaded"), _file("processed")]

    def respond(request: httpx.Request) -> httpx.Response:
        # A zero hint keeps the real sleep between polls at 0 s.
        return httpx.Response(200, json=answers.pop(0), headers={"openai-poll-after-ms": "0"})

    recorder = Recorder(respond)
    code, out, err = run(["files", "upload", str(path), "--purpose", "batch", "--wait"], recorder, tty=True)
    assert code == 0
    assert json.loads(out)["status"] == "processed"
    assert [f"{r.method} {r.url.path}" for r in recorder.requests] == ["POST /v1/files"] + ["GET /v1/files/file-1"] * 3
    assert "\rProcessing file-1: uploaded (poll 1, " in err
    assert "\rProcessing file-1: processed (poll 3, " in err


def test_files_upload_wait_draws_no_status_frames_into_a_redirected_log(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"{}\n")
    answers = [_file("uploaded"), _file("processed")]

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers.pop(0), headers={"openai-poll-after-ms": "0"})

    code, out, err = run(["files", "upload", str(path), "--purpose", "batch", "--wait"], Recorder(respond))
    assert code == 0
    assert json.loads(out)["status"] == "processed"
    assert "\r" not in err


def test_files_upload_wait_reports_a_timeout_as_one_error_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"{}\n")

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_file("uploaded"), headers={"openai-poll-after-ms": "5000"})

    argv = ["files", "upload", str(path), "--purpose", "batch", "--wait", "--max-wait", "1", "--no-progress"]
    code, out, err = run(argv, Recorder(respond))
    assert (code, out) == (1, "")
    assert err == "Error: file 'file-1' is still 'uploaded' after waiting 0.0 s (max_wait_seconds)\n"


def test_files_download_writes_the_content(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "out.jsonl"
    recorder = Recorder(lambda _: httpx.Response(200, content=b"line\n" * 10))
    code, out, _ = run(["files", "download", "file-9", "-o", str(target)], recorder)
    assert code == 0
    assert target.read_bytes() == b"line\n" * 10
    assert json.loads(out)["bytes"] == 50
    assert recorder.requests[0].url.path == "/v1/files/file-9/content"


def test_api_converts_options_to_parameters_and_decodes_json() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, json=completion("ok")))
    messages = json.dumps([{"role": "user", "content": "hi"}])
    code, out, _ = run(
        [
            "api",
            "chat.completions.create",
            "--model",
            "gpt-4o-mini",
            "--messages",
            messages,
            "--max-completion-tokens",
            "5",
        ],
        recorder,
    )
    assert code == 0
    body = json.loads(recorder.requests[0].content)
    assert body == {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "max_completion_tokens": 5}
    assert json.loads(out)["choices"][0]["message"]["content"] == "ok"


def test_api_passes_path_parameters_and_file_paths(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"{}\n")
    file_object = {
        "id": "file-2",
        "object": "file",
        "bytes": 3,
        "created_at": 1,
        "filename": "train.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }
    recorder = Recorder(lambda _: httpx.Response(200, json=file_object))
    code, _, _ = run(["api", "files.create", "--file", str(path), "--purpose", "fine-tune"], recorder)
    assert code == 0
    assert b'filename="train.jsonl"' in recorder.requests[0].content
    code, out, _ = run(["api", "files.retrieve", "--file-id", "file-2"], recorder)
    assert code == 0 and json.loads(out)["id"] == "file-2"
    assert recorder.requests[1].url.path == "/v1/files/file-2"


def test_api_errors_are_one_line_without_traceback() -> None:
    error = {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
    code, out, err = run(["models", "list"], Recorder(lambda _: httpx.Response(401, json=error)))
    assert code == 1 and out == ""
    assert err == "Error: 401 Incorrect API key provided\n"


def test_unknown_method_and_option_are_clear_errors() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, json={}))
    code, _, err = run(["api", "nope.list"], recorder)
    assert code == 1 and err.startswith("Error: Unknown API method 'nope.list'")
    code, _, err = run(["api", "models.list", "--bogus", "1"], recorder)
    assert code == 1 and err.startswith("Error: Unknown option --bogus")
    code, _, err = run(["api", "files.retrieve"], recorder)
    assert code == 1 and "--file-id" in err
    assert recorder.requests == []


def test_missing_api_key_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    code, _, err = run(["models", "list"], Recorder(lambda _: httpx.Response(200, json={})))
    assert code == 1
    assert err.startswith("Error: ") and err[-1] == "\n" and err.count("\n") == 1


def test_python_dash_m_oai_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "oai", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "usage: oai" in result.stdout
    for command in ("chat", "models", "files", "api"):
        assert command in result.stdout
