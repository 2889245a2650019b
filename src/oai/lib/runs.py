"""Hand-written helpers mixed into the generated `beta.threads.runs` resource: `poll()`,
`create_and_poll()`, `submit_tool_outputs_and_poll()` and the streams `stream()`,
`create_and_stream()`, `submit_tool_outputs_stream()` (all deprecated, as officially).

It must not import the generated resource modules at runtime (they import this module); the
poll loop lives in `polling`, the event handling in `assistant_stream`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Optional, cast, overload

from typing_extensions import Unpack, deprecated

from .._types import Body, Headers, Omit, Query, omit
from .assistant_stream import (
    AssistantEventHandler,
    AssistantEventHandlerT,
    AssistantStreamManager,
    AsyncAssistantEventHandler,
    AsyncAssistantEventHandlerT,
    AsyncAssistantStreamManager,
)
from .polling import ProgressCallback, poll_async, poll_headers, poll_sync
from .run_requests import ASSISTANTS_DEPRECATION as _DEPRECATED
from .run_requests import RunRequest, async_send_run_request, run_poller, send_run_request

if TYPE_CHECKING:
    import httpx

    from .._types import RequestOptions
    from ..resources.beta.threads.runs.runs import AsyncRuns, Runs
    from ..types.beta.threads.run import Run
    from ..types.beta.threads.run_create_params import RunCreateParams
    from ..types.submit_tool_outputs_run_request_param import ToolOutput

__all__ = ["AsyncRunsHelpers", "RunsHelpers"]


class RunsHelpers:
    """Polling and streaming helpers inherited first by the sync `beta.threads.runs` resource."""

    def _resource(self) -> Runs:
        return cast("Runs", self)  # this mixin is only ever a base of the generated `Runs`

    def _wait(
        self,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit,
        max_wait_seconds: Optional[float],
        on_progress: Optional[ProgressCallback],
        options: Dict[str, Any],
    ) -> Run:
        runs = self._resource()
        poller = run_poller(run_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms, options.pop("extra_headers", None))

        def fetch() -> object:
            return runs.with_raw_response._retrieve_impl(run_id, thread_id=thread_id, extra_headers=headers, **options)

        return poll_sync(poller, fetch, runs._client._sleep)

    @deprecated(_DEPRECATED)
    def poll(
        self,
        run_id: str,
        thread_id: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        *,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Run:
        """Wait until the run needs action or has ended (`requires_action`, `completed`, `failed`, ...).

        Args:
            run_id: The run's id.
            thread_id: Its thread's id.
            extra_headers: Extra headers for each poll request.
            extra_query: Extra query parameters for each poll request.
            extra_body: Extra JSON properties for each poll request.
            timeout: A timeout for each poll request.
            poll_interval_ms: Milliseconds between polls; unset: the server's
                `openai-poll-after-ms` hint, else 1000.
            max_wait_seconds: Give up after this many seconds (None: wait for ever).
            on_progress: Called with a `PollProgress` after each poll.

        Raises:
            PollTimeoutError: Still queued or running after `max_wait_seconds`.
        """
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return self._wait(run_id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    @deprecated(_DEPRECATED)
    def create_and_poll(
        self,
        *,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
        **params: Unpack[RunCreateParams],
    ) -> Run:
        """Create a run (any `runs.create` param) and wait for it as `poll` does."""
        request = RunRequest.create(thread_id, params)
        run: Run = send_run_request(
            self._resource(), request, request.options(extra_headers, extra_query, extra_body, timeout), False
        )
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return self._wait(run.id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    @deprecated(_DEPRECATED)
    def submit_tool_outputs_and_poll(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Run:
        """Submit tool outputs to a run that `requires_action`, then wait for it as `poll` does."""
        request = RunRequest.submit_tool_outputs(thread_id, run_id, tool_outputs)
        run: Run = send_run_request(
            self._resource(), request, request.options(extra_headers, extra_query, extra_body, timeout), False
        )
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return self._wait(run.id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    def _stream(self, request: RunRequest, event_handler: Any, options: RequestOptions) -> AssistantStreamManager[Any]:
        handler = event_handler if event_handler is not None else AssistantEventHandler()
        resource = self._resource()
        return AssistantStreamManager(lambda: send_run_request(resource, request, options, True), event_handler=handler)

    @overload
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandler]: ...

    @overload
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: AssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandlerT]: ...

    @deprecated(_DEPRECATED)
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: AssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandler] | AssistantStreamManager[AssistantEventHandlerT]:
        """Create a run and stream its events into `event_handler` (an `AssistantEventHandler` by default).

        ```py
        with client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1") as stream:
            for text in stream.text_deltas:
                print(text, end="")
        ```
        """
        request = RunRequest.create(thread_id, params)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))

    @overload
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandler]: ...

    @overload
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: AssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandlerT]: ...

    @deprecated("use `stream` instead")
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: AssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AssistantStreamManager[AssistantEventHandler] | AssistantStreamManager[AssistantEventHandlerT]:
        """The older name of `stream`."""
        request = RunRequest.create(thread_id, params)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))

    @overload
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> AssistantStreamManager[AssistantEventHandler]: ...

    @overload
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: AssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> AssistantStreamManager[AssistantEventHandlerT]: ...

    @deprecated(_DEPRECATED)
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: AssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> AssistantStreamManager[AssistantEventHandler] | AssistantStreamManager[AssistantEventHandlerT]:
        """Submit tool outputs to a run that `requires_action` and stream the rest of the run."""
        request = RunRequest.submit_tool_outputs(thread_id, run_id, tool_outputs)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))


class AsyncRunsHelpers:
    """The async twin of `RunsHelpers`."""

    def _resource(self) -> AsyncRuns:
        return cast("AsyncRuns", self)  # this mixin is only ever a base of the generated `AsyncRuns`

    async def _wait(
        self,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit,
        max_wait_seconds: Optional[float],
        on_progress: Optional[ProgressCallback],
        options: Dict[str, Any],
    ) -> Run:
        runs = self._resource()
        poller = run_poller(run_id, poll_interval_ms, max_wait_seconds, on_progress)
        headers = poll_headers(poll_interval_ms, options.pop("extra_headers", None))

        async def fetch() -> object:
            return await runs.with_raw_response._retrieve_impl(
                run_id, thread_id=thread_id, extra_headers=headers, **options
            )

        return await poll_async(poller, fetch, runs._client._sleep)

    @deprecated(_DEPRECATED)
    async def poll(
        self,
        run_id: str,
        thread_id: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        poll_interval_ms: int | Omit = omit,
        *,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Run:
        """Wait until the run needs action or has ended (`requires_action`, `completed`, `failed`, ...).

        Args:
            run_id: The run's id.
            thread_id: Its thread's id.
            extra_headers: Extra headers for each poll request.
            extra_query: Extra query parameters for each poll request.
            extra_body: Extra JSON properties for each poll request.
            timeout: A timeout for each poll request.
            poll_interval_ms: Milliseconds between polls; unset: the server's
                `openai-poll-after-ms` hint, else 1000.
            max_wait_seconds: Give up after this many seconds (None: wait for ever).
            on_progress: Called with a `PollProgress` after each poll.

        Raises:
            PollTimeoutError: Still queued or running after `max_wait_seconds`.
        """
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return await self._wait(run_id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    @deprecated(_DEPRECATED)
    async def create_and_poll(
        self,
        *,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
        **params: Unpack[RunCreateParams],
    ) -> Run:
        """Create a run (any `runs.create` param) and wait for it as `poll` does."""
        request = RunRequest.create(thread_id, params)
        run: Run = await async_send_run_request(
            self._resource(), request, request.options(extra_headers, extra_query, extra_body, timeout), False
        )
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return await self._wait(run.id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    @deprecated(_DEPRECATED)
    async def submit_tool_outputs_and_poll(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        max_wait_seconds: Optional[float] = None,
        on_progress: Optional[ProgressCallback] = None,
    ) -> Run:
        """Submit tool outputs to a run that `requires_action`, then wait for it as `poll` does."""
        request = RunRequest.submit_tool_outputs(thread_id, run_id, tool_outputs)
        run: Run = await async_send_run_request(
            self._resource(), request, request.options(extra_headers, extra_query, extra_body, timeout), False
        )
        options = {
            "extra_headers": extra_headers,
            "extra_query": extra_query,
            "extra_body": extra_body,
            "timeout": timeout,
        }
        return await self._wait(run.id, thread_id, poll_interval_ms, max_wait_seconds, on_progress, options)

    def _stream(
        self, request: RunRequest, event_handler: Any, options: RequestOptions
    ) -> AsyncAssistantStreamManager[Any]:
        handler = event_handler if event_handler is not None else AsyncAssistantEventHandler()
        resource = self._resource()
        return AsyncAssistantStreamManager(
            lambda: async_send_run_request(resource, request, options, True), event_handler=handler
        )

    @overload
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandler]: ...

    @overload
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]: ...

    @deprecated(_DEPRECATED)
    def stream(
        self,
        *,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> (
        AsyncAssistantStreamManager[AsyncAssistantEventHandler]
        | AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]
    ):
        """Create a run and stream its events into `event_handler` (an `AsyncAssistantEventHandler` by default).

        ```py
        async with client.beta.threads.runs.stream(thread_id="thread_1", assistant_id="asst_1") as stream:
            async for text in stream.text_deltas:
                print(text, end="")
        ```
        """
        request = RunRequest.create(thread_id, params)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))

    @overload
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandler]: ...

    @overload
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]: ...

    @deprecated("use `stream` instead")
    def create_and_stream(
        self,
        *,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
        **params: Unpack[RunCreateParams],
    ) -> (
        AsyncAssistantStreamManager[AsyncAssistantEventHandler]
        | AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]
    ):
        """The older name of `stream`."""
        request = RunRequest.create(thread_id, params)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))

    @overload
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandler]: ...

    @overload
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]: ...

    @deprecated(_DEPRECATED)
    def submit_tool_outputs_stream(
        self,
        *,
        tool_outputs: Iterable[ToolOutput],
        run_id: str,
        thread_id: str,
        event_handler: AsyncAssistantEventHandlerT | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | Omit = omit,
    ) -> (
        AsyncAssistantStreamManager[AsyncAssistantEventHandler]
        | AsyncAssistantStreamManager[AsyncAssistantEventHandlerT]
    ):
        """Submit tool outputs to a run that `requires_action` and stream the rest of the run."""
        request = RunRequest.submit_tool_outputs(thread_id, run_id, tool_outputs)
        return self._stream(request, event_handler, request.options(extra_headers, extra_query, extra_body, timeout))
