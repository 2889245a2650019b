"""The module-level client: `oai.api_key = "..."`, then `oai.chat.completions.create(...)`.

The settings are plain attributes of the `oai` module (imported from here with their defaults,
so assigning `oai.api_key` is an ordinary module assignment). Resource names (`oai.chat`,
`oai.files`, ...) are proxies: each use reads the current settings and reuses the client
built from them, or builds a new one when a setting changed. Nothing here builds a client
at import time, and it imports no more than `import oai` already does.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Union

import httpx

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from ._client import OpenAI
    from .lib.webhooks import Webhooks
    from .resources.admin.admin import Admin
    from .resources.audio.audio import Audio
    from .resources.batches import Batches
    from .resources.beta.beta import Beta
    from .resources.chat.chat import Chat
    from .resources.completions import Completions
    from .resources.containers.containers import Containers
    from .resources.content_provenance_checks import ContentProvenanceChecks
    from .resources.conversations.conversations import Conversations
    from .resources.embeddings import Embeddings
    from .resources.evals.evals import Evals
    from .resources.files import Files
    from .resources.fine_tuning.fine_tuning import FineTuning
    from .resources.images import Images
    from .resources.models import Models
    from .resources.moderations import Moderations
    from .resources.realtime.realtime import Realtime
    from .resources.responses.responses import Responses
    from .resources.skills.skills import Skills
    from .resources.uploads.uploads import Uploads
    from .resources.vector_stores.vector_stores import VectorStores
    from .resources.videos import Videos

    # What `oai.chat`, `oai.files`, ... read as (proxies at runtime, see `resource_proxy`).
    admin: Admin
    audio: Audio
    batches: Batches
    beta: Beta
    chat: Chat
    completions: Completions
    containers: Containers
    content_provenance_checks: ContentProvenanceChecks
    conversations: Conversations
    embeddings: Embeddings
    evals: Evals
    files: Files
    fine_tuning: FineTuning
    images: Images
    models: Models
    moderations: Moderations
    realtime: Realtime
    responses: Responses
    skills: Skills
    uploads: Uploads
    vector_stores: VectorStores
    videos: Videos
    webhooks: Webhooks

__all__ = ["RESOURCE_NAMES", "load_client", "reset_client", "resource_proxy"]

# The settings, with their defaults; `oai/__init__.py` imports them as its own attributes.
api_key: Optional[str] = None
admin_api_key: Optional[str] = None
organization: Optional[str] = None
project: Optional[str] = None
webhook_secret: Optional[str] = None
base_url: Union[str, httpx.URL, None] = None
timeout: Union[float, httpx.Timeout, None] = DEFAULT_TIMEOUT
max_retries: int = DEFAULT_MAX_RETRIES
default_headers: Optional[Mapping[str, str]] = None
default_query: Optional[Mapping[str, object]] = None
http_client: Optional[httpx.Client] = None
api_type: Optional[str] = None  # "openai", "azure" or "bedrock"; None infers it
api_version: Optional[str] = None
azure_endpoint: Optional[str] = None
azure_ad_token: Optional[str] = None
azure_ad_token_provider: Optional[Callable[[], str]] = None
bedrock_token_provider: Optional[Callable[[], str]] = None

SETTING_NAMES = (
    "api_key",
    "admin_api_key",
    "organization",
    "project",
    "webhook_secret",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "api_type",
    "api_version",
    "azure_endpoint",
    "azure_ad_token",
    "azure_ad_token_provider",
    "bedrock_token_provider",
)
RESOURCE_NAMES = frozenset(
    {
        "admin",
        "audio",
        "batches",
        "beta",
        "chat",
        "completions",
        "containers",
        "content_provenance_checks",
        "conversations",
        "embeddings",
        "evals",
        "files",
        "fine_tuning",
        "images",
        "models",
        "moderations",
        "realtime",
        "responses",
        "skills",
        "uploads",
        "vector_stores",
        "videos",
        "webhooks",
    }
)
_AZURE_ONLY = ("api_version", "azure_endpoint", "azure_ad_token", "azure_ad_token_provider")

_lock = threading.Lock()
_client: Optional[OpenAI] = None
_built_from: Optional[Dict[str, Any]] = None


def _current_settings() -> Dict[str, Any]:
    module = sys.modules[__name__.rpartition(".")[0]]  # the `oai` package, where users assign them
    settings = {name: getattr(module, name, globals()[name]) for name in SETTING_NAMES}
    for name in ("default_headers", "default_query"):
        if settings[name] is not None:
            settings[name] = dict(settings[name])  # a snapshot: changing the dict in place counts as a change
    return settings


def _api_type(settings: Mapping[str, Any]) -> str:
    chosen = settings["api_type"]
    if chosen is not None:
        if chosen not in ("openai", "azure", "bedrock"):
            raise ValueError(f"oai.api_type must be 'openai', 'azure' or 'bedrock', got {chosen!r}")
        return str(chosen)
    if any(settings[name] is not None for name in _AZURE_ONLY):
        return "azure"
    if settings["bedrock_token_provider"] is not None:
        return "bedrock"
    if settings["api_key"] is None and not os.environ.get("OPENAI_API_KEY") and os.environ.get("AZURE_OPENAI_API_KEY"):
        return "azure"
    return "openai"


def _build(settings: Mapping[str, Any]) -> OpenAI:
    common: Dict[str, Any] = {
        "webhook_secret": settings["webhook_secret"],
        "base_url": settings["base_url"],
        "timeout": settings["timeout"],
        "max_retries": settings["max_retries"],
        "default_headers": settings["default_headers"],
        "default_query": settings["default_query"],
        "http_client": settings["http_client"],
    }
    kind = _api_type(settings)
    if kind == "azure":
        from .lib.azure import AzureOpenAI

        return AzureOpenAI(
            api_key=settings["api_key"],
            api_version=settings["api_version"],
            azure_endpoint=settings["azure_endpoint"],
            azure_ad_token=settings["azure_ad_token"],
            azure_ad_token_provider=settings["azure_ad_token_provider"],
            **common,
        )
    account = {"api_key": settings["api_key"], "organization": settings["organization"], "project": settings["project"]}
    if kind == "bedrock":
        from .lib.bedrock import BedrockOpenAI

        return BedrockOpenAI(bedrock_token_provider=settings["bedrock_token_provider"], **account, **common)
    from ._client import OpenAI

    return OpenAI(admin_api_key=settings["admin_api_key"], **account, **common)


def load_client() -> OpenAI:
    """The module-level client for the current settings: reused while they stay the same, else rebuilt.

    Raises:
        OpenAIError: the settings and environment give no credentials (as `OpenAI()` would).
    """
    global _client, _built_from
    settings = _current_settings()
    with _lock:
        if _client is None or settings != _built_from:
            _client = _build(settings)
            _built_from = settings
        return _client


def reset_client() -> None:
    """Forget the module-level client; the next use builds a new one."""
    global _client, _built_from
    with _lock:
        _client, _built_from = None, None


class _ResourceProxy:
    """`oai.chat` and friends: every attribute read goes to the current module-level client's resource."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(load_client(), self._name), attribute)

    def __dir__(self) -> list[str]:
        return dir(getattr(load_client(), self._name))

    def __repr__(self) -> str:
        return f"<oai.{self._name}: the module-level client's `{self._name}` resource>"


_proxies: Dict[str, _ResourceProxy] = {}


def resource_proxy(name: str) -> Any:
    """The proxy for `oai.<name>` (one per name)."""
    proxy = _proxies.get(name)
    if proxy is None:
        proxy = _proxies.setdefault(name, _ResourceProxy(name))
    return proxy
