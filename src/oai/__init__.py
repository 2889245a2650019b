"""oai: a fully typed, fast Python SDK for the OpenAI API.

Public names load lazily: `import oai` imports only the small core (types, errors); clients,
resources, `oai.types` and `oai.lib` load when first touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._types import NOT_GIVEN, NotGiven, Omit, Override, omit, override
from ._version import __title__, __version__

if TYPE_CHECKING:
    from . import pagination, types
    from ._client import AsyncClient, AsyncOpenAI, Client, OpenAI
    from ._http import DefaultAsyncHttpxClient, DefaultHttpxClient
    from ._middleware import AsyncMiddleware, AsyncNext, Middleware, Next
    from ._models import BaseModel
    from ._response import APIResponse, AsyncAPIResponse, HttpxBinaryResponseContent
    from ._streaming import AsyncStream, Stream
    from .lib.accumulator import ChatCompletionAccumulator
    from .lib.azure import AsyncAzureClient, AsyncAzureOpenAI, AzureClient, AzureOpenAI
    from .lib.rate_limits import RateLimits, rate_limits
    from .lib.realtime import (
        ReconnectingEvent,
        ReconnectingOverrides,
        WebSocketConnectionClosedError,
        WebSocketQueueFullError,
    )
    from .lib.structured_outputs import (
        ContentFilterFinishReasonError,
        LengthFinishReasonError,
        pydantic_function_tool,
    )
    from .lib.webhooks import InvalidWebhookSignatureError

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIResponse",
    "AsyncAzureClient",
    "AsyncAzureOpenAI",
    "AsyncClient",
    "AsyncMiddleware",
    "AsyncNext",
    "AsyncOpenAI",
    "AsyncStream",
    "AuthenticationError",
    "AzureClient",
    "AzureOpenAI",
    "BadRequestError",
    "BaseModel",
    "ChatCompletionAccumulator",
    "Client",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "HttpxBinaryResponseContent",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "LengthFinishReasonError",
    "Middleware",
    "Next",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "Override",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimits",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "Stream",
    "UnprocessableEntityError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "__title__",
    "__version__",
    "omit",
    "override",
    "pagination",
    "pydantic_function_tool",
    "rate_limits",
    "types",
]

# name -> private module that defines it; imported on first attribute access.
_LAZY: dict[str, str] = {
    "DefaultAsyncHttpxClient": "._http",
    "DefaultHttpxClient": "._http",
    "APIResponse": "._response",
    "AsyncAPIResponse": "._response",
    "AsyncAzureClient": ".lib.azure",
    "AsyncAzureOpenAI": ".lib.azure",
    "AsyncClient": "._client",
    "AsyncMiddleware": "._middleware",
    "AsyncNext": "._middleware",
    "AsyncOpenAI": "._client",
    "AsyncStream": "._streaming",
    "AzureClient": ".lib.azure",
    "AzureOpenAI": ".lib.azure",
    "BaseModel": "._models",
    "ChatCompletionAccumulator": ".lib.accumulator",
    "Client": "._client",
    "ContentFilterFinishReasonError": ".lib.structured_outputs",
    "HttpxBinaryResponseContent": "._response",
    "InvalidWebhookSignatureError": ".lib.webhooks",
    "LengthFinishReasonError": ".lib.structured_outputs",
    "Middleware": "._middleware",
    "Next": "._middleware",
    "OpenAI": "._client",
    "RateLimits": ".lib.rate_limits",
    "ReconnectingEvent": ".lib.realtime",
    "ReconnectingOverrides": ".lib.realtime",
    "WebSocketConnectionClosedError": ".lib.realtime",
    "WebSocketQueueFullError": ".lib.realtime",
    "Stream": "._streaming",
    "pydantic_function_tool": ".lib.structured_outputs",
    "rate_limits": ".lib.rate_limits",
}
_SUBMODULES = frozenset({"lib", "pagination", "resources", "types"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    if isinstance(value, type) and value.__module__.startswith("oai._"):
        value.__module__ = __name__
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


# Show public classes as `oai.X` in reprs and tracebacks, as httpx does.
def _set_public_module() -> None:
    for name in __all__:
        value = globals().get(name)
        if isinstance(value, type) and value.__module__.startswith("oai._"):
            value.__module__ = __name__


_set_public_module()
