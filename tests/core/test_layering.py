"""The core (`oai/_*.py`, `pagination.py`) depends on nothing above it: no import, even a lazy
or type-only one, of `oai.lib`, the generated resources or the generated types."""

from __future__ import annotations

import ast
from pathlib import Path

import oai
import oai._rate_limit_headers as rate_limit_headers
import oai._rate_limits as core_rate_limits
import oai.lib.rate_limits as lib_rate_limits
from oai._models import BaseModel

SRC = Path(oai.__file__).parent
# The clients (and the module-level client) compose the generated resources and `lib` helpers: the top, not the core.
TOP = {"_client.py", "_client_resources.py", "_module_client.py", "__init__.py", "__main__.py"}
ABOVE_THE_CORE = ("lib", "resources", "types")


def _imported_modules(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                # `from . import x` names submodules of `oai` too.
                found.extend([module] if module else [alias.name for alias in node.names])
            elif module.startswith("oai."):
                found.append(module.removeprefix("oai."))
        elif isinstance(node, ast.Import):
            found.extend(alias.name.removeprefix("oai.") for alias in node.names if alias.name.startswith("oai."))
    return found


def test_core_modules_import_nothing_above_the_core() -> None:
    core = [p for p in SRC.glob("_*.py") if p.name not in TOP] + [SRC / "pagination.py"]
    offenders = {
        path.name: module
        for path in core
        for module in _imported_modules(path)
        if module.split(".")[0] in ABOVE_THE_CORE
    }
    assert offenders == {}


def test_core_modules_do_not_import_the_package_root() -> None:
    # `from . import _x` loads `oai/__init__`, which imports the client: a cycle through the top.
    def imports_root(path: Path) -> bool:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        return any(isinstance(n, ast.ImportFrom) and n.level == 1 and not n.module for n in ast.walk(tree))

    assert [p.name for p in SRC.glob("_*.py") if p.name not in TOP and imports_root(p)] == []


def test_rate_limits_keep_their_old_import_path() -> None:
    assert lib_rate_limits.RateLimits is rate_limit_headers.RateLimits is oai.RateLimits
    assert lib_rate_limits.rate_limits is core_rate_limits.rate_limits is oai.rate_limits
    assert lib_rate_limits.RATE_LIMITS_SLOT in BaseModel.__slots__


def test_rate_limits_are_attached_only_to_types_with_the_slot() -> None:
    import httpx

    class Plain:
        pass

    response = httpx.Response(200, headers={"x-ratelimit-remaining-requests": "7"})
    plain = Plain()
    core_rate_limits.attach_rate_limits(plain, response)
    assert vars(plain) == {}
    model = BaseModel()
    core_rate_limits.attach_rate_limits(model, response)
    limits = oai.rate_limits(model)
    assert limits is not None and limits.remaining_requests == 7
