"""A local WebSocket server that plays a scripted session, for the realtime/responses tests.

Each connection plays the next script in the list: a sequence of steps
`("send", event)`, `("expect", n)` (read n client messages), `("close", code)` or `("drop",)`
(cut the TCP connection without a close frame); a script `[("reject", status)]` refuses that
handshake with an HTTP status. Every handshake and client message is recorded.
"""

from __future__ import annotations

import json
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Sequence, Tuple

from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

Step = Tuple[Any, ...]


@dataclass
class Handshake:
    path: str
    headers: dict[str, str]


@dataclass
class ScriptedServer:
    scripts: List[Sequence[Step]]
    handshakes: List[Handshake] = field(default_factory=list[Handshake])
    received: List[dict[str, Any]] = field(default_factory=list[Dict[str, Any]])
    server: Server | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.socket.getsockname()[1]

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def handle(self, connection: ServerConnection) -> None:
        script = self.scripts.pop(0) if self.scripts else [("close", 1000)]
        for step in script:
            kind = step[0]
            if kind == "send":
                payload = step[1]
                connection.send(payload if isinstance(payload, str) else json.dumps(payload))
            elif kind == "expect":
                for _ in range(step[1]):
                    self.received.append(json.loads(connection.recv(timeout=5)))
            elif kind == "close":
                connection.close(code=step[1], reason=step[2] if len(step) > 2 else "")
                return
            elif kind == "drop":
                connection.socket.shutdown(socket.SHUT_RDWR)
                connection.socket.close()
                return
        connection.close()


@contextmanager
def scripted_server(*scripts: Sequence[Step], reject_status: int | None = None) -> Iterator[ScriptedServer]:
    """Serve on 127.0.0.1 (any free port) in a thread for the duration of a `with` block;
    with `reject_status`, refuse every handshake with that HTTP status."""
    state = ScriptedServer(list(scripts))

    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        state.handshakes.append(Handshake(request.path, {k.lower(): v for k, v in request.headers.raw_items()}))
        status = reject_status
        if status is None and state.scripts and state.scripts[0][:1] and state.scripts[0][0][0] == "reject":
            status = state.scripts.pop(0)[0][1]
        if status is None:
            return None
        return connection.respond(status, json.dumps({"error": {"message": "Incorrect API key provided"}}))

    # Bound before `with`: websockets types `Server.__enter__` with a `Self` pyright cannot
    # resolve for Python 3.10.
    server = serve(state.handle, "127.0.0.1", 0, compression=None, process_request=process_request)
    with server:
        state.server = server
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield state
        finally:
            server.shutdown()
            thread.join(timeout=5)
