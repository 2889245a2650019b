"""A fault-injecting HTTP/1.1 server on 127.0.0.1 for the reliability tests; it never talks to any other host.

The first path segment after `/v1` picks the behaviour, the query string tunes it:

| path | behaviour |
|---|---|
| `/v1/echo/...` | 200 JSON: `id` (from `x-echo-id` or `?id=`), method, path, attempt number, body |
| `/v1/close/...` | reads the request, then closes the connection without answering |
| `/v1/status/<code>/...` | that status with a JSON error; `retry_after_ms`, `retry_after`, `retry_after_date` (seconds from now), `should_retry` set the retry headers |
| `/v1/flaky/<n>/<behaviour...>` | the first `n` requests to this exact path behave as `<behaviour...>`, later ones as `echo` |
| `/v1/slow/...` | waits `?delay=` seconds (default 5), or until the client hangs up, then echoes |
| `/v1/short/...` | announces `Content-Length: 100`, sends 20 bytes and closes |
| `/v1/sse/...` | an event stream of `?n=` events then `[DONE]`; `cut=chunked` / `cut=eof` cut the last event in the middle, `error=1` sends an `error` event after the first, `hold=<s>` waits after the first event until the client hangs up |
| `/v1/malformed/...`, `/v1/wrongtypes/...`, `/v1/html502/...`, `/v1/empty/...` | broken bodies |
| `/v1/redirect/...?to=<url>` | 307 to `to` |
| `/v1/huge/...?size=<bytes>` | a 200 body of that size, generated lazily in 64 KiB chunks |

A request with an `x-fault-path: /v1/<behaviour...>?<query>` header gets that behaviour whatever
its own path, so generated methods (whose paths are fixed) can be sent to any fault.

Every loop is bounded in count and time; `stop()` shuts every open connection down.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import select
import socket
import socketserver
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FaultServer", "RecordedRequest"]

_CHUNK = 64 * 1024
_MAX_WAIT = 10.0  # no handler waits longer than this for anything
_MAX_CHUNKED_BODY = 64 * 1024 * 1024


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False
    request_queue_size = 1024

    def __init__(self, owner: FaultServer) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that resets or abandons a connection is what these tests do on purpose.
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = _MAX_WAIT  # an idle keep-alive connection ends after this
    server: _Server  # pyright: ignore[reportIncompatibleVariableOverride]  # the server this handler is built with

    # -- connection accounting ----------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.server.owner._opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass  # the client is gone; nothing left to flush
        finally:
            self.server.owner._closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # the base class's name
        pass  # keep test output clean

    # -- dispatch -----------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _dispatch(self) -> None:
        body = self._read_body()
        headers = {name.lower(): value for name, value in self.headers.items()}
        # `x-fault-path` picks the behaviour for a request whose path is fixed (generated methods).
        split = urlsplit(headers.get("x-fault-path") or self.path)
        self.query = {key: values[-1] for key, values in parse_qs(split.query).items()}
        owner = self.server.owner
        attempt = owner._record(RecordedRequest(self.command, self.path, headers, body), split.path)
        segments = [part for part in split.path.split("/") if part][1:]  # drop "v1"
        if segments[:1] == ["flaky"]:
            failures = int(segments[1])
            segments = segments[2:] if attempt <= failures else ["echo"]
        self.attempt = attempt
        self.body = body
        kind = segments[0] if segments else "echo"
        handler = getattr(self, f"_do_{kind}", None)
        if handler is None:
            self._send_json(404, {"error": {"message": f"unknown fault {kind!r}"}})
            return
        handler(segments[1:])

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            total = 0
            while total <= _MAX_CHUNKED_BODY:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()  # the blank line after the last chunk
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline()
                total += size
            return b"".join(parts)
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    # -- helpers ------------------------------------------------------------------------

    def _send_bytes(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(payload).encode(), "application/json", headers)

    def _wait_for_hangup(self, seconds: float) -> bool:
        """Wait until the client closes the connection (True) or `seconds` pass (False)."""
        deadline = time.monotonic() + min(seconds, _MAX_WAIT)
        while (remaining := deadline - time.monotonic()) > 0:
            readable, _, _ = select.select([self.connection], [], [], remaining)
            if readable:
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
                time.sleep(0.001)  # unexpected bytes: the next request, pipelined; keep waiting
        return False

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- behaviours ---------------------------------------------------------------------

    def _do_echo(self, rest: list[str]) -> None:
        try:
            parsed: object = json.loads(self.body) if self.body else None
        except ValueError:
            parsed = self.body.decode("latin-1")
        echo_id = self.headers.get("x-echo-id") or self.query.get("id")
        payload = {"id": echo_id, "method": self.command, "path": self.path, "attempt": self.attempt, "body": parsed}
        self._send_json(200, payload, {"x-request-id": f"req_{self.attempt}"})

    def _do_close(self, rest: list[str]) -> None:
        self._hang_up()

    def _do_status(self, rest: list[str]) -> None:
        headers: dict[str, str] = {}
        if "retry_after_ms" in self.query:
            headers["retry-after-ms"] = self.query["retry_after_ms"]
        if "retry_after" in self.query:
            headers["retry-after"] = self.query["retry_after"]
        if "retry_after_date" in self.query:
            when = time.time() + float(self.query["retry_after_date"])
            headers["retry-after"] = email.utils.formatdate(when, usegmt=True)
        if "should_retry" in self.query:
            headers["x-should-retry"] = self.query["should_retry"]
        status = int(rest[0])
        self._send_json(status, {"error": {"message": f"fault {status}", "type": "fault"}}, headers)

    def _do_slow(self, rest: list[str]) -> None:
        if self._wait_for_hangup(float(self.query.get("delay", "5"))):
            self.close_connection = True
            return
        self._do_echo(rest)

    def _do_short(self, rest: list[str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b'{"id": "short", "pad')
        self._hang_up()

    def _do_malformed(self, rest: list[str]) -> None:
        self._send_bytes(200, b'{"id": "abc", "count": ', "application/json")

    def _do_wrongtypes(self, rest: list[str]) -> None:
        self._send_bytes(200, b'{"id": "abc", "count": "many", "extra": [1, 2]}', "application/json")

    def _do_html502(self, rest: list[str]) -> None:
        html = b"<html><body><h1>502 Bad Gateway</h1><p>upstream unavailable</p></body></html>"
        self._send_bytes(502, html, "text/html; charset=utf-8")

    def _do_empty(self, rest: list[str]) -> None:
        self._send_bytes(200, b"", "application/json")

    def _do_redirect(self, rest: list[str]) -> None:
        self._send_bytes(307, b"", "text/plain", {"Location": self.query["to"]})

    def _do_huge(self, rest: list[str]) -> None:
        size = int(self.query.get("size", str(100 * 1024 * 1024)))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"x" * _CHUNK
        sent = 0
        deadline = time.monotonic() + _MAX_WAIT
        try:
            while sent < size and time.monotonic() < deadline:
                piece = chunk if size - sent >= _CHUNK else chunk[: size - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            self.close_connection = True  # the client stopped reading; that is allowed

    def _do_sse(self, rest: list[str]) -> None:
        count = int(self.query.get("n", "3"))
        cut = self.query.get("cut")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if cut == "eof":
            self.send_header("Connection", "close")  # body ends when the connection does
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def write(data: bytes) -> None:
            if cut == "eof":
                self.wfile.write(data)
            else:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        try:
            for index in range(count):
                write(b'data: {"index": %d}\n\n' % index)
                if index == 0 and "error" in self.query:
                    write(b'event: error\ndata: {"error": {"message": "the model is overloaded"}}\n\n')
                if index == 0 and "hold" in self.query and self._wait_for_hangup(float(self.query["hold"])):
                    self.close_connection = True
                    return
            if cut is not None:
                write(b'data: {"index": ')
                self._hang_up()
                return
            write(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True


class FaultServer:
    """A local fault-injecting server; start with `start()` (or `with`), stop with `stop()`.

    Attributes:
        requests: every request received, in order.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._connections: set[socket.socket] = set()
        self._attempts: dict[str, int] = {}
        self.requests: list[RecordedRequest] = []
        self.connections_accepted = 0

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    @property
    def open_connections(self) -> int:
        """Connections whose handler is still running (the client has not hung up)."""
        with self._lock:
            return len(self._connections)

    def requests_to(self, fragment: str) -> list[RecordedRequest]:
        """The recorded requests whose path (or `x-fault-path`) contains `fragment`."""
        with self._lock:
            return [r for r in self.requests if fragment in r.path or fragment in r.headers.get("x-fault-path", "")]

    def wait_for_open_connections(self, at_most: int, timeout: float = 5.0) -> int:
        """Poll (bounded) until at most `at_most` connections are open; return the last count."""
        deadline = time.monotonic() + timeout
        count = self.open_connections
        while count > at_most and time.monotonic() < deadline:
            time.sleep(0.01)
            count = self.open_connections
        return count

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- called by handlers -------------------------------------------------------------

    def _opened(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)
            self.connections_accepted += 1

    def _closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _record(self, request: RecordedRequest, path: str) -> int:
        with self._lock:
            self.requests.append(request)
            self._attempts[path] = self._attempts.get(path, 0) + 1
            return self._attempts[path]
