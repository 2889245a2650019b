"""Packaging habits: the license the metadata names ships as a file, and the project links are declared."""

from __future__ import annotations

import pathlib
from typing import Dict, cast

from .toml_files import load_toml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _project() -> dict[str, object]:
    project: dict[str, object] = load_toml(ROOT / "pyproject.toml")["project"]
    return project


def test_license_file_matches_the_declared_license() -> None:
    project = _project()
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_project_urls_are_declared() -> None:
    urls = _project()["urls"]
    assert isinstance(urls, dict)
    links = cast(Dict[str, object], urls)  # a TOML table: string keys
    for key in ("Homepage", "Repository", "Documentation", "Issues", "Changelog"):
        assert str(links[key]).startswith("https://")


def test_core_dependencies_are_the_six_and_the_engine() -> None:
    # httpcore (httpx's own pool, the sync engine's) and httpcore2 (the async engine's pool) are
    # justified in docs/benchmarks.md.
    names = sorted(d.split(">")[0].split("<")[0].split("=")[0].strip() for d in _project()["dependencies"])  # type: ignore[union-attr]
    assert names == ["anyio", "distro", "httpcore", "httpcore2", "httpx", "pydantic", "sniffio", "typing-extensions"]
