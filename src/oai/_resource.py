"""Base classes of generated resources: hold the client and expose its verbs; no logic."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource", "returns_awaitable"]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def returns_awaitable(method: _Method) -> _Method:
    """Make an `async def` method a plain function that returns its coroutine.

    Awaiting a call is unchanged; `inspect.iscoroutinefunction` says False, as it does for the
    official SDK's overloaded methods, which code that inspects callables may rely on.
    """

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return method(*args, **kwargs)

    return cast(_Method, call)  # same signature: `call` only forwards


class SyncAPIResource:
    """A group of API methods bound to one client."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client
        # Bound once here: generated methods call these on every request.
        self._get = client.get
        self._post = client.post
        self._patch = client.patch
        self._put = client.put
        self._delete = client.delete
        self._get_api_list = client.get_api_list


class AsyncAPIResource:
    """The async twin of `SyncAPIResource`."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
        self._get = client.get
        self._post = client.post
        self._patch = client.patch
        self._put = client.put
        self._delete = client.delete
        self._get_api_list = client.get_api_list
