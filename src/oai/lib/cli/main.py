"""The `oai` command line: argparse setup, client construction from the environment, one-line errors.

It must not implement commands (see `commands`) and never prints a traceback for expected
failures: API errors, bad options and file errors become `Error: ...` and exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence, TextIO

from ..._exceptions import APIStatusError, OpenAIError
from ..._version import __version__
from . import batch_command, commands

if TYPE_CHECKING:
    import httpx

    from ..._client import OpenAI

__all__ = ["build_parser", "main"]

_Command = Callable[["OpenAI", argparse.Namespace, TextIO], None]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="oai",
        description="Call the OpenAI API from the command line. Uses OPENAI_API_KEY and OPENAI_BASE_URL.",
    )
    parser.add_argument("--version", action="version", version=f"oai {__version__}")
    parser.add_argument("--api-key", help="API key (default: $OPENAI_API_KEY)")
    parser.add_argument("--base-url", help="API base URL (default: $OPENAI_BASE_URL or the OpenAI API)")
    parser.add_argument(
        "--no-progress", dest="no_progress", action="store_true", help="no progress bars (drawn only on a terminal)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    chat = sub.add_parser("chat", help="send one chat message and print the reply")
    chat.add_argument("prompt", help="the user message")
    chat.add_argument("-m", "--model", default="gpt-4o-mini", help="model ID (default: gpt-4o-mini)")
    chat.add_argument("--system", help="a system message")
    chat.add_argument("--stream", action="store_true", help="print the reply as it is generated")
    chat.add_argument("--json", action="store_true", help="print the whole completion as JSON")
    chat.set_defaults(run=commands.run_chat)

    models = sub.add_parser("models", help="models").add_subparsers(dest="action", metavar="ACTION")
    models.required = True
    models.add_parser("list", help="list models as JSON").set_defaults(run=commands.run_models_list)

    files = sub.add_parser("files", help="files").add_subparsers(dest="action", metavar="ACTION")
    files.required = True
    upload = files.add_parser("upload", help="upload a file, with a progress bar")
    upload.add_argument("path", help="the file to upload")
    upload.add_argument("--purpose", required=True, help="assistants, batch, fine-tune, vision, user_data or evals")
    upload.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    upload.add_argument("--wait", action="store_true", help="then wait until the file is processed")
    upload.add_argument("--max-wait", type=float, default=1800.0, help="seconds --wait waits at most")
    upload.set_defaults(run=commands.run_files_upload)
    download = files.add_parser("download", help="download a file's content, with a progress bar")
    download.add_argument("file_id", help="the file ID")
    download.add_argument("-o", "--output", help="where to write (default: the file ID)")
    download.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    download.set_defaults(run=commands.run_files_download)

    batch = sub.add_parser("batch", help="the Batch API").add_subparsers(dest="action", metavar="ACTION")
    batch.required = True
    batch_run = batch.add_parser("run", help="run a JSONL file of requests through the Batch API, with progress")
    batch_run.add_argument("path", help="the input: one {custom_id, method, url, body} object per line")
    batch_run.add_argument("--out", required=True, help="where to write one result line per request")
    batch_run.add_argument("--resume", help="comma-separated batch IDs an interrupted run printed")
    batch_run.add_argument(
        "--on-interrupt",
        choices=("ask", "cancel", "keep"),
        default="ask",
        help="on Ctrl-C: ask (on a terminal; else cancel), cancel or keep the running batches",
    )
    batch_run.add_argument("--completion-window", default="24h", help="the batch completion window (default: 24h)")
    batch_run.add_argument("--poll-interval", type=float, default=5.0, help="first delay between polls, seconds")
    batch_run.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    batch_run.set_defaults(run=batch_command.run_batch_file)

    api = sub.add_parser(
        "api",
        help="call any API method: oai api chat.completions.create -m gpt-4o-mini -g user 'Hello'",
        description="Options map to the method's parameters (--max-tokens → max_tokens) and are converted by "
        "their types: strings stay strings, structured parameters take JSON, file parameters a path. "
        "`oai api METHOD --help` lists a method's options; list methods take --all and --limit N.",
    )
    api.add_argument("method", help="resource path and method, e.g. models.list or files.retrieve")
    api.add_argument("params", nargs=argparse.REMAINDER, help="--param value ...")
    api.set_defaults(run=commands.run_api)
    return parser


def _is_method_help(args: argparse.Namespace) -> bool:
    params: list[str] = getattr(args, "params", None) or []
    return args.command == "api" and ("-h" in params or "--help" in params)


def _client(args: argparse.Namespace, http_client: httpx.Client | None, *, is_help: bool = False) -> OpenAI:
    from ..._client import OpenAI

    options: dict[str, object] = {}
    if args.api_key:
        options["api_key"] = args.api_key
    elif is_help and not os.environ.get("OPENAI_API_KEY"):
        options["api_key"] = "unused"  # `oai api METHOD --help` sends nothing
    if args.base_url:
        options["base_url"] = args.base_url
    if http_client is not None:
        options["http_client"] = http_client
    return OpenAI(**options)  # type: ignore[arg-type]  # keys and value types match the constructor


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    _http_client: httpx.Client | None = None,
) -> int:
    """Run the CLI.

    Args:
        argv: the arguments (default: `sys.argv[1:]`).
        stdout: where results go (default: `sys.stdout`).
        stderr: where errors go (default: `sys.stderr`).
        _http_client: an `httpx.Client` to send through (tests use a MockTransport).

    Returns:
        The exit status: 0 on success, 1 on an error (printed as one `Error: ...` line).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error argparse already printed
        return exit_.code if isinstance(exit_.code, int) else 0
    args.stderr = err  # progress bars draw where errors go
    args.progress = getattr(args, "progress", True) and not args.no_progress
    run: _Command = args.run
    try:
        client = _client(args, _http_client, is_help=_is_method_help(args))
        run(client, args, out)
    except APIStatusError as exc:
        err.write(f"Error: {exc.status_code} {_api_message(exc)}\n")
        return 1
    except (OpenAIError, ValueError, OSError, TypeError) as exc:
        err.write(f"Error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        err.write("Error: interrupted\n")
        return 130
    return 0


def _api_message(exc: APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if isinstance(error, dict):
            message = error.get("message")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            if isinstance(message, str) and message:
                return message
    return exc.message
