"""Annotations that shape how a params TypedDict key goes on the wire; holds no transform logic.

The sentinels themselves (`omit`, `override`) live in `_types`; this module only describes
per-key metadata (wire alias, value format) read by `_transform` when it compiles a plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import Literal

__all__ = ["PropertyFormat", "PropertyInfo"]

PropertyFormat = Literal["iso8601", "base64", "custom"]


@dataclass(frozen=True, slots=True)
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

    alias: str | None = None
    format: PropertyFormat | None = None
    format_template: str | None = None

    def __post_init__(self) -> None:
        if self.format == "custom" and not self.format_template:
            raise ValueError('PropertyInfo(format="custom") needs a format_template')
