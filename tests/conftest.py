"""Shared fixtures: a clean environment, the anyio backend, and client factories."""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator

import httpx
import pytest

import oai

ENV_PREFIXES = ("OPENAI_", "OAI_", "AZURE_OPENAI_")

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the developer's OpenAI credentials or log settings."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)
    yield


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class RecordedSleeps(list[float]):
    """A fake sleep that records delays instead of waiting."""

    def __call__(self, delay: float) -> None:
        self.append(delay)


def make_sync_client(handler: Handler, **kwargs: Any) -> oai.Client:
    """A sync client on a MockTransport with a fake sleep (`client._sleep.calls`)."""
    kwargs.setdefault("api_key", "sk-test")
    kwargs.setdefault("base_url", "https://api.example.test/v1")
    client = oai.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)
    client._sleep = RecordedSleeps()
    return client


def make_async_client(handler: Handler, **kwargs: Any) -> oai.AsyncClient:
    kwargs.setdefault("api_key", "sk-test")
    kwargs.setdefault("base_url", "https://api.example.test/v1")
    client = oai.AsyncClient(http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **kwargs)
    sleeps = RecordedSleeps()

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    client._sleep = fake_sleep
    client._recorded_sleeps = sleeps  # type: ignore[attr-defined]
    return client
