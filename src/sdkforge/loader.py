"""Load an OpenAPI document (YAML or JSON) into plain data with a lazy pointer-to-line index; knows nothing of `$ref`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union, cast

import yaml

from .diagnostics import Diagnostic, Level

__all__ = ["LoadError", "SpecDocument", "escape_pointer", "load_spec", "parse_spec", "unescape_pointer"]

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# PyYAML's stubs leave `compose` partly untyped; the node tree is walked as `Any`.
_compose: Any = getattr(yaml, "compose")  # noqa: B009  # getattr keeps the untyped stub out of strict checks


def escape_pointer(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901: `~` -> `~0`, `/` -> `~1`)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer(token: str) -> str:
    """Undo `escape_pointer` on one reference token."""
    return token.replace("~1", "/").replace("~0", "~")


class LoadError(Exception):
    """The spec cannot be read or parsed; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class SpecDocument:
    """A parsed spec: plain dicts, lists and scalars, plus where it came from.

    Attributes:
        data: The document root (a mapping).
        source: The file name, for messages.
        text: The source text, kept to find line numbers on demand.
        sha256: Hex SHA-256 of the source bytes.
        is_yaml: The source was YAML (line lookup composes the YAML node tree on demand).
    """

    data: Mapping[str, Any]
    source: str
    text: str
    sha256: str
    is_yaml: bool
    _lines: Dict[str, int] = field(default_factory=lambda: {}, compare=False, repr=False)

    def line_of(self, pointer: str) -> Optional[int]:
        """Return the 1-based source line of the element at `pointer` (`#/a/b`), or None.

        The index is built on first use only, so a run without diagnostics never pays for it.
        """
        if not self._lines and self.is_yaml:
            root: Any = _compose(self.text, Loader=_SafeLoader)
            if root is not None:
                _index_node(root, "#", self._lines)
        key = pointer
        while key:
            if key in self._lines:
                return self._lines[key]
            if "/" not in key:
                break
            key = key.rsplit("/", 1)[0]
        return None


def _index_node(node: Any, pointer: str, out: Dict[str, int]) -> None:
    # Iterative: a recursive walk over a deep spec could hit the recursion limit. A mapping
    # entry is located at its key, where a reader looks for it.
    stack: List[Tuple[Any, str, int]] = [(node, pointer, node.start_mark.line + 1)]
    while stack:
        current, ptr, line = stack.pop()
        out[ptr] = line
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                child = f"{ptr}/{escape_pointer(str(key_node.value))}"
                stack.append((value_node, child, key_node.start_mark.line + 1))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, f"{ptr}/{index}", item.start_mark.line + 1))


def parse_spec(text: str, source: str = "<spec>") -> SpecDocument:
    """Parse spec text; JSON when it starts with `{`, else YAML.

    Args:
        text: The document text.
        source: The file name, for messages.

    Returns:
        The parsed document.

    Raises:
        LoadError: The text is not valid YAML/JSON or its root is not a mapping.
    """
    is_json = text.lstrip().startswith("{")
    try:
        data: Any = json.loads(text) if is_json else yaml.load(text, Loader=_SafeLoader)  # noqa: S506  # a SafeLoader (C or pure)
    except json.JSONDecodeError as exc:
        raise LoadError(Diagnostic("#", Level.ERROR, f"{source}: invalid JSON: {exc.msg}", exc.lineno)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "parse error"
        raise LoadError(Diagnostic("#", Level.ERROR, f"{source}: invalid YAML: {problem}", line)) from None
    if not isinstance(data, dict):
        raise LoadError(Diagnostic("#", Level.ERROR, f"{source}: the document root must be a mapping", 1))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    root = cast(Dict[str, Any], data)  # checked to be a dict just above; keys of an OpenAPI root are strings
    return SpecDocument(data=root, source=source, text=text, sha256=digest, is_yaml=not is_json)


def load_spec(path: Union[str, Path]) -> SpecDocument:
    """Read and parse a spec file.

    Args:
        path: A `.yaml`, `.yml` or `.json` file.

    Returns:
        The parsed document; `sha256` hashes the file's bytes.

    Raises:
        LoadError: The file cannot be read or parsed.
    """
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise LoadError(Diagnostic("#", Level.ERROR, f"cannot read the spec {file}: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError(Diagnostic("#", Level.ERROR, f"{file}: the spec is not UTF-8")) from None
    document = parse_spec(text, str(file))
    # Hash the bytes as stored, so .stats.yml matches `sha256sum` of the file.
    return SpecDocument(
        data=document.data,
        source=document.source,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        is_yaml=document.is_yaml,
    )
