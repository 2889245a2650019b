"""Middleware: wrap every attempt, e.g. to log method, path, status and time."""

import time

import httpx
from _common import make_client

import oai


def timing(request: httpx.Request, call_next: oai.Next) -> httpx.Response:
    started = time.perf_counter()
    response = call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    print(f"[mw] {request.method} {request.url.path} -> {response.status_code} in {elapsed_ms:.1f} ms")
    return response


client = make_client(middleware=[timing])
client.models.list()
client.with_options(max_retries=0).models.retrieve("gpt-4o-mini")
