"""Alias resources (`beta.chat: {alias_of: chat}`): an accessor on the parent that returns
another resource's classes, in every class flavour; and the config checks around them."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.api_md import emit_api_md
from sdkforge.emit.resources import emit_resources
from sdkforge.ir.build import build_api
from sdkforge.ir.nodes import Api
from sdkforge.loader import load_spec
from sdkforge.naming import build_names
from sdkforge.resolver import resolve

SPEC = """\
openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /notes:
    get:
      operationId: listNotes
      responses:
        "200":
          content:
            application/json:
              schema: {type: string}
"""

CONFIG = """\
package: pkg
header: "# generated"
resources:
  lab:
    methods: {}
  lab.notes: {alias_of: notes}
  notes:
    methods:
      list: {operation: listNotes}
"""


def _build(tmp_path: Path, config_text: str = CONFIG) -> Tuple[Api, Dict[str, str]]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = parse_config(config_text)
    resolved = resolve(load_spec(spec))
    api = build_api(resolved, config)
    assert not resolved.diagnostics.has_errors
    names = build_names(api, config)
    files = [*emit_resources(api, names, config), emit_api_md(api, names, config)]
    return api, {f.path: f.text for f in files}


def test_alias_is_an_accessor_on_its_parent_not_a_resource(tmp_path: Path) -> None:
    api, files = _build(tmp_path)
    lab, notes = api.resources
    assert lab.path == ("lab",) and lab.children == () and lab.aliases == (("notes", ("notes",)),)
    assert notes.path == ("notes",)
    assert "src/pkg/resources/lab/notes.py" not in files


def test_alias_accessors_return_the_target_classes_in_every_flavour(tmp_path: Path) -> None:
    _, files = _build(tmp_path)
    source = files["src/pkg/resources/lab.py"]
    assert "from .notes import " in source
    assert "    def notes(self) -> Notes:\n" in source
    assert "        return Notes(self._client)" in source
    assert "    def notes(self) -> AsyncNotes:\n" in source
    assert "        return NotesWithRawResponse(self._lab.notes)" in source
    assert "        return AsyncNotesWithStreamingResponse(self._lab.notes)" in source


def test_api_md_names_the_alias_and_its_target(tmp_path: Path) -> None:
    _, files = _build(tmp_path)
    assert "`client.lab.notes` is `client.notes` under a second name: the same methods." in files["api.md"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (CONFIG.replace("alias_of: notes", "alias_of: nowhere"), "`alias_of: nowhere` names no resource"),
        (
            CONFIG.replace("lab.notes: {alias_of: notes}", "lab.notes: {alias_of: notes, description: x}"),
            "has no `methods`, `extends` or `description`",
        ),
        (CONFIG.replace("lab.notes: {alias_of: notes}", "notes2: {alias_of: notes}"), "needs a parent resource"),
        (CONFIG.replace("alias_of: notes}", "alias_of: lab}"), "would make `lab.notes` contain itself"),
        (
            CONFIG + "  lab.more: {alias_of: lab.notes}\n",
            "`alias_of: lab.notes` names another alias",
        ),
        (CONFIG + "  lab.notes.deeper:\n    methods: {}\n", "cannot have sub-resources"),
        (
            CONFIG.replace("  lab:\n    methods: {}", "  lab:\n    methods:\n      notes: {operation: listNotes}"),
            "`lab` already has a method `notes`",
        ),
    ],
)
def test_bad_alias_is_a_config_error_at_its_path(config: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(config)
    issues: List[str] = [f"{issue.path}: {issue.message}" for issue in info.value.issues]
    assert any(message in issue and ".alias_of" in issue for issue in issues), issues
