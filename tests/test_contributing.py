"""CONTRIBUTING.md's commands exist, and `scripts/update-golden` refreshes the golden files."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "generator" / "golden"


def test_every_script_named_in_contributing_exists() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = sorted(set(re.findall(r"`(scripts/[\w./-]+)", text)))
    assert "scripts/update-golden" in named
    # Shell entry points run as commands; `.py` helpers run with the venv's python.
    missing = [name for name in named if not (ROOT / name).is_file()]
    not_executable = [name for name in named if not name.endswith(".py") and not os.access(ROOT / name, os.X_OK)]
    assert (missing, not_executable) == ([], [])


def test_update_golden_rewrites_a_stale_golden_file(tmp_path: Path) -> None:
    shutil.copytree(GOLDEN, tmp_path / "golden")
    stale = tmp_path / "golden" / "petstore" / "api.md"
    stale.write_text("stale\n", encoding="utf-8")
    result = subprocess.run(
        [str(ROOT / "scripts" / "update-golden")],
        env={**os.environ, "SDKFORGE_GOLDEN_DIR": str(tmp_path / "golden")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    comparison = filecmp.dircmp(GOLDEN, tmp_path / "golden")
    assert stale.read_text(encoding="utf-8") == (GOLDEN / "petstore" / "api.md").read_text(encoding="utf-8")
    assert comparison.diff_files == []
