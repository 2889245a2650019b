"""Emit `.stats.yml`: endpoint count and the hashes of the spec and config; no timestamps or paths."""

from __future__ import annotations

from typing import Optional

from ..ir.nodes import Api
from . import GeneratedFile

__all__ = ["emit_stats"]


def emit_stats(api: Api, *, header: str, spec_url: Optional[str], config_sha256: str) -> GeneratedFile:
    """Build `.stats.yml`.

    Args:
        api: The IR (its operation count and spec hash are used).
        header: The generated-file header line (a `#` comment, valid YAML).
        spec_url: Where the spec is published, if configured.
        config_sha256: Hex SHA-256 of the config file's bytes.

    Returns:
        The file at the output root.
    """
    lines = [
        header,
        f"configured_endpoints: {len(api.operations)}",
        f"openapi_spec_url: {spec_url or ''}",
        f"openapi_spec_hash: {api.spec_sha256}",
        f"config_hash: {config_sha256}",
    ]
    return GeneratedFile(".stats.yml", "\n".join(lines) + "\n")
