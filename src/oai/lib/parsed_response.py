"""The output items of a parsed Responses result (`responses.parse()`), as the official SDK names them.

`ParsedResponse.output` holds these instead of the plain items: message text parts carry
`parsed` (an instance of `text_format`), function calls `parsed_arguments`. The union lists the
same variants as the generated `ResponseOutputItem`, with those two replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, List, Optional, TypeVar, Union

from pydantic import Field
from typing_extensions import Annotated, TypeAlias

from ..types.responses import response_output_item as _items
from ..types.responses.response import Response
from ..types.responses.response_function_tool_call import ResponseFunctionToolCall
from ..types.responses.response_output_message import ResponseOutputMessage
from ..types.responses.response_output_refusal import ResponseOutputRefusal
from ..types.responses.response_output_text import ResponseOutputText
from .structured_outputs import ResponseFormatT

__all__ = [
    "ParsedContent",
    "ParsedResponse",
    "ParsedResponseFunctionToolCall",
    "ParsedResponseOutputItem",
    "ParsedResponseOutputMessage",
    "ParsedResponseOutputText",
]

ContentType = TypeVar("ContentType")


class ParsedResponseOutputText(ResponseOutputText, Generic[ContentType]):
    """An `output_text` part whose text was parsed into the `text_format` model."""

    parsed: Optional[ContentType] = None
    """The text as an instance of `text_format`, else None."""


ParsedContent: TypeAlias = Annotated[
    Union[ParsedResponseOutputText[ContentType], ResponseOutputRefusal], Field(discriminator="type")
]


class ParsedResponseOutputMessage(ResponseOutputMessage, Generic[ContentType]):
    """An output message whose text parts carry `parsed`."""

    # Narrowed: the text parts are parsed ones. At runtime pydantic sees the unparametrised
    # union (a generic model parametrised by its own TypeVar is the plain model, so the alias
    # has no parameter left to subscript), as in the official SDK.
    if TYPE_CHECKING:
        content: List[ParsedContent[ContentType]]  # type: ignore[assignment]  # pyright: ignore[reportIncompatibleVariableOverride]
    else:
        content: List[ParsedContent]


class ParsedResponseFunctionToolCall(ResponseFunctionToolCall):
    """A function call whose arguments were parsed into the tool's pydantic model."""

    parsed_arguments: object = None
    """The arguments as an instance of the model given to `pydantic_function_tool`, else None."""


ParsedResponseOutputItem: TypeAlias = Annotated[
    Union[
        ParsedResponseOutputMessage[ContentType],
        _items.ResponseFileSearchToolCall,
        ParsedResponseFunctionToolCall,
        _items.ResponseFunctionToolCallOutputItem,
        _items.ResponseFunctionWebSearch,
        _items.ResponseComputerToolCall,
        _items.ResponseComputerToolCallOutputItem,
        _items.ResponseReasoningItem,
        _items.Program,
        _items.ProgramOutput,
        _items.ResponseToolSearchCall,
        _items.ResponseToolSearchOutputItem,
        _items.AdditionalTools,
        _items.ResponseCompactionItem,
        _items.ImageGenToolCall,
        _items.ResponseCodeInterpreterToolCall,
        _items.LocalShellToolCall,
        _items.LocalShellToolCallOutput,
        _items.ResponseFunctionShellToolCall,
        _items.ResponseFunctionShellToolCallOutput,
        _items.ResponseApplyPatchToolCall,
        _items.ResponseApplyPatchToolCallOutput,
        _items.MCPToolCall,
        _items.MCPListTools,
        _items.MCPApprovalRequest,
        _items.MCPApprovalResponseResource,
        _items.ResponseCustomToolCall,
        _items.ResponseCustomToolCallOutputItem,
    ],
    Field(discriminator="type"),
]


class ParsedResponse(Response, Generic[ResponseFormatT]):
    """A `Response` whose output text was parsed into the `text_format` model.

    Each `output_text` part of the output messages carries `parsed`; function calls of tools
    from `pydantic_function_tool` carry `parsed_arguments`.
    """

    # Narrowed: messages and function calls are the parsed ones (unparametrised at runtime, as above).
    if TYPE_CHECKING:
        output: List[ParsedResponseOutputItem[ResponseFormatT]]  # type: ignore[assignment]  # pyright: ignore[reportIncompatibleVariableOverride]
    else:
        output: List[ParsedResponseOutputItem]

    output_parsed: Optional[ResponseFormatT] = None
    """The first `output_text` of the output messages, as an instance of `text_format`."""
