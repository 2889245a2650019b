"""A scripted fake API for the polling-helper tests: each (method, path) answers from a queue."""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import httpx

import oai

from ..conftest import make_async_client, make_sync_client

Answer = Union[httpx.Response, Callable[[httpx.Request], httpx.Response]]


def reply(body: Dict[str, Any], poll_after_ms: Optional[int] = None) -> httpx.Response:
    """A JSON response, with an `openai-poll-after-ms` header when asked."""
    headers = {} if poll_after_ms is None else {"openai-poll-after-ms": str(poll_after_ms)}
    return httpx.Response(200, json=body, headers=headers)


class ScriptedAPI:
    """Answers each `(method, path)` from its queue (the last answer repeats) and records requests."""

    def __init__(self, routes: Dict[Tuple[str, str], List[Answer]]) -> None:
        self.routes = {key: list(value) for key, value in routes.items()}
        self.requests: List[httpx.Request] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path.removeprefix("/v1"))
        with self._lock:
            self.requests.append(request)
            queue = self.routes.get(key)
            if not queue:
                return httpx.Response(404, json={"error": {"message": f"unexpected {key}"}})
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer(request) if callable(answer) else answer

    def paths(self) -> List[str]:
        return [f"{r.method} {r.url.path.removeprefix('/v1')}" for r in self.requests]

    def json_body(self, method: str, path: str) -> Any:
        for request in self.requests:
            if request.method == method and request.url.path.removeprefix("/v1") == path:
                return json.loads(request.content)
        raise AssertionError(f"no {method} {path} in {self.paths()}")


def make_client(api: Callable[[httpx.Request], Any], is_async: bool) -> Any:
    """The sync or async client (typed `Any`: one test body drives both, its calls resolved by `resolve`)."""
    return make_async_client(api, max_retries=0) if is_async else make_sync_client(api, max_retries=0)


def sleeps(client: Union[oai.Client, oai.AsyncClient]) -> List[float]:
    """The delays the client's (fake) sleep was asked for."""
    if isinstance(client, oai.AsyncClient):
        return list(client._recorded_sleeps)  # type: ignore[attr-defined]  # set by make_async_client
    return list(client._sleep)  # type: ignore[call-overload]  # RecordedSleeps from make_sync_client


def resolve(value: Any) -> Any:
    """Run an async helper's coroutine to completion; pass a sync helper's result through."""
    return asyncio.run(value) if inspect.iscoroutine(value) else value
