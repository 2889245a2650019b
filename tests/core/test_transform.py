"""Tests for `oai._transform.transform`: omit, null, override, aliases, formats and checks."""

from __future__ import annotations

import base64
import importlib.util
import sys
import threading
from datetime import date, datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

import pydantic
import pytest
from typing_extensions import Annotated, Literal, Required, TypedDict

from oai import _transform
from oai._params import PropertyInfo
from oai._transform import transform
from oai._types import omit, override


def _load_fixture_module() -> ModuleType:
    # Loaded by path so the test works whether or not tests/ is a package.
    name = "transform_fixture_params"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fixture = _load_fixture_module()


class ImageURL(TypedDict, total=False):
    url: Required[str]
    detail: Literal["auto", "low", "high"]


class TextPart(TypedDict, total=False):
    type: Required[Literal["text"]]
    text: Required[str]


class ImagePart(TypedDict, total=False):
    type: Required[Literal["image_url"]]
    image_url: Required[ImageURL]


class UserMessage(TypedDict, total=False):
    role: Required[Literal["user"]]
    content: Required[Union[str, Iterable[Union[TextPart, ImagePart]]]]
    name: str


class SystemMessage(TypedDict, total=False):
    role: Required[Literal["system"]]
    content: Required[str]


class ChatParams(TypedDict, total=False):
    messages: Required[Iterable[Union[UserMessage, SystemMessage]]]
    model: Required[Union[str, Literal["gpt-4o", "gpt-4o-mini"]]]
    temperature: Optional[float]
    max_tokens: Optional[int]
    stream: Optional[bool]
    stop: Union[Optional[str], List[str]]
    metadata: Optional[Dict[str, str]]
    response_format: Literal["text", "json_object"]
    extra: Dict[str, Any]


class FormatParams(TypedDict, total=False):
    created_after: Annotated[datetime, PropertyInfo(format="iso8601")]
    day: Annotated[date, PropertyInfo(format="iso8601")]
    stamp: Annotated[datetime, PropertyInfo(format="custom", format_template="%Y/%m/%d")]
    blob: Annotated[bytes, PropertyInfo(format="base64")]
    plain_when: datetime
    when_list: List[Annotated[datetime, PropertyInfo(format="iso8601")]]


class AliasParams(TypedDict, total=False):
    api_version: Required[Annotated[str, PropertyInfo(alias="api-version")]]
    inner: Annotated[Optional[AliasParams], PropertyInfo(alias="the-inner")]


class Settings(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)

    schema_: str = pydantic.Field(alias="schema")
    strict: bool = False


class ModelParams(TypedDict, total=False):
    settings: Dict[str, object]
    anything: Any


# --- omit / null / override ---------------------------------------------------------------


def test_omit_top_level_key_is_dropped() -> None:
    body: Dict[str, object] = {"messages": [], "model": "gpt-4o", "temperature": omit, "max_tokens": omit}
    assert transform(body, ChatParams) == {"messages": [], "model": "gpt-4o"}


def test_omit_inside_typed_dict_inside_list_is_dropped() -> None:
    body = {"messages": [{"role": "user", "content": "hi", "name": omit}], "model": "m"}
    assert transform(body, ChatParams) == {"messages": [{"role": "user", "content": "hi"}], "model": "m"}


def test_omit_deep_in_undeclared_data_is_dropped() -> None:
    body: Dict[str, object] = {"model": "m", "messages": [], "surprise": {"a": [{"b": omit, "c": 1}, omit], "d": omit}}
    assert transform(body, ChatParams)["surprise"] == {"a": [{"c": 1}]}


def test_omit_in_free_form_dict_value_is_dropped() -> None:
    body: Dict[str, object] = {"model": "m", "messages": [], "extra": {"keep": 1, "drop": omit, "deep": {"x": omit}}}
    assert transform(body, ChatParams)["extra"] == {"keep": 1, "deep": {}}


def test_none_is_kept_as_null() -> None:
    body: dict[str, object] = {"messages": [], "model": "m", "temperature": None, "metadata": None}
    assert transform(body, ChatParams) == {"messages": [], "model": "m", "temperature": None, "metadata": None}


def test_override_top_level_value_is_sent_verbatim_and_unchecked() -> None:
    body: Dict[str, object] = {"messages": [], "model": override(123), "temperature": override("warm")}
    assert transform(body, ChatParams) == {"messages": [], "model": 123, "temperature": "warm"}


def test_override_nested_value_is_unwrapped() -> None:
    body = {"messages": [{"role": override("developer"), "content": "x"}], "model": "m"}
    assert transform(body, ChatParams)["messages"] == [{"role": "developer", "content": "x"}]


def test_override_of_whole_dict_is_not_transformed_further() -> None:
    raw = {"role": "user", "content": 5, "weird": [1, 2]}
    body = {"messages": [override(raw)], "model": "m"}
    assert transform(body, ChatParams)["messages"] == [raw]


def test_override_of_whole_list_replaces_invalid_type() -> None:
    body = {"messages": override("not a list"), "model": "m"}
    assert transform(body, ChatParams)["messages"] == "not a list"


def test_override_of_whole_body_returns_its_value() -> None:
    assert transform(override([1, 2]), ChatParams) == [1, 2]


def test_override_inside_undeclared_data_is_unwrapped() -> None:
    body: Dict[str, object] = {"model": "m", "messages": [], "x": {"y": [override({"z": 1})]}}
    assert transform(body, ChatParams)["x"] == {"y": [{"z": 1}]}


def test_input_is_not_mutated() -> None:
    message = {"role": "user", "content": "hi", "name": omit}
    body = {"messages": [message], "model": "m", "temperature": omit}
    transform(body, ChatParams)
    assert body["temperature"] is omit and message["name"] is omit


# --- aliases, formats, conversions --------------------------------------------------------


def test_alias_renames_key_at_top_level_and_nested() -> None:
    body = {"api_version": "1", "inner": {"api_version": "2", "inner": None}}
    assert transform(body, AliasParams) == {"api-version": "1", "the-inner": {"api-version": "2", "the-inner": None}}


def test_alias_from_fixture_module_with_postponed_annotations() -> None:
    body = {"name": "n", "attachments": [{"kind": "file", "file_id": "f1"}]}
    assert transform(body, fixture.CreateParams) == {"name": "n", "attachments": [{"kind": "file", "file-id": "f1"}]}


def test_iso8601_format_converts_datetime_and_date() -> None:
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    out = transform({"created_after": when, "day": date(2024, 1, 2)}, FormatParams)
    assert out == {"created_after": "2024-05-06T07:08:09+00:00", "day": "2024-01-02"}


def test_iso8601_format_applies_to_list_items() -> None:
    out = transform({"when_list": [datetime(2024, 1, 1), datetime(2024, 1, 2)]}, FormatParams)
    assert out == {"when_list": ["2024-01-01T00:00:00", "2024-01-02T00:00:00"]}


def test_custom_format_uses_template() -> None:
    assert transform({"stamp": datetime(2024, 3, 4)}, FormatParams) == {"stamp": "2024/03/04"}


def test_undeclared_format_datetime_still_becomes_iso_text() -> None:
    assert transform({"plain_when": datetime(2024, 3, 4, 5)}, FormatParams) == {"plain_when": "2024-03-04T05:00:00"}


def test_base64_format_encodes_bytes() -> None:
    assert transform({"blob": b"\x00\xffhello"}, FormatParams) == {"blob": base64.b64encode(b"\x00\xffhello").decode()}


def test_postponed_annotation_datetime_format_resolves() -> None:
    out = transform({"name": "n", "expires_at": datetime(2030, 1, 1)}, fixture.CreateParams)
    assert out == {"name": "n", "expires_at": "2030-01-01T00:00:00"}


def test_pydantic_model_is_dumped_by_alias_without_unset_fields() -> None:
    body = {"settings": Settings(schema="s"), "anything": [Settings(schema="t", strict=True)]}
    assert transform(body, ModelParams) == {"settings": {"schema": "s"}, "anything": [{"schema": "t", "strict": True}]}


def test_pydantic_model_given_for_typed_dict_is_dumped() -> None:
    class Inner(pydantic.BaseModel):
        url: str

    out = transform({"role": "user", "content": [{"type": "image_url", "image_url": Inner(url="u")}]}, UserMessage)
    assert out["content"] == [{"type": "image_url", "image_url": {"url": "u"}}]


def test_generator_given_for_iterable_becomes_list() -> None:
    def messages() -> Iterator[dict[str, object]]:
        yield {"role": "user", "content": "a"}
        yield {"role": "system", "content": "b"}

    out = transform({"messages": messages(), "model": "m"}, ChatParams)
    assert out["messages"] == [{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]


def test_tuple_given_for_iterable_becomes_list() -> None:
    out = transform({"messages": ({"role": "user", "content": "a"},), "model": "m", "stop": ("x", "y")}, ChatParams)
    assert out["messages"] == [{"role": "user", "content": "a"}] and out["stop"] == ["x", "y"]


def test_undeclared_keys_pass_through() -> None:
    body: Dict[str, object] = {"messages": [], "model": "m", "vendor_flag": True, "nested": {"a": [1, "b"]}}
    assert transform(body, ChatParams) == body


def test_file_values_pass_through_unchanged() -> None:
    content = b"data"
    file_tuple = ("a.txt", content, "text/plain")
    out = transform({"file": file_tuple, "files": [content, file_tuple]}, Dict[str, object])
    assert out["file"] is file_tuple and out["files"][0] is content and out["files"][1] is file_tuple


def test_file_tuples_in_declared_iterable_pass_through_unchanged() -> None:
    class UploadParams(TypedDict, total=False):
        image: Union[bytes, Iterable[Any]]

    first = ("a.png", b"png", "image/png")
    assert transform({"image": [first]}, UploadParams)["image"][0] is first


def test_plain_data_without_types_is_returned_equal() -> None:
    body = {"a": 1, "b": [1.5, None, "x", {"c": False}]}
    assert transform(body, object) == body


def test_recursive_typed_dict_compiles_and_transforms() -> None:
    tree = {"label": "root", "children": ({"label": "a", "children": [{"label": "b", "children": omit}]},)}
    assert transform({"name": "n", "tree": tree}, fixture.CreateParams)["tree"] == {
        "label": "root",
        "children": [{"label": "a", "children": [{"label": "b"}]}],
    }


def test_recursive_typed_dict_checks_nested_values() -> None:
    with pytest.raises(TypeError, match=r"`tree.children\[0\].children\[1\].label` must be a string, got int"):
        transform(
            {
                "name": "n",
                "tree": {"label": "r", "children": [{"label": "a", "children": [{"label": "b"}, {"label": 3}]}]},
            },
            fixture.CreateParams,
        )


def test_union_with_str_accepts_unknown_literal() -> None:
    assert transform({"model": "my-model", "messages": []}, ChatParams)["model"] == "my-model"


def test_plan_is_compiled_once_per_type(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fresh(TypedDict, total=False):
        a: int

    calls: list[type] = []
    original = _transform.key_hints

    def counting(cls: type) -> Any:
        calls.append(cls)
        return original(cls)

    monkeypatch.setattr(_transform, "key_hints", counting)
    assert transform({"a": 1}, Fresh) == {"a": 1}
    assert transform({"a": 2}, Fresh) == {"a": 2}
    assert calls == [Fresh]
    assert _transform._plan(Fresh) is _transform._plan(Fresh)


def test_local_typed_dict_with_unresolvable_name_accepts_anything_for_that_key() -> None:
    # `Missing` does not exist anywhere: the key falls back to "accept anything".
    namespace: dict[str, Any] = {}
    exec(  # noqa: S102  # build a class whose string annotation cannot be resolved
        "from typing_extensions import TypedDict\nclass Broken(TypedDict, total=False):\n    a: 'Missing'\n    b: 'int'\n",
        namespace,
    )
    broken = namespace["Broken"]
    assert transform({"a": {"x": omit}, "b": 1}, broken) == {"a": {}, "b": 1}
    with pytest.raises(TypeError, match="`b` must be an integer, got str"):
        transform({"a": 1, "b": "x"}, broken)


# --- type checks name the path ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"messages": "hello", "model": "m"}, "`messages` must be an iterable of dicts, got str"),
        ({"messages": b"hello", "model": "m"}, "`messages` must be an iterable of dicts, got bytes"),
        ({"messages": {"role": "user"}, "model": "m"}, "`messages` must be an iterable of dicts, got dict"),
        ({"messages": 5, "model": "m"}, "`messages` must be an iterable of dicts, got int"),
        ({"messages": ["hi"], "model": "m"}, "`messages[0]` must be a dict, got str"),
        (
            {"messages": [{"role": "user", "content": "a"}, {"role": "admin", "content": "b"}], "model": "m"},
            "`messages[1].role` must be one of 'user', 'system', got 'admin'",
        ),
        (
            {"messages": [{"role": "user", "content": 5}], "model": "m"},
            "`messages[0].content` must be a string or an iterable of dicts, got int",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": 1}}]}], "model": "m"},
            r"`messages[0].content[0].image_url.url` must be a string, got int",
        ),
        ({"messages": [], "model": 5}, "`model` must be a string, got int"),
        ({"messages": [], "model": "m", "max_tokens": 1.5}, "`max_tokens` must be an integer or None, got float"),
        ({"messages": [], "model": "m", "max_tokens": True}, "`max_tokens` must be an integer or None, got bool"),
        ({"messages": [], "model": "m", "temperature": "hot"}, "`temperature` must be a number or None, got str"),
        ({"messages": [], "model": "m", "temperature": False}, "`temperature` must be a number or None, got bool"),
        ({"messages": [], "model": "m", "stream": 1}, "`stream` must be a boolean or None, got int"),
        (
            {"messages": [], "model": "m", "response_format": "xml"},
            "`response_format` must be one of 'text', 'json_object', got 'xml'",
        ),
        ({"messages": [], "model": "m", "metadata": ["a"]}, "`metadata` must be a dict or None, got list"),
        ({"messages": [], "model": "m", "metadata": {"k": 1}}, "`metadata.k` must be a string, got int"),
        ({"messages": [], "model": "m", "stop": [1]}, "`stop[0]` must be a string, got int"),
    ],
)
def test_invalid_value_raises_type_error_naming_the_path(body: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError) as info:
        transform(body, ChatParams)
    assert str(info.value) == message


def test_typed_dict_given_a_non_mapping_raises() -> None:
    with pytest.raises(TypeError, match=r"`attachments\[0\]` must be a dict, got list"):
        transform({"name": "n", "attachments": [["kind", "file"]]}, fixture.CreateParams)


def test_whole_body_not_a_mapping_raises() -> None:
    with pytest.raises(TypeError, match="Expected a dict, got str"):
        transform("body", ChatParams)


def test_float_accepts_int() -> None:
    assert transform({"messages": [], "model": "m", "temperature": 1}, ChatParams)["temperature"] == 1


def test_bool_where_declared_is_accepted() -> None:
    assert transform({"messages": [], "model": "m", "stream": False}, ChatParams)["stream"] is False


def test_free_form_annotations_accept_anything() -> None:
    body = {"extra": {"a": object}, "anything": 3}
    assert transform({"messages": [], "model": "m", **body}, ChatParams)["extra"] == {"a": object}


# --- Keys compiled on first use -------------------------------------------------------------


class _LazyInner(TypedDict, total=False):
    size: Required[int]


class _LazyOuter(TypedDict, total=False):
    kind: Required[Literal["outer"]]
    name: str
    inner: _LazyInner
    many: Iterable[_LazyInner]


def test_a_declared_key_is_compiled_when_a_value_for_it_first_comes() -> None:
    assert transform({"kind": "outer", "name": "a"}, _LazyOuter) == {"kind": "outer", "name": "a"}
    node: Any = _transform._plan(_LazyOuter)  # pyright: ignore[reportPrivateUsage]
    # The literal tag is compiled with its TypedDict (unions dispatch on it); `name` was sent;
    # the nested TypedDict of keys never sent is not compiled at all.
    assert set(node.fields) == {"kind", "name"} and set(node.uncompiled) == {"inner", "many"}
    assert _LazyInner not in _transform._CACHE  # pyright: ignore[reportPrivateUsage]
    # A later call sending them checks them as before, with the key path in the message.
    assert transform({"kind": "outer", "inner": {"size": 2}}, _LazyOuter) == {"kind": "outer", "inner": {"size": 2}}
    with pytest.raises(TypeError, match=r"`many\[1\]\.size` must be an integer, got str"):
        transform({"kind": "outer", "many": [{"size": 1}, {"size": "x"}]}, _LazyOuter)
    with pytest.raises(TypeError, match=r"`kind` must be 'outer', got 'inner'"):
        transform({"kind": "inner"}, _LazyOuter)
    assert not node.uncompiled and _LazyInner in _transform._CACHE  # pyright: ignore[reportPrivateUsage]


def test_threads_compiling_the_same_keys_at_once_agree() -> None:
    class Fresh(TypedDict, total=False):
        a: List[_LazyInner]
        b: Optional[int]

    results: list[object] = []
    barrier = threading.Barrier(8)

    def run() -> None:
        barrier.wait()
        results.append(transform({"a": [{"size": 1}], "b": None}, Fresh))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"a": [{"size": 1}], "b": None}] * 8
