"""Build hook: put `src/sdkforge` into the wheel as `sdkforge`, and the runtime core it vendors
(the hand-written `src/oai/_*.py`, `lib/rate_limits.py`, and the generated
tests' helpers from `tests/`) under `sdkforge/_runtime/`, where `sdkforge.vendor` finds them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "src" / "oai"


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # `dev-mode-dirs` puts src/ on the path; a copy would shadow the checkout
        include: dict[str, str] = build_data.setdefault("force_include", {})
        for path in sorted((ROOT / "src" / "sdkforge").rglob("*.py")):
            include[str(path)] = "sdkforge/" + path.relative_to(ROOT / "src" / "sdkforge").as_posix()
        # The core's own list of modules that are not runtime (its API's client, generated files).
        excluded = set(json.loads((CORE / "_vendoring.json").read_text(encoding="utf-8")).get("exclude", []))
        for path in sorted(CORE.glob("_*.py")):
            if not path.name.startswith("__") and path.name not in excluded:
                include[str(path)] = f"sdkforge/_runtime/{path.name}"
        include[str(CORE / "_vendoring.json")] = "sdkforge/_runtime/_vendoring.json"
        include[str(CORE / "lib" / "rate_limits.py")] = "sdkforge/_runtime/lib/rate_limits.py"
        for name in ("utils.py", "sse_server.py"):
            include[str(ROOT / "tests" / name)] = f"sdkforge/_runtime/tests/{name}"
