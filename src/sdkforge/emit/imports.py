"""The one list of core names generated code imports; it knows no IR.

Renaming something in the hand-written core takes one edit here. The lines importing them are
the printer's (`lower.printer`, through its private collector `lower._imports`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASYNC_API_CLIENT",
    "ASYNC_API_RESOURCE",
    "ASYNC_PAGINATOR",
    "ASYNC_STREAM",
    "ASYNC_TO_RAW",
    "ASYNC_TO_STREAMED",
    "BASE_MODEL",
    "BINARY_RESPONSE",
    "BODY",
    "ENCODE_FORM",
    "FILE_TYPES",
    "HEADERS",
    "LAZY_CORE_MODULES",
    "LAZY_IMPORTS",
    "LAZY_MODULE",
    "MAKE_REQUEST_OPTIONS",
    "NONE_TYPE",
    "OMIT",
    "OMIT_TYPE",
    "PATH_TEMPLATE",
    "PROPERTY_INFO",
    "QUERY",
    "RETURNS_AWAITABLE",
    "SEQUENCE_NOT_STR",
    "STREAM",
    "SYNC_API_CLIENT",
    "SYNC_API_RESOURCE",
    "TO_RAW",
    "TO_STREAMED",
    "TRANSFORM",
    "CoreName",
    "pagination_name",
]


@dataclass(frozen=True, order=True)
class CoreName:
    """A name of the hand-written core: its module (relative to the package root) and the name."""

    module: str
    name: str


BODY = CoreName("_types", "Body")
HEADERS = CoreName("_types", "Headers")
QUERY = CoreName("_types", "Query")
OMIT_TYPE = CoreName("_types", "Omit")
OMIT = CoreName("_types", "omit")
FILE_TYPES = CoreName("_types", "FileTypes")
SEQUENCE_NOT_STR = CoreName("_types", "SequenceNotStr")
NONE_TYPE = CoreName("_types", "NoneType")
MAKE_REQUEST_OPTIONS = CoreName("_options", "make_request_options")
PATH_TEMPLATE = CoreName("_request", "path_template")
TRANSFORM = CoreName("_transform", "transform")
SYNC_API_RESOURCE = CoreName("_resource", "SyncAPIResource")
ASYNC_API_RESOURCE = CoreName("_resource", "AsyncAPIResource")
RETURNS_AWAITABLE = CoreName("_resource", "returns_awaitable")
SYNC_API_CLIENT = CoreName("_base_client", "SyncAPIClient")
ASYNC_API_CLIENT = CoreName("_base_client", "AsyncAPIClient")
BINARY_RESPONSE = CoreName("_response", "HttpxBinaryResponseContent")
TO_RAW = CoreName("_response", "to_raw_response_wrapper")
ASYNC_TO_RAW = CoreName("_response", "async_to_raw_response_wrapper")
TO_STREAMED = CoreName("_response", "to_streamed_response_wrapper")
ASYNC_TO_STREAMED = CoreName("_response", "async_to_streamed_response_wrapper")
STREAM = CoreName("_streaming", "Stream")
ASYNC_STREAM = CoreName("_streaming", "AsyncStream")
ASYNC_PAGINATOR = CoreName("pagination", "AsyncPaginator")
BASE_MODEL = CoreName("_models", "BaseModel")
PROPERTY_INFO = CoreName("_params", "PropertyInfo")
ENCODE_FORM = CoreName("_form", "encode_form")
LAZY_MODULE = CoreName("_lazy", "lazy_module")
LAZY_IMPORTS = CoreName("_lazy", "lazy_imports")


# Core modules a deferring module reads through a `lazy_module` stand-in when a method runs
# (page and stream classes), importing their names for annotations under TYPE_CHECKING only.
LAZY_CORE_MODULES = (ASYNC_PAGINATOR.module, STREAM.module)


def pagination_name(class_name: str) -> CoreName:
    """The core name of a page class (the config names the classes; the module is fixed)."""
    return CoreName("pagination", class_name)
