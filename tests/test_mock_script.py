"""Tests for `scripts/mock`'s control paths that need no Prism: status, stop, argument and start-up checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "mock"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run_mock(*args: str, port: int, pid_file: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "MOCK_PORT": str(port),
        "MOCK_PID_FILE": str(pid_file),
        "MOCK_LOG_FILE": str(pid_file.with_suffix(".log")),
        **env,
    }
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=environ, capture_output=True, text=True, timeout=60, check=False
    )


class _Answer404(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean


@pytest.fixture
def other_server() -> Iterator[int]:
    """A plain HTTP server (not Prism) on a free port; yields the port."""
    server = HTTPServer(("127.0.0.1", 0), _Answer404)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_status_fails_cleanly_when_nothing_runs_on_the_port(tmp_path: Path) -> None:
    result = run_mock("--status", port=free_port(), pid_file=tmp_path / "mock.pid")

    assert result.returncode == 1
    assert "not running" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_status_fails_when_a_server_not_started_by_the_script_answers(tmp_path: Path, other_server: int) -> None:
    result = run_mock("--status", port=other_server, pid_file=tmp_path / "mock.pid")

    assert result.returncode == 1
    assert "not a Prism started by scripts/mock" in result.stderr


def test_start_refuses_a_port_taken_by_another_server(tmp_path: Path, other_server: int) -> None:
    pid_file = tmp_path / "mock.pid"

    result = run_mock("--start", port=other_server, pid_file=pid_file)

    assert result.returncode == 1
    assert f"port {other_server} is taken" in result.stderr
    assert not pid_file.exists()


def test_start_fails_with_a_message_when_the_spec_is_missing(tmp_path: Path) -> None:
    pid_file = tmp_path / "mock.pid"

    result = run_mock("--start", port=free_port(), pid_file=pid_file, OAI_SPEC=str(tmp_path / "missing.yaml"))

    assert result.returncode == 1
    assert "spec not found" in result.stderr
    assert not pid_file.exists()


def test_stop_ignores_a_stale_pid_file_naming_another_process(tmp_path: Path) -> None:
    # A live process that is not Prism: --stop must leave it alone (PID reuse guard).
    bystander = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    pid_file = tmp_path / "mock.pid"
    pid_file.write_text(f"{bystander.pid}\n")
    try:
        result = run_mock("--stop", port=free_port(), pid_file=pid_file)

        assert result.returncode == 0
        assert "not running" in result.stderr
        assert bystander.poll() is None
        assert not pid_file.exists()
    finally:
        assert bystander.stdin is not None
        bystander.stdin.close()
        bystander.wait(timeout=10)


def test_unknown_argument_prints_usage_and_exits_2(tmp_path: Path) -> None:
    result = run_mock("--bogus", port=free_port(), pid_file=tmp_path / "mock.pid")

    assert result.returncode == 2
    assert "Usage: scripts/mock" in result.stderr
