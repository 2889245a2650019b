"""Hand-written helpers mixed into the generated `responses` resource: `parse()` and `stream()`.

It must not import the generated resource modules at runtime (they import this module), and
holds no event logic itself (see `responses_stream`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, cast, overload

from .._models import carry_response_info, validate_type
from .._types import Body, Headers, Omit, Query, omit
from ..types.responses.response import Response
from .parsed_response import ParsedResponse
from .realtime.connect import AsyncResponsesConnectHelpers, ResponsesConnectHelpers
from .responses_stream import AsyncResponseStreamManager, ResponseStreamManager
from .structured_outputs import (
    PydanticToolParam,
    ResponseFormatT,
    parse_content,
    response_model,
    to_strict_json_schema,
    tool_models,
    validate_model_json,
)

if TYPE_CHECKING:
    import httpx

    from .._streaming import AsyncStream, Stream
    from ..resources.responses.responses import AsyncResponses, Responses
    from ..types.responses.response_stream_event import ResponseStreamEvent

__all__ = ["AsyncResponsesHelpers", "ParsedResponse", "ResponsesHelpers", "parse_response"]


def _text_param(text_format: object, text: object) -> Any:
    model = response_model(text_format)
    if model is None:
        return text
    base = cast(Dict[str, Any], text) if isinstance(text, dict) else {}
    schema_format = {
        "type": "json_schema",
        "name": model.__name__,
        "schema": to_strict_json_schema(model),
        "strict": True,
    }
    return {**base, "format": schema_format}


def _tools_param(tools: object) -> Any:
    """Chat-style tools from `pydantic_function_tool` → the Responses API's flat function tools."""
    if not isinstance(tools, (list, tuple)):
        return tools
    converted: list[object] = []
    for tool in cast(List[object], tools):
        if isinstance(tool, PydanticToolParam):
            function = cast(Dict[str, Any], tool["function"])
            converted.append({"type": "function", **function})
        else:
            converted.append(tool)
    return converted


def parse_response(
    response: Response, *, text_format: type[ResponseFormatT] | None, tools: object
) -> ParsedResponse[ResponseFormatT]:
    """Build the `ParsedResponse` of a finished response.

    Args:
        response: the response as received.
        text_format: the pydantic model of the output text, or None.
        tools: the request's tools; calls of `pydantic_function_tool` tools get `parsed_arguments`.

    Returns:
        The parsed response (`output_parsed` set when `text_format` is given).
    """
    data = response.to_dict(exclude_unset=True)
    models = tool_models(tools)
    parsed: object = None
    outputs: list[object] = []
    for raw_item in cast(List[object], data.get("output") or []):
        item = cast(Dict[str, Any], raw_item) if isinstance(raw_item, dict) else None  # JSON objects have str keys
        if item is None:
            outputs.append(cast(object, raw_item))
            continue
        kind = item.get("type")
        if kind == "message":
            content: list[object] = []
            for part in cast(List[Dict[str, Any]], item.get("content") or []):
                if part.get("type") == "output_text":
                    part = {**part, "parsed": parse_content(text_format, part.get("text"))}
                    parsed = part["parsed"] if parsed is None else parsed
                content.append(part)
            item = {**item, "content": content}
        elif kind == "function_call":
            model = models.get(str(item.get("name")))
            if model is not None and isinstance(item.get("arguments"), str):
                item = {**item, "parsed_arguments": validate_model_json(model, item["arguments"])}
        outputs.append(item)
    data["output"] = outputs
    data["output_parsed"] = parsed
    parsed_type: Any = ParsedResponse if text_format is None else ParsedResponse.__class_getitem__(text_format)  # pyright: ignore[reportUnknownMemberType]  # pydantic's runtime parametrisation
    result = cast("ParsedResponse[ResponseFormatT]", validate_type(parsed_type, data))  # built for that type
    return carry_response_info(response, result)


def _format_model(text_format: object) -> Any:
    return response_model(text_format)


def _options(
    extra_headers: Headers | None, extra_query: Query | None, extra_body: Body | None, timeout: Any
) -> dict[str, Any]:
    return {"extra_headers": extra_headers, "extra_query": extra_query, "extra_body": extra_body, "timeout": timeout}


class ResponsesHelpers(ResponsesConnectHelpers):
    """Helpers (`parse()`, `stream()`) inherited first by the sync `Responses` resource."""

    def _resource(self) -> Responses:
        return cast("Responses", self)  # this mixin is only ever a base of the generated `Responses`

    @overload
    def parse(
        self,
        *,
        text_format: type[ResponseFormatT],
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[ResponseFormatT]: ...

    @overload
    def parse(
        self,
        *,
        text_format: Omit = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[None]: ...

    def parse(
        self,
        *,
        text_format: Any = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[Any]:
        """Create a response and parse its output text into a pydantic model.

        Args:
            text_format: a pydantic model class, sent as a strict JSON schema in `text.format`;
                the result's `output_parsed` is an instance of it.
            tools: the tools; `pydantic_function_tool()` tools are converted to the
                Responses format and their calls get `parsed_arguments`.
            extra_headers: extra headers for this request.
            extra_query: extra query parameters for this request.
            extra_body: extra JSON properties for this request.
            timeout: a timeout for this request.
            **params: any other `create()` keyword (`model`, `input`, `instructions`, ...).

        Returns:
            The response, with `output_parsed`.

        ```py
        response = client.responses.parse(model="gpt-4o", input="...", text_format=Event)
        event = response.output_parsed
        ```
        """
        params["text"] = _text_param(text_format, params.get("text", omit))
        response = self._resource().create(
            tools=_tools_param(tools),
            stream=False,
            **_options(extra_headers, extra_query, extra_body, timeout),
            **params,
        )
        return parse_response(response, text_format=_format_model(text_format), tools=tools)

    @overload
    def stream(
        self,
        *,
        text_format: type[ResponseFormatT],
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ResponseStreamManager[ParsedResponse[ResponseFormatT]]: ...

    @overload
    def stream(
        self,
        *,
        text_format: Omit = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ResponseStreamManager[ParsedResponse[None]]: ...

    def stream(
        self,
        *,
        text_format: Any = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ResponseStreamManager[ParsedResponse[Any]]:
        """Stream a response as the API's typed events; the request is sent on `with` entry.

        Takes the arguments of `parse()`. Iterating yields `ResponseStreamEvent` objects
        (`response.created`, `response.output_text.delta`, ..., `response.completed`);
        `get_final_response()` returns the final response, parsed as `parse()` would.
        """
        resource = self._resource()
        params["text"] = _text_param(text_format, params.get("text", omit))
        model = _format_model(text_format)

        def open_stream() -> Stream[ResponseStreamEvent]:
            options = _options(extra_headers, extra_query, extra_body, timeout)
            return resource.create(tools=_tools_param(tools), stream=True, **options, **params)

        def finish(response: Response) -> ParsedResponse[Any]:
            return parse_response(response, text_format=model, tools=tools)

        return ResponseStreamManager(open_stream, finish)


class AsyncResponsesHelpers(AsyncResponsesConnectHelpers):
    """Helpers (`parse()`, `stream()`) inherited first by the async `AsyncResponses` resource."""

    def _resource(self) -> AsyncResponses:
        return cast("AsyncResponses", self)  # this mixin is only ever a base of the generated `AsyncResponses`

    @overload
    async def parse(
        self,
        *,
        text_format: type[ResponseFormatT],
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[ResponseFormatT]: ...

    @overload
    async def parse(
        self,
        *,
        text_format: Omit = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[None]: ...

    async def parse(
        self,
        *,
        text_format: Any = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedResponse[Any]:
        """The async twin of `ResponsesHelpers.parse()`."""
        params["text"] = _text_param(text_format, params.get("text", omit))
        response = await self._resource().create(
            tools=_tools_param(tools),
            stream=False,
            **_options(extra_headers, extra_query, extra_body, timeout),
            **params,
        )
        return parse_response(response, text_format=_format_model(text_format), tools=tools)

    @overload
    def stream(
        self,
        *,
        text_format: type[ResponseFormatT],
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncResponseStreamManager[ParsedResponse[ResponseFormatT]]: ...

    @overload
    def stream(
        self,
        *,
        text_format: Omit = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncResponseStreamManager[ParsedResponse[None]]: ...

    def stream(
        self,
        *,
        text_format: Any = omit,
        tools: object = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncResponseStreamManager[ParsedResponse[Any]]:
        """The async twin of `ResponsesHelpers.stream()`: use with `async with` (no `await`)."""
        resource = self._resource()
        params["text"] = _text_param(text_format, params.get("text", omit))
        model = _format_model(text_format)

        async def open_stream() -> AsyncStream[ResponseStreamEvent]:
            options = _options(extra_headers, extra_query, extra_body, timeout)
            return await resource.create(tools=_tools_param(tools), stream=True, **options, **params)

        def finish(response: Response) -> ParsedResponse[Any]:
            return parse_response(response, text_format=model, tools=tools)

        return AsyncResponseStreamManager(open_stream, finish)
