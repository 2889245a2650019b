"""Tests for the user agent and platform headers in `oai._platform`."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Iterator

import pytest

from oai import _platform
from oai._platform import _arch_name, _os_name, platform_headers
from oai._version import __version__

EXPECTED_NAMES = {
    "User-Agent",
    "X-Stainless-Lang",
    "X-Stainless-Package-Version",
    "X-Stainless-OS",
    "X-Stainless-Arch",
    "X-Stainless-Runtime",
    "X-Stainless-Runtime-Version",
    "X-Stainless-Async",
}


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    _platform._cached_headers.cache_clear()
    yield
    _platform._cached_headers.cache_clear()


def test_platform_headers_describe_sdk_and_runtime() -> None:
    headers = platform_headers(is_async=False)
    assert set(headers) == EXPECTED_NAMES
    assert headers["User-Agent"] == f"oai/{__version__} Python"
    assert headers["X-Stainless-Lang"] == "python"
    assert headers["X-Stainless-Package-Version"] == __version__
    assert headers["X-Stainless-Runtime"] == platform.python_implementation()
    assert headers["X-Stainless-Runtime-Version"] == platform.python_version()
    assert headers["X-Stainless-OS"] == _os_name(platform.system(), sys.platform)
    assert headers["X-Stainless-Arch"] == _arch_name(platform.machine())


def test_platform_headers_async_flag() -> None:
    assert platform_headers(is_async=False)["X-Stainless-Async"] == "false"
    assert platform_headers(is_async=True)["X-Stainless-Async"] == "async:asyncio"


def test_platform_headers_returns_a_fresh_dict_each_call() -> None:
    first = platform_headers(is_async=False)
    first["User-Agent"] = "changed"
    first["Authorization"] = "Bearer x"
    second = platform_headers(is_async=False)
    assert second["User-Agent"] == f"oai/{__version__} Python"
    assert "Authorization" not in second
    assert first is not second


def test_platform_headers_are_computed_once_per_flag(fresh_cache: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting_machine() -> str:
        calls.append("machine")
        return "x86_64"

    monkeypatch.setattr(platform, "machine", counting_machine)
    for _ in range(5):
        platform_headers(is_async=False)
        platform_headers(is_async=True)
    assert calls == ["machine", "machine"]


def test_platform_headers_survive_failing_probes(fresh_cache: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise OSError("uname failed")

    monkeypatch.setattr(platform, "system", broken)
    monkeypatch.setattr(platform, "machine", lambda: "")
    headers = platform_headers(is_async=False)
    assert headers["X-Stainless-OS"] == "Other:unknown"
    assert headers["X-Stainless-Arch"] == "other:unknown"


def test_importing_platform_module_does_not_compute_headers() -> None:
    # Whatever the package imports first, `oai._platform` itself must add neither work nor
    # the `platform` module to import time.
    code = (
        "import sys, oai; before = 'platform' in sys.modules; import oai._platform as p; "
        "assert p._cached_headers.cache_info().currsize == 0, 'headers computed at import'; "
        "assert ('platform' in sys.modules) == before, 'platform imported eagerly'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=_env())
    assert result.returncode == 0, result.stderr


def _env() -> dict[str, str]:
    # The child must find `oai` the same way this process did.
    module_file = _platform.__file__
    assert module_file is not None
    src = os.path.dirname(os.path.dirname(os.path.abspath(module_file)))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


@pytest.mark.parametrize(
    ("system", "sys_platform", "expected"),
    [
        ("Darwin", "darwin", "MacOS"),
        ("Linux", "linux", "Linux"),
        ("Windows", "win32", "Windows"),
        ("CYGWIN_NT-10.0", "cygwin", "Windows"),
        ("FreeBSD", "freebsd14", "FreeBSD"),
        ("OpenBSD", "openbsd7", "OpenBSD"),
        ("iOS", "ios", "iOS"),
        ("iPadOS", "ios", "iOS"),
        ("Darwin", "ios", "iOS"),
        ("Android", "android", "Android"),
        ("Linux", "android", "Android"),
        ("SunOS", "sunos5", "Other:SunOS"),
        ("Haiku", "haiku1", "Other:Haiku"),
    ],
)
def test_os_name_maps_known_systems(system: str, sys_platform: str, expected: str) -> None:
    assert _os_name(system, sys_platform) == expected


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        ("x86_64", "x64"),
        ("AMD64", "x64"),
        ("i386", "x32"),
        ("i686", "x32"),
        ("x86", "x32"),
        ("arm64", "arm64"),
        ("aarch64", "arm64"),
        ("armv8l", "arm64"),
        ("armv7l", "arm"),
        ("armv6l", "arm"),
        ("riscv64", "other:riscv64"),
        ("ppc64le", "other:ppc64le"),
    ],
)
def test_arch_name_maps_known_machines(machine: str, expected: str) -> None:
    assert _arch_name(machine) == expected
