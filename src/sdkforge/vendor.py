"""Copy the one runtime core (`oai`'s hand-written `_*.py` modules) into a standalone package, renamed.

The core has a single implementation, in this repository's `src/oai`; a standalone package gets
a copy with the package name, its error class, its log variable and its default base URL
substituted (as Stainless vendors its core into each SDK), so it needs only the six runtime
dependencies. Each substitution must match, so a core change that moves one fails here loudly
instead of leaking the name `oai` into another package; any "openai" left afterwards is an error.

Where the core comes from: `sdkforge/_runtime/` when sdkforge is installed as a wheel (its build
copies the core there), else `src/oai/` beside `src/sdkforge/` in a checkout.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from .config import Config, ProjectConfig

__all__ = ["VendorError", "core_dir", "vendor_core"]

# Core modules that are OpenAI's own, generated, or per package: never vendored.
_EXCLUDED = {"_client.py", "_client_resources.py", "_version.py"}
# Beyond the `_*.py` modules: the public page types and the rate-limit reader the loop uses.
_EXTRA = ("pagination.py", "lib/rate_limits.py")
_SOURCE_PACKAGE = "oai"


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


def _core_files(root: Path) -> List[str]:
    names = sorted(p.name for p in root.glob("_*.py") if not p.name.startswith("__") and p.name not in _EXCLUDED)
    return names + [name for name in _EXTRA if (root / name).is_file()]


Rule = Tuple[str, str, Callable[[ProjectConfig, str], str]]


def _credential_headers(project: ProjectConfig, _: str) -> str:
    names = ['"authorization"', '"api-key"']
    names += [json.dumps(c.wire.lower()) for c in project.credentials if c.kind == "header" and c.wire]
    return "_CREDENTIAL_HEADERS = (" + ", ".join(dict.fromkeys(names)) + ")"


def _env_prefix(project: ProjectConfig) -> str:
    return project.base_url_env.removesuffix("_BASE_URL")


# (file, pattern, replacement): the OpenAI-specific spots of the core, each made the package's.
_RULES: List[Rule] = [
    ("_constants.py", r'^DEFAULT_BASE_URL = ".*"$', lambda p, _: f"DEFAULT_BASE_URL = {json.dumps(p.base_url or '')}"),
    ("_logging.py", r'"OAI_LOG", "OPENAI_LOG"', lambda p, _: json.dumps(_env_prefix(p) + "_LOG")),
    ("_logging.py", r"`OAI_LOG` or `OPENAI_LOG`", lambda p, _: f"`{_env_prefix(p)}_LOG`"),
    ("_request.py", r"^_CREDENTIAL_HEADERS = \(.*\)$", _credential_headers),
    ("_json_fields.py", r"as openai-go's `respjson`", lambda p, _: "as Go SDKs' `respjson`"),
    ("*", r"\bOpenAIError\b", lambda p, _: p.error),
    ("*", r"\bOpenAI-specific\b", lambda p, _: "API-specific"),
    ("*", r"\boai\b", lambda _, package: package),
]


def _substitute(name: str, text: str, project: ProjectConfig, package: str) -> str:
    for file, pattern, replace in _RULES:
        if file not in ("*", name):
            continue
        value = replace(project, package)
        text, count = re.subn(pattern, lambda _m, value=value: value, text, flags=re.MULTILINE)
        if count == 0 and file != "*":
            raise VendorError(f"core file {name}: the pattern {pattern!r} no longer matches; update sdkforge/vendor.py")
    if re.search("openai", text, re.IGNORECASE):
        line = next(ln for ln in text.splitlines() if re.search("openai", ln, re.IGNORECASE))
        raise VendorError(f"core file {name} still mentions OpenAI after renaming: {line.strip()!r}")
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
    package = config.package.split(".")[-1]
    out: List[Tuple[str, str]] = []
    for name in _core_files(source):
        text = (source / name).read_text(encoding="utf-8")
        out.append((name, _substitute(Path(name).name, text, project, package)))
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
    package = config.package.split(".")[-1]
    return [
        (name, _substitute(name, (source / name).read_text(encoding="utf-8"), project, package))
        for name in _TEST_SUPPORT
    ]
