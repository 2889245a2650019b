"""Result rows with their targets, and their three renderings: a console table, JSON and the
Markdown page `docs/benchmarks.md`; must not measure anything."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Check", "Row", "machine_info", "markdown_page", "ratio", "render_table", "write_json"]

COLUMNS = ("oai", "openai", "baseline")


@dataclass
class Check:
    """One ratio or absolute value compared with its target (`<=`, `<` or `>=` `limit`)."""

    label: str
    value: float | None
    op: str = ""
    limit: float | None = None

    @property
    def passed(self) -> bool | None:
        if self.value is None or self.limit is None:
            return None
        if self.op == ">=":
            return self.value >= self.limit
        if self.op == "<":
            return self.value < self.limit
        return self.value <= self.limit

    @property
    def target(self) -> str:
        return "" if self.limit is None else f"{self.op} {self.limit:g}"

    @property
    def result(self) -> str:
        return {True: "PASS", False: "MISS", None: "n/a" if self.limit is not None else "info"}[self.passed]


@dataclass
class Row:
    """One measured quantity for each contender column, plus its checks.

    `values` keys are `oai`, `openai` and `baseline` (raw httpx, or the import floor for
    startup); a missing or None value prints as `n/a`.
    """

    section: str
    name: str
    unit: str
    values: dict[str, float | None]
    checks: list[Check] = field(default_factory=lambda: [])
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=lambda: {})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["checks"] = [{**asdict(c), "target": c.target, "passed": c.passed} for c in self.checks]
        return data


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _lines(rows: list[Row]) -> list[list[str]]:
    lines: list[list[str]] = []
    for row in rows:
        cells = [f"{row.section}: {row.name}", row.unit, *(_number(row.values.get(c)) for c in COLUMNS)]
        checks = row.checks or [Check("", None)]
        for index, check in enumerate(checks):
            head = cells if index == 0 else [""] * len(cells)
            value = "" if check.value is None and not check.label else _number(check.value)
            label = f"{check.label} {value}".strip()
            lines.append([*head, label, check.target, check.result if check.label else ""])
    return lines


_HEADER = ["benchmark", "unit", "oai", "openai", "raw / floor", "ratio", "target", "result"]


def render_table(rows: list[Row]) -> str:
    """A fixed-width console table."""
    lines = [_HEADER, *_lines(rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_HEADER))]
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def _markdown_table(rows: list[Row]) -> str:
    out = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    for line in _lines(rows):
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |")
    return "\n".join(out)


def machine_info() -> dict[str, str]:
    """CPU, cores, OS, Python and the versions of the packages under test."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        # Other work on the machine skews absolute numbers more than ratios; record it.
        "load average at start (1/5/15 min)": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    for package in ("oai", "openai", "httpx", "pydantic", "pydantic-core"):
        try:
            info[package] = version(package)
        except PackageNotFoundError:
            info[package] = "not installed"
    return info


def write_json(path: Path, rows: list[Row], meta: dict[str, Any]) -> None:
    """Write every row, with samples and checks, plus `meta` (machine, command, mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**meta, "rows": [row.to_json() for row in rows]}
    path.write_text(json.dumps(data, indent=2) + "\n")


def markdown_page(rows: list[Row], meta: dict[str, Any]) -> str:
    """The whole of `docs/benchmarks.md`: method, machine, command and the latest table."""
    machine = meta["machine"]
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    notes = "\n".join(f"- {row.section}: {row.name}: {row.note}" for row in rows if row.note)
    return f"""# Benchmarks

oai against the official `openai` SDK and raw httpx, on one machine, in one run. The harness
(`benchmarks/`, run by `scripts/bench`) is run on demand and never gates CI. This page is
rewritten by every full run; the raw samples go to `benchmarks/results/latest.json` (not committed).

## Method

- One local HTTP/1.1 keep-alive server (asyncio, TCP_NODELAY, its own process) serves canned
  bodies that follow the spec's schemas: a small chat completion (~0.7 kB), a list of 1,000
  models (~120 kB), a 2 MB chat completion with logprobs, and an SSE stream of 5,000
  `chat.completion.chunk` events ending in `data: [DONE]`.
- Contenders run interleaved, round by round (oai, openai, raw, oai, openai, raw, ...), in
  many short rounds; each number in the table is the median over rounds. Per-call, streaming
  and fan-out ratios are paired: the median over rounds of the ratio within each round, whose
  contenders ran back to back, so drift of the machine between rounds cancels out. Startup is the wall time of a fresh `python -c` process
  (median of at least 10 runs); RSS is VmRSS read in that process.
- Ratios compare oai with raw httpx (`client.post(...).json()`), with `openai`, or with the
  import floor (`import httpx, pydantic`). Streaming ratios compare time per stream; fan-out
  compares throughput. Every call runs with the SDKs' defaults (retries on, no extra options).
- Concurrency rows: 1,000 `client.post("/echo", ...)` calls per run through one client per
  contender, each SDK with its default client: async tasks behind a semaphore at 20, 100 and
  200 at a time, and 32 threads sharing one sync client; raw is an `httpx` client with the same
  pool limits. Every call posts its own number and must get it back: a call that raised (lost)
  or got another call's answer (crossed) is counted, then once more with the server dropping 1
  request in 20 (the SDKs retry). Throughput ratios are paired by round.
- Cold rows: a whole fresh process per run (start, import, build a client, one
  `chat.completions.create`, read the answer), interleaved oai / openai / raw, medians over
  runs; peak RSS is VmHWM. Raw is `import json, httpx, pydantic`, `httpx.Client().post(...)`,
  `json.loads`.

## The engine under the default clients, and its dependency

`DefaultHttpxClient` / `DefaultAsyncHttpxClient` are `httpx` clients whose transports send
through engine pools (`src/oai/_engine.py`): the sync one through `httpcore` 1.x's pool (httpx's
own, `_engine_sync.py`), the async one through `httpcore2`'s, a large pool striped over 4 pools
(`_engine_async.py`). That adds one runtime dependency, `httpcore2` (the pool of `httpx2`, which
the official SDK 3.x depends on; it brings `h11`, already there through httpx, and
`truststore`); `httpcore` is httpx's own dependency, now named. Why httpcore2 for async:
httpcore 1.x (under `httpx` 0.28/0.29) polls every idle pooled socket through anyio each time
it assigns a request, so under concurrency its cost grows with the pool; httpcore2 does not.
Paired runs on this 2-core machine (load 5-7), 1,000 async posts, seconds:

| at a time | httpx default transport | httpx + httpcore2 pool (oai's engine) | httpx2 client |
|---|---|---|---|
| 20 | 2.35 | 1.13 | 1.00 |
| 100 | 3.08 | 1.50 | 1.33 |
| 200 | 3.37 | 1.68 | 1.77 |

A faster network backend for httpcore 1.x was tried too: with its readability poll removed
it still took 1.65 s / 2.23 s at 20 / 100 where the httpcore2 pool took 0.68 s / 1.59 s in the
same run. Striping then took 1.51 s -> 1.25 s at 100 and 2.09 s -> 1.41 s at 200 (4 stripes).
Why httpcore 1.x for sync: threads do not pay that poll through anyio (its sync backend
polls the socket directly), so 32 threads sharing one client ran as fast on it as on httpcore2
(in-process, 16 alternating rounds: 1,920 against 1,908 req/s; in 15 runs of the row, 1.28-1.38x
the official SDK, and once 1.06), and a sync process then loads no
second HTTP stack: importing httpcore2 after httpx costs 24 ms and 2 MB against httpcore's
12 ms, which took the cold first call from 1.57x to 1.50x raw. In the table below,
`oai/raw req/s` of the concurrency rows is oai (engine) against raw httpx (httpcore 1.x) in
the same run. Users' own `httpx.Client` / `AsyncClient` keep their own
transport; `httpx2` clients are accepted through a bridge (`src/oai/_httpx2.py`).

## The cold path

What a fresh process pays before its first answer, beyond raw httpx: oai defers everything a
first call does not use. `import oai` loads no pydantic model; `client.chat.completions` loads
no response model, page or stream class (so none of pydantic's model machinery), params module
or `oai.lib` helper (resources read them through lazy module stand-ins, typed by
`TYPE_CHECKING` imports); a call that does not stream loads no chunk model; the params
transform compiles only the keys a call sends and imports only their params modules
(generated TypedDict modules load the names their annotations use on first access: a
`chat.completions.create` with `model` and `messages` imports 13 params modules, not 46);
`json_fields`' reader and `RateLimits` load when first read; package `__init__` files keep
their re-exports for type checkers in `.pyi` stubs (`import oai.types` went from 2.7 ms and
640 kB to 1.6 ms and 150 kB); a sync client sends through httpcore 1.x, which httpx's own
transport uses, so a sync process loads no second HTTP stack (httpcore2 costs 24 ms and 2 MB to
import after httpx, httpcore 12 ms); and the engine builds its TLS context (the CA bundle,
~18 ms and ~1-2 MB) on the first https connection, so a plain http base URL never loads it
(https verifies exactly as before).

The first parse of a response type skips pydantic-core. Compiling a validator costs a fresh
process pydantic's plugin scan (which imports `importlib.metadata`, ~5 ms and ~0.8 MB) and the
schema build of every nested model (~2.5 ms and ~1.6 MB for the 21 classes of a chat
completion). When each value of a small body (up to 32 KiB) already has exactly its declared
JSON type, the validator's result is known: `src/oai/_cold_parse.py` builds it with
`json.loads` and `model_construct` (same values, an int given for a float made a float,
defaults, extras, `model_fields_set`), and differential tests compare the two on sampled bodies
of all 1,443 generated models. Any other body (a value that needs coercion or the lenient pass,
a union two of whose members could take the value, a model with validators), and every later
body of the type, goes to the validator. That took the cold row from 1.52x to 1.45x raw and
its peak RSS from 1.23x to 1.15x in one paired run; the other changes of this page took it to
1.33x and 1.14x.

What is left is mostly what any client returning pydantic models pays. The cold rows carry a
fourth contender for that, "raw + 3 pydantic models": the raw script with its body validated
into three small models (message, choice, completion), about 1.35x raw in time and 1.18x in
peak RSS, since it compiles their validators; built with `model_construct` instead, the same
three models took 1.30x and 1.12x in one paired run (143.5 ms and 33.9 MB against raw's 110.6 ms
and 30.4 MB). Importing pydantic's model machinery is most of it (`pydantic.main` ~16 ms,
`pydantic.fields` with `annotated_types` and `pydantic.types` ~11 ms, ~3.3 MB). Exiting is the
rest: the interpreter's last collections take down every object left, about 1.2 µs per
GC-tracked object here; raw exits in ~12 ms, oai in ~23 ms, holding about 34,400 such objects
against raw's 24,900 (pydantic's machinery alone brings 29,700: each model class is about 55).

## The 1,000-model list

Where oai's time over raw goes on the list row (`client.models.list()` against
`client.get("/models").json()`), measured in one process on this machine, per call: fetching
the 120 kB body is no slower than raw httpx's (async, oai's engine is ~70 µs faster); the gap
is building the models. pydantic-core validates the body into a page of 1,000 `Model`s in
about 640 µs where `json.loads` takes about 440 µs (keeping unknown keys, `extra="allow"`,
accounts for 45-80 µs of it, measured against `extra="ignore"`); each model brings a
`__dict__`, an extras dict and a `model_fields_set` set, so the cyclic GC scans about 2,000
young tracked objects per call (75-130 µs; `json.loads` dicts of plain values are not even
tracked), and freeing the page takes about 110 µs against 40 µs for the dicts. With the GC
cost removed entirely the row would still be about 1.27x raw: the rest is pydantic-core
building the models; even the fetch's httpx client layer (auth flow, redirects, cookies: about
85 µs of a ~360 µs GET of this body here, the same as raw pays), if oai skipped it for its
default clients, would leave the row near 1.29x. Parsing the page with the GC on (it is paused from 64 kB,
`src/oai/_gc_pause.py`) is 1-3% faster in these rounds, which start with `gc.collect()`, but
not in a process that keeps calling: the collections during the parse then find the page
alive 4x as often and promote it to the oldest generation, whose full collections (about 5 ms
each here) made each call 8-10% slower. So the pause stays. Even with it, such a process pays
about 55 µs per call on average in full collections, which the rounds' `gc.collect()` keeps
out of the table.

## Latest results

Command: `{meta["command"]}`{" (quick mode: fewer rounds, noisier)" if meta.get("quick") else ""}

oai resource layer: {meta["oai_mode"]}

Machine:
{machine_lines}

{_markdown_table(rows)}

{"Notes:" + chr(10) + notes if notes else ""}
"""
