"""`oai api <resource.method> --param value ...`: call any generated method by introspecting its signature.

It must not know any particular resource: names come from the client's attributes and the
method's parameters; output goes through `render`.
"""

from __future__ import annotations

import inspect
import json
import pathlib
from typing import Any, Callable, Dict, List

__all__ = ["call_method", "parse_method_args", "resolve_method", "to_json_value"]


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


def _is_file_param(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return "FileTypes" in text or "FileContent" in text


def to_json_value(text: str) -> object:
    """The JSON value `text` spells, else the text itself (`--model gpt-4o` stays a string)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_method_args(method: Callable[..., Any], args: List[str]) -> Dict[str, object]:
    """`["--max-tokens", "5", "--file", "a.jsonl"]` → `{"max_tokens": 5, "file": Path("a.jsonl")}`.

    Positional parameters (path IDs such as `file_id`) are given as options too.

    Raises:
        ValueError: an unknown option, a missing value, or a missing required parameter.
    """
    parameters = inspect.signature(method).parameters
    kwargs: dict[str, object] = {}
    position = 0
    while position < len(args):
        option = args[position]
        if not option.startswith("--") or option == "--":
            raise ValueError(f"Expected --option value, got {option!r}")
        name, has_inline, inline = option[2:].partition("=")
        name = name.replace("-", "_")
        parameter = parameters.get(name)
        if parameter is None or name.startswith("_") or parameter.kind is inspect.Parameter.VAR_KEYWORD:
            known = ", ".join("--" + p.replace("_", "-") for p in parameters if not p.startswith("_"))
            raise ValueError(f"Unknown option {option} for this method; options: {known}")
        if has_inline:
            value = inline
            position += 1
        elif position + 1 < len(args):
            value = args[position + 1]
            position += 2
        else:
            raise ValueError(f"Option {option} needs a value")
        kwargs[name] = pathlib.Path(value) if _is_file_param(parameter) else to_json_value(value)
    missing = [
        name
        for name, p in parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
        and name not in kwargs
    ]
    if missing:
        raise ValueError("Missing required option(s): " + ", ".join("--" + m.replace("_", "-") for m in missing))
    return kwargs


def call_method(method: Callable[..., Any], kwargs: Dict[str, object]) -> object:
    """Call `method`, passing path parameters positionally as the generated methods expect."""
    parameters = inspect.signature(method).parameters
    positional = [
        kwargs.pop(name)
        for name, p in parameters.items()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD) and name in kwargs
    ]
    return method(*positional, **kwargs)
