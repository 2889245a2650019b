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

## Latest results

Command: `{meta["command"]}`{" (quick mode: fewer rounds, noisier)" if meta.get("quick") else ""}

oai resource layer: {meta["oai_mode"]}

Machine:
{machine_lines}

{_markdown_table(rows)}

{"Notes:" + chr(10) + notes if notes else ""}
"""
