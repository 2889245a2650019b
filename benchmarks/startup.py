"""Fresh-process costs: wall time of `python -c "import ...; Client(...)"` and the resident set
size after import and after touching `client.chat.completions`; must not import any SDK itself."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

__all__ = ["STARTUP_SNIPPETS", "measure_rss", "measure_startup"]

STARTUP_SNIPPETS: dict[str, str] = {
    "oai": "import oai; oai.Client(api_key='x')",
    "openai": "import openai; openai.OpenAI(api_key='x')",
    "baseline": "import httpx, pydantic",
}

# Run inside the child: VmRSS (kB) after import, after building a client, after touching
# `client.chat.completions`, and how many modules each step loaded.
_RSS_PROBE = """
import json, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
out = {{}}
{import_line}
out['import_kb'] = rss(); out['import_modules'] = len(sys.modules)
{client_line}
out['client_kb'] = rss()
try:
    client.chat.completions
    out['touched_kb'] = rss(); out['touched_modules'] = len(sys.modules)
except AttributeError:
    out['touched_kb'] = None; out['touched_modules'] = None
print(json.dumps(out))
"""

_RSS_LINES: dict[str, tuple[str, str]] = {
    "oai": ("import oai", "client = oai.Client(api_key='x')"),
    "openai": ("import openai", "client = openai.OpenAI(api_key='x')"),
    "baseline": ("import httpx, pydantic", "client = None"),
}


def _environ() -> dict[str, str]:
    # Every contender gets bytecode caches, as an installed package has. PYTHONDONTWRITEBYTECODE
    # would make the editable oai recompile its source in every process while site-packages
    # (openai, httpx) keep their install-time .pyc files; a private prefix keeps the tree clean.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    return env


_PYCACHE = os.path.join(tempfile.gettempdir(), "oai-bench-pycache")


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False, env=_environ()
    )
    if result.returncode != 0:
        raise RuntimeError(f"{code!r} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def measure_startup(names: list[str], *, runs: int) -> dict[str, list[float]]:
    """Wall seconds per fresh process, `runs` per contender, interleaved, after one warm-up each
    (which also writes the bytecode caches)."""
    for name in names:
        _run(STARTUP_SNIPPETS[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(runs):
        for name in names:
            start = time.perf_counter()
            _run(STARTUP_SNIPPETS[name])
            samples[name].append(time.perf_counter() - start)
    return samples


def measure_rss(names: list[str], *, runs: int) -> dict[str, dict[str, Any]]:
    """Median VmRSS (MB) and module counts per contender over `runs` fresh processes."""
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        import_line, client_line = _RSS_LINES[name]
        probes = [
            json.loads(_run(_RSS_PROBE.format(import_line=import_line, client_line=client_line))) for _ in range(runs)
        ]
        summary: dict[str, Any] = {}
        for key in ("import_kb", "client_kb", "touched_kb", "import_modules", "touched_modules"):
            values = [p[key] for p in probes if p[key] is not None]
            summary[key] = statistics.median(values) if values else None
        results[name] = summary
    return results
