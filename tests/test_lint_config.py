"""The lint configuration stays as strict as agreed: relaxing it must fail a test, not pass silently.

`scripts/lint` (run by `.ci/run`) applies this configuration; these tests pin the configuration itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

from .toml_files import load_toml

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("src/oai/resources/*", "src/oai/types/*", "tests/api_resources/*")


def _tool(name: str) -> Dict[str, Any]:
    tool: Dict[str, Any] = load_toml(ROOT / "pyproject.toml")["tool"][name]
    return tool


def test_ruff_selects_the_bug_catching_rule_sets() -> None:
    lint = _tool("ruff")["lint"]
    assert {"RUF", "SIM", "S", "B", "E", "F"} <= set(lint["select"])
    # Whole families may not be switched off again through `ignore`.
    assert not {"RUF", "SIM", "S", "B"} & set(lint.get("ignore", []))


def test_ruff_ignores_are_scoped_to_the_paths_they_are_for() -> None:
    per_file: Dict[str, List[str]] = _tool("ruff")["lint"]["per-file-ignores"]
    # `assert` is for tests, benchmarks and the generator's own invariants; the SDK never relies on it.
    assert {path for path, rules in per_file.items() if "S101" in rules} == {
        "benchmarks/*",
        "tests/*",
        "src/sdkforge/*",
    }
    # Hand-written SDK modules may only print (the CLI); every other rule applies to them.
    hand_written = [path for path in per_file if path.startswith("src/oai") and path not in GENERATED]
    assert all(per_file[path] == ["T20"] for path in hand_written)
    for path in GENERATED:
        assert set(per_file.get(path, [])) <= {"RUF001", "RUF002", "SIM117"}, path


def test_mypy_is_strict_on_src_oai() -> None:
    mypy = _tool("mypy")
    assert mypy["strict"] is True
    assert mypy["files"] == ["src/oai"]
    for override in mypy.get("overrides", []):
        relaxed = {key for key in override if key != "module"}
        assert relaxed <= {"warn_return_any"}, override
        assert override["module"] == ["oai.resources.*"]


def test_pyright_is_strict_on_every_hand_written_python_directory() -> None:
    pyright = _tool("pyright")
    assert pyright["typeCheckingMode"] == "strict"
    assert {"src/oai", "src/sdkforge", "scripts", "tests"} <= set(pyright["include"])
    # Only generated code may be left out.
    assert set(pyright.get("exclude", [])) - {"**/__pycache__", "**/.*", "**/node_modules"} == {
        "tests/generator/golden"
    }
    for environment in pyright["executionEnvironments"]:
        overrides = {key: value for key, value in environment.items() if key.startswith("report")}
        assert all(value is False for value in overrides.values())
        assert set(overrides) <= {"reportImportCycles", "reportDeprecated"}, environment


def test_scripts_lint_runs_every_checker() -> None:
    lint = (ROOT / "scripts" / "lint").read_text(encoding="utf-8")
    for command in ("ruff check src tests examples scripts benchmarks", "pyright\n", "mypy\n"):
        assert command in lint
    assert "scripts/lint" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
