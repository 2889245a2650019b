"""The names `lazy_fixture_params` loads on first access."""

from __future__ import annotations

from typing_extensions import Literal, Required, TypedDict

__all__ = ["Part", "Shade"]

Shade = Literal["light", "dark"]


class Part(TypedDict, total=False):
    size: Required[int]
