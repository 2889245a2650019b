"""Batch at scale: many requests → JSONL files → Batch API jobs → typed results keyed by `custom_id`.

Planning (validation, JSONL lines, splitting over the per-file limits), backoff and result
assembly are pure functions; `run_batch` / `async_run_batch` are the short sync and async
drivers that upload, create, poll (with an injected sleep) and download. It must not
retry requests itself (the client does) nor read the clock: waiting is counted in the
delays it asks `sleep` for.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Sequence,
    Tuple,
    Union,
    cast,
)

from .._exceptions import OpenAIError
from .._models import validate_type

if TYPE_CHECKING:
    from .._client import AsyncOpenAI, OpenAI
    from ..types.batch import Batch

__all__ = [
    "BatchError",
    "BatchInterrupted",
    "BatchLimits",
    "BatchProgress",
    "BatchRequest",
    "BatchResult",
    "BatchResults",
    "BatchTimeoutError",
    "async_run_batch",
    "plan_batches",
    "run_batch",
]

TERMINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})

# Endpoint → (module, class) of its response body; loaded only when results are parsed.
_RESPONSE_TYPES: dict[str, tuple[str, str]] = {
    "/v1/chat/completions": ("oai.types.chat.chat_completion", "ChatCompletion"),
    "/v1/embeddings": ("oai.types.create_embedding_response", "CreateEmbeddingResponse"),
    "/v1/responses": ("oai.types.responses.response", "Response"),
    "/v1/completions": ("oai.types.completion", "Completion"),
    "/v1/moderations": ("oai.types.moderation_create_response", "ModerationCreateResponse"),
    "/v1/images/generations": ("oai.types.images_response", "ImagesResponse"),
}


@dataclass(frozen=True)
class BatchRequest:
    """One request of a batch: its `custom_id` and the JSON body of the endpoint's `create` call.

    ```py
    BatchRequest("q-1", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]})
    ```
    """

    custom_id: str
    body: Mapping[str, Any]


@dataclass(frozen=True)
class BatchLimits:
    """Per-file limits of the Batch API; inputs over them are split into several batches."""

    max_requests: int = 50_000
    max_bytes: int = 200 * 1024 * 1024


@dataclass(frozen=True)
class BatchError:
    """Why one request produced no response body.

    Attributes:
        custom_id: the request's ID.
        code: the API's error code, or `batch_failed` / `batch_expired` / `batch_cancelled` /
            `missing` when the batch ended without a line for this request.
        message: a readable explanation.
        status_code: the HTTP status of the request inside the batch, when there was one.
        body: the raw error object or response body.
    """

    custom_id: str
    code: str | None
    message: str
    status_code: int | None = None
    body: object = None


@dataclass(frozen=True)
class BatchResult:
    """The outcome of one request: `response` (parsed into the endpoint's type) or `error`.

    Attributes:
        custom_id: the request's ID.
        response: the body as the endpoint's response type (`ChatCompletion`, ...), or None.
        error: why there is no response, or None.
        batch_id: the batch that ran the request.
        request_id: the API's request ID inside the batch, when known.
    """

    custom_id: str
    response: Any
    error: BatchError | None
    batch_id: str
    request_id: str | None = None

    @property
    def is_ok(self) -> bool:
        """True when the request succeeded."""
        return self.error is None


@dataclass(frozen=True)
class BatchProgress:
    """A snapshot passed to `on_progress` after each poll.

    Attributes:
        total: requests in all batches.
        completed: requests finished successfully so far.
        failed: requests failed so far.
        statuses: batch ID → status.
        waited: seconds slept so far.
    """

    total: int
    completed: int
    failed: int
    statuses: Mapping[str, str]
    waited: float


class BatchResults(Mapping[str, BatchResult]):
    """Every request's `BatchResult`, keyed by `custom_id`, in input order.

    Attributes:
        batches: the final state of every batch that was created.
    """

    def __init__(self, results: Dict[str, BatchResult], batches: List[Batch]) -> None:
        self._results = results
        self.batches = batches

    def __getitem__(self, custom_id: str) -> BatchResult:
        return self._results[custom_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    @property
    def succeeded(self) -> List[BatchResult]:
        """The results with a response."""
        return [r for r in self._results.values() if r.error is None]

    @property
    def failed(self) -> List[BatchResult]:
        """The results with an error."""
        return [r for r in self._results.values() if r.error is not None]


class BatchTimeoutError(OpenAIError):
    """The batches did not finish within `max_wait`; they keep running on the server.

    Attributes:
        batch_ids: the IDs of the batches, to poll or cancel later.
    """

    def __init__(self, batch_ids: List[str], waited: float) -> None:
        super().__init__(f"Batches {', '.join(batch_ids)} did not finish within {waited:.0f}s")
        self.batch_ids = batch_ids


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped `run_batch`; the batches it had started were cancelled, or left running.

    Attributes:
        batch_ids: every batch started, in order: pass them as `batch_ids=` to resume.
        unfinished_ids: the batches that had not ended when interrupted.
        cancelled: True when `unfinished_ids` were cancelled.
    """

    def __init__(self, batch_ids: List[str], unfinished_ids: List[str], *, cancelled: bool) -> None:
        action = "cancelled" if cancelled else "left running (resume with batch_ids=...)"
        super().__init__(f"Interrupted; batches {', '.join(unfinished_ids) or '(none)'} {action}")
        self.batch_ids = batch_ids
        self.unfinished_ids = unfinished_ids
        self.cancelled = cancelled


OnInterrupt = Union[bool, Callable[[List[str]], bool]]
"""What `run_batch` does with unfinished batches on Ctrl-C: True cancels, False keeps them, a
callable gets their IDs and returns whether to cancel (the CLI asks)."""


def _should_cancel(on_interrupt: OnInterrupt, unfinished: List[str]) -> bool:
    if not unfinished:
        return False
    return on_interrupt(unfinished) if callable(on_interrupt) else on_interrupt


def _check_resumed(plan: _Plan, batches: List[Batch]) -> None:
    """The resumed batches must be the ones this input made: same count, same request counts."""
    if len(batches) != len(plan.files):
        raise ValueError(f"batch_ids has {len(batches)} IDs but the requests make {len(plan.files)} batches")
    for (ids, _), batch in zip(plan.files, batches, strict=True):
        counts = batch.request_counts
        if counts is not None and counts.total and counts.total != len(ids):
            raise ValueError(f"batch_ids: batch {batch.id} has {counts.total} requests, but its part has {len(ids)}")


RequestInput = Union[BatchRequest, Tuple[str, Mapping[str, Any]]]


@dataclass
class _Plan:
    endpoint: str
    custom_ids: List[str]
    files: List[Tuple[List[str], bytes]] = field(default_factory=lambda: [])


def plan_batches(requests: Iterable[RequestInput], *, endpoint: str, limits: BatchLimits = BatchLimits()) -> _Plan:
    """Check the requests and cut their JSONL lines into files within `limits`.

    Raises:
        ValueError: a duplicate or empty `custom_id`, no requests, or one line over `max_bytes`.
    """
    plan = _Plan(endpoint, [])
    seen: set[str] = set()
    ids: list[str] = []
    lines: list[bytes] = []
    size = 0
    for item in requests:
        custom_id, body = (item.custom_id, item.body) if isinstance(item, BatchRequest) else item
        if not custom_id:
            raise ValueError("Every batch request needs a non-empty custom_id")
        if custom_id in seen:
            raise ValueError(f"Duplicate custom_id in batch requests: {custom_id!r}")
        seen.add(custom_id)
        plan.custom_ids.append(custom_id)
        line = json.dumps({"custom_id": custom_id, "method": "POST", "url": endpoint, "body": dict(body)}).encode()
        line += b"\n"
        if len(line) > limits.max_bytes:
            raise ValueError(f"Batch request {custom_id!r} alone is over the {limits.max_bytes}-byte file limit")
        if ids and (len(ids) >= limits.max_requests or size + len(line) > limits.max_bytes):
            plan.files.append((ids, b"".join(lines)))
            ids, lines, size = [], [], 0
        ids.append(custom_id)
        lines.append(line)
        size += len(line)
    if not ids:
        raise ValueError("run_batch needs at least one request")
    plan.files.append((ids, b"".join(lines)))
    return plan


def _next_delay(attempt: int, poll_interval: float, max_poll_interval: float) -> float:
    return min(poll_interval * (1.5**attempt), max_poll_interval)


def _progress(plan: _Plan, batches: List[Batch], waited: float) -> BatchProgress:
    completed = failed = 0
    for batch in batches:
        counts = batch.request_counts
        if counts is not None:
            completed += counts.completed
            failed += counts.failed
    statuses = {batch.id: str(batch.status) for batch in batches}
    return BatchProgress(len(plan.custom_ids), completed, failed, statuses, waited)


def _response_type(endpoint: str) -> Any:
    target = _RESPONSE_TYPES.get(endpoint)
    if target is None:
        return object
    module = __import__(target[0], fromlist=[target[1]])
    return getattr(module, target[1])


def _collect(plan: _Plan, batches: List[Batch], files: Dict[str, bytes]) -> BatchResults:
    """Results for every custom_id from the downloaded output and error files."""
    response_type = _response_type(plan.endpoint)
    found: dict[str, BatchResult] = {}
    for batch in batches:
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id is not None and file_id in files:
                for line in files[file_id].splitlines():
                    if line.strip():
                        result = _line_result(json.loads(line), batch.id, response_type)
                        found[result.custom_id] = result
    by_batch = {custom_id: batch for (ids, _), batch in zip(plan.files, batches, strict=True) for custom_id in ids}
    results: dict[str, BatchResult] = {}
    for custom_id in plan.custom_ids:
        found_result = found.get(custom_id)
        if found_result is None:
            batch = by_batch[custom_id]
            found_result = BatchResult(custom_id, None, _missing_error(custom_id, batch), batch.id)
        results[custom_id] = found_result
    return BatchResults(results, batches)


def _object(value: object) -> Dict[str, Any]:
    return cast(Dict[str, Any], value) if isinstance(value, dict) else {}  # JSON objects have str keys


def _line_result(line: Dict[str, Any], batch_id: str, response_type: Any) -> BatchResult:
    custom_id = str(line.get("custom_id"))
    response = _object(line.get("response"))
    status: object = response.get("status_code")
    body: object = response.get("body")
    request_id = response.get("request_id")
    request_id = request_id if isinstance(request_id, str) else None
    error: object = line.get("error")
    if error is None and status == 200:
        return BatchResult(custom_id, validate_type(response_type, body), None, batch_id, request_id)
    detail = _object(error) or _object(_object(body).get("error"))
    message = str(detail.get("message") or f"Request failed with status {status}")
    code: object = detail.get("code")
    status_code = status if isinstance(status, int) else None
    failure = BatchError(custom_id, None if code is None else str(code), message, status_code, error or body)
    return BatchResult(custom_id, None, failure, batch_id, request_id)


def _missing_error(custom_id: str, batch: Batch) -> BatchError:
    status = str(batch.status)
    message = f"Batch {batch.id} ended with status {status!r} without a result for this request"
    errors = batch.errors.data if batch.errors is not None else None
    if errors:
        message = f"{message}: {errors[0].message}"
    code = f"batch_{status}" if status in ("failed", "expired", "cancelled") else "missing"
    return BatchError(custom_id, code, message)


def _upload_name(index: int) -> str:
    return f"batch-{index:03d}.jsonl"


def run_batch(
    client: OpenAI,
    requests: Iterable[RequestInput],
    *,
    endpoint: str = "/v1/chat/completions",
    completion_window: str = "24h",
    metadata: Mapping[str, str] | None = None,
    poll_interval: float = 5.0,
    max_poll_interval: float = 60.0,
    max_wait: float = 24 * 3600.0,
    on_progress: Callable[[BatchProgress], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    limits: BatchLimits = BatchLimits(),
    batch_ids: Sequence[str] | None = None,
    on_interrupt: OnInterrupt = True,
) -> BatchResults:
    """Run many requests through the Batch API and return every result by `custom_id`.

    Writes the JSONL, uploads it (`purpose="batch"`), creates the batch, polls with backoff
    until it ends, then downloads the output and error files. Inputs over `limits` run as
    several batches.

    Args:
        client: the client.
        requests: `BatchRequest`s or `(custom_id, body)` pairs; bodies are the endpoint's params.
        endpoint: the endpoint every request goes to.
        completion_window: the batch completion window.
        metadata: metadata for each batch.
        poll_interval: the first delay between polls, in seconds; it grows by 1.5x.
        max_poll_interval: the longest delay between polls.
        max_wait: the most seconds to wait in total.
        on_progress: called with a `BatchProgress` after each poll.
        sleep: the sleep function (injected in tests).
        limits: the per-file limits.
        batch_ids: resume: the IDs of the batches an earlier run started for the same requests
            (`BatchInterrupted.batch_ids`, `BatchTimeoutError.batch_ids`); nothing is uploaded.
        on_interrupt: on Ctrl-C, True cancels the unfinished batches, False leaves them
            running, a callable gets their IDs and returns whether to cancel.

    Returns:
        A mapping of custom_id → `BatchResult`, with every request present.

    Raises:
        ValueError: duplicate or empty custom_ids, no requests, or `batch_ids` that do not fit.
        BatchTimeoutError: the batches were still running after `max_wait`.
        BatchInterrupted: Ctrl-C (a `KeyboardInterrupt`), after cancelling or keeping the batches.

    ```py
    results = run_batch(client, [(f"q{i}", {"model": "gpt-4o-mini", "messages": msgs}) for i in range(10)])
    print(results["q0"].response.choices[0].message.content)
    ```
    """
    plan = plan_batches(requests, endpoint=endpoint, limits=limits)
    batches: list[Batch] = []
    try:
        if batch_ids is not None:
            batches = [client.batches.retrieve(batch_id) for batch_id in batch_ids]
            _check_resumed(plan, batches)
        for index, (_, content) in enumerate(plan.files if batch_ids is None else ()):
            uploaded = client.files.create(file=(_upload_name(index), content, "application/jsonl"), purpose="batch")
            batches.append(client.batches.create(**_create_args(uploaded.id, endpoint, completion_window, metadata)))
        waited, attempt = 0.0, 0
        while True:
            batches = [b if b.status in TERMINAL_STATUSES else client.batches.retrieve(b.id) for b in batches]
            if on_progress is not None:
                on_progress(_progress(plan, batches, waited))
            if all(b.status in TERMINAL_STATUSES for b in batches):
                break
            delay = _next_delay(attempt, poll_interval, max_poll_interval)
            if waited + delay > max_wait:
                raise BatchTimeoutError([b.id for b in batches], waited)
            sleep(delay)
            waited, attempt = waited + delay, attempt + 1
    except KeyboardInterrupt as interrupt:
        if isinstance(interrupt, BatchInterrupted):
            raise
        unfinished = [b.id for b in batches if b.status not in TERMINAL_STATUSES]
        cancel = _should_cancel(on_interrupt, unfinished)
        for batch_id in unfinished if cancel else ():
            client.batches.cancel(batch_id)
        raise BatchInterrupted([b.id for b in batches], unfinished, cancelled=cancel) from None
    files = {file_id: client.files.content(file_id).content for file_id in _result_file_ids(batches)}
    return _collect(plan, batches, files)


async def async_run_batch(
    client: AsyncOpenAI,
    requests: Iterable[RequestInput],
    *,
    endpoint: str = "/v1/chat/completions",
    completion_window: str = "24h",
    metadata: Mapping[str, str] | None = None,
    poll_interval: float = 5.0,
    max_poll_interval: float = 60.0,
    max_wait: float = 24 * 3600.0,
    on_progress: Callable[[BatchProgress], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    limits: BatchLimits = BatchLimits(),
    batch_ids: Sequence[str] | None = None,
    on_interrupt: OnInterrupt = True,
) -> BatchResults:
    """The async twin of `run_batch` (resuming with `batch_ids` too); `sleep` defaults to `anyio.sleep`.

    A `KeyboardInterrupt` inside it is handled as in `run_batch` (`on_interrupt`, then
    `BatchInterrupted`). A cancellation (a cancelled task or cancel scope, a timeout, Ctrl-C
    under `asyncio.run`) handles the batches the same way, the cancel requests shielded so they
    are sent, then goes on as the cancellation it is, with the `BatchInterrupted` as its
    `__cause__`: turning it into a `KeyboardInterrupt` would break timeouts and task groups.
    """
    import anyio

    if sleep is None:
        sleep = anyio.sleep
    plan = plan_batches(requests, endpoint=endpoint, limits=limits)
    batches: list[Batch] = []
    try:
        if batch_ids is not None:
            batches = [await client.batches.retrieve(batch_id) for batch_id in batch_ids]
            _check_resumed(plan, batches)
        for index, (_, content) in enumerate(plan.files if batch_ids is None else ()):
            name = _upload_name(index)
            uploaded = await client.files.create(file=(name, content, "application/jsonl"), purpose="batch")
            created = await client.batches.create(**_create_args(uploaded.id, endpoint, completion_window, metadata))
            batches.append(created)
        waited, attempt = 0.0, 0
        while True:
            batches = [b if b.status in TERMINAL_STATUSES else await client.batches.retrieve(b.id) for b in batches]
            if on_progress is not None:
                on_progress(_progress(plan, batches, waited))
            if all(b.status in TERMINAL_STATUSES for b in batches):
                break
            delay = _next_delay(attempt, poll_interval, max_poll_interval)
            if waited + delay > max_wait:
                raise BatchTimeoutError([b.id for b in batches], waited)
            await sleep(delay)
            waited, attempt = waited + delay, attempt + 1
    except BaseException as stop:
        cancelled = isinstance(stop, anyio.get_cancelled_exc_class())
        if isinstance(stop, BatchInterrupted) or not (cancelled or isinstance(stop, KeyboardInterrupt)):
            raise
        unfinished = [b.id for b in batches if b.status not in TERMINAL_STATUSES]
        cancel = _should_cancel(on_interrupt, unfinished)
        # A cancelled scope cancels every later await too (anyio, trio); the shield lets these out.
        with anyio.CancelScope(shield=True):
            for batch_id in unfinished if cancel else ():
                await client.batches.cancel(batch_id)
        interrupted = BatchInterrupted([b.id for b in batches], unfinished, cancelled=cancel)
        if cancelled:
            raise stop from interrupted
        raise interrupted from None
    files = {file_id: (await client.files.content(file_id)).content for file_id in _result_file_ids(batches)}
    return _collect(plan, batches, files)


def _create_args(file_id: str, endpoint: str, completion_window: str, metadata: Mapping[str, str] | None) -> Any:
    args: dict[str, Any] = {"input_file_id": file_id, "endpoint": endpoint, "completion_window": completion_window}
    if metadata is not None:
        args["metadata"] = dict(metadata)
    return args


def _result_file_ids(batches: List[Batch]) -> List[str]:
    return [fid for b in batches for fid in (b.output_file_id, b.error_file_id) if fid is not None]
