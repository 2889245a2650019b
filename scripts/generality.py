"""The body of `scripts/generality` (see there): one row of checks per spec, exit 1 if any fails."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "spec" / "corpus"
PYTHON = ROOT / ".venv" / "bin" / "python"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COLUMNS = ("spec", "operations", "methods", "install", "import", "init=generate", "pyright", "tests")


def run(cmd: List[str], cwd: Path | None = None, env: Dict[str, str] | None = None, timeout: int = 900) -> str:
    """Run a command; raise with its output's tail when it fails."""
    done = subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])}... exited {done.returncode}:\n" + "\n".join(done.stdout.splitlines()[-25:])
        )
    return done.stdout


def package_name(spec: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "_", spec.stem.lower()).strip("_")


def count_operations(spec: Path) -> int:
    data = yaml.load(spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506  # a SafeLoader
    return sum(1 for item in data.get("paths", {}).values() for verb in VERBS if isinstance(item.get(verb), dict))


def generate(spec: Path, package: str, out: Path, config: Path | None = None) -> None:
    cmd = [str(PYTHON), "-m", "sdkforge", "generate", "--spec", str(spec), "--out", str(out)]
    cmd += ["--config", str(config)] if config else ["--package", package]
    run(cmd, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def start_prism(spec: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    cmd = [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors", "false", str(spec)]
    proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Prism exited; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except urllib.error.HTTPError:
            return proc  # it answers (404 for "/")
        except OSError:
            time.sleep(0.5)
    stop_prism(proc)
    raise RuntimeError("Prism did not answer within 180 s")


def stop_prism(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def check(spec: Path, work: Path, port: int) -> Dict[str, str]:
    row = {column: "-" for column in COLUMNS}
    row["spec"] = spec.name
    package = package_name(spec)
    out = work / package
    started = time.monotonic()
    try:
        row["operations"] = str(count_operations(spec))
        generate(spec, package, out)
        api_md = (out / "api.md").read_text(encoding="utf-8")
        methods = len(re.findall(r"^- <code title=", api_md, flags=re.MULTILINE))
        row["methods"] = str(methods)
        if methods != int(row["operations"]):
            raise RuntimeError(f"api.md lists {methods} methods for {row['operations']} operations")
        venv = work / f"venv-{package}"
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(venv / "bin" / "pip"), "install", "-q", f"{out}[test]"])
        row["install"] = "ok"
        run([str(venv / "bin" / "python"), "-c", f"import {package}; {package}.Client; {package}.AsyncClient"])
        row["import"] = "ok"
        config_dir = work / f"init-{package}"
        config_dir.mkdir()
        run(
            [str(PYTHON), "-m", "sdkforge", "init", "--spec", str(spec), "--package", package],
            cwd=config_dir,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        generate(spec, package, config_dir / "out", config=config_dir / "sdkforge.yml")
        row["init=generate"] = "identical" if same_tree(out, config_dir / "out") else "DIFFERENT"
        pyright = run([str(ROOT / ".venv" / "bin" / "pyright"), "--pythonpath", str(venv / "bin" / "python")], cwd=out)
        row["pyright"] = pyright.strip().splitlines()[-1].split(",")[0]
        prism = start_prism(spec, port, work / f"prism-{package}.log")
        try:
            env = {**os.environ, "TEST_API_BASE_URL": f"http://127.0.0.1:{port}"}
            tests = run(
                [str(venv / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider", "tests"], cwd=out, env=env
            )
            row["tests"] = tests.strip().splitlines()[-1].split(" in ")[0]
        finally:
            stop_prism(prism)
    except Exception as exc:  # report and go on to the next spec
        row["tests"] = row["tests"] if row["tests"] != "-" else "FAILED"
        print(f"{spec.name}: {exc}", file=sys.stderr)
        row["error"] = "yes"
    row["seconds"] = f"{time.monotonic() - started:.0f}"
    return row


def main(argv: List[str]) -> int:
    specs = [Path(a).resolve() for a in argv] or sorted(p for p in CORPUS.glob("*.y*ml"))
    port = int(os.environ.get("GENERALITY_PORT", "4019"))
    work = Path(tempfile.mkdtemp(prefix="sdkforge-generality-"))
    rows = [check(spec, work, port) for spec in specs]
    columns = (*COLUMNS, "seconds")
    widths = {c: max(len(c), *(len(r.get(c, "")) for r in rows)) for c in columns}
    print(" | ".join(c.ljust(widths[c]) for c in columns))
    print("-|-".join("-" * widths[c] for c in columns))
    for row in rows:
        print(" | ".join(row.get(c, "").ljust(widths[c]) for c in columns))
    if os.environ.get("GENERALITY_KEEP"):
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    failed = [r for r in rows if r.get("error") or r["init=generate"] != "identical" or " failed" in r["tests"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
