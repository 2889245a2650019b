"""User agent and platform headers, computed on first use and cached; must not do network I/O or run at import."""

from __future__ import annotations

import functools
import sys
from typing import Callable, Mapping

from ._version import __version__

__all__ = ["platform_headers"]


def platform_headers(*, is_async: bool) -> dict[str, str]:
    """Return the `User-Agent` and `X-Stainless-*` headers describing this SDK and host.

    The values are computed on the first call for each `is_async` flag and cached; each
    call returns a fresh dict, so callers may add to it.

    ```py
    headers = {**platform_headers(is_async=False), "Authorization": f"Bearer {key}"}
    ```

    Args:
        is_async: whether the headers are for an async client (`X-Stainless-Async`).

    Returns:
        A new dict of header names to values.
    """
    return dict(_cached_headers(is_async))


@functools.lru_cache(maxsize=2)
def _cached_headers(is_async: bool) -> Mapping[str, str]:
    # Imported here, not at module level, so `import oai` does not pay for it.
    import platform

    return {
        "User-Agent": f"oai/{__version__} Python",
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": __version__,
        "X-Stainless-OS": _os_name(_safe(platform.system), _sys_platform()),
        "X-Stainless-Arch": _arch_name(_safe(platform.machine)),
        "X-Stainless-Runtime": _safe(platform.python_implementation),
        "X-Stainless-Runtime-Version": _safe(platform.python_version),
        "X-Stainless-Async": "async:asyncio" if is_async else "false",
    }


def _safe(probe: Callable[[], str]) -> str:
    """Call a `platform` probe; a host we cannot describe must not break requests."""
    try:
        value = probe()
    except Exception:  # The probes shell out or read files on some hosts; any failure means "unknown".
        return "unknown"
    return value or "unknown"


def _sys_platform() -> str:
    # Before Python 3.13, Android says "linux"; only it has `sys.getandroidapilevel`.
    return "android" if hasattr(sys, "getandroidapilevel") else sys.platform


def _os_name(system: str, sys_platform: str) -> str:
    """Map `platform.system()` (and `sys.platform`) to the names the API expects."""
    lowered = system.lower()
    # Android and iOS report "Linux"/"Darwin" before Python 3.13; `sys.platform` tells them apart.
    if sys_platform == "android" or lowered == "android":
        return "Android"
    if sys_platform == "ios" or lowered in ("ios", "ipados"):
        return "iOS"
    if lowered == "darwin":
        return "MacOS"
    if lowered == "linux":
        return "Linux"
    if lowered == "windows" or lowered.startswith(("cygwin", "msys", "mingw")):
        return "Windows"
    if lowered == "freebsd":
        return "FreeBSD"
    if lowered == "openbsd":
        return "OpenBSD"
    return f"Other:{system}"


def _arch_name(machine: str) -> str:
    """Map `platform.machine()` to the names the API expects."""
    lowered = machine.lower()
    if lowered in ("x86_64", "amd64", "x64"):
        return "x64"
    if lowered in ("i386", "i486", "i586", "i686", "x86", "x32"):
        return "x32"
    if lowered in ("arm64", "aarch64", "arm64e") or lowered.startswith("armv8"):
        return "arm64"
    if lowered.startswith("arm"):
        return "arm"
    return f"other:{machine}"
