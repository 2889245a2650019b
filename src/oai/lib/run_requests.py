"""The requests that start or resume an Assistants run (create, submit tool outputs, create
thread and run), streamed or not, and the wait for a run: shared by the `runs` and `threads`
helpers. It must not import the generated resource modules at runtime (they import the helpers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional

from .._options import make_request_options
from .._request import path_template
from .._transform import transform
from .._types import Body, Headers, Omit, Query
from .polling import Poller, ProgressCallback

if TYPE_CHECKING:
    import httpx

    from .._resource import AsyncAPIResource, SyncAPIResource
    from .._types import RequestOptions
    from ..types.beta.threads.run import Run
    from ..types.submit_tool_outputs_run_request_param import ToolOutput

__all__ = [
    "ASSISTANTS_DEPRECATION",
    "RUN_DONE",
    "RunRequest",
    "async_send_run_request",
    "run_poller",
    "send_run_request",
]

# The statuses in which a run waits for nobody but the caller.
RUN_DONE = frozenset({"requires_action", "cancelled", "completed", "failed", "expired", "incomplete"})

ASSISTANTS_DEPRECATION = "The Assistants API is deprecated in favor of the Responses API"


def run_poller(
    run_id: str,
    poll_interval_ms: int | Omit,
    max_wait_seconds: Optional[float],
    on_progress: Optional[ProgressCallback],
) -> Poller[Run]:
    """The wait for one run: done once it needs action or has ended."""
    return Poller(
        object="run",
        id=run_id,
        is_done=lambda run: run.status in RUN_DONE,
        status_of=lambda run: run.status,
        poll_interval_ms=poll_interval_ms,
        max_wait_seconds=max_wait_seconds,
        on_progress=on_progress,
    )


@dataclass(frozen=True)
class RunRequest:
    """One request that starts or resumes a run, before `stream` is chosen; no I/O.

    Attributes:
        path: The request path.
        body: The body params (the params type's keys).
        params_type: The TypedDict that `transform` maps the body with.
        query: Query params (`include[]` for a new run).
    """

    path: str
    body: Dict[str, Any]
    params_type: Any
    query: Optional[Dict[str, Any]] = None

    def options(
        self,
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
        timeout: float | httpx.Timeout | None | Omit,
    ) -> RequestOptions:
        query = None if self.query is None else transform(self.query, self.params_type)
        return make_request_options(
            query=query, extra_headers=extra_headers, extra_query=extra_query, extra_body=extra_body, timeout=timeout
        )

    def payload(self, is_stream: bool) -> Any:
        body = {key: value for key, value in self.body.items() if key != "stream"}
        if is_stream:
            body["stream"] = True
        return transform(body, self.params_type)

    @staticmethod
    def create(thread_id: str, params: Mapping[str, Any]) -> RunRequest:
        from ..types.beta.threads import run_create_params

        body = {key: value for key, value in params.items() if key != "include"}
        query = {"include": params["include"]} if "include" in params else None
        path = path_template("/threads/{thread_id}/runs", thread_id=thread_id)
        return RunRequest(path, body, run_create_params.RunCreateParams, query)

    @staticmethod
    def submit_tool_outputs(thread_id: str, run_id: str, tool_outputs: Iterable[ToolOutput]) -> RunRequest:
        from ..types.beta.threads import run_submit_tool_outputs_params

        path = path_template(
            "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", thread_id=thread_id, run_id=run_id
        )
        body: Dict[str, Any] = {"tool_outputs": tool_outputs}
        return RunRequest(path, body, run_submit_tool_outputs_params.RunSubmitToolOutputsParams)

    @staticmethod
    def create_and_run(params: Mapping[str, Any]) -> RunRequest:
        from ..types.beta import thread_create_and_run_params

        return RunRequest("/threads/runs", dict(params), thread_create_and_run_params.ThreadCreateAndRunParams)


def send_run_request(resource: SyncAPIResource, request: RunRequest, options: RequestOptions, is_stream: bool) -> Any:
    """POST a run request: the `Run`, or with `is_stream` a `Stream[AssistantStreamEvent]`."""
    from .._streaming import Stream
    from ..types.beta.assistant_stream_event import AssistantStreamEvent
    from ..types.beta.threads.run import Run

    body = request.payload(is_stream)
    if is_stream:
        stream_cls = Stream[AssistantStreamEvent]
        return resource._post(request.path, body=body, options=options, cast_to=Run, stream=True, stream_cls=stream_cls)
    return resource._post(request.path, body=body, options=options, cast_to=Run)


async def async_send_run_request(
    resource: AsyncAPIResource, request: RunRequest, options: RequestOptions, is_stream: bool
) -> Any:
    """The async twin of `send_run_request` (an `AsyncStream` when streaming)."""
    from .._streaming import AsyncStream
    from ..types.beta.assistant_stream_event import AssistantStreamEvent
    from ..types.beta.threads.run import Run

    body = request.payload(is_stream)
    if is_stream:
        stream_cls = AsyncStream[AssistantStreamEvent]
        return await resource._post(
            request.path, body=body, options=options, cast_to=Run, stream=True, stream_cls=stream_cls
        )
    return await resource._post(request.path, body=body, options=options, cast_to=Run)
