"""Hand-written helpers mixed into the generated `beta.threads` resource: `create_and_run_poll()`
and `create_and_run_stream()`.

It must not import the generated resource modules at runtime (they import this module); the
requests live in `run_requests`, the event handling in `assistant_stream`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, cast, overload

from typing_extensions import Unpack

from .._types import Body, Headers, Omit, Query, omit
from .assistant_stream import (
    AssistantEventHandler,
    AssistantEventHandlerT,
    AssistantStreamManager,
    AsyncAssistantEventHandler,
    AsyncAssistantEventHandlerT,
    AsyncAssistantStreamManager,
)
from .polling import ProgressCallback
from .run_requests import RunRequest, async_send_run_request, send_run_request

if TYPE_CHECKING:
    import httpx

    from ..resources.beta.threads.threads import AsyncThreads, Threads
    from ..types.beta.thread_create_and_run_params import ThreadCreateAndRunParams
    from ..types.beta.threads.run import Run

__all__ = ["AsyncThreadsHelpers", "ThreadsHelpers"]


class ThreadsHelpers:
    """`create_and_run_poll()` and `create_and_run_stream()`, inherited first by the sync `Threads` resource."""

    def _resource(self) -> Threads:
        return cast("Threads", self)  # this mixin is only ever a base of the generated `Threads`

    def create_and_run_poll(
        self,
        *,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> Run:
        """Create a thread and run it (any `create_and_run` param), then wait as `runs.poll` does.

        Raises:
            PollTimeoutError: The run was still queued or running after `max_wait_seconds`.
        """
        threads = self._resource()
        request = RunRequest.create_and_run(params)
        options = request.options(extra_headers, extra_query, extra_body, timeout)
        run: Run = send_run_request(threads, request, options, False)
        request_options = {"extra_headers": extra_headers, "extra_query": extra_query, "extra_body": extra_body}
        request_options["timeout"] = timeout
        return threads.runs._wait(
            run.id, run.thread_id, poll_interval_ms, max_wait_seconds, on_progress, request_options
        )

    @overload
    def create_and_run_stream(
        self,
        *,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> AssistantStreamManager[AssistantEventHandler]: ...

    @overload
    def create_and_run_stream(
        self,
        *,
        event_handler: AssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> AssistantStreamManager[AssistantEventHandlerT]: ...

    def create_and_run_stream(
        self,
        *,
        event_handler: AssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> AssistantStreamManager[AssistantEventHandler] | AssistantStreamManager[AssistantEventHandlerT]:
        """Create a thread and run it, streaming the run's events into `event_handler`."""
        threads = self._resource()
        request = RunRequest.create_and_run(params)
        options = request.options(extra_headers, extra_query, extra_body, timeout)
        handler: Any = event_handler if event_handler is not None else AssistantEventHandler()
        return AssistantStreamManager(lambda: send_run_request(threads, request, options, True), event_handler=handler)


class AsyncThreadsHelpers:
    """The async twin of `ThreadsHelpers`."""

    def _resource(self) -> AsyncThreads:
        return cast("AsyncThreads", self)  # this mixin is only ever a base of the generated `AsyncThreads`

    async def create_and_run_poll(
        self,
        *,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> Run:
        """Create a thread and run it, then wait as `runs.poll` does; see `Threads.create_and_run_poll`."""
        threads = self._resource()
        request = RunRequest.create_and_run(params)
        options = request.options(extra_headers, extra_query, extra_body, timeout)
        run: Run = await async_send_run_request(threads, request, options, False)
        request_options = {"extra_headers": extra_headers, "extra_query": extra_query, "extra_body": extra_body}
        request_options["timeout"] = timeout
        return await threads.runs._wait(
            run.id, run.thread_id, poll_interval_ms, max_wait_seconds, on_progress, request_options
        )

    @overload
    def create_and_run_stream(
        self,
        *,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandler]: ...

    @overload
    def create_and_run_stream(
        self,
        *,
        event_handler: AsyncAssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]: ...

    def create_and_run_stream(
        self,
        *,
        event_handler: AsyncAssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[ThreadCreateAndRunParams],
    ) -> (
        AsyncAssistantStreamManager[AsyncAssistantEventHandler]
        | AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]
    ):
        """Create a thread and run it, streaming into `event_handler`; `async with` sends the request."""
        threads = self._resource()
        request = RunRequest.create_and_run(params)
        options = request.options(extra_headers, extra_query, extra_body, timeout)
        handler: Any = event_handler if event_handler is not None else AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(
            lambda: async_send_run_request(threads, request, options, True), event_handler=handler
        )
