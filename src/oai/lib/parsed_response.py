"""The output items of a parsed Responses result (`responses.parse()`), as the official SDK names them.

`ParsedResponse.output` holds these instead of the plain items: message text parts carry
`parsed` (an instance of `text_format`), function calls `parsed_arguments`. The union lists the
same variants as the generated `ResponseOutputItem`, with those two replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, List, Optional, TypeVar, Union

from pydantic import Field
from typing_extensions import Annotated, TypeAlias

from ..types.additional_tools import AdditionalTools
from ..types.image_gen_tool_call import ImageGenToolCall
from ..types.local_shell_tool_call import LocalShellToolCall
from ..types.local_shell_tool_call_output import LocalShellToolCallOutput
from ..types.mcp_approval_request import MCPApprovalRequest
from ..types.mcp_approval_response_resource import MCPApprovalResponseResource
from ..types.mcp_list_tools import MCPListTools
from ..types.mcp_tool_call import MCPToolCall
from ..types.program import Program
from ..types.program_output import ProgramOutput
from ..types.responses.response import Response
from ..types.responses.response_apply_patch_tool_call import ResponseApplyPatchToolCall
from ..types.responses.response_apply_patch_tool_call_output import ResponseApplyPatchToolCallOutput
from ..types.responses.response_code_interpreter_tool_call import ResponseCodeInterpreterToolCall
from ..types.responses.response_compaction_item import ResponseCompactionItem
from ..types.responses.response_computer_tool_call import ResponseComputerToolCall
from ..types.responses.response_computer_tool_call_output_item import ResponseComputerToolCallOutputItem
from ..types.responses.response_custom_tool_call import ResponseCustomToolCall
from ..types.responses.response_custom_tool_call_output_item import ResponseCustomToolCallOutputItem
from ..types.responses.response_file_search_tool_call import ResponseFileSearchToolCall
from ..types.responses.response_function_shell_tool_call import ResponseFunctionShellToolCall
from ..types.responses.response_function_shell_tool_call_output import ResponseFunctionShellToolCallOutput
from ..types.responses.response_function_tool_call import ResponseFunctionToolCall
from ..types.responses.response_function_tool_call_output_item import ResponseFunctionToolCallOutputItem
from ..types.responses.response_function_web_search import ResponseFunctionWebSearch
from ..types.responses.response_output_message import ResponseOutputMessage
from ..types.responses.response_output_refusal import ResponseOutputRefusal
from ..types.responses.response_output_text import ResponseOutputText
from ..types.responses.response_reasoning_item import ResponseReasoningItem
from ..types.responses.response_tool_search_call import ResponseToolSearchCall
from ..types.responses.response_tool_search_output_item import ResponseToolSearchOutputItem
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
        ResponseFileSearchToolCall,
        ParsedResponseFunctionToolCall,
        ResponseFunctionToolCallOutputItem,
        ResponseFunctionWebSearch,
        ResponseComputerToolCall,
        ResponseComputerToolCallOutputItem,
        ResponseReasoningItem,
        Program,
        ProgramOutput,
        ResponseToolSearchCall,
        ResponseToolSearchOutputItem,
        AdditionalTools,
        ResponseCompactionItem,
        ImageGenToolCall,
        ResponseCodeInterpreterToolCall,
        LocalShellToolCall,
        LocalShellToolCallOutput,
        ResponseFunctionShellToolCall,
        ResponseFunctionShellToolCallOutput,
        ResponseApplyPatchToolCall,
        ResponseApplyPatchToolCallOutput,
        MCPToolCall,
        MCPListTools,
        MCPApprovalRequest,
        MCPApprovalResponseResource,
        ResponseCustomToolCall,
        ResponseCustomToolCallOutputItem,
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
