"""Fixtures of the reliability suite: the fault server(s), clients pointed at them with a fake
sleep, and helpers that run one test body against the sync or the async client."""

from __future__ import annotations

import inspect
import uuid
from typing import Any, AsyncIterator, Callable, Iterator, List, Optional, Union

import httpx
import pytest

import oai

from .fault_server import FaultServer

__all__ = [
    "CANARY_KEY",
    "AnyClient",
    "Echo",
    "MakeClient",
    "collect",
    "resolve",
    "sleeps_of",
    "transport_pool",
    "unique",
]

# A recognisable fake key: any text the SDK produces is scanned for it.
CANARY_KEY = "sk-oai-SECRET-canary-1234"

AnyClient = Union[oai.Client, oai.AsyncClient]
MakeClient = Callable[..., AnyClient]


class Echo(oai.BaseModel):
    """What the fault server's `echo` behaviour answers."""

    id: Optional[str] = None
    method: str
    path: str
    attempt: int
    body: Any = None


class _Sleeps(List[float]):
    def __call__(self, delay: float) -> None:
        self.append(delay)


def unique(prefix: str = "t") -> str:
    """A path segment no other test uses, so the server's per-path attempt counters start at 0."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def sleeps_of(client: AnyClient) -> list[float]:
    """The delays the client would have slept, recorded by the fake sleep."""
    return client._recorded_sleeps  # type: ignore[union-attr]  # set by `make_client`


async def resolve(value: Any) -> Any:
    """Await `value` when the async client returned an awaitable."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(stream: Any) -> list[Any]:
    """All items of a `Stream` or an `AsyncStream`."""
    if hasattr(stream, "__aiter__"):
        return [item async for item in stream]
    return list(stream)


@pytest.fixture(scope="session")
def server() -> Iterator[FaultServer]:
    with FaultServer() as fault_server:
        yield fault_server


@pytest.fixture(scope="session")
def other_origin() -> Iterator[FaultServer]:
    """A second server: another port is another origin."""
    with FaultServer() as fault_server:
        yield fault_server


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
async def make_client(server: FaultServer, is_async: bool) -> AsyncIterator[MakeClient]:
    """Build clients (sync or async, as the test is parametrised) on the fault server, with a
    recording fake sleep; every client built is closed after the test."""
    clients: list[AnyClient] = []

    def factory(**kwargs: Any) -> AnyClient:
        kwargs.setdefault("api_key", CANARY_KEY)
        kwargs.setdefault("base_url", server.base_url)
        sleeps = _Sleeps()
        client: AnyClient
        if is_async:
            client = oai.AsyncClient(**kwargs)

            async def fake_sleep(delay: float) -> None:
                sleeps.append(delay)

            client._sleep = fake_sleep
        else:
            client = oai.Client(**kwargs)
            client._sleep = sleeps
        client._recorded_sleeps = sleeps  # type: ignore[union-attr]  # test-only attribute
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await resolve(client.close())


def transport_pool(client: AnyClient) -> Any:
    """The httpcore connection pool under the client's default httpx transport."""
    http_client: Union[httpx.Client, httpx.AsyncClient] = client._client
    transport: Any = http_client._transport  # pyright: ignore[reportPrivateUsage]
    # The SDK's engine transports list their connections themselves (over every stripe).
    return transport if hasattr(transport, "connections") else transport._pool
