"""Copy the one runtime core (`oai`'s hand-written `_*.py` modules) into a standalone package, renamed.

The core has a single implementation, in this repository's `src/oai`; a standalone package gets
a copy with the package name, its error class, its log variable and its default base URL
substituted (as Stainless vendors its core into each SDK), so it needs only the six runtime
dependencies. The core declares its own API-specific spots in `_vendoring.json` beside its
modules (sdkforge knows none of them); each rule must match, so a core change that moves one
fails here loudly, and a `forbidden` word left after renaming is an error.

Where the core comes from: `sdkforge/_runtime/` when sdkforge is installed as a wheel (its build
copies the core there), else `src/oai/` beside `src/sdkforge/` in a checkout.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from .config import Config, ProjectConfig

__all__ = ["VendorError", "core_dir", "vendor_core"]

# Beyond the `_*.py` modules: the rate-limit reader the loop uses (`pagination.py` is written
# per package, with the API's own page styles).
_EXTRA = ("lib/rate_limits.py",)
_SOURCE_PACKAGE = "oai"  # the package in this repository that holds the core


class VendorError(Exception):
    """The core cannot be found or a substitution no longer matches it."""


def core_dir() -> Path:
    """The directory holding the runtime core's sources."""
    here = Path(__file__).resolve().parent
    packaged = here / "_runtime"
    if packaged.is_dir():
        return packaged
    checkout = here.parent / _SOURCE_PACKAGE
    if checkout.is_dir():
        return checkout
    raise VendorError(f"the runtime core is not installed: neither {packaged} nor {checkout} exists")


def _core_files(root: Path, rules: Dict[str, Any]) -> List[str]:
    # The core's `exclude` list names its API's own modules (client, module-level client) and the
    # generated or per-package ones; everything else of `_*.py` is the runtime.
    excluded = set(rules.get("exclude", []))
    names = sorted(p.name for p in root.glob("_*.py") if not p.name.startswith("__") and p.name not in excluded)
    return names + [name for name in _EXTRA if (root / name).is_file()]


_RULES_FILE = "_vendoring.json"


def _credential_headers(project: ProjectConfig) -> str:
    names = ['"authorization"', '"api-key"']
    names += [json.dumps(c.wire.lower()) for c in project.credentials if c.kind == "header" and c.wire]
    return ", ".join(dict.fromkeys(names))


def _placeholders(project: ProjectConfig, package: str) -> Dict[str, str]:
    return {
        "package": package,
        "error": project.error,
        "log_env": project.base_url_env.removesuffix("_BASE_URL") + "_LOG",
        "base_url_json": json.dumps(project.base_url or ""),
        "credential_headers": _credential_headers(project),
    }


def _load_rules(root: Path) -> Dict[str, Any]:
    # The core declares its own API-specific spots (names, env vars, URLs) beside its modules.
    try:
        data: Dict[str, Any] = json.loads((root / _RULES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VendorError(f"cannot read {root / _RULES_FILE}: {exc}") from None
    return data


def _substitute(name: str, text: str, rules: Dict[str, Any], values: Dict[str, str]) -> str:
    for rule in rules["rules"]:
        file, pattern = rule["file"], rule["pattern"]
        if file not in ("*", name):
            continue
        value = str(rule["replace"]).format(**values)
        text, count = re.subn(pattern, lambda _m, value=value: value, text, flags=re.MULTILINE)
        if count == 0 and file != "*":
            raise VendorError(f"core file {name}: the pattern {pattern!r} no longer matches; update {_RULES_FILE}")
    for word in rules.get("forbidden", []):
        line = next((ln for ln in text.splitlines() if word.lower() in ln.lower()), None)
        if line is not None:
            raise VendorError(f"core file {name} still says {word!r} after renaming: {line.strip()!r}")
    return text


def vendor_core(config: Config, root: Optional[Path] = None) -> List[Tuple[str, str]]:
    """The core's files for `config.package`, as `(path under src/<package>, text)` pairs.

    Raises:
        VendorError: The core is missing, or a substitution no longer matches it.
    """
    project = config.project
    if project is None:
        return []
    source = root or core_dir()
    rules = _load_rules(source)
    values = _placeholders(project, config.package.split(".")[-1])
    out: List[Tuple[str, str]] = []
    for name in _core_files(source, rules):
        text = (source / name).read_text(encoding="utf-8")
        out.append((name, _substitute(Path(name).name, text, rules, values)))
    return out


_TEST_SUPPORT = ("utils.py", "sse_server.py")


def _tests_dir() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_runtime" / "tests"
    if packaged.is_dir():
        return packaged
    checkout = here.parent.parent / "tests"
    if all((checkout / name).is_file() for name in _TEST_SUPPORT):
        return checkout
    raise VendorError(f"the test helpers are not installed: neither {packaged} nor {checkout} has them")


def vendor_test_support(config: Config, root: Optional[Path] = None) -> List[Tuple[str, str]]:
    """The generated tests' helpers (`tests/utils.py`, `tests/sse_server.py`), renamed like the core."""
    project = config.project
    if project is None:
        return []
    source = root or _tests_dir()
    rules = _load_rules(core_dir())
    values = _placeholders(project, config.package.split(".")[-1])
    return [
        (name, _substitute(name, (source / name).read_text(encoding="utf-8"), rules, values)) for name in _TEST_SUPPORT
    ]
