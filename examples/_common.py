"""Shared set-up for the examples: a client pointed at OPENAI_BASE_URL (the local mock by
default) with a placeholder key when none is set."""

from __future__ import annotations

import os

import oai

MOCK_URL = "http://127.0.0.1:4010"


def apply_defaults() -> None:
    """Point the SDK at the mock unless OPENAI_API_KEY alone is set (then: the real API)."""
    if "OPENAI_API_KEY" not in os.environ or "OPENAI_BASE_URL" in os.environ:
        os.environ.setdefault("OPENAI_BASE_URL", MOCK_URL)
        os.environ.setdefault("OPENAI_API_KEY", "sk-mock-key")


def make_client(**kwargs: object) -> oai.Client:
    """A client for the mock, or for the real API when OPENAI_API_KEY is set alone."""
    apply_defaults()
    return oai.Client(**kwargs)  # type: ignore[arg-type]


def make_async_client() -> oai.AsyncClient:
    apply_defaults()
    return oai.AsyncClient()
