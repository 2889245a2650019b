"""The `chat.completions.create` check the generated resource runs first (`checks` in sdkforge.yml).

Not part of `oai.lib`: the resource imports it, and `client.chat.completions` must load no
`oai.lib` module until a helper runs. `parse()` and `stream()` are generated beside `create()`
(`helpers` in sdkforge.yml) and run `oai.lib.chat_completions`.
"""

from __future__ import annotations

__all__ = ["validate_response_format"]


def validate_response_format(response_format: object) -> None:
    """Refuse a pydantic model class given to `create()`: only `parse()` turns one into a JSON
    schema and the reply back into the model (`chat.completions.create`'s `checks` in sdkforge.yml)."""
    import pydantic

    if isinstance(response_format, type) and issubclass(response_format, pydantic.BaseModel):
        raise TypeError(
            "You tried to pass a `BaseModel` class to `chat.completions.create()`; "
            "You must use `chat.completions.parse()` instead"
        )
