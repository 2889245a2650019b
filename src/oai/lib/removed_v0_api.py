"""The module-level names of the pre-1.0 `openai` API (`openai.ChatCompletion.create(...)`),
kept as the official SDK keeps them: the name resolves, so code that only checks attributes
still imports, and calling it raises `APIRemovedInV1` naming the replacement. It sends nothing."""

from __future__ import annotations

from typing import Any, NoReturn

from .._exceptions import OpenAIError

__all__ = ["REPLACEMENTS", "APIRemovedInV1", "APIRemovedInV1Proxy"]

# v0 name -> what to use instead on a client.
REPLACEMENTS: dict[str, str] = {
    "Audio": "client.audio.transcriptions.create(...), client.audio.translations.create(...)",
    "ChatCompletion": "client.chat.completions.create(...)",
    "Completion": "client.completions.create(...)",
    "Customer": "nothing: the customer API was removed",
    "Deployment": "oai.AzureOpenAI(azure_deployment=...) for Azure deployments",
    "Edit": "client.chat.completions.create(...): the edits API was removed",
    "Embedding": "client.embeddings.create(...)",
    "Engine": "client.models.list() / client.models.retrieve(...): engines are now models",
    "ErrorObject": "except oai.APIStatusError as e: e.body, e.code, e.param (type oai.types.ErrorObject)",
    "File": "client.files.create(...), client.files.list(), ...",
    "FineTune": "client.fine_tuning.jobs.create(...)",
    "FineTuningJob": "client.fine_tuning.jobs.create(...), client.fine_tuning.jobs.list(), ...",
    "Image": "client.images.generate(...), client.images.edit(...)",
    "Model": "client.models.list() / client.models.retrieve(...)",
    "Moderation": "client.moderations.create(...)",
}


class APIRemovedInV1(OpenAIError):
    """A pre-1.0 module-level API was called; the message names what replaces it."""

    def __init__(self, *, symbol: str) -> None:
        super().__init__(
            f"You tried to access oai.{symbol}, but this is no longer supported in openai>=1.0.0 "
            f"(nor in oai). Instead, with `client = oai.OpenAI()`, use: {REPLACEMENTS.get(symbol, 'a client method')}. "
            "Migration guide: https://github.com/openai/openai-python/discussions/742"
        )
        self.symbol = symbol


class APIRemovedInV1Proxy:
    """Stands for a removed v0 name: any attribute of it is itself (`oai.ChatCompletion.create`
    resolves), and calling it raises `APIRemovedInV1`."""

    def __init__(self, *, symbol: str) -> None:
        self._symbol = symbol

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # protocols (copy, pickle, inspect) must not see a proxy
            raise AttributeError(name)
        return self

    def __call__(self, *args: object, **kwargs: object) -> NoReturn:
        raise APIRemovedInV1(symbol=self._symbol)

    def __repr__(self) -> str:
        return f"<removed pre-1.0 API oai.{self._symbol}: call it to see its replacement>"


def _proxies() -> dict[str, APIRemovedInV1Proxy]:
    return {symbol: APIRemovedInV1Proxy(symbol=symbol) for symbol in REPLACEMENTS}


globals().update(_proxies())
