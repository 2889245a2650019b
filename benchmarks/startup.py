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

__all__ = [
    "COLD_SNIPPETS",
    "STARTUP_SNIPPETS",
    "measure_cold_call",
    "measure_lazy_modules",
    "measure_rss",
    "measure_startup",
]

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


# A whole first call in a fresh process: start, import, build a client, one chat completion,
# read the answer; prints VmHWM (peak RSS, kB). `{url}` is the benchmark server's base URL.
_COLD_TAIL = """
for line in open('/proc/self/status'):
    if line.startswith('VmHWM:'):
        print(line.split()[1])
"""
_MESSAGES = "[{'role': 'user', 'content': 'Say this is a test'}]"
COLD_SNIPPETS: dict[str, str] = {
    "oai": (
        "import oai\n"
        "client = oai.Client(api_key='sk-bench', base_url='{url}')\n"
        f"answer = client.chat.completions.create(model='gpt-4o-mini', messages={_MESSAGES})\n"
        "assert answer.choices[0].message.content\n"
    ),
    "openai": (
        "import openai\n"
        "client = openai.OpenAI(api_key='sk-bench', base_url='{url}')\n"
        f"answer = client.chat.completions.create(model='gpt-4o-mini', messages={_MESSAGES})\n"
        "assert answer.choices[0].message.content\n"
    ),
    # Raw plus the least a client returning pydantic models pays: three small response models
    # (pydantic's model machinery, a schema build), validated from the body. Info only.
    "model_floor": (
        "import httpx, pydantic\n"
        "from typing import List, Optional\n"
        "class Message(pydantic.BaseModel):\n    role: str\n    content: Optional[str] = None\n"
        "class Choice(pydantic.BaseModel):\n    index: int\n    message: Message\n"
        "class Completion(pydantic.BaseModel):\n    id: str\n    choices: List[Choice]\n"
        "response = httpx.Client().post('{url}/chat/completions', headers={{'Authorization': 'Bearer sk-bench'}},"
        f" json={{'model': 'gpt-4o-mini', 'messages': {_MESSAGES}}})\n"
        "assert Completion.model_validate_json(response.content).choices[0].message.content\n"
    ),
    "baseline": (
        "import json, httpx, pydantic\n"
        "response = httpx.Client().post('{url}/chat/completions', headers={{'Authorization': 'Bearer sk-bench'}},"
        f" json={{'model': 'gpt-4o-mini', 'messages': {_MESSAGES}}})\n"
        "assert json.loads(response.content)['choices'][0]['message']['content']\n"
    ),
}


def measure_cold_call(names: list[str], base_url: str, *, runs: int) -> dict[str, dict[str, list[float]]]:
    """Wall seconds and peak RSS (MB) of `runs` fresh processes per contender making one call,
    interleaved, after one warm-up each (which writes the bytecode caches)."""
    codes = {name: COLD_SNIPPETS[name].replace("{url}", base_url).replace("{{", "{").replace("}}", "}") + _COLD_TAIL
             for name in names}  # fmt: skip
    for code in codes.values():
        _run(code)
    samples: dict[str, dict[str, list[float]]] = {name: {"seconds": [], "peak_mb": []} for name in names}
    for _ in range(runs):
        for name, code in codes.items():
            start = time.perf_counter()
            out = _run(code)
            samples[name]["seconds"].append(time.perf_counter() - start)
            samples[name]["peak_mb"].append(int(out.split()[-1]) / 1024)
    return samples


# After `client.chat.completions`: modules of `oai.lib` and params modules (`*_params`) loaded;
# both should wait until a call needs them.
LAZY_PROBE = """
import sys, json
import oai
client = oai.Client(api_key='x')
client.chat.completions
names = [m for m in sys.modules if m.startswith('oai.')]
lib = sorted(m for m in names if m.startswith('oai.lib'))
params = sorted(m for m in names if m.startswith('oai.types') and m.endswith('_params'))
print(json.dumps({"lib": lib, "params": params}))
"""


def measure_lazy_modules() -> dict[str, list[str]]:
    """Which `oai.lib` and params modules the first `client.chat.completions` access loads."""
    result: dict[str, list[str]] = json.loads(_run(LAZY_PROBE))
    return result
