"""Tests for docstring layout (`wrap_text`, `docstring_lines`) and for spec links made absolute with `docs_base_url`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.code import CodeWriter, docstring_lines, wrap_text
from sdkforge.ir.build import absolute_links, build_api
from sdkforge.ir.nodes import Api, ObjectSchema
from sdkforge.loader import load_spec
from sdkforge.resolver import resolve


def test_hard_wrapped_paragraph_lines_are_joined_then_rewrapped() -> None:
    text = "The quick brown\nfox jumps over\nthe lazy dog."
    assert wrap_text(text, 100) == ["The quick brown fox jumps over the lazy dog."]
    assert wrap_text(text, 20) == ["The quick brown fox", "jumps over the lazy", "dog."]


def test_paragraphs_stay_apart_and_runs_of_blank_lines_become_one() -> None:
    assert wrap_text("First\nline.\n\n\n\nSecond\nline.", 80) == ["First line.", "", "Second line."]


def test_runs_of_spaces_inside_a_paragraph_collapse() -> None:
    assert wrap_text("requests and  to help", 80) == ["requests and to help"]


def test_list_items_stay_items_and_their_wrapped_lines_hang_under_the_text() -> None:
    text = "Options:\n- `a`: the first\n  option, joined.\n- `b`: the second\n10. numbered item"
    assert wrap_text(text, 80) == [
        "Options:",
        "- `a`: the first option, joined.",
        "- `b`: the second",
        "10. numbered item",
    ]
    assert wrap_text("- one two three four", 10) == ["- one two", "  three", "  four"]


def test_nested_list_items_keep_their_indentation() -> None:
    assert wrap_text("- outer\n  - inner one\n    continued", 80) == ["- outer", "  - inner one continued"]


def test_code_fence_is_kept_line_for_line_however_long() -> None:
    code = 'client.files.create(file=open("data.jsonl", "rb"), purpose="fine-tune")  # a long line'
    text = f"Example:\n\n```python\n{code}\nx = 1\n\n    y = 2\n```\nafter\nfence"
    assert wrap_text(text, 20) == ["Example:", "", "```python", code, "x = 1", "", "    y = 2", "```", "after fence"]


def test_table_rows_headings_and_rules_are_kept() -> None:
    text = "# Title\nintro\n| a | b |\n|---|---|\n| 1 | 2 |\n---\nend"
    assert wrap_text(text, 80) == ["# Title", "intro", "| a | b |", "|---|---|", "| 1 | 2 |", "---", "end"]


def test_indented_block_after_a_blank_line_is_kept_verbatim() -> None:
    text = 'Call it so:\n\n    {\n      "a": 1\n    }\n\ndone'
    assert wrap_text(text, 80) == ["Call it so:", "", "    {", '      "a": 1', "    }", "", "done"]


def test_a_markdown_link_is_never_split_across_lines() -> None:
    text = "See the [Structured Outputs guide](https://example.com/docs/guides/structured-outputs) for more."
    assert wrap_text(text, 30) == [
        "See the",
        "[Structured Outputs guide](https://example.com/docs/guides/structured-outputs)",
        "for more.",
    ]


@given(st.lists(st.sampled_from(["word", "a", "longer-word", "[two words](/x)", "\n", "\n\n", "- "]), max_size=60))
def test_wrapped_prose_lines_fit_the_width_unless_one_unbreakable_word(parts: list[str]) -> None:
    text = " ".join(parts)
    for line in wrap_text(text, 24):
        assert line == line.rstrip()
        if len(line) > 24:
            body = line.lstrip(" -")
            assert " " not in body.replace("[two words]", "[two_words]"), line


def test_docstring_escapes_backslashes_and_triple_quotes_so_the_text_survives() -> None:
    description = 'Use a regex like `\\d+` and never write """ in a docstring.'
    w = CodeWriter()
    with w.block("def f() -> None:"):
        w.docstring(docstring_lines(description))
    namespace: dict[str, object] = {}
    exec(compile(w.render(), "<generated>", "exec"), namespace)  # noqa: S102  # our own emitted text must parse back
    assert namespace["f"].__doc__ == description


def test_docstring_args_hang_continuation_lines_and_rewrap_each_argument() -> None:
    lines = docstring_lines(
        "Create a thing.",
        [("name", "The name of\nthe thing, hard wrapped."), ("mode", "One of:\n- `fast`\n- `slow`"), ("empty", "")],
        width=40,
    )
    assert lines == [
        "Create a thing.",
        "",
        "Args:",
        "    name: The name of the thing,",
        "        hard wrapped.",
        "    mode: One of:",
        "        - `fast`",
        "        - `slow`",
    ]


def test_argument_starting_with_a_list_puts_the_list_under_the_name() -> None:
    assert docstring_lines(None, [("kind", "- `a`\n- `b`")]) == ["Args:", "    kind:", "        - `a`", "        - `b`"]


def test_absolute_links_rewrites_root_relative_links_only() -> None:
    text = "See [guide](/docs/guides/x), [api](/api/y), [site](https://a.b/c) and [cdn](//cdn.example/z)."
    assert absolute_links(text, "https://docs.example") == (
        "See [guide](https://docs.example/docs/guides/x), [api](https://docs.example/api/y),"
        " [site](https://a.b/c) and [cdn](//cdn.example/z)."
    )


SPEC = """\
openapi: 3.1.0
info: {title: Links, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      summary: List things, see [the guide](/docs/things).
      parameters:
        - {name: q, in: query, description: "A [query](/docs/query).", schema: {type: string}}
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      description: A thing ([about](/docs/thing)).
      properties:
        id: {type: string, description: "The [id](/docs/ids)."}
"""

CONFIG = """\
package: pkg
header: "# generated"
{extra}resources:
  things:
    methods:
      list: {{operation: listThings}}
"""


def _api(tmp_path: Path, extra: str = "") -> Api:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return build_api(resolve(load_spec(spec)), parse_config(CONFIG.format(extra=extra)))


def test_docs_base_url_makes_every_description_link_absolute_in_the_ir(tmp_path: Path) -> None:
    api = _api(tmp_path, "docs_base_url: https://docs.example/\n")
    operation = api.operations[0]
    assert operation.summary == "List things, see [the guide](https://docs.example/docs/things)."
    assert operation.query_params[0].description == "A [query](https://docs.example/docs/query)."
    thing = api.schema("Thing").schema
    assert isinstance(thing, ObjectSchema)
    assert thing.description == "A thing ([about](https://docs.example/docs/thing))."
    assert thing.properties[0].description == "The [id](https://docs.example/docs/ids)."
    # Methods carry the same (rewritten) operation.
    assert api.resources[0].methods[0].operation.summary == operation.summary


def test_without_docs_base_url_links_stay_as_in_the_spec(tmp_path: Path) -> None:
    api = _api(tmp_path)
    assert api.operations[0].summary == "List things, see [the guide](/docs/things)."


def test_docs_base_url_must_be_an_http_url() -> None:
    with pytest.raises(ConfigError, match="docs_base_url: 'platform/docs' is not an http"):
        parse_config(CONFIG.format(extra="docs_base_url: platform/docs\n"))


ROOT = Path(__file__).resolve().parents[2]


def test_generated_sdk_has_no_relative_doc_links_left() -> None:
    leftovers = [
        str(path.relative_to(ROOT))
        for base in ("src/oai/resources", "src/oai/types")
        for path in sorted((ROOT / base).rglob("*.py"))
        if "](/docs/" in path.read_text(encoding="utf-8")
    ]
    assert leftovers == []
