"""Webhook signature checks (Standard Webhooks, as OpenAI signs them) and event decoding;
it must not send requests or keep any state between calls.

OpenAI signs `"{webhook-id}.{webhook-timestamp}.{body}"` with HMAC-SHA256 and sends the
base64 digest in the `webhook-signature` header as a space-separated list of `v1,<sig>`
entries (several during a secret rotation; any match is accepted).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import importlib
import json
import os
import time
from typing import TYPE_CHECKING, Callable, Mapping, Union, cast

import httpx
from typing_extensions import Protocol

from .._exceptions import InvalidWebhookSignatureError

if TYPE_CHECKING:
    from ..types.webhooks import UnwrapWebhookEvent

__all__ = ["AsyncWebhooks", "InvalidWebhookSignatureError", "Webhooks"]

HeadersLike = Union[Mapping[str, str], httpx.Headers]


class WebhookSecretSource(Protocol):
    """What `Webhooks` reads from its client (`OpenAI` or `AsyncOpenAI`): named here rather than
    imported, since the client module imports this one."""

    @property
    def webhook_secret(self) -> str | None: ...


_SECRET_PREFIX = "whsec_"  # noqa: S105  # the key format's prefix, not a secret
_SIGNATURE_VERSION = "v1"
_EVENT_MODULE = "oai.types.webhooks"
_EVENT_TYPE = "UnwrapWebhookEvent"


# The official SDK's messages, word for word, so code and logs that look for them keep working.
_NO_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, "  # noqa: S105  # a message
    "on the client class, OpenAI(webhook_secret='123'), or passed to this function"
)
_MISMATCH = "The given webhook signature does not match the expected signature"


def _header(headers: HeadersLike, name: str) -> str:
    found = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
    value: str | None = found.get(name)  # httpx types `Headers.get` as returning Any
    if value is None or not value.strip():
        raise InvalidWebhookSignatureError(f"Could not find {name} header")
    return value.strip()


def _secret_bytes(secret: str) -> bytes:
    # Dashboard secrets are `whsec_` + base64 of the key bytes; any other string is used as
    # its UTF-8 bytes, as the official SDK does.
    if not secret.startswith(_SECRET_PREFIX):
        return secret.encode("utf-8")
    try:
        return base64.b64decode(secret[len(_SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidWebhookSignatureError("The webhook secret is not valid base64 after `whsec_`") from None


def _signatures(header: str) -> list[bytes]:
    decoded: list[bytes] = []
    for entry in header.split():
        version, _, value = entry.partition(",")
        if version != _SIGNATURE_VERSION or not value:
            continue
        try:
            decoded.append(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError):
            continue  # another entry may still match
    return decoded


def verify(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str,
    tolerance: int,
    now: float,
) -> None:
    """Check one webhook delivery; the I/O-free core of `Webhooks.verify_signature`."""
    webhook_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature_header = _header(headers, "webhook-signature")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None
    if now - sent_at > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old")
    if sent_at - now > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new")
    body = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    signed = b"%s.%d.%s" % (webhook_id.encode("utf-8"), sent_at, body)
    expected = hmac.new(_secret_bytes(secret), signed, hashlib.sha256).digest()
    # Compare against every entry (no early exit) in constant time per entry.
    matches = [hmac.compare_digest(expected, candidate) for candidate in _signatures(signature_header)]
    if not any(matches):
        raise InvalidWebhookSignatureError(_MISMATCH)


def _decode_event(payload: str | bytes) -> UnwrapWebhookEvent:
    # Looked up on each call, not imported at module level: `import oai` must load no type
    # module, and a stand-in module in `sys.modules` (tests) is honoured.
    try:
        module = importlib.import_module(_EVENT_MODULE)
    except ModuleNotFoundError as exc:
        # Only a missing generated package means "no event types"; other import errors surface.
        if exc.name is None or not (_EVENT_MODULE + ".").startswith(exc.name + "."):
            raise
        module = None
    event_type = getattr(module, _EVENT_TYPE, None)
    if event_type is None:
        # Without generated types (a partial checkout) the plain JSON is the best we can give.
        return cast("UnwrapWebhookEvent", json.loads(payload))  # typed as the union the generated layer provides
    from .._models import validate_json

    return validate_json(cast("type[UnwrapWebhookEvent]", event_type), payload)  # the generated union alias


class _BaseWebhooks:
    """The shared, I/O-free implementation of `Webhooks` and `AsyncWebhooks`."""

    def __init__(self, client: WebhookSecretSource | None = None, *, clock: Callable[[], float] | None = None) -> None:
        self._client = client
        self._clock = clock

    def _now(self) -> float:
        # `time.time` is looked up at each call, so code that patches the clock is obeyed.
        return self._clock() if self._clock is not None else int(time.time())

    def _secret(self, secret: str | None) -> str:
        if secret is None and self._client is not None:
            secret = self._client.webhook_secret
        if secret is None:
            secret = os.environ.get("OPENAI_WEBHOOK_SECRET")
        if not secret:
            raise InvalidWebhookSignatureError(_NO_SECRET)
        return secret

    def verify_signature(
        self,
        payload: str | bytes,
        headers: HeadersLike,
        *,
        secret: str | None = None,
        tolerance: int = 300,
    ) -> None:
        """Check that a webhook delivery was signed by OpenAI and is recent.

        Args:
            payload: the request body exactly as received (do not re-serialise parsed JSON).
            headers: the request headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
            secret: the endpoint's signing secret (default: the client's `webhook_secret`,
                then `OPENAI_WEBHOOK_SECRET`). A `whsec_` prefix marks a base64 key.
            tolerance: the largest accepted distance, in seconds, between the timestamp and now,
                in either direction.

        Raises:
            InvalidWebhookSignatureError: no secret, a missing or malformed header, a stale or
                future timestamp, or no matching signature.
        """
        verify(payload, headers, secret=self._secret(secret), tolerance=tolerance, now=self._now())

    def unwrap(self, payload: str | bytes, headers: HeadersLike, *, secret: str | None = None) -> UnwrapWebhookEvent:
        """Verify a webhook delivery, then decode its event.

        The event is validated into `oai.types.webhooks.UnwrapWebhookEvent`, a union of the
        event models told apart by their `type` (`BatchCompletedWebhookEvent` for
        `batch.completed`, ...). An event of a `type` this SDK does not know yet comes back
        as received, a plain `dict`, rather than failing.

        ```py
        event = client.webhooks.unwrap(request.body, request.headers)
        if event.type == "batch.completed":
            print(event.data.id)
        ```

        Args:
            payload: the request body exactly as received.
            headers: the request headers.
            secret: as for `verify_signature`.

        Returns:
            The decoded event.

        Raises:
            InvalidWebhookSignatureError: as for `verify_signature`.
            ValueError: the verified body is not JSON.
        """
        self.verify_signature(payload, headers, secret=secret)
        return _decode_event(payload)


class Webhooks(_BaseWebhooks):
    """Verify and decode OpenAI webhook deliveries; also `client.webhooks`.

    ```py
    from oai.lib.webhooks import Webhooks

    event = Webhooks().unwrap(request.body, request.headers, secret=os.environ["WEBHOOK_SECRET"])
    ```
    """

    def __init__(self, client: WebhookSecretSource | None = None, *, clock: Callable[[], float] | None = None) -> None:
        super().__init__(client, clock=clock)


class AsyncWebhooks(_BaseWebhooks):
    """`client.webhooks` of `AsyncOpenAI`; the same (non-blocking, synchronous) methods as `Webhooks`."""

    def __init__(self, client: WebhookSecretSource | None = None, *, clock: Callable[[], float] | None = None) -> None:
        super().__init__(client, clock=clock)
