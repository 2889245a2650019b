"""Emitters write only imports they use, for any spec: checked with ruff (F401) on the raw,
unformatted output of standalone projects generated from the corpus specs with no config."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sdkforge.format import find_ruff
from sdkforge.pipeline import generate

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "spec" / "corpus"


@pytest.mark.parametrize("spec", ["petstore.yaml", "twilio_api_v2010.yaml"])
def test_a_standalone_project_imports_nothing_it_does_not_use(spec: str, tmp_path: Path) -> None:
    generation = generate(CORPUS / spec, None, "examplesdk")
    assert not generation.diagnostics.has_errors, generation.diagnostics.render()
    for item in generation.files:
        if item.path.endswith(".py"):
            target = tmp_path / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")
    command = [find_ruff(), "check", "--isolated", "--no-cache", "--select", "F401", "--output-format", "concise", "."]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[:20] == ["All checks passed!"]
