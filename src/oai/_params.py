"""Annotations that shape how a params TypedDict key goes on the wire; holds no transform logic.

The sentinels themselves (`omit`, `override`) live in `_types`; this module only describes
per-key metadata (wire alias, value format) read by `_transform` when it compiles a plan.
"""

from __future__ import annotations

from typing_extensions import Literal

__all__ = ["PropertyFormat", "PropertyInfo"]

PropertyFormat = Literal["iso8601", "base64", "custom"]


class PropertyInfo:
    """Metadata for one params key, attached with `typing.Annotated`.

    Args:
        alias: the wire name of the key when it differs from the Python key.
        format: how the value is encoded: `"iso8601"` for `datetime`/`date`, `"base64"`
            for `bytes`, `"custom"` for a `datetime`/`date` rendered with `format_template`.
        format_template: the `strftime` template used when `format="custom"`.

    ```py
    class Params(TypedDict, total=False):
        created_after: Annotated[datetime, PropertyInfo(alias="created-after", format="iso8601")]
    ```
    """

    # Immutable and compared by value like a frozen dataclass, written out because
    # `@dataclass` compiles its methods at import (about 0.5 ms of a first call).
    __slots__ = ("alias", "format", "format_template")

    alias: str | None
    format: PropertyFormat | None
    format_template: str | None

    def __init__(
        self, alias: str | None = None, format: PropertyFormat | None = None, format_template: str | None = None
    ) -> None:
        if format == "custom" and not format_template:
            raise ValueError('PropertyInfo(format="custom") needs a format_template')
        object.__setattr__(self, "alias", alias)
        object.__setattr__(self, "format", format)
        object.__setattr__(self, "format_template", format_template)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PropertyInfo is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"PropertyInfo is immutable (cannot delete {name!r})")

    def _key(self) -> tuple[str | None, str | None, str | None]:
        return (self.alias, self.format, self.format_template)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if type(other) is PropertyInfo else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"PropertyInfo(alias={self.alias!r}, format={self.format!r}, format_template={self.format_template!r})"
