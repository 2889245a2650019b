"""oai: a fully typed, fast Python SDK for the OpenAI API.

Public names load lazily: `import oai` imports only the small core (types, errors); clients,
resources, `oai.types` and `oai.lib` load when first touched.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from httpx import Timeout

from . import _module_client
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
    InvalidWebhookSignatureError,
    NotFoundError,
    OAuthError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._module_client import (  # the module-level client's settings: `oai.api_key = "..."`
    admin_api_key as admin_api_key,
)
from ._module_client import (
    api_key as api_key,
)
from ._module_client import (
    api_type as api_type,
)
from ._module_client import (
    api_version as api_version,
)
from ._module_client import (
    azure_ad_token as azure_ad_token,
)
from ._module_client import (
    azure_ad_token_provider as azure_ad_token_provider,
)
from ._module_client import (
    azure_endpoint as azure_endpoint,
)
from ._module_client import (
    base_url as base_url,
)
from ._module_client import (
    bedrock_token_provider as bedrock_token_provider,
)
from ._module_client import (
    default_headers as default_headers,
)
from ._module_client import (
    default_query as default_query,
)
from ._module_client import (
    http_client as http_client,
)
from ._module_client import (
    max_retries as max_retries,
)
from ._module_client import (
    organization as organization,
)
from ._module_client import (
    project as project,
)
from ._module_client import (
    timeout as timeout,
)
from ._module_client import (
    webhook_secret as webhook_secret,
)
from ._types import (
    NOT_GIVEN,
    DataResidency,
    NoneType,
    NotGiven,
    Omit,
    Override,
    ProxiesTypes,
    RequestOptions,
    Transport,
    not_given,
    omit,
    override,
)
from ._version import __title__, __version__

VERSION: str = __version__
_REMOVED_V0_NAMES = (
    "Audio",
    "ChatCompletion",
    "Completion",
    "Customer",
    "Deployment",
    "Edit",
    "Embedding",
    "Engine",
    "ErrorObject",
    "File",
    "FineTune",
    "FineTuningJob",
    "Image",
    "Model",
    "Moderation",
)

if TYPE_CHECKING:
    from . import pagination, types
    from ._client import AsyncClient, AsyncOpenAI, Client, OpenAI
    from ._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
    from ._files import file_from_path
    from ._http import DefaultAsyncHttpxClient, DefaultHttpxClient
    from ._httpx2 import DefaultAsyncHttpx2Client, DefaultHttpx2Client
    from ._middleware import AsyncMiddleware, AsyncNext, Middleware, Next
    from ._models import BaseModel
    from ._module_client import (  # the module-level client's resources: `oai.chat.completions.create(...)`
        admin as admin,
    )
    from ._module_client import (
        audio as audio,
    )
    from ._module_client import (
        batches as batches,
    )
    from ._module_client import (
        beta as beta,
    )
    from ._module_client import (
        chat as chat,
    )
    from ._module_client import (
        completions as completions,
    )
    from ._module_client import (
        containers as containers,
    )
    from ._module_client import (
        content_provenance_checks as content_provenance_checks,
    )
    from ._module_client import (
        conversations as conversations,
    )
    from ._module_client import (
        embeddings as embeddings,
    )
    from ._module_client import (
        evals as evals,
    )
    from ._module_client import (
        files as files,
    )
    from ._module_client import (
        fine_tuning as fine_tuning,
    )
    from ._module_client import (
        images as images,
    )
    from ._module_client import (
        models as models,
    )
    from ._module_client import (
        moderations as moderations,
    )
    from ._module_client import (
        realtime as realtime,
    )
    from ._module_client import (
        responses as responses,
    )
    from ._module_client import (
        skills as skills,
    )
    from ._module_client import (
        uploads as uploads,
    )
    from ._module_client import (
        vector_stores as vector_stores,
    )
    from ._module_client import (
        videos as videos,
    )
    from ._module_client import (
        webhooks as webhooks,
    )
    from ._response import APIResponse, AsyncAPIResponse, HttpxBinaryResponseContent
    from ._streaming import AsyncStream, Stream
    from .lib.accumulator import ChatCompletionAccumulator
    from .lib.aiohttp_default import DefaultAioHttpClient
    from .lib.assistant_stream import AssistantEventHandler, AsyncAssistantEventHandler
    from .lib.azure import AsyncAzureClient, AsyncAzureOpenAI, AzureClient, AzureOpenAI
    from .lib.bedrock import AsyncBedrockOpenAI, BedrockOpenAI
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

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "VERSION",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AssistantEventHandler",
    "AsyncAPIResponse",
    "AsyncAssistantEventHandler",
    "AsyncAzureClient",
    "AsyncAzureOpenAI",
    "AsyncBedrockOpenAI",
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
    "BedrockOpenAI",
    "ChatCompletionAccumulator",
    "Client",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "DataResidency",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpx2Client",
    "DefaultAsyncHttpxClient",
    "DefaultHttpx2Client",
    "DefaultHttpxClient",
    "HttpxBinaryResponseContent",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "LengthFinishReasonError",
    "Middleware",
    "Next",
    "NoneType",
    "NotFoundError",
    "NotGiven",
    "OAuthError",
    "Omit",
    "OpenAI",
    "OpenAIError",
    "Override",
    "PermissionDeniedError",
    "ProxiesTypes",
    "RateLimitError",
    "RateLimits",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "RequestOptions",
    "Stream",
    "Timeout",
    "Transport",
    "UnprocessableEntityError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "__title__",
    "__version__",
    "file_from_path",
    "not_given",
    "omit",
    "override",
    "pagination",
    "pydantic_function_tool",
    "rate_limits",
    "types",
]

# name -> private module that defines it; imported on first attribute access.
_LAZY: dict[str, str] = {
    "DEFAULT_CONNECTION_LIMITS": "._constants",
    "DEFAULT_MAX_RETRIES": "._constants",
    "DEFAULT_TIMEOUT": "._constants",
    "DefaultAioHttpClient": ".lib.aiohttp_default",
    "file_from_path": "._files",
    "DefaultAsyncHttpxClient": "._http",
    "DefaultHttpxClient": "._http",
    "DefaultAsyncHttpx2Client": "._httpx2",
    "DefaultHttpx2Client": "._httpx2",
    "APIResponse": "._response",
    "AsyncAPIResponse": "._response",
    "AssistantEventHandler": ".lib.assistant_stream",
    "AsyncAssistantEventHandler": ".lib.assistant_stream",
    "AsyncAzureClient": ".lib.azure",
    "AsyncAzureOpenAI": ".lib.azure",
    "AsyncBedrockOpenAI": ".lib.bedrock",
    "BedrockOpenAI": ".lib.bedrock",
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
# The pre-1.0 module-level API: resolvable (not in `__all__`), raising when called, as official.
_LAZY.update(dict.fromkeys(_REMOVED_V0_NAMES, ".lib.removed_v0_api"))
_SUBMODULES = frozenset({"lib", "pagination", "resources", "types"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _module_client.RESOURCE_NAMES:
        return _module_client.resource_proxy(name)
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
