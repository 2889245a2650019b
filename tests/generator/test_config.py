"""Tests for `sdkforge.config`: strict validation with errors naming the YAML path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkforge.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]

MINIMAL = """\
package: pkg
header: "# generated"
pagination:
  cursor: {sync: SyncCursorPage, async: AsyncCursorPage, request: [after], response: [data, has_more]}
resources:
  pets:
    methods:
      list: {operation: listPets, page: cursor, returns: Pet}
"""


def test_minimal_config_loads_with_async_alias() -> None:
    config = parse_config(MINIMAL)
    assert config.pagination["cursor"].async_ == "AsyncCursorPage"
    assert config.pagination["cursor"].request == ("after",)
    assert config.resources["pets"].methods["list"].page == "cursor"
    assert config.client.mixin == "ClientResources"


def test_unknown_page_style_names_the_yaml_path_and_line() -> None:
    text = MINIMAL.replace("page: cursor", "page: offset")
    with pytest.raises(ConfigError) as info:
        parse_config(text, "sdkforge.yml")
    (issue,) = info.value.issues
    assert issue.path == "resources.pets.methods.list.page"
    assert issue.line == 8
    assert "offset" in issue.message
    assert "sdkforge.yml:8: resources.pets.methods.list.page" in str(info.value)


def test_wrong_type_names_the_yaml_path() -> None:
    text = MINIMAL.replace("returns: Pet", "returns: 3")
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert [issue.path for issue in info.value.issues] == ["resources.pets.methods.list.returns"]


def test_unknown_key_is_rejected() -> None:
    text = MINIMAL.replace("returns: Pet", "returns: Pet, pagee: cursor")
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert info.value.issues[0].path == "resources.pets.methods.list.pagee"


def test_method_name_must_be_an_identifier() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL.replace("      list:", "      list-all:"))
    assert info.value.issues[0].path == "resources.pets.methods"
    assert "list-all" in info.value.issues[0].message


def test_header_must_be_one_comment_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL.replace('header: "# generated"', "header: generated"))
    assert info.value.issues[0].path == "header"
    assert info.value.issues[0].line == 2


def test_malformed_yaml_reports_its_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("package: pkg\nheader: [unclosed\n")
    assert info.value.issues[0].line is not None
    assert "invalid YAML" in info.value.issues[0].message


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.yml")
    assert "cannot read" in info.value.issues[0].message


def test_repo_config_maps_every_operation_once() -> None:
    config = load_config(ROOT / "sdkforge.yml")
    bindings = config.methods_by_operation()
    assert len(bindings) == 288
    # Each operation has one primary method; the official aliases add a second, deprecated one.
    primaries = {op: [m for m in methods if m[2].alias_of is None] for op, methods in bindings.items()}
    assert all(len(methods) == 1 for methods in primaries.values())
    aliases = sorted((path, name, m.alias_of) for ms in bindings.values() for path, name, m in ms if m.alias_of)
    assert aliases == [
        ("files", "retrieve_content", "content"),
        ("fine_tuning.checkpoints.permissions", "retrieve", "list"),
    ]
    assert config.resources["files"].methods["content"].response == "binary"
    assert config.resources["chat.completions"].extends is None
    chat = config.resources["chat.completions"].methods["create"]
    assert sorted(chat.helpers) == ["parse", "stream"]
    assert chat.helpers["parse"].implementation.sync == "oai.lib.chat_completions:parse"
    assert chat.stream_chunk == "ChatCompletionChunk"
    assert sum(1 for r in config.resources.values() for m in r.methods.values() if m.stream_chunk) == 13
    assert sum(1 for r in config.resources.values() for m in r.methods.values() if m.stream_schema) == 6
