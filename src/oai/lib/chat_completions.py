"""The behaviour of `chat.completions.parse()` and `.stream()` (sync and async).

The typed methods themselves are generated from `chat.completions.create` (sdkforge.yml
`helpers`): they take its keyword parameters and pass every one of them here, importing this
module only when called, so `client.chat.completions` loads no `oai.lib` module until a helper
runs. Parsing lives in `structured_outputs`, stream events in `chat_stream`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, cast

from .._options import post_parsing
from .._types import Omit
from .chat_stream import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
from .structured_outputs import ParsedChatCompletion, parse_chat_completion, to_response_format

if TYPE_CHECKING:
    from .._streaming import AsyncStream, Stream
    from ..resources.chat.completions.completions import AsyncCompletions, Completions
    from ..types.chat.chat_completion import ChatCompletion
    from ..types.chat.chat_completion_chunk import ChatCompletionChunk

__all__ = ["async_parse", "async_stream", "parse", "stream"]


def _model_or_none(response_format: object) -> Any:
    return None if isinstance(response_format, Omit) else response_format


def parse(resource: Completions, *, response_format: object, tools: Any, **params: Any) -> ParsedChatCompletion[Any]:
    """`create()` with `response_format` sent as a strict JSON schema, the reply parsed back.

    The parsing is the request's post-parser, so `with_raw_response.parse()` and
    `with_streaming_response.parse()` give a response whose `parse()` returns the same.

    Args:
        resource: The `chat.completions` resource.
        response_format: A pydantic model class, or any `response_format` param (or omit).
        tools: The tools; calls of `pydantic_function_tool()` tools get `parsed_arguments`.
        **params: Every other argument of the generated `parse()`, passed on to `create()`.

    Returns:
        The completion, with `choices[i].message.parsed` and parsed tool arguments.
    """
    with post_parsing(_parser(response_format, tools)):
        completion = resource.create(
            response_format=to_response_format(response_format), tools=tools, stream=False, **params
        )
    return cast("ParsedChatCompletion[Any]", completion)  # made one by the post-parser


async def async_parse(
    resource: AsyncCompletions, *, response_format: object, tools: Any, **params: Any
) -> ParsedChatCompletion[Any]:
    """The async twin of `parse`."""
    with post_parsing(_parser(response_format, tools)):
        completion = await resource.create(
            response_format=to_response_format(response_format), tools=tools, stream=False, **params
        )
    return cast("ParsedChatCompletion[Any]", completion)  # made one by the post-parser


def _parser(response_format: object, tools: Any) -> Callable[[ChatCompletion], ParsedChatCompletion[Any]]:
    model = _model_or_none(response_format)

    def parsed(completion: ChatCompletion) -> ParsedChatCompletion[Any]:
        return parse_chat_completion(completion, response_format=model, tools=tools)

    return parsed


def stream(
    resource: Completions, *, response_format: object, tools: Any, **params: Any
) -> ChatCompletionStreamManager[Any]:
    """A manager that sends the request (`stream=True`) on `with` entry and yields typed events.

    Args:
        resource: The `chat.completions` resource.
        response_format: As for `parse`.
        tools: As for `parse`.
        **params: Every other argument of the generated `stream()`, passed on to `create()`.

    Returns:
        The stream manager; its `get_final_completion()` is parsed as `parse()` would.
    """
    sent_format = to_response_format(response_format)

    def open_stream() -> Stream[ChatCompletionChunk]:
        # `**params` hides which overload applies; `stream=True` picks the stream one.
        chunks: Stream[ChatCompletionChunk] = resource.create(
            response_format=sent_format, tools=tools, stream=True, **params
        )
        return chunks

    return ChatCompletionStreamManager(open_stream, response_format=_model_or_none(response_format), tools=tools)


def async_stream(
    resource: AsyncCompletions, *, response_format: object, tools: Any, **params: Any
) -> AsyncChatCompletionStreamManager[Any]:
    """The async twin of `stream`: use the manager with `async with`."""
    sent_format = to_response_format(response_format)

    async def open_stream() -> AsyncStream[ChatCompletionChunk]:
        chunks: AsyncStream[ChatCompletionChunk] = await resource.create(
            response_format=sent_format, tools=tools, stream=True, **params
        )
        return chunks

    return AsyncChatCompletionStreamManager(open_stream, response_format=_model_or_none(response_format), tools=tools)
