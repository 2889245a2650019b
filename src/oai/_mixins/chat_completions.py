# pyright: reportImportCycles=false
# (annotations only name the generated resource, under TYPE_CHECKING, as `oai.lib` modules do)
"""Hand-written helpers mixed into the generated `chat.completions` resource: `parse()` and `stream()`.

Not part of `oai.lib`: the resource imports it, and `client.chat.completions` must load no
`oai.lib` module until a helper runs (`parse()` / `stream()` import theirs). It must not
import the generated resource modules at runtime (they import this module), and holds no
parsing or event logic itself (see `structured_outputs` and `chat_stream`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Union, cast, overload

from .._types import Body, Headers, Omit, Query, omit

if TYPE_CHECKING:
    import httpx

    from .._streaming import AsyncStream, Stream

    # Imported where `parse()` / `stream()` run: `client.chat.completions` must not load the
    # accumulator, stream events or structured outputs (and their types) until they are used.
    from ..lib.chat_stream import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from ..lib.structured_outputs import ParsedChatCompletion, ResponseFormatT
    from ..resources.chat.completions.completions import AsyncCompletions, Completions
    from ..types.chat.chat_completion_chunk import ChatCompletionChunk
    from ..types.chat.chat_completion_custom_tool_param import ChatCompletionCustomToolParam
    from ..types.chat.chat_completion_function_tool_param import ChatCompletionFunctionToolParam
    from ..types.chat.chat_completion_message_param import ChatCompletionMessageParam

    _Tool = Union[ChatCompletionFunctionToolParam, ChatCompletionCustomToolParam]

__all__ = ["AsyncCompletionsHelpers", "CompletionsHelpers", "validate_response_format"]


def validate_response_format(response_format: object) -> None:
    """Refuse a pydantic model class given to `create()`: only `parse()` turns one into a JSON
    schema and the reply back into the model (`chat.completions.create`'s `checks` in sdkforge.yml)."""
    import pydantic

    if isinstance(response_format, type) and issubclass(response_format, pydantic.BaseModel):
        raise TypeError(
            "You tried to pass a `BaseModel` class to `chat.completions.create()`; "
            "You must use `chat.completions.parse()` instead"
        )


def _request_options(
    extra_headers: Headers | None, extra_query: Query | None, extra_body: Body | None, timeout: Any
) -> dict[str, Any]:
    return {"extra_headers": extra_headers, "extra_query": extra_query, "extra_body": extra_body, "timeout": timeout}


def _model_or_none(response_format: object) -> Any:
    return None if isinstance(response_format, Omit) else response_format


class CompletionsHelpers:
    """Helpers (`parse()`, `stream()`) inherited first by the sync `Completions` resource."""

    def _resource(self) -> Completions:
        return cast("Completions", self)  # this mixin is only ever a base of the generated `Completions`

    @overload
    def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: type[ResponseFormatT],
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[ResponseFormatT]: ...

    @overload
    def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Omit = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[None]: ...

    def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Any = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[Any]:
        """Create a chat completion and parse its content and tool calls into pydantic models.

        Args:
            messages: the conversation.
            model: the model ID.
            response_format: a pydantic model class (sent as a strict JSON schema; the reply's
                `message.parsed` is an instance of it), or any `response_format` param.
            tools: the tools; calls of tools from `oai.pydantic_function_tool()` come back
                with `function.parsed_arguments`.
            extra_headers: extra headers for this request.
            extra_query: extra query parameters for this request.
            extra_body: extra JSON properties for this request.
            timeout: a timeout for this request.
            **params: any other `create()` keyword (`temperature`, `max_completion_tokens`, ...).

        Returns:
            The completion, with `choices[i].message.parsed` and parsed tool arguments.

        Raises:
            LengthFinishReasonError: a choice stopped at the token limit.
            ContentFilterFinishReasonError: a choice was stopped by the content filter.

        ```py
        class Step(pydantic.BaseModel):
            explanation: str
            output: str

        completion = client.chat.completions.parse(model="gpt-4o", messages=msgs, response_format=Step)
        step = completion.choices[0].message.parsed
        ```
        """
        from ..lib.structured_outputs import parse_chat_completion, to_response_format

        completion = self._resource().create(
            messages=messages,
            model=model,
            response_format=to_response_format(response_format),
            tools=tools,
            stream=False,
            **_request_options(extra_headers, extra_query, extra_body, timeout),
            **params,
        )
        return parse_chat_completion(completion, response_format=_model_or_none(response_format), tools=tools)

    @overload
    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: type[ResponseFormatT],
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ChatCompletionStreamManager[ResponseFormatT]: ...

    @overload
    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Omit = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ChatCompletionStreamManager[None]: ...

    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Any = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ChatCompletionStreamManager[Any]:
        """Stream a chat completion as typed events; the request is sent on `with` entry.

        Takes the arguments of `parse()`. Events: `chunk`, `content.delta`, `content.done`,
        `refusal.delta`, `refusal.done`, `tool_calls.function.arguments.delta` and
        `tool_calls.function.arguments.done`; `get_final_completion()` returns the whole
        completion, parsed as `parse()` would.

        ```py
        with client.chat.completions.stream(model="gpt-4o", messages=msgs) as stream:
            for event in stream:
                if event.type == "content.delta":
                    print(event.delta, end="", flush=True)
        print(stream.get_final_completion().choices[0].message.content)
        ```
        """
        from ..lib.chat_stream import ChatCompletionStreamManager
        from ..lib.structured_outputs import to_response_format

        resource = self._resource()

        def open_stream() -> Stream[ChatCompletionChunk]:
            # `**params` hides which overload applies; `stream=True` picks the stream one.
            stream: Stream[ChatCompletionChunk] = resource.create(
                messages=messages,
                model=model,
                response_format=to_response_format(response_format),
                tools=tools,
                stream=True,
                **_request_options(extra_headers, extra_query, extra_body, timeout),
                **params,
            )
            return stream

        return ChatCompletionStreamManager(open_stream, response_format=_model_or_none(response_format), tools=tools)


class AsyncCompletionsHelpers:
    """Helpers (`parse()`, `stream()`) inherited first by the async `AsyncCompletions` resource."""

    def _resource(self) -> AsyncCompletions:
        return cast("AsyncCompletions", self)  # this mixin is only ever a base of the generated `AsyncCompletions`

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: type[ResponseFormatT],
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[ResponseFormatT]: ...

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Omit = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[None]: ...

    async def parse(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Any = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> ParsedChatCompletion[Any]:
        """The async twin of `CompletionsHelpers.parse()`."""
        from ..lib.structured_outputs import parse_chat_completion, to_response_format

        completion = await self._resource().create(
            messages=messages,
            model=model,
            response_format=to_response_format(response_format),
            tools=tools,
            stream=False,
            **_request_options(extra_headers, extra_query, extra_body, timeout),
            **params,
        )
        return parse_chat_completion(completion, response_format=_model_or_none(response_format), tools=tools)

    @overload
    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: type[ResponseFormatT],
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncChatCompletionStreamManager[ResponseFormatT]: ...

    @overload
    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Omit = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncChatCompletionStreamManager[None]: ...

    def stream(
        self,
        *,
        messages: Iterable[ChatCompletionMessageParam],
        model: str,
        response_format: Any = omit,
        tools: Iterable[_Tool] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Any,
    ) -> AsyncChatCompletionStreamManager[Any]:
        """The async twin of `CompletionsHelpers.stream()`: use with `async with` (no `await`)."""
        from ..lib.chat_stream import AsyncChatCompletionStreamManager
        from ..lib.structured_outputs import to_response_format

        resource = self._resource()

        async def open_stream() -> AsyncStream[ChatCompletionChunk]:
            # `**params` hides which overload applies; `stream=True` picks the stream one.
            stream: AsyncStream[ChatCompletionChunk] = await resource.create(
                messages=messages,
                model=model,
                response_format=to_response_format(response_format),
                tools=tools,
                stream=True,
                **_request_options(extra_headers, extra_query, extra_body, timeout),
                **params,
            )
            return stream

        return AsyncChatCompletionStreamManager(
            open_stream, response_format=_model_or_none(response_format), tools=tools
        )
