"""Three states for every parameter: omitted (default), null (None) and override(value)."""

import json

import httpx
from _common import make_client

import oai

sent: list[dict[str, object]] = []


def capture(request: httpx.Request, call_next: oai.Next) -> httpx.Response:
    sent.append(json.loads(request.content))
    return call_next(request)


client = make_client(middleware=[capture])
client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[{"role": "user", "content": "hi"}],
    top_p=oai.omit,  # not sent at all
    temperature=None,  # sent as JSON null
    max_completion_tokens=oai.override("16"),  # sent verbatim, whatever the declared type
)
body = sent[-1]
print("top_p sent:", "top_p" in body)
print("temperature sent as:", json.dumps(body.get("temperature")))
print("max_completion_tokens sent as:", json.dumps(body.get("max_completion_tokens")))
