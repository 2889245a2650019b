"""The polling helpers of files, vector stores, file batches and videos, sync and async: what
they send (paths, bodies, poll headers), how long they wait between polls
(`openai-poll-after-ms`, `poll_interval_ms`, defaults) and what they return."""

from __future__ import annotations

import threading
import time
import warnings
from typing import Any, Dict, List

import anyio
import httpx
import pytest

from oai.lib.polling import PollProgress, PollTimeoutError

from ..utils import multipart_fields
from .polling_fakes import ScriptedAPI, make_client, reply, resolve, sleeps

MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def file_object(status: str, file_id: str = "file-1") -> Dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": 3,
        "created_at": 1,
        "filename": "a.txt",
        "purpose": "assistants",
        "status": status,
    }


def vs_file(status: str, file_id: str = "file-1") -> Dict[str, Any]:
    return {
        "id": file_id,
        "object": "vector_store.file",
        "usage_bytes": 0,
        "created_at": 1,
        "vector_store_id": "vs_1",
        "status": status,
        "last_error": None,
    }


def batch(status: str, completed: int = 0, total: int = 4) -> Dict[str, Any]:
    counts = {"in_progress": total - completed, "completed": completed, "failed": 0, "cancelled": 0, "total": total}
    return {
        "id": "vsfb_1",
        "object": "vector_store.files_batch",
        "created_at": 1,
        "vector_store_id": "vs_1",
        "status": status,
        "file_counts": counts,
    }


def video(status: str, progress: int) -> Dict[str, Any]:
    return {
        "id": "video_1",
        "object": "video",
        "model": "sora-2",
        "status": status,
        "progress": progress,
        "created_at": 1,
        "completed_at": None,
        "expires_at": None,
        "prompt": "a cat",
        "seconds": "4",
        "size": "720x1280",
        "remixed_from_video_id": None,
        "error": None,
    }


# --- files.wait_for_processing ---------------------------------------------------------------


@MODES
def test_wait_for_processing_follows_poll_after_header_else_poll_interval(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("GET", "/files/file-1"): [
                reply(file_object("uploaded"), poll_after_ms=250),
                reply(file_object("uploaded")),
                reply(file_object("processed")),
            ]
        }
    )
    client = make_client(api, is_async)
    file = resolve(client.files.wait_for_processing("file-1", poll_interval=2.0))
    assert file.status == "processed"
    assert api.paths() == ["GET /files/file-1"] * 3
    assert sleeps(client) == [0.25, 2.0]


@MODES
def test_wait_for_processing_times_out_naming_the_file_and_its_status(is_async: bool) -> None:
    api = ScriptedAPI({("GET", "/files/file-1"): [reply(file_object("uploaded"))]})
    client = make_client(api, is_async)
    with pytest.raises(PollTimeoutError) as caught:
        resolve(client.files.wait_for_processing("file-1", poll_interval=0.4, max_wait_seconds=1.0))
    assert "file 'file-1' is still 'uploaded'" in str(caught.value)
    assert (caught.value.object, caught.value.id, caught.value.status) == ("file", "file-1", "uploaded")
    assert isinstance(caught.value, TimeoutError)
    assert sleeps(client) == [0.4, 0.4]  # a third 0.4 s wait would pass 1.0 s


# --- vector_stores.files ---------------------------------------------------------------------


@MODES
def test_vector_store_file_create_and_poll_sends_create_then_polls_with_server_delay(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/vector_stores/vs_1/files"): [reply(vs_file("in_progress"))],
            ("GET", "/vector_stores/vs_1/files/file-1"): [
                reply(vs_file("in_progress"), poll_after_ms=300),
                reply(vs_file("completed")),
            ],
        }
    )
    client = make_client(api, is_async)
    seen: List[PollProgress] = []
    result = resolve(
        client.vector_stores.files.create_and_poll(
            "file-1",
            vector_store_id="vs_1",
            attributes={"team": "docs"},
            chunking_strategy={"type": "auto"},
            on_progress=seen.append,
        )
    )
    assert result.status == "completed"
    assert api.paths() == [
        "POST /vector_stores/vs_1/files",
        "GET /vector_stores/vs_1/files/file-1",
        "GET /vector_stores/vs_1/files/file-1",
    ]
    assert api.json_body("POST", "/vector_stores/vs_1/files") == {
        "file_id": "file-1",
        "attributes": {"team": "docs"},
        "chunking_strategy": {"type": "auto"},
    }
    poll = api.requests[1]
    assert poll.headers["x-stainless-poll-helper"] == "true"
    assert "x-stainless-custom-poll-interval" not in poll.headers
    assert sleeps(client) == [0.3]
    assert [(p.object, p.id, p.status, p.attempt) for p in seen] == [
        ("vector store file", "file-1", "in_progress", 1),
        ("vector store file", "file-1", "completed", 2),
    ]


@MODES
def test_vector_store_file_poll_interval_beats_the_server_hint(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("GET", "/vector_stores/vs_1/files/file-1"): [
                reply(vs_file("in_progress"), poll_after_ms=300),
                reply(vs_file("in_progress"), poll_after_ms=300),
                reply(vs_file("failed")),
            ]
        }
    )
    client = make_client(api, is_async)
    result = resolve(client.vector_stores.files.poll("file-1", vector_store_id="vs_1", poll_interval_ms=50))
    assert result.status == "failed"
    assert api.requests[0].headers["x-stainless-custom-poll-interval"] == "50"
    assert sleeps(client) == [0.05, 0.05]


@MODES
def test_vector_store_file_poll_defaults_to_one_second_without_hint(is_async: bool) -> None:
    api = ScriptedAPI(
        {("GET", "/vector_stores/vs_1/files/file-1"): [reply(vs_file("in_progress")), reply(vs_file("completed"))]}
    )
    client = make_client(api, is_async)
    resolve(client.vector_stores.files.poll("file-1", vector_store_id="vs_1"))
    assert sleeps(client) == [1.0]


@MODES
def test_vector_store_file_poll_timeout_names_object_and_status(is_async: bool) -> None:
    api = ScriptedAPI({("GET", "/vector_stores/vs_1/files/file-1"): [reply(vs_file("in_progress"), poll_after_ms=400)]})
    client = make_client(api, is_async)
    with pytest.raises(PollTimeoutError, match=r"vector store file 'file-1' is still 'in_progress'"):
        resolve(client.vector_stores.files.poll("file-1", vector_store_id="vs_1", max_wait_seconds=1.0))
    assert sleeps(client) == [0.4, 0.4]


def _upload_answer(request: httpx.Request) -> httpx.Response:
    # The uploaded file's id comes from its name, so tests can check the order of ids.
    body = request.content.decode("latin-1")
    assert 'name="purpose"\r\n\r\nassistants' in body
    name = body.split('filename="', 1)[1].split('"', 1)[0]
    return reply(file_object("processed", file_id="file-" + name.removesuffix(".txt")))


@MODES
def test_vector_store_file_upload_uploads_then_attaches_without_polling(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/files"): [_upload_answer],
            ("POST", "/vector_stores/vs_1/files"): [reply(vs_file("in_progress", "file-a"))],
        }
    )
    client = make_client(api, is_async)
    result = resolve(client.vector_stores.files.upload(vector_store_id="vs_1", file=("a.txt", b"abc")))
    assert result.status == "in_progress"
    assert api.paths() == ["POST /files", "POST /vector_stores/vs_1/files"]
    assert api.json_body("POST", "/vector_stores/vs_1/files") == {"file_id": "file-a"}


@MODES
def test_vector_store_file_upload_and_poll_waits_for_the_uploaded_file(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/files"): [_upload_answer],
            ("POST", "/vector_stores/vs_1/files"): [reply(vs_file("in_progress", "file-a"))],
            ("GET", "/vector_stores/vs_1/files/file-a"): [
                reply(vs_file("in_progress", "file-a"), poll_after_ms=10),
                reply(vs_file("completed", "file-a")),
            ],
        }
    )
    client = make_client(api, is_async)
    result = resolve(client.vector_stores.files.upload_and_poll(vector_store_id="vs_1", file=("a.txt", b"abc")))
    assert result.id == "file-a" and result.status == "completed"
    assert api.paths()[:2] == ["POST /files", "POST /vector_stores/vs_1/files"]
    assert sleeps(client) == [0.01]


# --- vector_stores.file_batches --------------------------------------------------------------


@MODES
def test_file_batch_create_and_poll_reports_file_counts(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/vector_stores/vs_1/file_batches"): [reply(batch("in_progress"))],
            ("GET", "/vector_stores/vs_1/file_batches/vsfb_1"): [
                reply(batch("in_progress", completed=1), poll_after_ms=20),
                reply(batch("in_progress", completed=3), poll_after_ms=30),
                reply(batch("completed", completed=4)),
            ],
        }
    )
    client = make_client(api, is_async)
    seen: List[PollProgress] = []
    result = resolve(
        client.vector_stores.file_batches.create_and_poll("vs_1", file_ids=["f1", "f2"], on_progress=seen.append)
    )
    assert result.status == "completed"
    assert api.json_body("POST", "/vector_stores/vs_1/file_batches") == {"file_ids": ["f1", "f2"]}
    assert sleeps(client) == [0.02, 0.03]
    assert [(p.completed, p.total, p.fraction) for p in seen] == [(1, 4, 0.25), (3, 4, 0.75), (4, 4, 1.0)]


@MODES
def test_file_batch_upload_and_poll_uploads_concurrently_and_keeps_order(is_async: bool) -> None:
    in_flight = 0
    most_in_flight = 0
    lock = threading.Lock()

    def slow_upload(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most_in_flight
        with lock:
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
        time.sleep(0.02)  # real overlap between the worker threads
        with lock:
            in_flight -= 1
        return _upload_answer(request)

    api = ScriptedAPI(
        {
            ("POST", "/files"): [slow_upload],
            ("POST", "/vector_stores/vs_1/file_batches"): [reply(batch("in_progress"))],
            ("GET", "/vector_stores/vs_1/file_batches/vsfb_1"): [reply(batch("completed", completed=4))],
        }
    )
    handler: Any = api
    if is_async:

        async def async_handler(request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, most_in_flight
            if request.url.path.endswith("/files") and request.method == "POST":
                in_flight += 1
                most_in_flight = max(most_in_flight, in_flight)
                await anyio.sleep(0.02)
                in_flight -= 1
                api.requests.append(request)
                return _upload_answer(request)
            return api(request)

        handler = async_handler
    client = make_client(handler, is_async)
    seen: List[PollProgress] = []
    files = [(f"{name}.txt", name.encode()) for name in ("a", "b", "c", "d")]
    result = resolve(
        client.vector_stores.file_batches.upload_and_poll(
            "vs_1", files=files, file_ids=["file-0"], max_concurrency=2, on_progress=seen.append
        )
    )
    assert result.status == "completed"
    assert most_in_flight == 2
    body = api.json_body("POST", "/vector_stores/vs_1/file_batches")
    assert body == {"file_ids": ["file-0", "file-a", "file-b", "file-c", "file-d"]}
    uploading = [p for p in seen if p.status == "uploading"]
    assert [(p.completed, p.total) for p in uploading] == [(1, 4), (2, 4), (3, 4), (4, 4)]


@MODES
def test_file_batch_upload_and_poll_needs_files_or_ids(is_async: bool) -> None:
    client = make_client(ScriptedAPI({}), is_async)
    with pytest.raises(ValueError, match="No `file_ids` or `files` provided"):
        resolve(client.vector_stores.file_batches.upload_and_poll("vs_1", files=[]))


# --- videos ----------------------------------------------------------------------------------


@MODES
def test_video_create_and_poll_is_deprecated_and_polls_until_completed(is_async: bool) -> None:
    api = ScriptedAPI(
        {
            ("POST", "/videos"): [reply(video("queued", 0))],
            ("GET", "/videos/video_1"): [
                reply(video("in_progress", 40), poll_after_ms=5000),
                reply(video("completed", 100)),
            ],
        }
    )
    client = make_client(api, is_async)
    seen: List[PollProgress] = []
    with pytest.warns(DeprecationWarning, match="create_and_poll"):
        result = resolve(client.videos.create_and_poll(prompt="a cat", seconds="4", on_progress=seen.append))
    assert result.status == "completed"
    # videos.create sends multipart, as the official SDK (input_reference may be a file).
    assert multipart_fields(api.requests[0]) == {"prompt": [b"a cat"], "seconds": [b"4"]}
    assert api.paths() == ["POST /videos", "GET /videos/video_1", "GET /videos/video_1"]
    assert sleeps(client) == [5.0]
    assert [p.completed for p in seen] == [40, 100]


@MODES
def test_video_poll_warns_once_and_returns_failed_jobs(is_async: bool) -> None:
    api = ScriptedAPI({("GET", "/videos/video_1"): [reply(video("failed", 10))]})
    client = make_client(api, is_async)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = resolve(client.videos.poll("video_1"))
    assert result.status == "failed"
    assert [str(w.message) for w in caught if w.category is DeprecationWarning] == ["The `poll` method is deprecated"]
