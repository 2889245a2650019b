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
    from ._middleware import AsyncMiddleware, AsyncNext, Middleware, Next
    from ._models import BaseModel
    from ._response import APIResponse, AsyncAPIResponse, HttpxBinaryResponseContent
    from ._streaming import AsyncStream, Stream

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIResponse",
    "AsyncClient",
    "AsyncMiddleware",
    "AsyncNext",
    "AsyncOpenAI",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "Client",
    "ConflictError",
    "HttpxBinaryResponseContent",
    "InternalServerError",
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
    "Stream",
    "UnprocessableEntityError",
    "__title__",
    "__version__",
    "omit",
    "override",
    "pagination",
    "types",
]

# name -> private module that defines it; imported on first attribute access.
_LAZY: dict[str, str] = {
    "APIResponse": "._response",
    "AsyncAPIResponse": "._response",
    "AsyncClient": "._client",
    "AsyncMiddleware": "._middleware",
    "AsyncNext": "._middleware",
    "AsyncOpenAI": "._client",
    "AsyncStream": "._streaming",
    "BaseModel": "._models",
    "Client": "._client",
    "HttpxBinaryResponseContent": "._response",
    "Middleware": "._middleware",
    "Next": "._middleware",
    "OpenAI": "._client",
    "Stream": "._streaming",
}
_SUBMODULES = frozenset({"lib", "pagination", "resources", "types"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
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
