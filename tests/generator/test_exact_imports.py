"""Emitters write exactly the imports they use, for any spec: checked with ruff on the raw,
unformatted output of standalone projects generated from the corpus specs with no config (no
unused import, F401; no name printed without its import, F821)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sdkforge.format import find_ruff
from sdkforge.pipeline import generate

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "spec" / "corpus"


@pytest.mark.parametrize("spec", ["petstore.yaml", "twilio_api_v2010.yaml"])
def test_a_standalone_project_imports_exactly_what_it_uses(spec: str, tmp_path: Path) -> None:
    generation = generate(CORPUS / spec, None, "examplesdk")
    assert not generation.diagnostics.has_errors, generation.diagnostics.render()
    for item in generation.files:
        if item.path.endswith(".py"):
            target = tmp_path / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.text, encoding="utf-8")
    rules = ["--select", "F401,F821", "--output-format", "concise"]
    command = [find_ruff(), "check", "--isolated", "--no-cache", *rules, "."]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[:20] == ["All checks passed!"]
