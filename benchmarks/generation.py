"""Wall time and peak RSS of one `sdkforge generate` run into a throwaway copy of the repo;
must never write into the real work tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GenerationRun", "measure_generation"]

REPO = Path(__file__).resolve().parent.parent
SPEC = (REPO / ".." / "shared" / "spec" / "openai" / "openapi.yaml").resolve()
# What the generator reads or rewrites; everything else (.venv, node_modules, .git) stays out.
_COPY = ("src", "sdkforge.yml", "pyproject.toml", "tests", "docs", "README.md", "CONTRIBUTING.md")


@dataclass
class GenerationRun:
    """One generator run: seconds, peak RSS in MB (the generator and its ruff child), exit code."""

    seconds: float
    peak_mb: float
    returncode: int
    stderr_tail: str


def _copy_repo(target: Path) -> None:
    for name in _COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / name)


def measure_generation(timeout: float = 300.0) -> GenerationRun:
    """Generate from the shared spec into a temp copy; wait4() gives the peak RSS of the whole tree."""
    with tempfile.TemporaryDirectory(prefix="oai-bench-gen-") as tmp:
        root = Path(tmp)
        _copy_repo(root)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(root / "src")
        # ruff (the formatting stage) is looked up on PATH: use the venv's.
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        command = [sys.executable, "-m", "sdkforge", "generate", "--spec", str(SPEC), "--config", "sdkforge.yml"]
        # A file, not a pipe: a chatty generator must not block on a full pipe while we poll.
        log = (root / "generate.log").open("w+b")
        start = time.perf_counter()
        process = subprocess.Popen(
            [*command, "--out", str(root)], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        deadline = start + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        log.seek(0)
        stderr = log.read().decode(errors="replace")
        log.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss is in kB on Linux and covers the generator and its waited-for children.
        return GenerationRun(seconds, usage.ru_maxrss / 1024, process.returncode, stderr[-800:])
