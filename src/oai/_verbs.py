"""The raw HTTP verbs (`get`, `post`, `patch`, `put`, `delete`, `get_api_list`) of both
clients, with their per-call options. They only describe a call; the request loop in
`_base_client.py` sends it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterable, Dict, Iterable, TypeVar, cast, overload

import httpx
from typing_extensions import Literal, TypedDict, Unpack

from ._options import FinalRequestOptions, make_request_options
from ._types import Body, Headers, Omit, Query, RequestOptions

if TYPE_CHECKING:
    from ._pagination import AsyncPaginator, BaseAsyncPage, BaseSyncPage

__all__ = ["AsyncVerbs", "CallOptions", "SyncVerbs"]

_T = TypeVar("_T")
_StreamT = TypeVar("_StreamT")
_SyncPageT = TypeVar("_SyncPageT", bound="BaseSyncPage[Any]")
_AsyncPageT = TypeVar("_AsyncPageT", bound="BaseAsyncPage[Any]")


class CallOptions(TypedDict, total=False):
    """Per-call arguments accepted by the raw verbs, as by every generated method."""

    extra_headers: Headers | None
    extra_query: Query | None
    extra_body: Body | None
    timeout: float | httpx.Timeout | None | Omit
    max_retries: int | Omit


def _merge_call_options(options: RequestOptions | None, call: CallOptions) -> RequestOptions:
    extra = make_request_options(**call)
    merged: RequestOptions = {**(options or {})}
    if "headers" in extra:
        merged["headers"] = {**merged.get("headers", {}), **extra["headers"]}
    if "params" in extra:
        merged["params"] = {**merged.get("params", {}), **extra["params"]}
    if "extra_json" in extra:
        merged["extra_json"] = {**merged.get("extra_json", {}), **extra["extra_json"]}
    if "timeout" in extra:
        merged["timeout"] = extra["timeout"]
    if "max_retries" in extra:
        merged["max_retries"] = extra["max_retries"]
    return merged


def _wire_body(body: Body | None) -> Body | None:
    """Apply the parameter states to a hand-written body, as generated params get them:
    `omit` (`NOT_GIVEN`) drops a key, `None` is sent as null, `override(v)` sends `v`."""
    if body is None:
        return None
    from ._transform import transform  # imports pydantic: only when a raw verb sends a body

    wire: object = transform(body, object)
    return wire


def _wire_options(options: RequestOptions | None) -> RequestOptions | None:
    """`options={"extra_json": {...}}` follows the same parameter states as the body."""
    extra_json = options.get("extra_json") if options else None
    if not options or not extra_json:
        return options
    wired: RequestOptions = {**options}
    wired["extra_json"] = cast(Dict[str, object], _wire_body(extra_json))  # a dict in, a dict out
    return wired


class SyncVerbs:
    """Verbs of the sync client; `request` and `_request_api_list` come from the client."""

    def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        raise NotImplementedError

    def _request_api_list(self, page: type[_SyncPageT], options: FinalRequestOptions) -> _SyncPageT:
        raise NotImplementedError

    def _call(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        stream: bool = False,
        stream_cls: Any = None,
        **call_options: Unpack[CallOptions],
    ) -> Any:
        if call_options:
            options = _merge_call_options(options, call_options)
        final = FinalRequestOptions.build(
            method, path, body=_wire_body(body), options=_wire_options(options), multipart=multipart, content=content
        )
        return self.request(cast_to, final, stream=stream, stream_cls=stream_cls)

    @overload
    def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: Literal[False] = False,
        **call_options: Unpack[CallOptions],
    ) -> _T: ...
    @overload
    def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: Literal[True],
        stream_cls: type[_StreamT],
        **call_options: Unpack[CallOptions],
    ) -> _StreamT: ...
    @overload
    def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: bool,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT: ...
    def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT:
        """Send a GET to `path` (relative to `base_url`, or absolute) and parse it as `cast_to`."""
        # `_call` serves every overload, so it returns Any.
        return cast(
            "_T | _StreamT",
            self._call(
                "get", path, cast_to=cast_to, options=options, stream=stream, stream_cls=stream_cls, **call_options
            ),
        )

    @overload
    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        stream: Literal[False] = False,
        **call_options: Unpack[CallOptions],
    ) -> _T: ...
    @overload
    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        stream: Literal[True],
        stream_cls: type[_StreamT],
        **call_options: Unpack[CallOptions],
    ) -> _StreamT: ...
    @overload
    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        stream: bool,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT: ...
    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT:
        """Send a POST with a JSON (or multipart, or raw `content`) body."""
        # `_call` serves every overload, so it returns Any.
        return cast(
            "_T | _StreamT",
            self._call(
                "post",
                path,
                cast_to=cast_to,
                body=body,
                options=options,
                multipart=multipart,
                content=content,
                stream=stream,
                stream_cls=stream_cls,
                **call_options,
            ),
        )

    def patch(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a PATCH with a JSON body."""
        return cast(_T, self._call("patch", path, cast_to=cast_to, body=body, options=options, **call_options))

    def put(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | Iterable[bytes] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a PUT with a JSON (or multipart, or raw) body."""
        return cast(
            _T,
            self._call(
                "put",
                path,
                cast_to=cast_to,
                body=body,
                options=options,
                multipart=multipart,
                content=content,
                **call_options,
            ),
        )

    def delete(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a DELETE."""
        return cast(_T, self._call("delete", path, cast_to=cast_to, body=body, options=options, **call_options))

    def get_api_list(
        self,
        path: str,
        *,
        page: type[_SyncPageT],
        body: Body | None = None,
        options: RequestOptions | None = None,
        method: str = "get",
        model: object = None,
    ) -> _SyncPageT:
        """Fetch the first page of a list endpoint; iterate it to walk every page.

        `model` names the item type for readers; the page class already carries it.
        """
        final = FinalRequestOptions.build(method, path, body=_wire_body(body), options=_wire_options(options))
        return self._request_api_list(page, final)


class AsyncVerbs:
    """Verbs of the async client; `request` and `_request_api_list` come from the client."""

    async def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Any = None
    ) -> Any:
        raise NotImplementedError

    async def _request_api_list(self, page: type[_AsyncPageT], options: FinalRequestOptions) -> _AsyncPageT:
        raise NotImplementedError

    async def _call(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        stream: bool = False,
        stream_cls: Any = None,
        **call_options: Unpack[CallOptions],
    ) -> Any:
        if call_options:
            options = _merge_call_options(options, call_options)
        final = FinalRequestOptions.build(
            method, path, body=_wire_body(body), options=_wire_options(options), multipart=multipart, content=content
        )
        return await self.request(cast_to, final, stream=stream, stream_cls=stream_cls)

    @overload
    async def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: Literal[False] = False,
        **call_options: Unpack[CallOptions],
    ) -> _T: ...
    @overload
    async def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: Literal[True],
        stream_cls: type[_StreamT],
        **call_options: Unpack[CallOptions],
    ) -> _StreamT: ...
    @overload
    async def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: bool,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT: ...
    async def get(
        self,
        path: str,
        *,
        cast_to: type[_T],
        options: RequestOptions | None = None,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT:
        """Send a GET to `path` (relative to `base_url`, or absolute) and parse it as `cast_to`."""
        # `_call` serves every overload, so it returns Any.
        return cast(
            "_T | _StreamT",
            await self._call(
                "get", path, cast_to=cast_to, options=options, stream=stream, stream_cls=stream_cls, **call_options
            ),
        )

    @overload
    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        stream: Literal[False] = False,
        **call_options: Unpack[CallOptions],
    ) -> _T: ...
    @overload
    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        stream: Literal[True],
        stream_cls: type[_StreamT],
        **call_options: Unpack[CallOptions],
    ) -> _StreamT: ...
    @overload
    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        stream: bool,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT: ...
    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T | _StreamT:
        """Send a POST with a JSON (or multipart, or raw `content`) body."""
        # `_call` serves every overload, so it returns Any.
        return cast(
            "_T | _StreamT",
            await self._call(
                "post",
                path,
                cast_to=cast_to,
                body=body,
                options=options,
                multipart=multipart,
                content=content,
                stream=stream,
                stream_cls=stream_cls,
                **call_options,
            ),
        )

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a PATCH with a JSON body."""
        return cast(_T, await self._call("patch", path, cast_to=cast_to, body=body, options=options, **call_options))

    async def put(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        multipart: bool = False,
        content: bytes | AsyncIterable[bytes] | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a PUT with a JSON (or multipart, or raw) body."""
        return cast(
            _T,
            await self._call(
                "put",
                path,
                cast_to=cast_to,
                body=body,
                options=options,
                multipart=multipart,
                content=content,
                **call_options,
            ),
        )

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        options: RequestOptions | None = None,
        **call_options: Unpack[CallOptions],
    ) -> _T:
        """Send a DELETE."""
        return cast(_T, await self._call("delete", path, cast_to=cast_to, body=body, options=options, **call_options))

    def get_api_list(
        self,
        path: str,
        *,
        page: type[_AsyncPageT],
        body: Body | None = None,
        options: RequestOptions | None = None,
        method: str = "get",
        model: type[_T],
    ) -> AsyncPaginator[_T, _AsyncPageT]:
        """The first page of a list endpoint: `await` it, or `async for` over every `model` item."""
        from ._pagination import AsyncPaginator

        final = FinalRequestOptions.build(method, path, body=_wire_body(body), options=_wire_options(options))
        return AsyncPaginator[_T, _AsyncPageT](self, page, final)
