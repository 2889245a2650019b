"""Structured outputs: pydantic models → strict JSON schemas and tool params, and model output → typed values.

It builds request params and parses finished outputs; it must not send requests nor read streams.
"""

from __future__ import annotations

import copy
import json
import types
from typing import TYPE_CHECKING, Any, Dict, Generic, List, Mapping, Optional, TypeVar, Union, cast

import pydantic
from typing_extensions import Annotated, get_args, get_origin

from .._exceptions import OpenAIError
from .._models import BaseModel, carry_response_info, validate_type
from ..types.chat.chat_completion import ChatCompletion, Choice
from ..types.chat.chat_completion_message import ChatCompletionMessage
from ..types.chat.chat_completion_message_custom_tool_call import ChatCompletionMessageCustomToolCall
from ..types.chat.chat_completion_message_function_tool_call import ChatCompletionMessageFunctionToolCall, Function

if TYPE_CHECKING:
    from ..types.chat.chat_completion_function_tool_param import ChatCompletionFunctionToolParam

__all__ = [
    "ContentFilterFinishReasonError",
    "LengthFinishReasonError",
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
    "PydanticToolParam",
    "ResponseFormatT",
    "TextFormatT",
    "check_finish_reason",
    "parse_chat_completion",
    "parse_content",
    "pydantic_function_tool",
    "response_model",
    "to_response_format",
    "to_strict_json_schema",
    "tool_models",
    "validate_model_json",
]

ResponseFormatT = TypeVar("ResponseFormatT")
# `responses.parse()`/`.stream()`'s name for the `text_format` model (the official SDK's spelling).
TextFormatT = TypeVar("TextFormatT")
_ModelT = TypeVar("_ModelT", bound=pydantic.BaseModel)


class LengthFinishReasonError(OpenAIError):
    """The model stopped at the token limit, so its structured output is cut and cannot be parsed.

    Attributes:
        completion: the completion as received.
    """

    def __init__(self, *, completion: object) -> None:
        super().__init__(
            "Could not parse the response content: the length limit was reached (finish_reason='length'). "
            "Raise max_completion_tokens or shorten the prompt."
        )
        self.completion = completion


class ContentFilterFinishReasonError(OpenAIError):
    """The content filter stopped the model, so there is no structured output to parse.

    Attributes:
        completion: the completion as received.
    """

    def __init__(self, *, completion: object) -> None:
        super().__init__("Could not parse the response content: it was rejected by the content filter.")
        self.completion = completion


# --- parsed result types -------------------------------------------------------------


class ParsedFunction(Function):
    """A function call whose arguments were parsed into the tool's pydantic model."""

    parsed_arguments: object = None
    """The arguments as an instance of the model given to `pydantic_function_tool`, else None."""


class ParsedFunctionToolCall(ChatCompletionMessageFunctionToolCall):
    """A function tool call with `function.parsed_arguments`."""

    # A narrower type than the base field: parsed calls always carry a `ParsedFunction`.
    function: ParsedFunction  # pyright: ignore[reportIncompatibleVariableOverride]


_ParsedToolCall = Annotated[
    Union[ParsedFunctionToolCall, ChatCompletionMessageCustomToolCall], pydantic.Field(discriminator="type")
]


class ParsedChatCompletionMessage(ChatCompletionMessage, Generic[ResponseFormatT]):
    """An assistant message with `parsed` content (an instance of the `response_format` model)."""

    parsed: Optional[ResponseFormatT] = None
    # Narrowed: function calls are parsed ones.
    tool_calls: Optional[List[_ParsedToolCall]] = None  # type: ignore[assignment]  # pyright: ignore[reportIncompatibleVariableOverride]


class ParsedChoice(Choice, Generic[ResponseFormatT]):
    """A choice whose message is a `ParsedChatCompletionMessage`."""

    message: ParsedChatCompletionMessage[ResponseFormatT]  # pyright: ignore[reportIncompatibleVariableOverride]  # narrowed


class ParsedChatCompletion(ChatCompletion, Generic[ResponseFormatT]):
    """A `ChatCompletion` whose choices carry parsed content and parsed tool arguments.

    ```py
    completion = client.chat.completions.parse(model="gpt-4o", messages=msgs, response_format=Weather)
    weather = completion.choices[0].message.parsed  # Weather | None
    ```
    """

    choices: List[ParsedChoice[ResponseFormatT]]  # type: ignore[assignment]  # pyright: ignore[reportIncompatibleVariableOverride]  # narrowed


# --- JSON schema ---------------------------------------------------------------------


def to_strict_json_schema(model: type[pydantic.BaseModel] | pydantic.TypeAdapter[Any]) -> dict[str, Any]:
    """Return the JSON schema of `model` in the form Structured Outputs' strict mode accepts.

    Every object gets `additionalProperties: false` and lists all its properties as
    required; a property that was optional becomes nullable instead. `$defs` are kept and
    referenced by `$ref`; a `$ref` with sibling keys is inlined, `oneOf` becomes `anyOf`,
    and `default` / `discriminator` keys are dropped.

    Args:
        model: a pydantic model class, or a `TypeAdapter` for any type.

    Returns:
        A new schema dict.
    """
    schema = model.json_schema() if isinstance(model, pydantic.TypeAdapter) else model.model_json_schema()
    defs = cast(Dict[str, Any], schema.get("$defs", {}))
    return _strictify(schema, defs)


def _strictify(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    node = dict(node)
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) > 1:
        # The API rejects `$ref` beside other keywords: inline the target, siblings win.
        target = copy.deepcopy(defs[ref.rsplit("/", 1)[-1]])
        del node["$ref"]
        target.update(node)
        return _strictify(target, defs)
    node.pop("default", None)
    node.pop("discriminator", None)
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if "$defs" in node:
        node["$defs"] = {name: _strictify(sub, defs) for name, sub in cast(Dict[str, Any], node["$defs"]).items()}
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, dict):
        node["additionalProperties"] = False
        props = cast(Dict[str, Any], properties or {})
        required = set(cast(List[str], node.get("required", [])))
        node["properties"] = {
            name: _strictify(sub if name in required else _nullable(sub), defs) for name, sub in props.items()
        }
        node["required"] = list(props)
    for key in ("items", "additionalItems"):
        if isinstance(node.get(key), dict):
            node[key] = _strictify(node[key], defs)
    for key in ("anyOf", "allOf", "prefixItems"):
        if isinstance(node.get(key), list):
            node[key] = [_strictify(sub, defs) for sub in cast(List[Dict[str, Any]], node[key])]
    if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        only = node.pop("allOf")[0]
        node.update(only)
    return node


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` or null (an optional property, now required, says "absent" with null)."""
    members = cast(List[Dict[str, Any]], schema.get("anyOf", []))
    if schema.get("type") == "null" or any(m.get("type") == "null" for m in members):
        return schema
    if members:
        return {**schema, "anyOf": [*members, {"type": "null"}]}
    keep: dict[str, Any] = {k: schema[k] for k in ("title", "description") if k in schema}
    inner = {k: v for k, v in schema.items() if k not in ("title", "description", "default")}
    return {**keep, "anyOf": [inner, {"type": "null"}]}


class PydanticToolParam(Dict[str, Any]):
    """A chat function tool param that remembers the pydantic model of its arguments.

    Attributes:
        model: the arguments model.
    """

    model: type[pydantic.BaseModel]


def pydantic_function_tool(
    model: type[pydantic.BaseModel], *, name: str | None = None, description: str | None = None
) -> ChatCompletionFunctionToolParam:
    """Describe a function tool by the pydantic model of its arguments (strict mode).

    `client.chat.completions.parse()` and `.stream()` then parse the model's calls of this
    tool into `function.parsed_arguments`, an instance of `model`.

    Args:
        model: the arguments model.
        name: the function name; defaults to the model's class name.
        description: what the function does; defaults to the model's docstring, if any.

    Returns:
        The `tools` entry: `{"type": "function", "function": {"name", "parameters", "strict": True, ...}}`.

    ```py
    class GetWeather(pydantic.BaseModel):
        city: str

    client.chat.completions.parse(model="gpt-4o", messages=msgs, tools=[oai.pydantic_function_tool(GetWeather)])
    ```
    """
    function: dict[str, Any] = {"name": name or model.__name__, "parameters": to_strict_json_schema(model)}
    doc = description if description is not None else model.__doc__
    if doc and not (description is None and doc == pydantic.BaseModel.__doc__):
        function["description"] = doc.strip()
    function["strict"] = True
    tool = PydanticToolParam(type="function", function=function)
    tool.model = model
    return cast("ChatCompletionFunctionToolParam", tool)  # a dict of exactly that shape


def to_response_format(response_format: Any) -> Any:
    """Turn a pydantic model (class) into a strict `json_schema` response format; pass other values through."""
    model = response_model(response_format)
    if model is None:
        return response_format
    json_schema: dict[str, Any] = {"name": model.__name__, "schema": to_strict_json_schema(model), "strict": True}
    return {"type": "json_schema", "json_schema": json_schema}


def response_model(response_format: object) -> type[pydantic.BaseModel] | None:
    """The pydantic model class given as `response_format` / `text_format`, or None."""
    if isinstance(response_format, type) and issubclass(response_format, pydantic.BaseModel):
        return response_format
    return None


def tool_models(tools: object) -> dict[str, type[pydantic.BaseModel]]:
    """Function name → arguments model, for the tools built by `pydantic_function_tool`."""
    found: dict[str, type[pydantic.BaseModel]] = {}
    if isinstance(tools, (list, tuple)):
        for tool in cast(List[object], tools):
            if isinstance(tool, PydanticToolParam):
                function = cast(Dict[str, Any], tool["function"])
                found[str(function["name"])] = tool.model
    return found


def parse_content(model: type[ResponseFormatT] | None, text: str | None) -> ResponseFormatT | None:
    """Parse a finished message's JSON text into `model` (None when either is missing)."""
    if model is None or text is None or not issubclass(model, pydantic.BaseModel):
        return None
    return cast(ResponseFormatT, validate_model_json(model, text))  # `model` is that pydantic class


def validate_model_json(model: type[_ModelT], text: str) -> _ModelT:
    """Parse JSON text from the model into `model`; null for an optional non-nullable field means its default."""
    try:
        return model.model_validate_json(text)
    except pydantic.ValidationError as exc:
        try:
            data = cast(object, json.loads(text))  # any JSON value
        except ValueError:
            raise exc from None  # not JSON at all: pydantic's error says so
        # Strict schemas make optional fields nullable: null there means "use the default".
        return model.model_validate(_drop_null_defaults(model, data))


def _drop_null_defaults(model: type[pydantic.BaseModel], data: object) -> object:
    if not isinstance(data, dict):
        return data
    obj = cast(Dict[str, object], data)
    out: dict[str, object] = {}
    for key, value in obj.items():
        field = model.model_fields.get(key)
        if field is None:
            out[key] = value
            continue
        if value is None and not field.is_required() and not _accepts_none(field.annotation):
            continue
        out[key] = _drop_in_value(field.annotation, value)
    return out


def _drop_in_value(annotation: Any, value: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return _drop_null_defaults(annotation, value)
    args = get_args(annotation)
    if get_origin(annotation) in (list, List) and args and isinstance(value, list):
        return [_drop_in_value(args[0], item) for item in cast(List[object], value)]
    if get_origin(annotation) in (Union, types.UnionType):
        models = [arg for arg in args if isinstance(arg, type) and issubclass(arg, pydantic.BaseModel)]
        if models and isinstance(value, dict):
            return _drop_null_defaults(models[0], cast(object, value))
    return value


def _accepts_none(annotation: Any) -> bool:
    return annotation is None or type(None) in get_args(annotation)


def check_finish_reason(finish_reason: object, completion: object) -> None:
    """Raise the error matching a finish reason that leaves no parseable output."""
    if finish_reason == "length":
        raise LengthFinishReasonError(completion=completion)
    if finish_reason == "content_filter":
        raise ContentFilterFinishReasonError(completion=completion)


def parse_chat_completion(
    completion: ChatCompletion | Mapping[str, Any],
    *,
    response_format: type[ResponseFormatT] | None,
    tools: object,
) -> ParsedChatCompletion[ResponseFormatT]:
    """Build the `ParsedChatCompletion` of a finished completion (a model, or its dict from a stream).

    Args:
        completion: the finished completion.
        response_format: the pydantic model of the message content, or None.
        tools: the request's `tools`; calls of `pydantic_function_tool` tools are parsed.

    Returns:
        The parsed completion.

    Raises:
        LengthFinishReasonError: a choice stopped at the token limit.
        ContentFilterFinishReasonError: a choice was stopped by the content filter.
        pydantic.ValidationError: the content does not match `response_format`.
    """
    data = completion.to_dict(exclude_unset=True) if isinstance(completion, ChatCompletion) else dict(completion)
    models = tool_models(tools)
    choices: list[dict[str, Any]] = []
    for raw_choice in cast(List[Dict[str, Any]], data.get("choices") or []):
        check_finish_reason(raw_choice.get("finish_reason"), completion)
        message = dict(cast(Dict[str, Any], raw_choice.get("message") or {}))
        if message.get("refusal") is None:
            message["parsed"] = parse_content(response_format, message.get("content"))
        message["tool_calls"] = _parse_tool_calls(message.get("tool_calls"), models)
        choices.append({**raw_choice, "message": message})
    data["choices"] = choices
    parsed_type: Any = (
        ParsedChatCompletion if response_format is None else ParsedChatCompletion.__class_getitem__(response_format)
    )  # pyright: ignore[reportUnknownMemberType]  # pydantic's runtime parametrisation
    result = cast("ParsedChatCompletion[ResponseFormatT]", validate_type(parsed_type, data))  # built for that type
    return carry_response_info(completion, result)


def _parse_tool_calls(tool_calls: object, models: dict[str, type[pydantic.BaseModel]]) -> object:
    if not isinstance(tool_calls, list):
        return tool_calls
    parsed: list[object] = []
    for item in cast(List[object], tool_calls):
        call: object = item.to_dict() if isinstance(item, BaseModel) else item
        call_dict = cast(Dict[str, Any], call) if isinstance(call, dict) else None  # JSON objects have str keys
        if call_dict is not None and call_dict.get("type") == "function":
            function = dict(cast(Dict[str, Any], call_dict.get("function") or {}))
            model = models.get(str(function.get("name")))
            arguments = function.get("arguments")
            if model is not None and isinstance(arguments, str):
                function["parsed_arguments"] = validate_model_json(model, arguments)
            parsed.append({**call_dict, "function": function})
        else:
            parsed.append(cast(object, call))
    return parsed
