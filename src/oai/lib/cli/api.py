"""`oai api <resource.method> --param value ...`: call any generated method by introspecting its signature.

It must not know any particular resource: names come from the client's attributes, option
values are converted by each parameter's annotation (see `params`), output goes through
`render`. The official CLI's short forms for completions (`-m`, `-g ROLE CONTENT`, `-n`, ...)
are the one table of names here.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, List, Mapping, Tuple

from .params import ParamKind, convert_value, method_docs, parameter_kinds

__all__ = ["ApiOptions", "call_method", "is_paged", "method_help", "parse_method_args", "resolve_method"]

# The official `openai api` short options: method → {short option: parameter}.
_SHORT_FORMS: Mapping[str, Mapping[str, str]] = {
    "chat.completions.create": {"-m": "model", "-n": "n", "-t": "temperature", "-P": "top_p", "-M": "max_tokens"},
    "completions.create": {
        "-m": "model",
        "-p": "prompt",
        "-n": "n",
        "-t": "temperature",
        "-P": "top_p",
        "-M": "max_tokens",
    },
}
_MESSAGE_FORM = "-g"  # `-g ROLE CONTENT`, repeatable: one chat message each
_MAX_PAGE_SIZE = 100  # the smallest maximum page size among list endpoints
_BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


class ApiOptions:
    """The CLI's own options of `oai api`: `--all` pages through everything, `--limit N` stops after
    N items (list methods); `--json` prints a stream's chunks as JSON lines (methods with `stream`)."""

    def __init__(self) -> None:
        self.all_pages = False
        self.limit: int | None = None
        self.json_chunks = False


def is_paged(method: Callable[..., Any]) -> bool:
    """True for a list method, which returns a page that iterates every item."""
    return "Page[" in str(inspect.signature(method).return_annotation)


def resolve_method(client: object, dotted: str) -> Callable[..., Any]:
    """`chat.completions.create` → the bound method on `client`.

    Raises:
        ValueError: a part is missing, private, or the target is not callable.
    """
    target: object = client
    for part in dotted.split("."):
        if not part or part.startswith("_") or not hasattr(target, part):
            raise ValueError(f"Unknown API method {dotted!r} (e.g. models.list, chat.completions.create)")
        target = getattr(target, part)
    if not callable(target):
        raise ValueError(f"{dotted!r} is a resource, not a method; add the method name, e.g. {dotted}.list")
    return target


def _public(parameters: Mapping[str, inspect.Parameter]) -> List[str]:
    return [
        name
        for name, p in parameters.items()
        if not name.startswith("_") and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    ]


def parse_method_args(
    method: Callable[..., Any], args: List[str], *, dotted: str = "", options: ApiOptions | None = None
) -> Dict[str, object]:
    """`["--max-tokens", "5", "--file", "a.jsonl"]` → `{"max_tokens": 5, "file": Path("a.jsonl")}`.

    Each value is converted by its parameter's annotation: strings stay strings (`--user 12345`),
    numbers and booleans are parsed, structured parameters take JSON, file parameters a path.
    A boolean option given last or before another option needs no value (`--stream`).
    Positional parameters (path IDs such as `file_id`) are given as options too.

    Raises:
        ValueError: an unknown option, a missing or malformed value, or a missing required parameter.
    """
    parameters = inspect.signature(method).parameters
    kinds = parameter_kinds(method)
    short_forms = _SHORT_FORMS.get(dotted, {})
    kwargs: dict[str, object] = {}
    messages: list[dict[str, str]] = []
    position = 0
    while position < len(args):
        option = args[position]
        if option == _MESSAGE_FORM and "messages" in parameters and dotted in _SHORT_FORMS:
            if position + 2 >= len(args):
                raise ValueError("Option -g needs two values: ROLE CONTENT (e.g. -g user 'Hello')")
            messages.append({"role": args[position + 1], "content": args[position + 2]})
            position += 3
            continue
        if option in short_forms:
            name, has_inline, inline = short_forms[option], False, ""
        elif option.startswith("--") and option != "--":
            name, has_inline, inline = _split_option(option)
        else:
            raise ValueError(f"Expected --option value, got {option!r}")
        if options is not None and name in ("all", "limit") and is_paged(method):
            position = _list_option(options, name, option, args, position, has_inline, inline)
            if name == "limit" and "limit" in parameters and options.limit is not None:
                kwargs["limit"] = min(options.limit, _MAX_PAGE_SIZE)  # no bigger pages than needed
            continue
        if options is not None and name == "json" and _takes_json_flag(parameters):
            if has_inline:
                raise ValueError(f"--json takes no value, got {option!r}")
            options.json_chunks, position = True, position + 1
            continue
        parameter = parameters.get(name)
        if parameter is None or name not in _public(parameters):
            known = ", ".join("--" + p.replace("_", "-") for p in _public(parameters))
            raise ValueError(f"Unknown option {option} for this method; options: {known}")
        kind = kinds.get(name, ParamKind())
        if has_inline:
            value, position = inline, position + 1
        elif kind.is_flag and _next_is_option(args, position):
            value, position = "true", position + 1
        elif position + 1 < len(args):
            value, position = args[position + 1], position + 2
        else:
            raise ValueError(f"Option {option} needs a value")
        kwargs[name] = convert_value(name, value, kind)
    if messages:
        if "messages" in kwargs:
            raise ValueError("Give the messages either as --messages JSON or as -g ROLE CONTENT pairs, not both")
        kwargs["messages"] = messages
    missing = [
        name
        for name in _public(parameters)
        if parameters[name].default is inspect.Parameter.empty and name not in kwargs
    ]
    if missing:
        raise ValueError("Missing required option(s): " + ", ".join("--" + m.replace("_", "-") for m in missing))
    return kwargs


def _takes_json_flag(parameters: Mapping[str, inspect.Parameter]) -> bool:
    return "stream" in parameters and "json" not in parameters


def _split_option(option: str) -> Tuple[str, bool, str]:
    name, has_inline, inline = option[2:].partition("=")
    return name.replace("-", "_"), bool(has_inline), inline


def _next_is_option(args: List[str], position: int) -> bool:
    if position + 1 >= len(args):
        return True
    following = args[position + 1]
    return following.lower() not in _BOOL_WORDS and following.startswith("-")


def _list_option(
    options: ApiOptions, name: str, option: str, args: List[str], position: int, has_inline: bool, inline: str
) -> int:
    if name == "all":
        options.all_pages = True
        return position + 1
    if has_inline:
        text, position = inline, position + 1
    elif position + 1 < len(args):
        text, position = args[position + 1], position + 2
    else:
        raise ValueError(f"Option {option} needs a value")
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"--limit must be a positive whole number, got {text!r}")
    options.limit = int(text)
    return position


def call_method(method: Callable[..., Any], kwargs: Dict[str, object]) -> object:
    """Call `method`, passing path parameters positionally as the generated methods expect."""
    parameters = inspect.signature(method).parameters
    positional = [
        kwargs.pop(name)
        for name, p in parameters.items()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD) and name in kwargs
    ]
    return method(*positional, **kwargs)


def method_help(method: Callable[..., Any], dotted: str) -> str:
    """`oai api METHOD --help`: every option with its type, whether it is required, and its description."""
    parameters = inspect.signature(method).parameters
    summary, descriptions = method_docs(method)
    lines = [f"usage: oai api {dotted} [--option value ...]", ""]
    if summary:
        lines += [summary, ""]
    lines.append("options:")
    short_by_name = {name: short for short, name in _SHORT_FORMS.get(dotted, {}).items()}
    for name in _public(parameters):
        parameter = parameters[name]
        annotation = parameter.annotation
        shown = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
        shown = shown.replace(" | Omit", "").replace(" | None", "")
        required = "  (required)" if parameter.default is inspect.Parameter.empty else ""
        short = f"{short_by_name[name]}, " if name in short_by_name else ""
        lines.append(f"  {short}--{name.replace('_', '-')} {shown}{required}")
        description = descriptions.get(name)
        if description:
            lines.append(f"      {description}")
    if dotted in _SHORT_FORMS:
        lines.append("  -g ROLE CONTENT  a chat message (repeatable); instead of --messages")
    if _takes_json_flag(parameters):
        lines.append("  --json  with --stream, print each chunk as a JSON line instead of the streamed text")
    if is_paged(method):
        lines.append("  --all  page through every item")
        lines.append("  --limit N  stop after N items, paging through as needed (also the page size, up to 100)")
    return "\n".join(lines) + "\n"
