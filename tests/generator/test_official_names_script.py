"""scripts/official_names.py proposes `inline: true` for named types that the official SDK writes inline."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Dict

from sdkforge.config import TypeConfig

SPECS = Path(__file__).parent / "specs"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "official_names.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("official_names", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["official_names"] = module
    spec.loader.exec_module(module)
    return module


def test_proposes_inline_for_a_named_type_the_reference_names_inline(tmp_path: Path) -> None:
    script = _script()
    api, config = script.load(SPECS / "nested_names.yaml", SPECS / "nested_names.sdkforge.yml")
    entry = TypeConfig(name="CompletionModeration", package="nestsdk.types")
    config = config.model_copy(update={"types": {**config.types, "CompletionModeration": entry}})
    reference = tmp_path / "surface.json"
    modules: Dict[str, Dict[str, object]] = {
        "oai.types.completion": {"Completion": {}, "ChoiceModerationInput": {}},
        "oai.types.tool": {"Mcp": {}},
    }
    reference.write_text(json.dumps({"type_modules": modules}))

    chosen, before, after = script.propose(api, config, script.official_pairs(reference, "nestsdk"))

    assert chosen == {"CompletionModeration": {"nestsdk.types.completion.ChoiceModerationInput"}}
    assert (before, after) == (1, 0)  # `Mcp` is there already: `McpTool` is not named
