"""A minimal HTTP/1.1 keep-alive server on 127.0.0.1 serving the canned bodies, run in its own
process (`python -m benchmarks.server`); it must not import any client under test.

It prints `PORT <n>` on stdout once listening and exits when its stdin closes, so it never
outlives the harness. TCP_NODELAY is set on every accepted socket: without it each response
waits ~40 ms for the client's delayed ACK (Nagle).
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .bodies import LARGE_MODEL, large_completion, models_list, small_completion, stream_chunks

__all__ = ["Responses", "ServerProcess", "build_responses", "main"]

_REQUEST_ID = b"x-request-id: req_bench0000000000000000000000\r\n"


def _json_response(body: bytes, status: bytes = b"200 OK") -> bytes:
    head = (
        b"HTTP/1.1 "
        + status
        + b"\r\ncontent-type: application/json\r\n"
        + _REQUEST_ID
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    return head + body


def _sse_response(events: list[bytes]) -> bytes:
    # One HTTP chunk per event, as the API sends them, then `[DONE]` and the last chunk.
    parts = [b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"]
    parts.append(_REQUEST_ID + b"transfer-encoding: chunked\r\n\r\n")
    for event in [*events, b"[DONE]"]:
        frame = b"data: " + event + b"\n\n"
        parts.append(b"%x\r\n%s\r\n" % (len(frame), frame))
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


_NOT_FOUND = _json_response(b'{"error": {"message": "not found", "type": "invalid_request_error"}}', b"404 Not Found")


@dataclass(frozen=True)
class Responses:
    """Every canned response, fully framed (status line, headers, body)."""

    small: bytes
    large: bytes
    models: bytes
    stream: bytes


def build_responses() -> Responses:
    """Build the framed responses once, before the server starts listening."""
    return Responses(
        small=_json_response(small_completion()),
        large=_json_response(large_completion()),
        models=_json_response(models_list()),
        stream=_sse_response(stream_chunks()),
    )


class _Connection(asyncio.Protocol):
    def __init__(self, responses: Responses) -> None:
        self._responses = responses
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        # Pipelined or split requests: answer every complete one in the buffer.
        while self._transport is not None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self._buffer[:end]).decode("latin-1")
            length = _content_length(head)
            total = end + 4 + length
            if len(self._buffer) < total:
                return
            body = bytes(self._buffer[end + 4 : total])
            del self._buffer[:total]
            if _drops(head):
                self._transport.close()  # an injected fault: hang up without an answer
                self._transport = None
                return
            self._transport.write(self._route(head, body))

    def _route(self, head: str, body: bytes) -> bytes:
        request_line, _, headers = head.partition("\r\n")
        method, target, _ = request_line.split(" ", 2)
        path = target.split("?", 1)[0]
        if method == "GET" and path == "/v1/models":
            return self._responses.models
        if method == "POST" and path == "/v1/echo":
            # The concurrency rows check that every call gets its own body back.
            return _json_response(b'{"object": "echo", "echo": ' + (body or b"null") + b"}")
        if method == "POST" and path == "/v1/chat/completions":
            params: dict[str, object] = json.loads(body) if body else {}
            if params.get("stream") is True:
                return self._responses.stream
            if params.get("model") == LARGE_MODEL or "x-bench-body: large" in headers.lower():
                return self._responses.large
            return self._responses.small
        return _NOT_FOUND


_FAULT_HEADER = "x-bench-fault: drop-every-"
_fault_count = 0


def _drops(head: str) -> bool:
    """`x-bench-fault: drop-every-<n>`: every n-th such request (server-wide) is dropped."""
    global _fault_count
    at = head.lower().find(_FAULT_HEADER)
    if at < 0:
        return False
    every = int(head[at + len(_FAULT_HEADER) :].split("\r\n", 1)[0])
    _fault_count += 1
    return _fault_count % every == 0


def _content_length(head: str) -> int:
    for line in head.split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            return int(value.strip())
    return 0


async def _serve() -> None:
    responses = build_responses()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(responses), "127.0.0.1", 0, backlog=2048)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    # Stop when the parent closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


def main() -> None:
    """Serve until stdin closes."""
    asyncio.run(_serve())


class ServerProcess:
    """The server in a subprocess, so it does not share the GIL with the clients under test.

    ```py
    with ServerProcess() as server:
        print(server.base_url)
    ```
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> ServerProcess:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.startswith("PORT "):
            self.__exit__()
            raise RuntimeError(f"benchmark server did not start: {line!r}")
        self.port = int(line.split()[1])
        return self

    def __exit__(self, *exc_info: object) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        self._process = None


if __name__ == "__main__":
    main()
