"""Polling helpers: upload a file into a vector store and wait for it, with a progress bar.

`client.vector_stores.files.upload_and_poll()` uploads the file, attaches it and polls until it
leaves `in_progress`, waiting as long as the server's `openai-poll-after-ms` header asks.
`on_progress` receives a `PollProgress` after each poll; `max_wait_seconds` bounds the wait.

The Prism mock has no state (a file never becomes `completed`), so when OPENAI_BASE_URL is the
local mock (the default) this example starts a tiny local server in a thread that plays the
vector-store endpoints: a file is `in_progress` for three polls, then `completed`. With a real
OPENAI_API_KEY and no OPENAI_BASE_URL it runs against the API (and deletes what it created).
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Dict

from _common import make_client

from oai.lib.polling import PollProgress, PollTimeoutError

POLLS_BEFORE_DONE = 3


class VectorStoreHandler(BaseHTTPRequestHandler):
    """Just enough of /files and /vector_stores for the helpers, with `openai-poll-after-ms`."""

    # Shared by every request's handler instance: the poll count per file.
    polls: ClassVar[Dict[str, int]] = {}

    def _send(self, body: Dict[str, Any], poll_after_ms: int | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        if poll_after_ms is not None:
            self.send_header("openai-poll-after-ms", str(poll_after_ms))
        self.end_headers()
        self.wfile.write(data)

    def _vs_file(self, file_id: str, status: str) -> Dict[str, Any]:
        return {
            "id": file_id,
            "object": "vector_store.file",
            "usage_bytes": 42,
            "created_at": int(time.time()),
            "vector_store_id": "vs_local",
            "status": status,
            "last_error": None,
        }

    def do_POST(self) -> None:  # http.server's naming
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path.endswith("/files") and "/vector_stores/" not in self.path:
            uploaded = {"id": "file-local", "object": "file", "bytes": 42, "created_at": 0}
            self._send({**uploaded, "filename": "notes.md", "purpose": "assistants", "status": "processed"})
        elif self.path.endswith("/vector_stores"):
            self._send({"id": "vs_local", "object": "vector_store", "created_at": 0, "name": "demo"})
        else:
            self._send(self._vs_file("file-local", "in_progress"))

    def do_GET(self) -> None:  # http.server's naming
        file_id = self.path.rsplit("/", 1)[-1]
        self.polls[file_id] = self.polls.get(file_id, 0) + 1
        if self.polls[file_id] <= POLLS_BEFORE_DONE:
            self._send(self._vs_file(file_id, "in_progress"), poll_after_ms=150)
        else:
            self._send(self._vs_file(file_id, "completed"))

    def do_DELETE(self) -> None:  # http.server's naming
        self._send({"id": "vs_local", "object": "vector_store.deleted", "deleted": True})

    def log_message(self, *args: object) -> None:
        pass


def draw(progress: PollProgress) -> None:
    """A one-line progress display: what, its status, the poll count and the time so far."""
    line = f"{progress.object} {progress.id}: {progress.status:<12} poll {progress.attempt}  {progress.elapsed:4.1f}s"
    if not sys.stdout.isatty():
        print(line)  # a log, not a terminal: one line per poll
        return
    sys.stdout.write("\r" + line + ("\n" if progress.status != "in_progress" else ""))
    sys.stdout.flush()


server = None
if "OPENAI_API_KEY" not in os.environ or os.environ.get("OPENAI_BASE_URL", "").startswith("http://127.0.0.1:"):
    server = ThreadingHTTPServer(("127.0.0.1", 0), VectorStoreHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}/v1"
    os.environ.setdefault("OPENAI_API_KEY", "sk-local")

client = make_client()
vector_store = client.vector_stores.create(name="oai polling demo")
try:
    # 1. Upload, attach and wait; the wait follows the server's openai-poll-after-ms hint.
    started = time.monotonic()
    file = client.vector_stores.files.upload_and_poll(
        vector_store_id=vector_store.id,
        file=("notes.md", b"# Notes\nPolling helpers wait for you.\n"),
        max_wait_seconds=120,
        on_progress=draw,
    )
    print(f"final status: {file.status} after {time.monotonic() - started:.2f}s")

    # 2. A bound on the total wait: PollTimeoutError names the object and its last status.
    if server is not None:
        VectorStoreHandler.polls.clear()
        try:
            client.vector_stores.files.poll("file-slow", vector_store_id=vector_store.id, max_wait_seconds=0.2)
        except PollTimeoutError as exc:
            print("timeout:", exc)
finally:
    client.vector_stores.delete(vector_store.id)
    if server is not None:
        server.shutdown()
