"""`LegacyAPIResponse`: what `.with_raw_response` returns on the async client, as in the
official SDK. The body is already read when it is returned, so `parse()`, `content`, `text` and
`json()` are synchronous on both clients; `.with_streaming_response` keeps the awaitable
`AsyncAPIResponse`. This module sends nothing and never retries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from ._response import _BaseAPIResponse  # pyright: ignore[reportPrivateUsage]

if TYPE_CHECKING:
    from ._base_client import BaseClient

__all__ = ["LegacyAPIResponse"]

_R = TypeVar("_R")


class LegacyAPIResponse(_BaseAPIResponse[_R]):
    """The raw HTTP response of an async `.with_raw_response` call, body already read.

    ```py
    response = await client.models.with_raw_response.list()
    print(response.headers["x-request-id"])
    models = response.parse()  # no await: the body is in memory
    ```
    """

    def __init__(self, *, client: BaseClient[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._client = client

    def parse(self, *, to: Any = None) -> _R:
        """Decode the body into the method's return type (or `to`), once; later calls reuse it.

        For a `stream=True` call this returns the `AsyncStream`, still to be iterated.
        """
        cast_to = self._cast_to if to is None else to
        if cast_to not in self._parsed:
            self._parsed[cast_to] = self._client._parse_response(  # pyright: ignore[reportPrivateUsage]
                cast_to=cast_to,
                response=self.http_response,
                options=self._options,
                stream=self._stream,
                stream_cls=self._stream_cls,
            )
        return cast(_R, self._parsed[cast_to])

    @property
    def content(self) -> bytes:
        """The body (already read)."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text (already read)."""
        return self.http_response.text

    def json(self) -> object:
        return self.http_response.json()
