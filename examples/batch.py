"""Batch at scale with `oai.lib.batch.run_batch`: JSONL upload, batch creation, polling, typed results.

The Prism mock never finishes a batch, so when OPENAI_BASE_URL is the mock (the default) this
example sends through a small in-process fake of the files and batches endpoints (an
`httpx.MockTransport` keeping state). With a real OPENAI_API_KEY and no OPENAI_BASE_URL it
runs a real batch (which can take up to 24 hours).
"""

import json
import os
from typing import Any, Dict

import httpx

import oai
from oai.lib.batch import BatchLimits, BatchProgress, run_batch

state: Dict[str, Any] = {"files": {}, "batches": {}}


def fake_api(request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/v1")
    if path == "/files":
        file_id = f"file-{len(state['files'])}"
        state["files"][file_id] = [json.loads(x) for x in request.read().splitlines() if x.startswith(b'{"custom_id"')]
        return httpx.Response(
            200,
            json={
                "id": file_id,
                "object": "file",
                "bytes": 0,
                "created_at": 0,
                "filename": "b.jsonl",
                "purpose": "batch",
                "status": "processed",
            },
        )
    if path == "/batches":
        params = json.loads(request.content)
        batch_id = f"batch_{len(state['batches'])}"
        lines = state["files"][params["input_file_id"]]
        rows = [
            {
                "custom_id": line["custom_id"],
                "error": None,
                "response": {
                    "status_code": 200,
                    "request_id": "req",
                    "body": {
                        "id": "c",
                        "object": "chat.completion",
                        "created": 0,
                        "model": line["body"]["model"],
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "logprobs": None,
                                "message": {
                                    "role": "assistant",
                                    "refusal": None,
                                    "content": f"Echo: {line['body']['messages'][-1]['content']}",
                                },
                            }
                        ],
                    },
                },
            }
            for line in lines
        ]
        state["files"][f"out-{batch_id}"] = rows
        state["batches"][batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": params["endpoint"],
            "input_file_id": params["input_file_id"],
            "completion_window": "24h",
            "status": "in_progress",
            "created_at": 0,
            "request_counts": {"total": len(rows), "completed": 0, "failed": 0},
        }
        return httpx.Response(200, json=state["batches"][batch_id])
    if path.startswith("/batches/"):
        batch = state["batches"][path.split("/")[2]]
        total = batch["request_counts"]["total"]
        batch.update(
            status="completed",
            output_file_id=f"out-{batch['id']}",
            request_counts={"total": total, "completed": total, "failed": 0},
        )
        return httpx.Response(200, json=batch)
    if path.endswith("/content"):
        return httpx.Response(
            200, content=b"\n".join(json.dumps(r).encode() for r in state["files"][path.split("/")[2]])
        )
    return httpx.Response(404, json={"error": {"message": path}})


if "OPENAI_API_KEY" in os.environ and "OPENAI_BASE_URL" not in os.environ:
    client = oai.Client()
else:
    client = oai.Client(
        api_key="sk-local",
        base_url="http://fake.local/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(fake_api)),
    )


def show(progress: BatchProgress) -> None:
    print(f"progress: {progress.completed}/{progress.total} done, statuses {dict(progress.statuses)}")


questions = [
    (f"q{i}", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"What is {i} + {i}?"}]})
    for i in range(5)
]
# Small limits to show the split into several batches; the defaults are the API's (50,000 / 200 MB).
results = run_batch(client, questions, on_progress=show, poll_interval=0.01, limits=BatchLimits(max_requests=3))
print("batches:", [b.id for b in results.batches])
for custom_id, result in results.items():
    answer = result.response.choices[0].message.content if result.response is not None else result.error
    print(custom_id, "->", answer)
