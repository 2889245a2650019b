"""`lazy_module`: a stand-in for a module that imports it on first attribute access.

Generated resources refer to their params modules (`transform(body, completion_create_params.X)`)
through one, so that importing a resource loads no params module until a method needs it.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["lazy_module"]


class _LazyModule:
    __slots__ = ("__dict__", "_name")

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(importlib.import_module(self._name), attribute)
        self.__dict__[attribute] = value  # later lookups are plain instance attributes
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    """A stand-in for the absolute module `name`, imported when an attribute is first read."""
    return _LazyModule(name)
