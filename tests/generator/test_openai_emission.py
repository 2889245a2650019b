"""Whole-spec checks of what sdkforge emits for the OpenAI spec: no parameter the spec types is left untyped.

These run the generator (without formatting or writing) on `../shared/spec/openai/openapi.yaml`
with the project's `sdkforge.yml`, so a regression in naming or annotation shows up here.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from sdkforge.emit.annotations import Annotator
from sdkforge.ir.nodes import ObjectSchema
from sdkforge.pipeline import Generation, generate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "spec" / "openai" / "openapi.yaml"

# (module being written, JSON pointer) of every inline object with properties written as a plain dict.
Untyped = List[Tuple[str, str]]


@pytest.fixture(scope="module")
def openai_generation() -> Tuple[Generation, Untyped]:
    untyped: Untyped = []
    original = Annotator._inline  # pyright: ignore[reportPrivateUsage]

    def recording(self: Annotator, schema: ObjectSchema) -> str:
        text = original(self, schema)
        if schema.properties and text.startswith("Dict["):
            untyped.append((self.module, schema.pointer))
        return text

    patch = pytest.MonkeyPatch()
    patch.setattr(Annotator, "_inline", recording)
    try:
        generation = generate(SPEC, ROOT / "sdkforge.yml")
    finally:
        patch.undo()
    assert not generation.diagnostics.has_errors, generation.diagnostics.render()
    return generation, untyped


def test_no_object_with_properties_is_written_as_a_plain_dict(openai_generation: Tuple[Generation, Untyped]) -> None:
    _, untyped = openai_generation
    assert sorted(set(untyped)) == []


def test_method_parameters_use_the_params_module_nested_typed_dicts(
    openai_generation: Tuple[Generation, Untyped],
) -> None:
    files = {item.path: item.text for item in openai_generation[0].files}
    completions = files["src/oai/resources/chat/completions/completions.py"]
    assert "web_search_options: completion_create_params.WebSearchOptions | Omit = omit" in completions
    assistants = files["src/oai/resources/beta/assistants.py"]
    assert "tool_resources: Optional[assistant_create_params.ToolResources] | Omit = omit" in assistants
    assert "tool_resources: Optional[assistant_update_params.ToolResources] | Omit = omit" in assistants
    runs = files["src/oai/resources/beta/threads/runs/runs.py"]
    assert "tool_outputs: Iterable[run_submit_tool_outputs_params.ToolOutput]" in runs
