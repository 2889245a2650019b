"""sdkforge: generates a typed Python SDK from an OpenAPI spec and a config; it holds no API-specific knowledge."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
