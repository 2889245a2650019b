"""`oai batch run requests.jsonl --out results.jsonl`: a Batch API input file through `run_batch`, with a progress bar.

It must not know the Batch API itself (that is `oai.lib.batch`); it reads the input lines,
draws progress, asks about cancelling on Ctrl-C and writes one result line per request.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, Dict, List, TextIO, Tuple, cast

from ..batch import BatchInterrupted, BatchProgress, BatchResult, run_batch
from .progress import ProgressBar, is_terminal

if TYPE_CHECKING:
    from ..._client import OpenAI

__all__ = ["read_requests", "run_batch_file"]


def read_requests(path: str) -> Tuple[str, List[Tuple[str, Dict[str, Any]]]]:
    """The endpoint and `(custom_id, body)` pairs of a Batch API input file.

    Raises:
        ValueError: a line that is not JSON, lacks `custom_id`/`url`/`body`, or names another endpoint.
    """
    endpoint: str | None = None
    requests: list[tuple[str, dict[str, Any]]] = []
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                line: object = json.loads(text)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc})") from None
            if not isinstance(line, dict):
                raise ValueError(f"{path}:{number}: each line must be a JSON object")
            fields = cast(Dict[str, Any], line)
            custom_id, url, body = fields.get("custom_id"), fields.get("url"), fields.get("body")
            if not isinstance(custom_id, str) or not isinstance(url, str) or not isinstance(body, dict):
                raise ValueError(f'{path}:{number}: needs "custom_id" (string), "url" (string) and "body" (object)')
            if endpoint is not None and url != endpoint:
                raise ValueError(f"{path}:{number}: url {url!r} differs from {endpoint!r}; one endpoint per file")
            endpoint = url
            requests.append((custom_id, cast(Dict[str, Any], body)))
    if endpoint is None:
        raise ValueError(f"{path}: no requests")
    return endpoint, requests


def _result_line(result: BatchResult, to_jsonable: Any) -> str:
    error = result.error
    data: dict[str, object] = {
        "custom_id": result.custom_id,
        "batch_id": result.batch_id,
        "response": None if result.response is None else to_jsonable(result.response),
        "error": None
        if error is None
        else {"code": error.code, "message": error.message, "status_code": error.status_code},
    }
    return json.dumps(data, ensure_ascii=False, default=str) + "\n"


def _asker(err: TextIO, mode: str) -> Any:
    """What to do with unfinished batches on Ctrl-C: cancel, keep, or ask on a terminal (else cancel)."""
    if mode != "ask":
        return mode == "cancel"
    if not (is_terminal(err) and sys.stdin.isatty()):
        return True

    def ask(batch_ids: List[str]) -> bool:
        err.write(f"\nCancel {len(batch_ids)} running batch(es) {', '.join(batch_ids)}? [Y/n] ")
        err.flush()
        try:
            answer = sys.stdin.readline().strip().lower()
        except KeyboardInterrupt:
            return True
        return answer in ("", "y", "yes")

    return ask


def run_batch_file(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai batch run PATH --out RESULTS [--resume IDS] [--on-interrupt ask|cancel|keep]`."""
    from .commands import to_jsonable

    endpoint, requests = read_requests(args.path)
    err: TextIO = args.stderr
    bar = ProgressBar("Batch", len(requests), err, is_enabled=None if args.progress else False, unit="requests")

    def on_progress(progress: BatchProgress) -> None:
        bar.set(progress.completed + progress.failed)

    resume = [part for part in args.resume.split(",") if part] if args.resume else None
    try:
        results = run_batch(
            client,
            requests,
            endpoint=endpoint,
            completion_window=args.completion_window,
            poll_interval=args.poll_interval,
            on_progress=on_progress,
            batch_ids=resume,
            on_interrupt=_asker(err, args.on_interrupt),
        )
    except BatchInterrupted as exc:
        bar.close()
        ids = ",".join(exc.batch_ids)
        if exc.cancelled:
            err.write(f"Cancelled batches: {', '.join(exc.unfinished_ids)}\n")
        elif ids:
            err.write(f"Batches left running; resume with: oai batch run {args.path} --resume {ids}\n")
        raise
    finally:
        bar.close()
    with open(args.out, "w", encoding="utf-8") as handle:
        for result in results.values():
            handle.write(_result_line(result, to_jsonable))
    summary = {
        "batches": [batch.id for batch in results.batches],
        "succeeded": len(results.succeeded),
        "failed": len(results.failed),
        "out": args.out,
    }
    out.write(json.dumps(summary, indent=2) + "\n")
