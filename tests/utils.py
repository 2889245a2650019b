"""Test support for the generated API tests: check a value against its declared type, record requests.

`assert_matches_type` walks a parsed response and its annotation together, so a test fails on
the first field whose value does not fit (with the path to it). It must not parse JSON nor call
the SDK's own validation: it checks what the SDK produced.
"""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import inspect
import json
import types
import typing
from typing import Any, Dict, List, Sequence, Union, cast

import httpx
import pydantic
from typing_extensions import Annotated, Literal, TypeAliasType, get_args, get_origin

from oai._json_evidence import invalid_fields

__all__ = ["RequestRecorder", "assert_matches_type", "multipart_fields"]

_UNION_ORIGINS: frozenset[object] = frozenset({Union, types.UnionType})
_LIST_ORIGINS: frozenset[object] = frozenset({list, List, Sequence, typing.Sequence, typing.Iterable})
_DICT_ORIGINS: frozenset[object] = frozenset({dict, Dict, typing.Mapping})


def assert_matches_type(type_: Any, value: object, *, path: Sequence[str], allow_invalid: bool = False) -> None:
    """Assert that `value` fits the annotation `type_`, recursively.

    Checks pydantic models field by field (extra fields are ignored), `List`, `Dict`,
    `Optional`/`Union` (some member fits), `Literal`, `Annotated`, primitives (a `bool` is
    not an `int`; an `int` is a `float`), `datetime`/`date`, and generic classes such as
    pages and `Stream` by their origin class.

    Args:
        type_: The annotation, as written in the SDK (`List[ChatCompletion]`, `Optional[str]`).
        value: The value the SDK returned.
        path: Where `value` sits, for the failure message (`["response"]`).
        allow_invalid: Accept a model field that does not fit when the SDK's lenient parser
            flagged it invalid (`json_fields`): for servers whose example answers break the schema.

    Raises:
        AssertionError: A value does not fit; the message names its path.
    """
    where = ".".join(str(part) for part in path)
    if isinstance(type_, TypeAliasType):
        assert_matches_type(type_.__value__, value, path=path, allow_invalid=allow_invalid)
        return
    if isinstance(type_, typing.ForwardRef):
        raise AssertionError(f"{where}: unresolved forward reference {type_!r}")
    if type_ is Any or type_ is object:
        return
    if type_ is None or type_ is type(None):
        assert value is None, f"{where}: expected None, got {value!r}"
        return
    origin = get_origin(type_)
    if origin is Annotated:
        assert_matches_type(get_args(type_)[0], value, path=path, allow_invalid=allow_invalid)
        return
    if origin is Literal:
        assert value in get_args(type_), f"{where}: {value!r} is not one of {get_args(type_)!r}"
        return
    if origin in _UNION_ORIGINS:
        _assert_union(get_args(type_), value, path, allow_invalid)
        return
    if origin in _LIST_ORIGINS:
        assert isinstance(value, list), f"{where}: expected a list, got {type(value).__name__}"
        (item_type,) = get_args(type_) or (Any,)
        for index, item in enumerate(cast("List[object]", value)):  # a list of anything, checked item by item
            assert_matches_type(item_type, item, path=[*path, str(index)], allow_invalid=allow_invalid)
        return
    if origin in _DICT_ORIGINS:
        assert isinstance(value, dict), f"{where}: expected a dict, got {type(value).__name__}"
        _, value_type = get_args(type_) or (Any, Any)
        for key, item in cast("Dict[object, object]", value).items():  # any dict, checked value by value
            assert_matches_type(value_type, item, path=[*path, str(key)], allow_invalid=allow_invalid)
        return
    if inspect.isclass(type_) and issubclass(type_, pydantic.BaseModel):
        _assert_model(type_, value, path, allow_invalid)
        return
    if origin is not None and inspect.isclass(origin):
        # A parametrised generic class that is not a model (`Stream[Chunk]`): its class is what is checked.
        assert isinstance(value, origin), f"{where}: expected {origin.__name__}, got {type(value).__name__}"
        return
    _assert_plain(type_, value, where)


def _assert_union(members: Sequence[Any], value: object, path: Sequence[str], allow_invalid: bool) -> None:
    failures: List[str] = []
    for member in members:
        try:
            assert_matches_type(member, value, path=path, allow_invalid=allow_invalid)
        except AssertionError as exc:
            failures.append(str(exc))
        else:
            return
    where = ".".join(path)
    raise AssertionError(f"{where}: {value!r} fits no member of the union:\n  " + "\n  ".join(failures))


def _assert_model(type_: type[pydantic.BaseModel], value: object, path: Sequence[str], allow_invalid: bool) -> None:
    where = ".".join(path)
    # A parametrised generic model (`SyncCursorPage[Pet]`) is checked against its origin class.
    origin: object = type_.__pydantic_generic_metadata__["origin"]
    cls = origin if isinstance(origin, type) else type_
    assert isinstance(value, cls), f"{where}: expected {type_.__name__}, got {type(value).__name__}"
    assert isinstance(value, pydantic.BaseModel)
    if not type_.__pydantic_complete__:
        type_.model_rebuild()
    flagged: frozenset[str] = invalid_fields(value) if allow_invalid else frozenset()
    for name, field in type_.model_fields.items():
        if name in flagged:
            continue
        if name not in value.__dict__:
            # Omitted by the server: only a field with a default may be missing.
            assert not field.is_required(), f"{where}.{name}: required field is missing"
            continue
        assert_matches_type(field.annotation, value.__dict__[name], path=[*path, name], allow_invalid=allow_invalid)


def _assert_plain(type_: Any, value: object, where: str) -> None:
    if type_ is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif type_ is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif type_ is datetime.datetime or type_ is datetime.date or inspect.isclass(type_):
        ok = isinstance(value, type_)
    else:
        raise AssertionError(f"{where}: cannot check against annotation {type_!r}")
    name = getattr(type_, "__name__", repr(type_))
    assert ok, f"{where}: expected {name}, got {type(value).__name__} {value!r}"


class RequestRecorder:
    """An `httpx.MockTransport` handler that records every request and answers with a fixed body.

    ```py
    recorder = RequestRecorder(json_body={})
    client = Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), ...)
    ```
    """

    def __init__(self, *, content: bytes = b"{}", content_type: str = "application/json") -> None:
        self.requests: List[httpx.Request] = []
        self._content = content
        self._content_type = content_type

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        # A stream, not `content=`: a body given as bytes arrives already read (and closed).
        stream = httpx.ByteStream(self._content)
        return httpx.Response(200, stream=stream, headers={"content-type": self._content_type})

    @property
    def last(self) -> httpx.Request:
        """The last request sent (fails when none was)."""
        assert self.requests, "no request was sent"
        return self.requests[-1]

    def json_body(self) -> Any:
        """The last request's body, decoded as JSON."""
        return json.loads(self.last.content)


def multipart_fields(request: httpx.Request) -> Dict[str, List[bytes]]:
    """The parts of a `multipart/form-data` request: field name -> the raw value of each part."""
    content_type = request.headers.get("content-type", "")
    assert content_type.startswith("multipart/form-data"), f"not multipart: {content_type!r}"
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    fields: Dict[str, List[bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes), f"malformed part: {part!r}"
        fields.setdefault(name, []).append(payload)
    return fields
