"""Webhooks: verify a delivery's signature and decode its event.

Runs self-contained: it signs a sample payload the way OpenAI does (Standard Webhooks), then
checks it, and shows that a tampered body is rejected. In a web app, pass the raw request
body and headers to `client.webhooks.unwrap(...)`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import oai
from oai.lib.webhooks import Webhooks

SECRET = "whsec_" + base64.b64encode(b"example signing key, keep secret").decode()


def sign_like_openai(body: str, webhook_id: str, timestamp: int) -> dict[str, str]:
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }


body = json.dumps({"id": "evt_123", "object": "event", "type": "batch.completed", "data": {"id": "batch_abc"}})
headers = sign_like_openai(body, "wh_123", int(time.time()))

# Without an API client (e.g. in a small webhook receiver); `client.webhooks` works the same
# and reads the client's `webhook_secret` (or OPENAI_WEBHOOK_SECRET).
webhooks = Webhooks()
event = webhooks.unwrap(body, headers, secret=SECRET)
print("verified event:", event)

try:
    webhooks.verify_signature(body.replace("batch_abc", "batch_evil"), headers, secret=SECRET)
except oai.InvalidWebhookSignatureError as exc:
    print("tampered body rejected:", exc)
