"""Tests of `oai.lib.batch`: planning, and `run_batch` end to end against a stateful fake of /files and /batches."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import httpx
import pytest

from oai.lib.batch import (
    BatchLimits,
    BatchProgress,
    BatchRequest,
    BatchTimeoutError,
    async_run_batch,
    plan_batches,
    run_batch,
)
from oai.types.chat.chat_completion import ChatCompletion
from oai.types.create_embedding_response import CreateEmbeddingResponse

from ..conftest import make_async_client, make_sync_client

BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def completion_body(custom_id: str) -> Dict[str, Any]:
    message = {"role": "assistant", "content": f"answer {custom_id}", "refusal": None}
    return {
        "id": f"chatcmpl-{custom_id}",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
    }


class FakeBatchAPI:
    """Keeps uploaded files and batches; a batch completes after `polls_to_finish` retrievals.

    Requests whose custom_id starts with "bad" fail with a 400 in the error file; with
    `fail_batches`, batches end as `failed` without files.
    """

    def __init__(self, *, polls_to_finish: int = 2, fail_batches: bool = False) -> None:
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.polls_to_finish = polls_to_finish
        self.fail_batches = fail_batches
        self.uploads: list[List[Dict[str, Any]]] = []
        self.cancelled: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/v1")
        if request.method == "POST" and path == "/files":
            return self._upload(request)
        if request.method == "POST" and path == "/batches":
            return self._create(json.loads(request.content))
        if request.method == "POST" and path.startswith("/batches/") and path.endswith("/cancel"):
            batch = self.batches[path.split("/")[2]]
            batch["status"] = "cancelling"
            self.cancelled.append(batch["id"])
            return httpx.Response(200, json=batch)
        if request.method == "GET" and path.startswith("/batches/"):
            return self._retrieve(path.split("/")[2])
        if request.method == "GET" and path.startswith("/files/") and path.endswith("/content"):
            return httpx.Response(200, content=self.files[path.split("/")[2]])
        return httpx.Response(404, json={"error": {"message": f"no route {request.method} {path}"}})

    def _upload(self, request: httpx.Request) -> httpx.Response:
        assert b'name="purpose"' in request.content and b"batch" in request.content
        lines = [json.loads(line) for line in request.content.splitlines() if line.startswith(b'{"custom_id"')]
        self.uploads.append(lines)
        file_id = f"file-in-{len(self.uploads)}"
        self.files[file_id] = b"\n".join(json.dumps(line).encode() for line in lines)
        return httpx.Response(
            200,
            json={
                "id": file_id,
                "object": "file",
                "bytes": 1,
                "created_at": 1,
                "filename": "b.jsonl",
                "purpose": "batch",
                "status": "processed",
            },
        )

    def _create(self, params: Dict[str, Any]) -> httpx.Response:
        batch_id = f"batch_{len(self.batches) + 1}"
        total = len(self.uploads[-1])
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": params["endpoint"],
            "input_file_id": params["input_file_id"],
            "completion_window": params["completion_window"],
            "status": "validating",
            "created_at": 1,
            "request_counts": {"total": total, "completed": 0, "failed": 0},
        }
        self.polls[batch_id] = 0
        return httpx.Response(200, json=self.batches[batch_id])

    def _retrieve(self, batch_id: str) -> httpx.Response:
        batch = self.batches[batch_id]
        self.polls[batch_id] += 1
        if self.polls[batch_id] < self.polls_to_finish:
            batch["status"] = "in_progress"
        elif batch["status"] not in ("completed", "failed"):
            self._finish(batch)
        return httpx.Response(200, json=batch)

    def _finish(self, batch: Dict[str, Any]) -> None:
        if self.fail_batches:
            batch["status"] = "failed"
            batch["errors"] = {"object": "list", "data": [{"code": "invalid", "message": "bad input file"}]}
            return
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]].splitlines()]
        ok: List[Dict[str, Any]] = []
        failed: List[Dict[str, Any]] = []
        for line in lines:
            custom_id = line["custom_id"]
            if custom_id.startswith("bad"):
                error_body = {"error": {"message": "Invalid model", "code": "model_not_found"}}
                failed.append(
                    {
                        "id": "r",
                        "custom_id": custom_id,
                        "response": {"status_code": 400, "request_id": "req_x", "body": error_body},
                        "error": None,
                    }
                )
            else:
                body: Dict[str, Any] = (
                    completion_body(custom_id)
                    if batch["endpoint"] == "/v1/chat/completions"
                    else {"object": "list", "data": [], "model": "e", "usage": {"prompt_tokens": 1, "total_tokens": 1}}
                )
                ok.append(
                    {
                        "id": "r",
                        "custom_id": custom_id,
                        "response": {"status_code": 200, "request_id": "req_ok", "body": body},
                        "error": None,
                    }
                )
        batch["status"] = "completed"
        batch["request_counts"] = {"total": len(lines), "completed": len(ok), "failed": len(failed)}
        for kind, rows in (("output", ok), ("error", failed)):
            if rows:
                file_id = f"file-{kind}-{batch['id']}"
                self.files[file_id] = b"\n".join(json.dumps(r).encode() for r in rows) + b"\n"
                batch[f"{kind}_file_id"] = file_id


def test_duplicate_custom_ids_are_rejected_before_any_request() -> None:
    api = FakeBatchAPI()
    client = make_sync_client(api)
    with pytest.raises(ValueError, match="Duplicate custom_id"):
        run_batch(client, [("a", BODY), ("a", BODY)], sleep=lambda _: None)
    assert api.uploads == []


def test_plan_splits_by_request_count_and_by_bytes() -> None:
    by_count = plan_batches(
        [(f"r{i}", BODY) for i in range(5)], endpoint="/v1/chat/completions", limits=BatchLimits(max_requests=2)
    )
    assert [ids for ids, _ in by_count.files] == [["r0", "r1"], ["r2", "r3"], ["r4"]]
    line_size = len(by_count.files[2][1])
    by_bytes = plan_batches(
        [(f"r{i}", BODY) for i in range(5)],
        endpoint="/v1/chat/completions",
        limits=BatchLimits(max_bytes=line_size * 3),
    )
    assert [len(ids) for ids, _ in by_bytes.files] == [3, 2]
    first = json.loads(by_count.files[0][1].splitlines()[0])
    assert first == {"custom_id": "r0", "method": "POST", "url": "/v1/chat/completions", "body": BODY}


def test_run_batch_returns_typed_results_for_every_custom_id() -> None:
    api = FakeBatchAPI()
    client = make_sync_client(api)
    progress: list[BatchProgress] = []
    sleeps: list[float] = []
    requests = [BatchRequest("q1", BODY), ("bad-1", BODY), ("q2", BODY)]
    results = run_batch(client, requests, poll_interval=2.0, on_progress=progress.append, sleep=sleeps.append)
    assert list(results) == ["q1", "bad-1", "q2"]
    ok = results["q1"]
    assert ok.is_ok and isinstance(ok.response, ChatCompletion)
    assert ok.response.choices[0].message.content == "answer q1"
    assert ok.request_id == "req_ok"
    bad = results["bad-1"]
    assert not bad.is_ok and bad.response is None and bad.error is not None
    assert (bad.error.status_code, bad.error.code, bad.error.message) == (400, "model_not_found", "Invalid model")
    assert [r.custom_id for r in results.failed] == ["bad-1"]
    assert sleeps == [2.0]  # in progress once, then completed
    assert progress[-1].statuses == {"batch_1": "completed"}
    assert (progress[-1].completed, progress[-1].failed, progress[-1].total) == (2, 1, 3)


def test_run_batch_splits_over_the_limits_into_two_batches() -> None:
    api = FakeBatchAPI()
    client = make_sync_client(api)
    requests = [(f"q{i}", BODY) for i in range(5)]
    results = run_batch(client, requests, limits=BatchLimits(max_requests=3), sleep=lambda _: None)
    assert [len(upload) for upload in api.uploads] == [3, 2]
    assert len(results.batches) == 2
    assert {r.batch_id for r in results.values()} == {"batch_1", "batch_2"}
    assert all(isinstance(r.response, ChatCompletion) for r in results.values())
    assert list(results) == [f"q{i}" for i in range(5)]


def test_failed_batch_reports_every_request_as_an_error() -> None:
    client = make_sync_client(FakeBatchAPI(fail_batches=True))
    results = run_batch(client, [("a", BODY), ("b", BODY)], sleep=lambda _: None)
    assert len(results) == 2
    for result in results.values():
        assert result.error is not None
        assert result.error.code == "batch_failed"
        assert "bad input file" in result.error.message


def test_polling_backs_off_and_stops_at_max_wait() -> None:
    client = make_sync_client(FakeBatchAPI(polls_to_finish=100))
    sleeps: list[float] = []
    with pytest.raises(BatchTimeoutError) as info:
        run_batch(client, [("a", BODY)], poll_interval=1.0, max_poll_interval=3.0, max_wait=10.0, sleep=sleeps.append)
    assert sleeps == [1.0, 1.5, 2.25, 3.0]
    assert info.value.batch_ids == ["batch_1"]


def test_embeddings_bodies_are_parsed_into_the_endpoint_type() -> None:
    client = make_sync_client(FakeBatchAPI())
    results = run_batch(client, [("e1", {"model": "e", "input": "x"})], endpoint="/v1/embeddings", sleep=lambda _: None)
    assert isinstance(results["e1"].response, CreateEmbeddingResponse)


@pytest.mark.anyio
async def test_async_run_batch_splits_and_returns_every_result() -> None:
    client = make_async_client(FakeBatchAPI())
    sleeps: list[float] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    requests = [("q0", BODY), ("bad-1", BODY), ("q2", BODY)]
    results = await async_run_batch(client, requests, limits=BatchLimits(max_requests=2), sleep=fake_sleep)
    assert len(results.batches) == 2
    assert results["q0"].is_ok and not results["bad-1"].is_ok and results["q2"].is_ok
    assert sleeps == [5.0]
