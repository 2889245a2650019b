"""TypedDicts whose annotation names load on first access, as a generated params module's do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from typing_extensions import Annotated, Literal, Required, TypedDict

from oai._lazy import lazy_imports
from oai._params import PropertyInfo

if TYPE_CHECKING:
    from .lazy_fixture_target import Part, Shade
    from .lazy_fixture_target import Part as Piece

    Broken = int
else:
    __getattr__ = lazy_imports(
        __name__,
        {
            "Broken": ".lazy_fixture_missing_module",
            "Part": ".lazy_fixture_target",
            "Piece": ".lazy_fixture_target:Part",
            "Shade": ".lazy_fixture_target",
        },
    )

__all__ = ["Circle", "Holder", "Node", "Piece", "Pointer", "Square"]


class Square(TypedDict, total=False):
    kind: Required[Literal["square"]]
    parts: Iterable[Part]


class Circle(TypedDict, total=False):
    kind: Required[Literal["circle"]]
    part: Annotated[Part, PropertyInfo(alias="thePart")]
    shade: Shade


class Holder(TypedDict, total=False):
    shape: Square | Circle
    nowhere: Optional[Missing]  # type: ignore[name-defined]  # noqa: F821  # exists nowhere: accepts anything
    broken: Broken  # its module does not exist: the import error surfaces


class Node(TypedDict, total=False):
    name: Required[str]
    children: Iterable[Node]
    part: Part


class Pointer(TypedDict, total=False):
    piece: Piece
