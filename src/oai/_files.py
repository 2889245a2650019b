"""File inputs (path, bytes, IO, tuple) → httpx multipart parts; never encodes JSON or sends.

`multipart_data` splits an already-transformed body into form fields and file parts;
`to_httpx_files` / `async_to_httpx_files` turn file inputs into tuples httpx can send,
reading `os.PathLike` values into memory (the async twin through `anyio.Path`).
"""

from __future__ import annotations

import io
import os
from typing import IO, Mapping, Tuple, Union, cast

from ._types import FileContent, FileTypes, RequestFiles

__all__ = [
    "HttpxFile",
    "async_to_httpx_files",
    "file_from_path",
    "form_fields_as_parts",
    "is_file_content",
    "multipart_data",
    "to_httpx_files",
]

# The name httpx itself gives a part whose content carries no name.
_DEFAULT_FILENAME = "upload"

HttpxFile = Union[
    Tuple[Union[str, None], Union[bytes, IO[bytes]], Union[str, None]],
    Tuple[Union[str, None], Union[bytes, IO[bytes]], Union[str, None], Mapping[str, str]],
]
"""A file part as httpx takes it: (filename, content, content type[, headers])."""


def file_from_path(path: str | os.PathLike[str]) -> FileTypes:
    """Read a file into a `(name, bytes)` upload, as the official SDK's `file_from_path` does.

    ```py
    client.files.create(file=oai.file_from_path("data.jsonl"), purpose="batch")
    ```
    """
    with open(path, "rb") as file:
        contents = file.read()
    return (os.path.basename(path), contents)


def is_file_content(value: object) -> bool:
    """Tell whether `value` is a file input that belongs in a multipart part.

    Args:
        value: any value from a params body.

    Returns:
        True for `bytes`, IO objects (anything with `read`), `os.PathLike`, and tuples
        `(filename, content[, content_type[, headers]])` whose content is one of those.
    """
    if isinstance(value, tuple):
        parts: tuple[object, ...] = value  # pyright: ignore[reportUnknownVariableType]  # element types unknown
        if not 2 <= len(parts) <= 4:
            return False
        name = parts[0]
        return (name is None or isinstance(name, str)) and _is_raw_content(parts[1])
    return _is_raw_content(value)


def _is_raw_content(value: object) -> bool:
    return isinstance(value, (bytes, io.IOBase, os.PathLike)) or (not isinstance(value, str) and hasattr(value, "read"))


def _unpack(file: FileTypes) -> tuple[str | None, FileContent, str | None, Mapping[str, str] | None, bool]:
    """Split a file input into (filename, content, content type, headers, has explicit name)."""
    if isinstance(file, tuple):
        content_type = file[2] if len(file) > 2 else None
        headers = file[3] if len(file) > 3 else None
        return file[0], file[1], content_type, headers, True
    return None, file, None, None, False


def _pack(
    filename: str | None, content: bytes | IO[bytes], content_type: str | None, headers: Mapping[str, str] | None
) -> HttpxFile:
    if headers is None:
        return (filename, content, content_type)
    return (filename, content, content_type, headers)


def _default_name(content: FileContent) -> str:
    if isinstance(content, os.PathLike):
        return os.path.basename(os.fspath(content))
    name = getattr(content, "name", None)
    if isinstance(name, str) and name:
        return os.path.basename(name)
    return _DEFAULT_FILENAME


def _items(files: RequestFiles) -> list[tuple[str, FileTypes]]:
    return list(files.items()) if isinstance(files, Mapping) else list(files)


def to_httpx_files(files: RequestFiles) -> list[tuple[str, HttpxFile]]:
    """Turn file inputs into httpx multipart parts, reading paths into bytes.

    Args:
        files: a mapping or a list of `(field name, file input)` pairs.

    Returns:
        `(field name, (filename, content, content type[, headers]))` pairs. A path is read
        into bytes and named by its basename; bare bytes are named `"upload"`, IO objects
        by the basename of their `name`. An explicit tuple filename (even None) is kept.

    Raises:
        TypeError: a value is not a file input.
    """
    parts: list[tuple[str, HttpxFile]] = []
    for key, file in _items(files):
        filename, content, content_type, headers, is_named = _unpack(_checked(key, file))
        if not is_named:
            filename = _default_name(content)
        if isinstance(content, os.PathLike):
            with open(content, "rb") as handle:
                data: bytes | IO[bytes] = handle.read()
        else:
            data = content
        parts.append((key, _pack(filename, data, content_type, headers)))
    return parts


async def async_to_httpx_files(files: RequestFiles) -> list[tuple[str, HttpxFile]]:
    """Async twin of `to_httpx_files`: reads paths through `anyio.Path`.

    Args:
        files: a mapping or a list of `(field name, file input)` pairs.

    Returns:
        The same parts as `to_httpx_files`.

    Raises:
        TypeError: a value is not a file input.
    """
    parts: list[tuple[str, HttpxFile]] = []
    for key, file in _items(files):
        filename, content, content_type, headers, is_named = _unpack(_checked(key, file))
        if not is_named:
            filename = _default_name(content)
        if isinstance(content, os.PathLike):
            import anyio  # here, not at the top: a sync process never loads it

            data: bytes | IO[bytes] = await anyio.Path(os.fspath(content)).read_bytes()
        else:
            data = content
        parts.append((key, _pack(filename, data, content_type, headers)))
    return parts


def _checked(key: str, file: object) -> FileTypes:
    if not is_file_content(file):
        raise TypeError(
            f"`{key}` must be bytes, a file object, a path or a (filename, content) tuple, got {type(file).__name__}"
        )
    return cast(FileTypes, file)  # is_file_content just checked the shape


def multipart_data(body: Mapping[str, object]) -> tuple[dict[str, object], list[tuple[str, FileTypes]]]:
    """Split a transformed body into multipart form fields and file parts.

    Names use bracket notation: a list under `key` gives repeated `key[]` entries, a nested
    dict gives `key[sub]`, recursively. Scalars become strings (`True` → `"true"`), `None`
    is skipped, and file inputs at any depth become file parts under the same names.

    Args:
        body: the output of `transform` for a multipart operation.

    Returns:
        `(data, files)`: `data` maps each field name to a string, or to a list of strings
        for repeated fields (as httpx's `data=` takes them); `files` lists `(name, file)`.
    """
    data: dict[str, object] = {}
    files: list[tuple[str, FileTypes]] = []
    for key, value in body.items():
        _flatten(key, value, data, files)
    return data, files


def _flatten(name: str, value: object, data: dict[str, object], files: list[tuple[str, FileTypes]]) -> None:
    if value is None:
        return
    if is_file_content(value):
        files.append((name, cast(FileTypes, value)))  # is_file_content checked the shape
        return
    if isinstance(value, Mapping):
        mapping: Mapping[object, object] = value  # pyright: ignore[reportUnknownVariableType]  # free-form body
        for sub_key, sub_value in mapping.items():
            _flatten(f"{name}[{sub_key}]", sub_value, data, files)
        return
    if isinstance(value, (list, tuple)):
        items: list[object] | tuple[object, ...] = value  # pyright: ignore[reportUnknownVariableType]  # free-form body
        for item in items:
            _flatten(f"{name}[]", item, data, files)
        return
    _add_field(name, _form_text(value), data)


def _form_text(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value if isinstance(value, str) else str(value)


def _add_field(name: str, text: str, data: dict[str, object]) -> None:
    # Only names under a list ("[]") repeat; httpx sends a list value as one entry per item.
    if "[]" not in name:
        data[name] = text
        return
    existing = data.get(name)
    if isinstance(existing, list):
        existing.append(text)  # pyright: ignore[reportUnknownMemberType]  # list[str] built here
    else:
        data[name] = [text]


def form_fields_as_parts(data: Mapping[str, object]) -> list[tuple[str, tuple[None, bytes]]]:
    """Form fields as nameless multipart parts, which httpx encodes as plain fields.

    httpx sends a body with no file part as urlencoded; this keeps a form-only body multipart.
    """
    parts: list[tuple[str, tuple[None, bytes]]] = []
    for name, value in data.items():
        values: list[object] = list(cast("list[object]", value)) if isinstance(value, list) else [value]
        parts.extend((name, (None, str(item).encode())) for item in values)
    return parts
