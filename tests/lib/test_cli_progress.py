"""Progress bars draw only on a terminal, with rate and ETA; `--no-progress` turns them off; `oai batch run`."""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any, List

import httpx
import pytest

from oai.lib.cli.progress import ProgressBar

from .test_batch import FakeBatchAPI
from .test_cli import Recorder, Terminal, run


@pytest.fixture(autouse=True)
def api_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-cli")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://cli.example.test/v1")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bar_shows_rate_and_eta_on_a_terminal() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar("Upload", 1000 * 1024, stream, clock=clock)
    clock.now += 2.0
    bar.update(250 * 1024)
    frame = stream.getvalue()
    assert frame.startswith("\rUpload [")
    assert " 25%  250.0 KB/1000.0 KB  125.0 KB/s  ETA 00:06" in frame
    clock.now += 6.0
    bar.update(750 * 1024)
    bar.close()
    assert "100%" in stream.getvalue() and "in 00:08" in stream.getvalue() and stream.getvalue().endswith("\n")


def test_bar_redraws_at_most_ten_times_a_second() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar("Download", 100, stream, clock=clock)
    for _ in range(50):
        bar.update(1)
    assert stream.getvalue().count("\r") == 1
    clock.now += 0.2
    bar.update(1)
    assert stream.getvalue().count("\r") == 2


def test_bar_draws_nothing_when_redirected_or_disabled() -> None:
    for stream, enabled in ((io.StringIO(), None), (Terminal(), False)):
        bar = ProgressBar("Upload", 10, stream, is_enabled=enabled)
        bar.update(10)
        bar.close()
        assert stream.getvalue() == ""
        assert bar.done == 10


def test_unknown_total_shows_count_and_rate() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar("Download", None, stream, clock=clock)
    clock.now += 1.0
    bar.update(2048)
    assert "Download 2.0 KB  2.0 KB/s" in stream.getvalue()


def uploaded(_: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": "file-1",
            "object": "file",
            "bytes": 9,
            "created_at": 1,
            "filename": "d",
            "purpose": "batch",
            "status": "processed",
        },
    )


def test_upload_log_redirected_gets_no_carriage_returns(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"{}\n" * 100)
    code, _, err = run(["files", "upload", str(path), "--purpose", "batch"], Recorder(uploaded))
    assert (code, err) == (0, "")


@pytest.mark.parametrize("argv", [["--no-progress", "files", "upload"], ["files", "upload", "--no-progress"]])
def test_no_progress_on_a_terminal(tmp_path: pathlib.Path, argv: List[str]) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"{}\n" * 100)
    code, _, err = run([*argv, str(path), "--purpose", "batch"], Recorder(uploaded), tty=True)
    assert (code, err) == (0, "")


def write_requests(path: pathlib.Path, count: int, url: str = "/v1/chat/completions") -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    lines = [{"custom_id": f"q{i}", "method": "POST", "url": url, "body": body} for i in range(count)]
    lines.append({"custom_id": "bad-1", "method": "POST", "url": url, "body": body})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def read_lines(path: pathlib.Path) -> List[Any]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_run_writes_one_result_per_request_with_progress(tmp_path: pathlib.Path) -> None:
    source, target = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_requests(source, 3)
    api = FakeBatchAPI(polls_to_finish=2)
    argv = ["batch", "run", str(source), "--out", str(target), "--poll-interval", "0"]
    code, out, err = run(argv, Recorder(api), tty=True)
    assert code == 0, err
    assert json.loads(out) == {"batches": ["batch_1"], "succeeded": 3, "failed": 1, "out": str(target)}
    results = read_lines(target)
    assert [r["custom_id"] for r in results] == ["q0", "q1", "q2", "bad-1"]
    assert results[0]["response"]["choices"][0]["message"]["content"] == "answer q0"
    assert results[3]["error"] == {"code": "model_not_found", "message": "Invalid model", "status_code": 400}
    assert "Batch [" in err and "4/4" in err and "requests/s" in err


def test_batch_run_bad_input_is_a_one_line_error(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "requests.jsonl"
    source.write_text('{"custom_id": "a", "url": "/v1/chat/completions", "body": {}}\nnot json\n')
    code, _, err = run(["batch", "run", str(source), "--out", str(tmp_path / "o")], Recorder(FakeBatchAPI()))
    assert code == 1 and err.startswith(f"Error: {source}:2: not JSON")


def test_batch_run_ctrl_c_cancels_and_resume_keeps_going(tmp_path: pathlib.Path) -> None:
    source, target = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    write_requests(source, 2)
    api = FakeBatchAPI(polls_to_finish=3)
    polls = {"count": 0}

    def interrupting(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/v1/batches/"):
            polls["count"] += 1
            if polls["count"] == 1:
                raise KeyboardInterrupt
        return api(request)

    argv = ["batch", "run", str(source), "--out", str(target), "--poll-interval", "0"]
    code, _, err = run([*argv, "--on-interrupt", "keep"], Recorder(interrupting))
    assert code == 130
    assert f"resume with: oai batch run {source} --resume batch_1" in err
    assert api.cancelled == []
    code, out, err = run([*argv, "--resume", "batch_1"], Recorder(api))
    assert code == 0, err
    assert len(api.uploads) == 1 and json.loads(out)["succeeded"] == 2

    api2 = FakeBatchAPI(polls_to_finish=3)
    polls["count"] = 0

    def interrupting2(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/v1/batches/"):
            polls["count"] += 1
            if polls["count"] == 1:
                raise KeyboardInterrupt
        return api2(request)

    code, _, err = run(argv, Recorder(interrupting2))  # not a terminal: "ask" cancels
    assert code == 130 and api2.cancelled == ["batch_1"] and "Cancelled batches: batch_1" in err
