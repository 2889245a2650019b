"""Azure OpenAI: deployment routing, `api-version` and the `api-key` header.

Runs self-contained: a MockTransport stands in for https://<resource>.openai.azure.com and
prints what the client sent. Point it at a real resource by setting AZURE_OPENAI_ENDPOINT,
AZURE_OPENAI_API_KEY and OPENAI_API_VERSION (the transport is then not used).
"""

from __future__ import annotations

import os

import httpx

import oai


def fake_azure(request: httpx.Request) -> httpx.Response:
    credential = request.headers.get("api-key") or request.headers.get("authorization")
    print(f"  {request.method} {request.url.path}?{request.url.query.decode()}  credential={credential}")
    return httpx.Response(200, json={"object": "list", "data": []})


is_real = "AZURE_OPENAI_ENDPOINT" in os.environ
client = oai.AzureOpenAI(
    azure_endpoint=os.environ.get("AZURE_OPENAI_ENDPOINT", "https://my-resource.openai.azure.com"),
    api_version=os.environ.get("OPENAI_API_VERSION", "2024-10-21"),
    api_key=os.environ.get("AZURE_OPENAI_API_KEY", "azure-key"),
    http_client=None if is_real else httpx.Client(transport=httpx.MockTransport(fake_azure)),
)

print("deployment-scoped call, routed by `model` (the deployment name):")
client.embeddings.create(model="my-embedding-deployment", input="hello")
print("resource-level call, not routed:")
client.files.list()

print("a client pinned to one deployment, with a token provider instead of a key:")
pinned = client.with_options(azure_deployment="my-gpt-4o", azure_ad_token_provider=lambda: "entra-token")
pinned.chat.completions.create(model="ignored", messages=[{"role": "user", "content": "Hi"}])
client.close()
