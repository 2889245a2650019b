"""The behaviour of `responses.parse()` and `.stream()` (sync and async).

The typed methods themselves are generated from `responses.create` (sdkforge.yml `helpers`):
they take its keyword parameters and pass every one of them here, importing this module only
when called. It must not import the generated resource modules at runtime, and holds no event
logic itself (see `responses_stream`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, List, Union, cast

from typing_extensions import TypeAlias

from .._models import carry_response_info, validate_type
from .._options import post_parsing
from .._types import Omit, omit
from ..types.chat.chat_completion_function_tool_param import ChatCompletionFunctionToolParam
from ..types.responses.response import Response
from ..types.responses.tool_param import ToolParam
from .parsed_response import ParsedResponse
from .responses_stream import AsyncResponseStreamManager, ResponseStreamManager
from .structured_outputs import (
    PydanticToolParam,
    TextFormatT,
    parse_content,
    response_model,
    to_strict_json_schema,
    tool_models,
    validate_model_json,
)

if TYPE_CHECKING:
    from .._streaming import AsyncStream, Stream
    from ..resources.responses.responses import AsyncResponses, Responses
    from ..types.responses.response_stream_event import ResponseStreamEvent

__all__ = [
    "ParseableToolParam",
    "ParsedResponse",
    "async_parse",
    "async_stream",
    "parse",
    "parse_response",
    "stream",
]

ParseableToolParam: TypeAlias = Union[ToolParam, ChatCompletionFunctionToolParam]
"""A Responses API tool, or a chat-style function tool from `pydantic_function_tool()`
(converted to the Responses format; its calls get `parsed_arguments`)."""


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
    response: Response, *, text_format: type[TextFormatT] | None, tools: object
) -> ParsedResponse[TextFormatT]:
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
    result = cast("ParsedResponse[TextFormatT]", validate_type(parsed_type, data))  # built for that type
    return carry_response_info(response, result)


def _text_and_verbosity(text_format: object, text: object, verbosity: object) -> Any:
    """The `text` body property: the JSON schema of `text_format`, and `verbosity` (which the
    Responses API reads as `text.verbosity`) when given."""
    sent = _text_param(text_format, text)
    if isinstance(verbosity, Omit):
        return sent
    base = cast(Dict[str, Any], sent) if isinstance(sent, dict) else {}
    return {**base, "verbosity": verbosity}


def parse(
    resource: Responses,
    *,
    text_format: object,
    tools: Any,
    text: object,
    verbosity: object,
    stream: object,
    **params: Any,
) -> ParsedResponse[Any]:
    """`create()` with `text_format` sent as a strict JSON schema, the output text parsed back.

    Args:
        resource: The `responses` resource.
        text_format: A pydantic model class (or omit).
        tools: The tools; `pydantic_function_tool()` tools are converted to the Responses
            format and their calls get `parsed_arguments`.
        text: The `text` configuration, merged with the schema of `text_format`.
        verbosity: Sent as `text.verbosity` when given.
        stream: Must be False or omitted (`stream()` streams).
        **params: Every other argument of the generated `parse()`, passed on to `create()`.

    Returns:
        The response, with `output_parsed` (parsed by the request's post-parser, so the
        raw and streaming wrappers' `parse()` return the same).

    Raises:
        ValueError: `stream` is true.
    """
    _refuse_stream(stream)
    with post_parsing(_parser(text_format, tools)):
        response = resource.create(
            text=_text_and_verbosity(text_format, text, verbosity), tools=_tools_param(tools), stream=False, **params
        )
    return cast("ParsedResponse[Any]", response)  # made one by the post-parser


async def async_parse(
    resource: AsyncResponses,
    *,
    text_format: object,
    tools: Any,
    text: object,
    verbosity: object,
    stream: object,
    **params: Any,
) -> ParsedResponse[Any]:
    """The async twin of `parse`."""
    _refuse_stream(stream)
    with post_parsing(_parser(text_format, tools)):
        response = await resource.create(
            text=_text_and_verbosity(text_format, text, verbosity), tools=_tools_param(tools), stream=False, **params
        )
    return cast("ParsedResponse[Any]", response)  # made one by the post-parser


def _parser(text_format: object, tools: Any) -> Callable[[Response], ParsedResponse[Any]]:
    model = response_model(text_format)

    def parsed(response: Response) -> ParsedResponse[Any]:
        return parse_response(response, text_format=model, tools=tools)

    return parsed


def _refuse_stream(stream: object) -> None:
    if stream is True:
        raise ValueError("`stream=True` is not supported by `responses.parse()`; use `responses.stream()` instead")


def _resume_arguments(response_id: object, starting_after: object, params: Dict[str, Any]) -> Dict[str, Any]:
    """The `retrieve()` arguments that resume the stream of `response_id`.

    A resumed response already has its input and model: a request argument beside
    `response_id` would be silently ignored, so it is refused, naming it.
    """
    request_only = sorted(
        name for name, value in params.items() if not isinstance(value, Omit) and name not in _RESUME_KEEPS
    )
    if request_only:
        raise ValueError(
            f"`response_id` resumes an existing response; drop {', '.join(f'`{n}`' for n in request_only)}"
        )
    keep = {name: params[name] for name in _RESUME_KEEPS if name in params}
    return {"response_id": response_id, "starting_after": starting_after, **keep}


# Arguments `retrieve()` takes too; `text_format` and `tools` still parse the final response.
_RESUME_KEEPS = ("include", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries")


def stream(
    resource: Responses,
    *,
    text_format: object,
    tools: Any,
    response_id: object,
    starting_after: object,
    **params: Any,
) -> ResponseStreamManager[Any]:
    """A manager that sends the request on `with` entry: `create(stream=True)`, or with
    `response_id` the `retrieve(stream=True)` that resumes that response's events.

    Args:
        resource: The `responses` resource.
        text_format: As for `parse`.
        tools: As for `parse`.
        response_id: Resume the events of this (background) response instead of creating one.
        starting_after: With `response_id`: the sequence number after which to resume.
        **params: Every other argument of the generated `stream()`, passed on to `create()`.

    Returns:
        The stream manager; its `get_final_response()` is parsed as `parse()` would.

    Raises:
        ValueError: `response_id` with a request argument, or `starting_after` without it.
    """
    open_stream = _opener(resource, text_format, tools, response_id, starting_after, params)
    model = response_model(text_format)

    def finish(response: Response) -> ParsedResponse[Any]:
        return parse_response(response, text_format=model, tools=tools)

    return ResponseStreamManager(open_stream, finish)


def _opener(
    resource: Responses,
    text_format: object,
    tools: Any,
    response_id: object,
    starting_after: object,
    params: Dict[str, Any],
) -> Callable[[], Stream[ResponseStreamEvent]]:
    if isinstance(response_id, Omit):
        if not isinstance(starting_after, Omit):
            raise ValueError("`starting_after` needs `response_id` (it resumes an existing response's events)")
        params = {**params, "text": _text_param(text_format, params.get("text", omit)), "tools": _tools_param(tools)}
        return lambda: resource.create(stream=True, **params)
    resume = _resume_arguments(response_id, starting_after, params)
    return lambda: resource.retrieve(stream=True, **resume)


def async_stream(
    resource: AsyncResponses,
    *,
    text_format: object,
    tools: Any,
    response_id: object,
    starting_after: object,
    **params: Any,
) -> AsyncResponseStreamManager[Any]:
    """The async twin of `stream`: use the manager with `async with`."""
    open_stream = _async_opener(resource, text_format, tools, response_id, starting_after, params)
    model = response_model(text_format)

    def finish(response: Response) -> ParsedResponse[Any]:
        return parse_response(response, text_format=model, tools=tools)

    return AsyncResponseStreamManager(open_stream, finish)


def _async_opener(
    resource: AsyncResponses,
    text_format: object,
    tools: Any,
    response_id: object,
    starting_after: object,
    params: Dict[str, Any],
) -> Callable[[], Awaitable[AsyncStream[ResponseStreamEvent]]]:
    if isinstance(response_id, Omit):
        if not isinstance(starting_after, Omit):
            raise ValueError("`starting_after` needs `response_id` (it resumes an existing response's events)")
        params = {**params, "text": _text_param(text_format, params.get("text", omit)), "tools": _tools_param(tools)}

        async def create() -> AsyncStream[ResponseStreamEvent]:
            events: AsyncStream[ResponseStreamEvent] = await resource.create(stream=True, **params)
            return events

        return create
    resume = _resume_arguments(response_id, starting_after, params)

    async def retrieve() -> AsyncStream[ResponseStreamEvent]:
        events: AsyncStream[ResponseStreamEvent] = await resource.retrieve(stream=True, **resume)
        return events

    return retrieve
