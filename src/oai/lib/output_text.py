"""`OutputTextMixin`: the `output_text` property of Responses API results (`Response`,
`ParsedResponse`, `BetaResponse`), as the official SDK computes it. The generated models inherit
it through `sdkforge.yml` (`extends`/`computed`); it imports no type module, so that the types
can import it."""

from __future__ import annotations

from typing import Any, Iterable, cast

__all__ = ["OutputTextMixin"]


def _field(item: Any, name: str) -> Any:
    # Items are models, or plain dicts when a union member was unknown to this SDK version.
    if isinstance(item, dict):
        return cast("dict[str, Any]", item).get(name)  # a JSON object: str keys
    return getattr(item, name, None)


class OutputTextMixin:
    """Adds `output_text` to a model with an `output` list of items."""

    @property
    def output_text(self) -> str:
        """The text of every `output_text` part of every output message, concatenated in order
        (`""` when the model produced no text, e.g. only tool calls)."""
        texts: list[str] = []
        output: Iterable[Any] = _field(self, "output") or ()
        for item in output:
            if _field(item, "type") != "message":
                continue
            for part in _field(item, "content") or ():
                text = _field(part, "text")
                if _field(part, "type") == "output_text" and isinstance(text, str):
                    texts.append(text)
        return "".join(texts)
