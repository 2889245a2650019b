"""A local server-sent-events server for the generated streaming tests; it knows no API and no SDK.

The mock server (Prism) does not stream, so streaming methods are tested against this one.
Each test registers the events it wants under a fresh route and points a client at
`route(...)`; any POST (or GET) under that route answers with those events as `data:` lines,
then `data: [DONE]`. It listens on 127.0.0.1 only and stops when its `with` block ends.
"""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Dict, List, Optional, Sequence, Type

__all__ = ["SSEServer"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        self._answer(body)

    def do_GET(self) -> None:
        self._answer(b"")

    def _answer(self, body: bytes) -> None:
        token = self.path.lstrip("/").split("/", 1)[0]
        server = self.server
        assert isinstance(server, _Server)
        events = server.routes.get(token)
        if events is None:
            self.send_error(404, f"no events registered for route {token!r}")
            return
        server.received.setdefault(token, []).append(body)
        payload = b"".join(f"data: {json.dumps(event)}\n\n".encode() for event in events) + b"data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # the base class's name
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: Dict[str, List[object]] = {}
        self.received: Dict[str, List[bytes]] = {}


class SSEServer:
    """Serves registered SSE event lists on 127.0.0.1, one route per test.

    ```py
    with SSEServer() as server:
        base_url = server.route([{"id": "1"}, {"id": "2"}])
        # any request under base_url gets the two events, then [DONE]
    ```
    """

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._tokens = itertools.count(1)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The server's root URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, events: Sequence[object]) -> str:
        """Register `events` (JSON-serialisable) under a new route and return its base URL."""
        with self._lock:
            token = f"r{next(self._tokens)}"
        self._server.routes[token] = list(events)
        return f"{self.url}/{token}"

    def bodies(self, base_url: str) -> List[bytes]:
        """The request bodies received under the route whose base URL is `base_url`."""
        return list(self._server.received.get(base_url.rstrip("/").rsplit("/", 1)[1], []))

    def start(self) -> None:
        """Start serving in a daemon thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SSEServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()
