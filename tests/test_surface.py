"""The drop-in surface, measured by the reference's own checker, never falls below its floor.

`../shared/reference/check_surface.py` compares `oai` with the official package's public
surface (methods with their parameters, type names at their modules, top-level names, models
stricter than official). `FLOOR` holds the best counts reached so far: raise it with every
improvement; a change that loses an official name, parameter or behaviour fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
CHECKER = REFERENCE / "check_surface.py"

# Counts of differences may only go down; counts of matches may only go up.
FLOOR = {
    "methods_matching": 640,
    "types_present": 4763,
    "top_level_present": 117,
}
CEILING = {
    "stricter_models": 0,
    "parameter_differences": 0,
    "deprecation_differences": 0,
    "kind_differences": 0,
}


@pytest.fixture(scope="module")
def surface(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    if not CHECKER.exists():
        pytest.fail(f"the reference checker is missing: {CHECKER}")
    out = tmp_path_factory.mktemp("surface") / "surface.json"
    proc = subprocess.run(
        [sys.executable, str(CHECKER), "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=600,
    )
    assert out.exists(), proc.stderr
    data: Dict[str, Any] = json.loads(out.read_text())
    data["summary"] = proc.stdout
    return data


def _counts(data: Dict[str, Any]) -> Dict[str, int]:
    official = json.loads((REFERENCE / "openai-python-surface.json").read_text())
    methods, types = data["methods"], data["types"]
    method_differences = sum(len(methods[k]) for k in ("missing", "params", "deprecated", "kind"))
    official_names = sum(len(names) for names in official["type_modules"].values())
    return {
        "methods_matching": len(official["methods"]) - method_differences,
        "types_present": official_names - len(types["missing_names"]),
        "top_level_present": len(official["top_level"]) - len(data["top_level_missing"]),
        "stricter_models": len(types["stricter"]),
        "parameter_differences": len(methods["params"]),
        "deprecation_differences": len(methods["deprecated"]),
        "kind_differences": len(methods["kind"]),
    }


def test_matches_never_fall(surface: Dict[str, Any]) -> None:
    counts = _counts(surface)
    fallen = {k: (counts[k], floor) for k, floor in FLOOR.items() if counts[k] < floor}
    assert not fallen, f"fewer official names than before (now, floor): {fallen}\n{surface['summary']}"


def test_differences_never_grow(surface: Dict[str, Any]) -> None:
    counts = _counts(surface)
    grown = {k: (counts[k], ceiling) for k, ceiling in CEILING.items() if counts[k] > ceiling}
    assert not grown, (
        f"more differences from the official SDK than before (now, ceiling): {grown}\n{surface['summary']}"
    )
