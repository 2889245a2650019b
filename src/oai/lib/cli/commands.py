"""The CLI's commands: `chat`, `models list`, `files upload|download` and `api`, each writing its result.

It must not parse the command line (that is `main`) nor build the client.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import TYPE_CHECKING, Any, Iterable, List, TextIO, cast

from .api import ApiOptions, call_method, method_help, parse_method_args, resolve_method
from .progress import PollStatusLine, ProgressBar, ProgressReader
from .stream_text import write_stream

if TYPE_CHECKING:
    from ..._client import OpenAI

__all__ = ["run_api", "run_chat", "run_files_download", "run_files_upload", "run_models_list", "to_jsonable"]


def to_jsonable(value: object) -> object:
    """A result → plain JSON data: models by API names, pages as their items, lists item by item."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in cast(List[object], value)]  # any sequence of results
    items: object = getattr(value, "data", None)
    if isinstance(items, list) and hasattr(value, "has_next_page"):
        return [to_jsonable(item) for item in cast(List[object], items)]  # a page's items
    return value


def _print_json(value: object, out: TextIO) -> None:
    out.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False, default=str) + "\n")


def run_chat(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai chat PROMPT -m MODEL [--system S] [--stream] [--json]`."""
    messages: list[Any] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": args.prompt})
    if args.stream:
        with client.chat.completions.stream(model=args.model, messages=messages) as stream:
            for event in stream:
                if event.type == "content.delta":
                    out.write(event.delta)
                    out.flush()
            completion = stream.get_final_completion()
        out.write("\n")
        if args.json:
            _print_json(completion, out)
        return
    result = client.chat.completions.create(model=args.model, messages=messages)
    if args.json:
        _print_json(result, out)
        return
    for choice in result.choices:
        out.write((choice.message.content or choice.message.refusal or "") + "\n")


def run_models_list(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai models list`: every model, as a JSON array."""
    _print_json(list(client.models.list()), out)


def run_files_upload(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai files upload PATH --purpose P [--wait]`, with a progress bar (and poll status) on stderr."""
    path: str = args.path
    bar = ProgressBar("Upload", os.path.getsize(path), args.stderr, is_enabled=None if args.progress else False)
    with open(path, "rb") as handle:
        reader: Any = ProgressReader(handle, bar)  # an IO[bytes] in all but name
        try:
            result = client.files.create(file=(os.path.basename(path), reader), purpose=args.purpose)
        finally:
            bar.close()
    if args.wait:
        status = PollStatusLine("Processing", args.stderr, is_enabled=None if args.progress else False)
        try:
            result = client.files.wait_for_processing(result.id, max_wait_seconds=args.max_wait, on_progress=status)
        finally:
            status.close()
    _print_json(result, out)


def run_files_download(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai files download FILE_ID [-o PATH]`, streamed to the file with a progress bar."""
    target: str = args.output or args.file_id
    with client.files.with_streaming_response.content(args.file_id) as response:
        length = response.headers.get("content-length")
        total = int(length) if length and length.isdigit() else None
        bar = ProgressBar("Download", total, args.stderr, is_enabled=None if args.progress else False)
        try:
            with open(target, "wb") as handle:
                for data in response.iter_bytes():
                    handle.write(data)
                    bar.update(len(data))
        finally:
            bar.close()
    _print_json({"file_id": args.file_id, "path": target, "bytes": bar.done}, out)


def _take(items: Iterable[object], limit: int | None) -> List[object]:
    taken: list[object] = []
    for item in items:
        if limit is not None and len(taken) >= limit:
            break
        taken.append(item)
    return taken


def run_api(client: OpenAI, args: argparse.Namespace, out: TextIO) -> None:
    """`oai api resource.method --param value ...`: any generated method, result as JSON (a text stream as text)."""
    method = resolve_method(client, args.method)
    rest: List[str] = args.params
    if "-h" in rest or "--help" in rest:
        out.write(method_help(method, args.method))
        return
    options = ApiOptions()
    kwargs = parse_method_args(method, rest, dotted=args.method, options=options)
    choices = kwargs.get("n")
    result = call_method(method, kwargs)
    if hasattr(result, "has_next_page") and (options.all_pages or options.limit is not None):
        _print_json(_take(cast(Iterable[object], result), options.limit), out)  # a page iterates every item
        return
    content = getattr(result, "content", None)
    if isinstance(content, bytes) and not hasattr(result, "to_dict"):
        out.write(content.decode("utf-8", errors="replace"))
        return
    if hasattr(result, "__next__"):
        stream = cast(Iterable[object], result)  # a Stream: iterable, per the check above
        n = choices if isinstance(choices, int) else 1
        write_stream(stream, out, to_json=to_jsonable, as_json=options.json_chunks, choices=n)
        return
    _print_json(result, out)
